-- Writes one event into the shared L2 state unless a newer one of the same series is there already,
-- and moves the stream's snapshot position forward (never back).
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
if (not held) or tonumber(held) <= tonumber(ARGV[2]) then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
  written = 1
end
local position = redis.call('HGET', KEYS[3], ARGV[4])
if (not position) or later(ARGV[5], position) then
  redis.call('HSET', KEYS[3], ARGV[4], ARGV[5])
end
return written
