-- Writes one event into the shared L2 state when it is newer than the one held for its series, and
-- moves the stream's snapshot position forward (never back).
-- The contract rule for "the latest" (io.tickstream.common.market.Latest, the rule MarketProjection
-- applies in every instance): an event replaces the held one only when its source time is STRICTLY
-- newer; an older or equal source time changes nothing (a replay or redelivery is not a change).
-- KEYS[1] data hash, KEYS[2] source-time hash, KEYS[3] position hash
-- ARGV[1] series field, ARGV[2] source time (ms), ARGV[3] value, ARGV[4] stream key, ARGV[5] entry id
local function later(a, b)
  local am, as = string.match(a, '(%d+)-(%d+)')
  local bm, bs = string.match(b, '(%d+)-(%d+)')
  am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
  return am > bm or (am == bm and as > bs)
end
local written = 0
local held = redis.call('HGET', KEYS[2], ARGV[1])
if (not held) or tonumber(held) < tonumber(ARGV[2]) then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
  written = 1
end
local position = redis.call('HGET', KEYS[3], ARGV[4])
if (not position) or later(ARGV[5], position) then
  redis.call('HSET', KEYS[3], ARGV[4], ARGV[5])
end
return written
