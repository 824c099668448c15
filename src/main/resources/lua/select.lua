-- Records one decision: a pull of the chosen arm, for a sticky experiment the unit's assignment, and for a user or
-- session split the unit's exposure (with its covariates, if the request sent any).
-- A sticky unit that already has an arm keeps it unless that arm was retired.
--
-- KEYS[1]  experiment meta hash (epoch, version)
-- KEYS[2]  experiment stats hash
-- KEYS[3]  sticky units hash (unit -> "<arm> <propensity>")
-- KEYS[4]  retired arms set
-- KEYS[5]  unit records hash (unit key -> record, see lib/moments.lua)
-- KEYS[6..] the history bucket hash of the decision's time at each of r levels (see lib/history.lua)
-- ARGV[1]  epoch the decision was made under
-- ARGV[2]  assignment chosen by the policy, "<arm> <propensity>"
-- ARGV[3]  sticky unit id, or "" when the experiment is not sticky
-- ARGV[4]  "1" to return all statistics, "0" otherwise
-- ARGV[5]  unit key for unit-level statistics, or ""
-- ARGV[6]  the experiment's metrics, "<id>:b" (binary) or "<id>:c" (continuous), space-separated
-- ARGV[7]  r, the number of history levels
-- ARGV[8..] r bucket expiries (ms since the Unix epoch); then q, the number of arms in the allocation the decision
--          was drawn from (0 when it is recorded elsewhere), and q pairs of arm id and probability; then pairs of
--          metric id and covariate value
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
local arm = string.match(assignment, '^(%S+)')
redis.call('HINCRBY', KEYS[2], arm .. ':n', 1)
local levels = tonumber(ARGV[7])
local shares = tonumber(ARGV[8 + levels])
history_decision({unpack(KEYS, 6, 5 + levels)}, {unpack(ARGV, 8, 7 + levels)}, arm, ARGV, 9 + levels, shares)
if ARGV[5] ~= '' then
  local covariates_at = 9 + levels + 2 * shares
  touch_unit(KEYS[2], KEYS[5], ARGV[5], arm, parse_metrics(ARGV[6]), function(unit)
    unit.e = unit.e + 1
    set_covariates(unit, ARGV, covariates_at)
  end)
  flush_moments(KEYS[2])
end
local stats = {}
if ARGV[4] == '1' then
  stats = redis.call('HGETALL', KEYS[2])
end
return {1, assignment, meta[2], stats}
