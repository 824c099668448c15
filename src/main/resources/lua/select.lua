-- Records one decision: a pull of the chosen arm and, for a sticky experiment, the unit's assignment.
-- A unit that already has an arm keeps it unless that arm was retired.
--
-- KEYS[1]  experiment meta hash (epoch, version)
-- KEYS[2]  experiment stats hash
-- KEYS[3]  sticky units hash (unit -> "<arm> <propensity>")
-- KEYS[4]  retired arms set
-- ARGV[1]  epoch the decision was made under
-- ARGV[2]  assignment chosen by the policy, "<arm> <propensity>"
-- ARGV[3]  sticky unit id, or "" when the experiment is not sticky
-- ARGV[4]  "1" to return all statistics, "0" otherwise
--
-- Returns {0} when the experiment was deleted or recreated (nothing recorded), otherwise
-- {1, assignment counted, definition version, {field, value, ...} or {}}.
local meta = redis.call('HMGET', KEYS[1], 'epoch', 'version')
if meta[1] ~= ARGV[1] then
  return {0}
end
local assignment = ARGV[2]
if ARGV[3] ~= '' then
  local existing = redis.call('HGET', KEYS[3], ARGV[3])
  if existing and redis.call('SISMEMBER', KEYS[4], string.match(existing, '^(%S+)')) == 0 then
    assignment = existing
  else
    redis.call('HSET', KEYS[3], ARGV[3], assignment)
  end
end
redis.call('HINCRBY', KEYS[2], string.match(assignment, '^(%S+)') .. ':n', 1)
local stats = {}
if ARGV[4] == '1' then
  stats = redis.call('HGETALL', KEYS[2])
end
return {1, assignment, meta[2], stats}
