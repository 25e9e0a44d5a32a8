-- wrk script: candles (the last 60 of an interval) and quotes of symbols drawn from a Zipf-like distribution (s = 1.1) over
-- BENCH_SYMBOLS symbols (C001..), interval among 1m/5m/15m/1h; one request in four is a quote.
local n = tonumber(os.getenv("BENCH_SYMBOLS") or "100")
local intervals = {"1m", "5m", "15m", "1h"}
local cumulative, total = {}, 0
for k = 1, n do
  total = total + 1 / (k ^ 1.1)
  cumulative[k] = total
end
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)

local function pick()
  local r = math.random() * total
  local lo, hi = 1, n
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cumulative[mid] < r then lo = mid + 1 else hi = mid end
  end
  return string.format("C%03d", lo)
end

request = function()
  local symbol = pick()
  if math.random(4) == 1 then
    return wrk.format("GET", "/api/v1/quotes/" .. symbol)
  end
  return wrk.format("GET", "/api/v1/quotes/" .. symbol .. "/candles?limit=60&interval=" .. intervals[math.random(#intervals)])
end
