-- Creates or replaces an experiment definition if its version is still the one the caller read
-- (optimistic concurrency). The epoch and creation time are set on creation and kept by every later save.
--
-- KEYS[1]  experiment meta hash (definition, version, epoch, created, layout, sticky-ttl, decay)
-- KEYS[2]  retired arms set
-- ARGV[1]  expected current version, "0" for an experiment the caller saw absent
-- ARGV[2]  definition JSON
-- ARGV[3]  epoch for a new experiment
-- ARGV[4]  sticky units' time to live in seconds, "0" when the experiment is not sticky
-- ARGV[5]  creation time for a new experiment, ms since the Unix epoch
-- ARGV[6]  "<half-life in seconds> <metric id>" when the policy discounts evidence (see lib/decay.lua), else ""
-- ARGV[7..] retired arm ids
--
-- A new experiment gets layout 2: its reward markers live in one sorted set and its sticky units expire by
-- generation (see reward.lua and select.lua); experiments created before keep the earlier layout's keys.
--
-- Returns {1, new version, epoch, creation time ("0" for an experiment created before it was recorded)} when saved,
-- {0, current version} when the version did not match.
local current = redis.call('HGET', KEYS[1], 'version') or '0'
if current ~= ARGV[1] then
  return {0, current}
end
local epoch = redis.call('HGET', KEYS[1], 'epoch')
local created = redis.call('HGET', KEYS[1], 'created')
if not epoch then
  epoch, created = ARGV[3], ARGV[5]
  redis.call('HSET', KEYS[1], 'created', created, 'layout', '2')
end
local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('HSET', KEYS[1], 'epoch', epoch, 'definition', ARGV[2], 'sticky-ttl', ARGV[4])
if ARGV[6] ~= '' then
  redis.call('HSET', KEYS[1], 'decay', ARGV[6])
else
  redis.call('HDEL', KEYS[1], 'decay')
end
redis.call('DEL', KEYS[2])
if #ARGV >= 7 then
  redis.call('SADD', KEYS[2], unpack(ARGV, 7))
end
return {1, version, epoch, created or '0'}
