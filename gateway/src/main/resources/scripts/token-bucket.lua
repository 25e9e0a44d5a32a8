-- A token bucket shared by every gateway instance.
-- KEYS[1]  the bucket (a hash: tokens, ts)
-- ARGV[1]  tokens added per second; ARGV[2] capacity (the burst); ARGV[3] tokens this request takes
-- Returns {allowed (1/0), whole tokens left, milliseconds until enough tokens when refused}.
-- Time comes from the Redis server, so gateway clocks need not agree.
local rate, capacity, requested = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) + tonumber(time[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1]) or capacity
local last = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - last) * rate)
local allowed, wait = 0, 0
if tokens >= requested then
  tokens = tokens - requested
  allowed = 1
else
  wait = math.ceil((requested - tokens) / rate * 1000)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate * 2000) + 1000)
return {allowed, math.floor(tokens), wait}
