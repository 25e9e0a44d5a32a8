-- Appends a batch of events to one stream, each unless its series already has an entry at the same
-- or a later source time. One call per batch, one HMGET and one HSET per batch and one trim at the
-- end keep the round trips and the work per entry low.
-- KEYS[1]  the stream
-- KEYS[2]  the last-seen hash next to it ({stream}:ingest:last): series -> "sourceTime|value"
-- ARGV[1]  MAXLEN for approximate trimming (the memory guard)
-- then per event, in order:
--   series (the idempotency key without the source time), source time (epoch ms),
--   a value kept with it (a quote's price, read by the consensus), n = number of field/value
--   strings that follow, and those n strings.
-- Returns one element per event: the new entry id, or "" for a duplicate.
local starts, series = {}, {}
local i = 2
while i <= #ARGV do
  starts[#starts + 1] = i
  series[#series + 1] = ARGV[i]
  i = i + 4 + tonumber(ARGV[i + 3])
end
if #starts == 0 then
  return {}
end
local stored = redis.call('HMGET', KEYS[2], unpack(series))
local newest, updates, results = {}, {}, {}
for k = 1, #starts do
  local at = starts[k]
  local name, time = ARGV[at], tonumber(ARGV[at + 1])
  local lastTime = newest[name]
  if lastTime == nil and stored[k] then
    local bar = string.find(stored[k], '|', 1, true)
    lastTime = tonumber(bar and string.sub(stored[k], 1, bar - 1) or stored[k])
  end
  if lastTime ~= nil and lastTime >= time then
    results[k] = ''
  else
    newest[name] = time
    updates[name] = ARGV[at + 1] .. '|' .. ARGV[at + 2]
    results[k] = redis.call('XADD', KEYS[1], '*', unpack(ARGV, at + 4, at + 3 + tonumber(ARGV[at + 3])))
  end
end
local flat = {}
for name, value in pairs(updates) do
  flat[#flat + 1] = name
  flat[#flat + 1] = value
end
if #flat > 0 then
  redis.call('HSET', KEYS[2], unpack(flat))
  redis.call('XTRIM', KEYS[1], 'MAXLEN', '~', ARGV[1])
end
return results
