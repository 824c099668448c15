-- Credits a reward: applies the increments of each of its credits (one per metric) to the statistics, each at most
-- once per decision. Deduplication and the increments happen in one atomic step, so an acknowledged credit is
-- counted exactly once.
--
-- KEYS[1]     experiment meta hash (epoch)
-- KEYS[2]     experiment stats hash
-- KEYS[3..]   one "rewarded" marker per credit (none for a direct reward, which is not deduplicated)
-- ARGV[1]     epoch the decision was made under
-- ARGV[2]     milliseconds to keep the markers, "0" for a direct reward
-- ARGV[3]     the number of credits
-- ARGV[4..]   per credit: the number of its increments, then that many pairs of stats field and increment
--
-- Returns {0} when the experiment was deleted or recreated since the decision (nothing applied), otherwise
-- {1, applied_1, ..., applied_n} with applied_i = 1 when credit i was applied, 0 when it had been already.
if redis.call('HGET', KEYS[1], 'epoch') ~= ARGV[1] then
  return {0}
end
local result = {1}
local dedupe = ARGV[2] ~= '0'
local a = 4
for credit = 1, tonumber(ARGV[3]) do
  local count = tonumber(ARGV[a])
  local fresh = true
  if dedupe then
    fresh = redis.call('SET', KEYS[2 + credit], '1', 'NX', 'PX', ARGV[2]) and true or false
  end
  if fresh then
    for i = a + 1, a + 2 * count, 2 do
      redis.call('HINCRBYFLOAT', KEYS[2], ARGV[i], ARGV[i + 1])
    end
  end
  result[#result + 1] = fresh and 1 or 0
  a = a + 1 + 2 * count
end
return result
