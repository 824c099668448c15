-- Records one decision: a pull of the chosen arm, for a sticky experiment the unit's assignment, and for a user or
-- session split the unit's exposure (with its covariates, if the request sent any).
-- A sticky unit that already has an arm keeps it unless that arm was retired.
--
-- KEYS[1]  experiment meta hash (epoch, version, layout, decay)
-- KEYS[2]  experiment stats hash
-- KEYS[3]  sticky units hash of experiments created before sticky units expired (unit -> "<arm> <propensity>")
-- KEYS[4]  retired arms set
-- KEYS[5]  unit records hash (unit key -> record, see lib/moments.lua)
-- KEYS[6..] the history bucket hash of the decision's time at each of r levels (see lib/history.lua), then, for a
--          sticky experiment, the sticky units hashes of generations g-2, g-1, g and g+1, g by the caller's clock
-- ARGV[1]  epoch the decision was made under
-- ARGV[2]  assignment chosen by the policy, "<arm> <propensity>"
-- ARGV[3]  sticky unit id, or "" when the experiment is not sticky
-- ARGV[4]  "1" to return all statistics, "0" otherwise
-- ARGV[5]  unit key for unit-level statistics, or ""
-- ARGV[6]  the experiment's metrics, "<id>:b" (binary) or "<id>:c" (continuous), space-separated
-- ARGV[7]  sticky units' time to live in seconds, or "0"
-- ARGV[8]  the generation g (Unix seconds / time to live) by the caller's clock, or "0"
-- ARGV[9]  r, the number of history levels
-- ARGV[10..] r bucket expiries (ms since the Unix epoch); then q, the number of arms in the allocation the decision
--          was drawn from (0 when it is recorded elsewhere), and q pairs of arm id and probability; then pairs of
--          metric id and covariate value
--
-- Sticky units expire: time is cut into generations of one time to live, by Redis' clock, and each generation's
-- units live in their own hash, which expires at the end of the next generation. A unit is looked up in the
-- current and the previous generation and copied forward when found in the previous one, so a unit seen again
-- within the time to live keeps its arm, and one away for more than twice that is gone with its generation.
--
-- Returns {0} when the experiment was deleted or recreated (nothing recorded), otherwise
-- {1, assignment counted, definition version, {field, value, ...} or {}}, discounted sums decayed to now (see
-- lib/decay.lua).
local meta = redis.call('HMGET', KEYS[1], 'epoch', 'version', 'layout')
if meta[1] ~= ARGV[1] then
  return {0}
end
local levels = tonumber(ARGV[9])
local assignment = ARGV[2]
if ARGV[3] ~= '' then
  local unit = ARGV[3]
  local ttl = tonumber(ARGV[7])
  local generation = math.floor(tonumber(redis.call('TIME')[1]) / ttl)
  local at = 8 + levels + generation - tonumber(ARGV[8])
  if at < 7 + levels or at > 9 + levels then
    return redis.error_reply('ERR the caller\'s clock is more than one sticky time to live away from Redis\' clock')
  end
  local current = KEYS[at]
  local existing = redis.call('HGET', current, unit)
  local write = not existing
  if not existing then
    existing = redis.call('HGET', KEYS[at - 1], unit)
    if not existing and meta[3] ~= '2' then
      existing = redis.call('HGET', KEYS[3], unit)
      if existing then
        redis.call('HDEL', KEYS[3], unit)
      end
    end
  end
  if existing and redis.call('SISMEMBER', KEYS[4], string.match(existing, '^(%S+)')) == 0 then
    assignment = existing
  else
    write = true
  end
  if write then
    redis.call('HSET', current, unit, assignment)
    redis.call('EXPIREAT', current, (generation + 2) * ttl)
  end
end
local arm = string.match(assignment, '^(%S+)')
redis.call('HINCRBY', KEYS[2], arm .. ':n', 1)
local decay = decay_of(KEYS[1])
decay_pulls(KEYS[2], decay, arm, 1)
local shares = tonumber(ARGV[10 + levels])
history_decision({unpack(KEYS, 6, 5 + levels)}, {unpack(ARGV, 10, 9 + levels)}, arm, ARGV, 11 + levels, shares)
if ARGV[5] ~= '' then
  local covariates_at = 11 + levels + 2 * shares
  touch_unit(KEYS[2], KEYS[5], ARGV[5], arm, parse_metrics(ARGV[6]), function(unit)
    unit.e = unit.e + 1
    set_covariates(unit, ARGV, covariates_at)
  end)
end
flush_moments(KEYS[2])
local stats = {}
if ARGV[4] == '1' then
  stats = decayed_stats(KEYS[2], decay)
end
return {1, assignment, meta[2], stats}
