-- wrk script: quotes of the simulated market's ten symbols, drawn uniformly, so that identical reads in
-- flight together are rarer than with one URL (what collapsed forwarding gets from a spread of keys).
local symbols = {"ADA", "AVAX", "BTC", "DOGE", "DOT", "ETH", "LINK", "LTC", "SOL", "XRP"}
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)

request = function()
  return wrk.format("GET", "/api/v1/quotes/" .. symbols[math.random(#symbols)])
end
