-- Gives a lease up if this instance holds it. KEYS[1] the lease key; ARGV[1] this instance.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
