-- Credits a reward: applies its increments to the statistics, at most once per decision.
-- Deduplication and the increments happen in one atomic step, so an acknowledged reward is counted exactly once.
--
-- KEYS[1]  experiment meta hash (epoch)
-- KEYS[2]  experiment stats hash
-- KEYS[3]  the decision's "rewarded" marker (absent for a direct reward, which is not deduplicated)
-- ARGV[1]  epoch the decision was made under
-- ARGV[2]  milliseconds to keep the marker, "0" for a direct reward
-- ARGV[3..] pairs of stats field and increment
--
-- Returns 1 when applied, 2 when the decision was already rewarded, 0 when the experiment was deleted or
-- recreated since the decision.
if redis.call('HGET', KEYS[1], 'epoch') ~= ARGV[1] then
  return 0
end
if ARGV[2] ~= '0' then
  if not redis.call('SET', KEYS[3], '1', 'NX', 'PX', ARGV[2]) then
    return 2
  end
end
for i = 3, #ARGV, 2 do
  redis.call('HINCRBYFLOAT', KEYS[2], ARGV[i], ARGV[i + 1])
end
return 1
