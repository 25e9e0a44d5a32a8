-- wrk script: each connection pauses between its requests, a random 0 to 2 x BENCH_PACE_MS (default 16,
-- so 16 ms on average), so that latency is taken at a moderate load both targets sustain (32 connections:
-- <= ~2,000 req/s) instead of at saturation, where the p50 is queueing (connections / throughput). The
-- pauses are random so that the connections do not fire in step, in bursts of 32.
local pause = tonumber(os.getenv("BENCH_PACE_MS") or "16")

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function delay()
  return math.random(0, 2 * pause)
end
