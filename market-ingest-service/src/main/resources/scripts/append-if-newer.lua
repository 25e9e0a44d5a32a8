-- Appends a batch of events to one stream, each unless its series already has an entry at the same
-- or a later order (a quote's source time, a trade's numeric trade id), then applies the length caps.
-- An event with an empty order is appended unchecked (a trade whose id is no number, a resynchronized
-- trade filling a gap below what the series has seen: the archive's unique key stops a repeat). One call per batch, one HMGET and one HSET
-- per batch keep the round trips and the work per entry low.
-- KEYS[1]  the stream
-- KEYS[2]  the last-seen hash next to it ({stream}:ingest:last): series -> "sourceTime|value"
-- ARGV[1]  soft cap: beyond it, entries the archive group has committed are trimmed (MINID ~)
-- ARGV[2]  hard cap, the memory guard: beyond it, the oldest entries go even if unarchived (MAXLEN ~)
-- ARGV[3]  the archive consumer group (e.g. "backup"); without such a group the soft cap trims as MAXLEN ~
-- then per event, in order:
--   series (the idempotency key without the source time or trade id), order (source time in epoch ms,
--   or trade id; may be empty),
--   a value kept with it (a quote's price, read by the consensus), n = number of field/value
--   strings that follow, and those n strings.
-- Returns one element per event (the new entry id, or "" for a duplicate), then one more: the number
-- of entries the hard cap dropped before the archive group had them (0 normally).
local starts, series = {}, {}
local i = 4
while i <= #ARGV do
  starts[#starts + 1] = i
  series[#series + 1] = ARGV[i]
  i = i + 4 + tonumber(ARGV[i + 3])
end
if #starts == 0 then
  return {'0'}
end
local stored = redis.call('HMGET', KEYS[2], unpack(series))
local newest, updates, results = {}, {}, {}
local appended = false
for k = 1, #starts do
  local at = starts[k]
  local name, time = ARGV[at], tonumber(ARGV[at + 1])
  local lastTime = newest[name]
  if lastTime == nil and stored[k] then
    local bar = string.find(stored[k], '|', 1, true)
    lastTime = tonumber(bar and string.sub(stored[k], 1, bar - 1) or stored[k])
  end
  if time == nil then
    appended = true
    results[k] = redis.call('XADD', KEYS[1], '*', unpack(ARGV, at + 4, at + 3 + tonumber(ARGV[at + 3])))
  elseif lastTime ~= nil and lastTime >= time then
    results[k] = ''
  else
    newest[name] = time
    appended = true
    updates[name] = ARGV[at + 1] .. '|' .. ARGV[at + 2]
    results[k] = redis.call('XADD', KEYS[1], '*', unpack(ARGV, at + 4, at + 3 + tonumber(ARGV[at + 3])))
  end
end
local flat = {}
for name, value in pairs(updates) do
  flat[#flat + 1] = name
  flat[#flat + 1] = value
end
local dropped = 0
if #flat > 0 then
  redis.call('HSET', KEYS[2], unpack(flat))
end
if appended then
  local soft, hard = tonumber(ARGV[1]), tonumber(ARGV[2])
  local length = redis.call('XLEN', KEYS[1])
  if length > soft then
    -- the oldest entry the archive group still needs: its oldest pending one, else the one after
    -- its last delivered one; everything before that is committed and may go
    local keep = nil
    local ok, groups = pcall(redis.call, 'XINFO', 'GROUPS', KEYS[1])
    if ok then
      for _, group in ipairs(groups) do
        local info = {}
        for f = 1, #group, 2 do info[group[f]] = group[f + 1] end
        if info['name'] == ARGV[3] then
          local pending = redis.call('XPENDING', KEYS[1], ARGV[3])
          keep = (pending[1] > 0) and pending[2] or info['last-delivered-id']
        end
      end
    end
    if keep == nil then
      redis.call('XTRIM', KEYS[1], 'MAXLEN', '~', soft)
    else
      redis.call('XTRIM', KEYS[1], 'MINID', '~', keep)
    end
    length = redis.call('XLEN', KEYS[1])
    if length > hard then
      -- the memory guard: what goes now was not committed by the archive group (MINID ~ may have
      -- left a few committed ones, so this count is an upper bound)
      dropped = redis.call('XTRIM', KEYS[1], 'MAXLEN', '~', hard)
    end
  end
end
results[#results + 1] = tostring(dropped)
return results
