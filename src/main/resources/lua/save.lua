-- Creates or replaces an experiment definition if its version is still the one the caller read
-- (optimistic concurrency). The epoch and creation time are set on creation and kept by every later save.
--
-- KEYS[1]  experiment meta hash (definition, version, epoch, created)
-- KEYS[2]  retired arms set
-- ARGV[1]  expected current version, "0" for an experiment the caller saw absent
-- ARGV[2]  definition JSON
-- ARGV[3]  epoch for a new experiment
-- ARGV[4]  creation time for a new experiment, ms since the Unix epoch
-- ARGV[5..] retired arm ids
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
  epoch, created = ARGV[3], ARGV[4]
  redis.call('HSET', KEYS[1], 'created', created)
end
local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('HSET', KEYS[1], 'epoch', epoch, 'definition', ARGV[2])
redis.call('DEL', KEYS[2])
if #ARGV >= 5 then
  redis.call('SADD', KEYS[2], unpack(ARGV, 5))
end
return {1, version, epoch, created or '0'}
