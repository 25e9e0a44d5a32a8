-- A token bucket shared by every gateway instance.
-- KEYS[1]  the bucket (a hash: tokens, ts)
-- ARGV[1]  tokens added per second; ARGV[2] capacity (the burst); ARGV[3] tokens this request takes;
-- ARGV[4]  (optional) tokens to take at most when there are more: the rest are the caller's to spend on
--          this client's next requests (prefetch); default ARGV[3]
-- Returns {allowed (1/0), whole tokens left, milliseconds until enough tokens when refused, tokens taken}.
-- Time comes from the Redis server, so gateway clocks need not agree.
local rate, capacity, requested = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local most = math.max(requested, tonumber(ARGV[4] or requested))
local time = redis.call('TIME')
local now = tonumber(time[1]) + tonumber(time[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1]) or capacity
local last = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - last) * rate)
local allowed, wait, taken = 0, 0, 0
if tokens >= requested then
  taken = math.max(requested, math.min(most, math.floor(tokens)))
  tokens = tokens - taken
  allowed = 1
else
  wait = math.ceil((requested - tokens) / rate * 1000)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate * 2000) + 1000)
return {allowed, math.floor(tokens), wait, taken}
