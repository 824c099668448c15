-- Records units' pre-experiment values of metrics (the CUPED covariates). A unit's first value of a metric counts;
-- later ones are ignored. A unit not exposed yet keeps its values until its first exposure.
--
-- KEYS[1]  experiment meta hash (epoch)
-- KEYS[2]  experiment stats hash
-- KEYS[3]  unit records hash (unit key -> record, see lib/moments.lua)
-- ARGV[1]  the experiment's epoch
-- ARGV[2]  the experiment's metrics, "<id>:b" (binary) or "<id>:c" (continuous), space-separated
-- ARGV[3..] per unit: unit key, the number of values c, then c pairs of metric id and value
--
-- Returns {0} when the experiment was deleted or recreated (nothing recorded), otherwise {1}.
if redis.call('HGET', KEYS[1], 'epoch') ~= ARGV[1] then
  return {0}
end
local metrics = parse_metrics(ARGV[2])
local i = 3
while ARGV[i] do
  local count = tonumber(ARGV[i + 1])
  local pairs_at = i + 2
  touch_unit(KEYS[2], KEYS[3], ARGV[i], '-', metrics, function(unit)
    set_covariates(unit, ARGV, pairs_at, count)
  end)
  i = pairs_at + 2 * count
end
flush_moments(KEYS[2])
return {1}
