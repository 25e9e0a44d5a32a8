-- Appends an event unless its series already has one at the same or a later source time.
-- KEYS[1]  the stream
-- KEYS[2]  the last-seen hash next to it ({stream}:ingest:last): series -> "sourceTime|value"
-- ARGV[1]  the event's series (its idempotency key without the source time)
-- ARGV[2]  the event's source time, epoch ms
-- ARGV[3]  a value to keep with it (a quote's price, read by the consensus)
-- ARGV[4]  MAXLEN for approximate trimming (the memory guard)
-- ARGV[5…] the entry's field/value pairs
-- Returns the new entry id, or false (nil) for a duplicate.
local last = redis.call('HGET', KEYS[2], ARGV[1])
if last then
  local bar = string.find(last, '|', 1, true)
  local lastTime = tonumber(bar and string.sub(last, 1, bar - 1) or last)
  if lastTime and lastTime >= tonumber(ARGV[2]) then
    return false
  end
end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2] .. '|' .. ARGV[3])
return redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[4], '*', unpack(ARGV, 5))
