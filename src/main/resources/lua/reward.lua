-- Credits a reward: adds each of its credits (one metric's value) to the statistics, each at most once per
-- decision. Deduplication and the update happen in one atomic step, so an acknowledged credit is counted exactly
-- once. For a user or session split the value is also added to the unit's record and the unit-level moments.
--
-- KEYS[1]     experiment meta hash (epoch)
-- KEYS[2]     experiment stats hash
-- KEYS[3]     unit records hash (unit key -> record, see lib/moments.lua)
-- KEYS[4..]   the history bucket hash of the reward's time at each of r levels (see lib/history.lua), then one
--             "rewarded" marker per credit (none for a direct reward, which is not deduplicated)
-- ARGV[1]     epoch the decision was made under
-- ARGV[2]     milliseconds to keep the markers, "0" for a direct reward
-- ARGV[3]     the arm the decision chose
-- ARGV[4]     "1" when the reward counts its own pull (a direct reward), else "0"
-- ARGV[5]     unit key for unit-level statistics, or ""
-- ARGV[6]     the experiment's metrics, "<id>:b" (binary) or "<id>:c" (continuous), space-separated
-- ARGV[7]     r, the number of history levels
-- ARGV[8..]   r bucket expiries (ms since the Unix epoch), then per credit: metric id and value
--
-- Returns {0} when the experiment was deleted or recreated since the decision (nothing applied), otherwise
-- {1, applied_1, ..., applied_n} with applied_i = 1 when credit i was applied, 0 when it had been already.
if redis.call('HGET', KEYS[1], 'epoch') ~= ARGV[1] then
  return {0}
end
local arm = ARGV[3]
local dedupe = ARGV[2] ~= '0'
local levels = tonumber(ARGV[7])
local first_credit = 8 + levels
local result = {1}
local fresh_credits = {}
local credit = 1
for i = first_credit, #ARGV, 2 do
  local fresh = true
  if dedupe then
    fresh = redis.call('SET', KEYS[3 + levels + credit], '1', 'NX', 'PX', ARGV[2]) and true or false
  end
  if fresh then
    add_value(KEYS[2], arm, ARGV[i], tonumber(ARGV[i + 1]))
    fresh_credits[#fresh_credits + 1] = i
  end
  result[#result + 1] = fresh and 1 or 0
  credit = credit + 1
end
if ARGV[4] == '1' then
  redis.call('HINCRBY', KEYS[2], arm .. ':n', 1)
end
if ARGV[4] == '1' or #fresh_credits > 0 then
  for level = 1, levels do
    local key = KEYS[3 + level]
    if ARGV[4] == '1' then
      redis.call('HINCRBY', key, arm .. ':n', 1)
    end
    for _, i in ipairs(fresh_credits) do
      redis.call('HINCRBY', key, arm .. ':' .. ARGV[i] .. ':c', 1)
      redis.call('HINCRBYFLOAT', key, arm .. ':' .. ARGV[i] .. ':s', ARGV[i + 1])
    end
    history_expire(key, ARGV[7 + level])
  end
end
if ARGV[5] ~= '' and #fresh_credits > 0 then
  touch_unit(KEYS[2], KEYS[3], ARGV[5], arm, parse_metrics(ARGV[6]), function(unit)
    for _, i in ipairs(fresh_credits) do
      local m = metric_of(unit, ARGV[i])
      m.c = m.c + 1
      m.y = m.y + tonumber(ARGV[i + 1])
    end
  end)
end
flush_moments(KEYS[2])
return result
