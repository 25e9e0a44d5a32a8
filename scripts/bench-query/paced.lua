-- wrk script: each connection waits BENCH_DELAY_MS between requests, to hold a chosen rate
-- (about connections / delay); latency is measured per request, the wait excluded.
local d = tonumber(os.getenv("BENCH_DELAY_MS") or "5")
local path = os.getenv("BENCH_PATH") or "/api/v1/quotes/BTC"
request = function()
  return wrk.format("GET", path)
end
delay = function()
  return d
end
