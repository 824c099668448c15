-- Credits a reward: adds each of its credits (one metric's value) to the statistics, each at most once per
-- decision. Deduplication and the update happen in one atomic step, so an acknowledged credit is counted exactly
-- once. For a user or session split the value is also added to the unit's record and the unit-level moments.
--
-- KEYS[1]     experiment meta hash (epoch, layout)
-- KEYS[2]     experiment stats hash
-- KEYS[3]     unit records hash (unit key -> record, see lib/moments.lua)
-- KEYS[4]     reward markers: sorted set of credit tokens, scored by when they may be forgotten (Unix ms)
-- KEYS[5..]   per credit, the marker string of experiments created before markers went into KEYS[4]
-- ARGV[1]     epoch the decision was made under
-- ARGV[2]     milliseconds to keep the markers, "0" for a direct reward (not deduplicated)
-- ARGV[3]     the arm the decision chose
-- ARGV[4]     "1" when the reward counts its own pull (a direct reward), else "0"
-- ARGV[5]     unit key for unit-level statistics, or ""
-- ARGV[6]     the experiment's metrics, "<id>:b" (binary) or "<id>:c" (continuous), space-separated
-- ARGV[7..]   per credit: its token ("" for a direct reward), metric id and value
--
-- The markers live in one key of the experiment, so they go when it is deleted. A marker is kept until its
-- decision's reward window has closed (plus a minute for clocks that disagree); about one call in sixteen forgets
-- up to 64 markers whose time has passed, more than the one marker per credit that each call adds.
--
-- Returns {0} when the experiment was deleted or recreated since the decision (nothing applied), otherwise
-- {1, applied_1, ..., applied_n} with applied_i = 1 when credit i was applied, 0 when it had been already.
local meta = redis.call('HMGET', KEYS[1], 'epoch', 'layout')
if meta[1] ~= ARGV[1] then
  return {0}
end
local keep_ms = tonumber(ARGV[2])
local dedupe = keep_ms > 0
local in_set = meta[2] == '2'
local now_ms, micros
if dedupe and in_set then
  local time = redis.call('TIME')
  micros = tonumber(time[2])
  now_ms = tonumber(time[1]) * 1000 + math.floor(micros / 1000)
end
local arm = ARGV[3]
local result = {1}
local fresh_credits = {}
local credit = 1
for i = 8, #ARGV, 3 do
  local fresh = true
  if dedupe and in_set then
    fresh = redis.call('ZADD', KEYS[4], 'NX', now_ms + keep_ms + 60000, ARGV[i - 1]) == 1
  elseif dedupe then
    fresh = redis.call('SET', KEYS[4 + credit], '1', 'NX', 'PX', ARGV[2]) and true or false
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
if now_ms and micros % 16 == 0 then
  local expired = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now_ms, 'LIMIT', 0, 64)
  if #expired > 0 then
    redis.call('ZREM', KEYS[4], unpack(expired))
  end
end
return result
