-- wrk script: each connection pauses BENCH_PACE_MS (default 16) between its requests, so that the
-- latency figures are taken at a moderate load both targets sustain (32 connections: <= ~2,000 req/s)
-- instead of at saturation, where the p50 is queueing (connections / throughput).
local pause = tonumber(os.getenv("BENCH_PACE_MS") or "16")

function delay()
  return pause
end
