-- Adds a batch of buffered selections to the statistics: pull counts per arm and, for a user or session split, each
-- unit's exposures (with the covariates its requests sent). Optionally returns all statistics.
--
-- KEYS[1]  experiment meta hash (epoch, version)
-- KEYS[2]  experiment stats hash
-- KEYS[3]  unit records hash (unit key -> record, see lib/moments.lua)
-- ARGV[1]  epoch the pulls were counted under
-- ARGV[2]  "1" to return all statistics, "0" otherwise
-- ARGV[3]  the experiment's metrics, "<id>:b" (binary) or "<id>:c" (continuous), space-separated
-- ARGV[4]  the number of arms with pulls, a
-- ARGV[5..] a pairs of arm id and pull count, then per unit: unit key, arm, exposures, the number of covariates c,
--          then c pairs of metric id and value
--
-- Returns {0} when the experiment was deleted or recreated (nothing recorded), otherwise
-- {1, definition version, {field, value, ...} or {}}.
local meta = redis.call('HMGET', KEYS[1], 'epoch', 'version')
if meta[1] ~= ARGV[1] then
  return {0}
end
local i = 5
for _ = 1, tonumber(ARGV[4]) do
  redis.call('HINCRBY', KEYS[2], ARGV[i] .. ':n', ARGV[i + 1])
  i = i + 2
end
if ARGV[i] then
  local metrics = parse_metrics(ARGV[3])
  while ARGV[i] do
    local exposures = tonumber(ARGV[i + 2])
    local covariates = tonumber(ARGV[i + 3])
    local pairs_at = i + 4
    touch_unit(KEYS[2], KEYS[3], ARGV[i], ARGV[i + 1], metrics, function(unit)
      unit.e = unit.e + exposures
      set_covariates(unit, ARGV, pairs_at, covariates)
    end)
    i = pairs_at + 2 * covariates
  end
  flush_moments(KEYS[2])
end
local stats = {}
if ARGV[2] == '1' then
  stats = redis.call('HGETALL', KEYS[2])
end
return {1, meta[2], stats}
