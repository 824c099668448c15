-- Credits a reward: adds each of its credits (one metric's value) to the statistics, each at most once per
-- decision. Deduplication and the update happen in one atomic step, so an acknowledged credit is counted exactly
-- once. For a user or session split the value is also added to the unit's record and the unit-level moments.
--
-- KEYS[1]     experiment meta hash (epoch)
-- KEYS[2]     experiment stats hash
-- KEYS[3]     unit records hash (unit key -> record, see lib/moments.lua)
-- KEYS[4..]   one "rewarded" marker per credit (none for a direct reward, which is not deduplicated)
-- ARGV[1]     epoch the decision was made under
-- ARGV[2]     milliseconds to keep the markers, "0" for a direct reward
-- ARGV[3]     the arm the decision chose
-- ARGV[4]     "1" when the reward counts its own pull (a direct reward), else "0"
-- ARGV[5]     unit key for unit-level statistics, or ""
-- ARGV[6]     the experiment's metrics, "<id>:b" (binary) or "<id>:c" (continuous), space-separated
-- ARGV[7..]   per credit: metric id and value
--
-- Returns {0} when the experiment was deleted or recreated since the decision (nothing applied), otherwise
-- {1, applied_1, ..., applied_n} with applied_i = 1 when credit i was applied, 0 when it had been already.
if redis.call('HGET', KEYS[1], 'epoch') ~= ARGV[1] then
  return {0}
end
local arm = ARGV[3]
local dedupe = ARGV[2] ~= '0'
local result = {1}
local fresh_credits = {}
local credit = 1
for i = 7, #ARGV, 2 do
  local fresh = true
  if dedupe then
    fresh = redis.call('SET', KEYS[3 + credit], '1', 'NX', 'PX', ARGV[2]) and true or false
    if not fresh then
      -- A duplicate writes its marker's remaining time to live back unchanged: a write, so that a WAIT after this
      -- script confirms that replicas have everything up to here, the first credit included (which may have been
      -- made on another connection and answered unconfirmed).
      local ttl = redis.call('PTTL', KEYS[3 + credit])
      if ttl > 0 then
        redis.call('PEXPIRE', KEYS[3 + credit], ttl)
      end
    end
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
