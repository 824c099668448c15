-- Credits a batch of rewards of one experiment: adds each reward's credits (one metric's value each) to the
-- statistics, each at most once per decision. Deduplication and the update happen in one atomic step, so an
-- acknowledged credit is counted exactly once, also when the same decision is rewarded twice within the batch. For a
-- user or session split the value is also added to the unit's record and the unit-level moments. Statistics touched
-- by several rewards of the batch are read and written once (see lib/moments.lua). For a discounted policy the
-- discounted sums are updated too, as of Redis' time when the reward arrives (see lib/decay.lua).
--
-- KEYS[1]     experiment meta hash (epoch, layout, decay)
-- KEYS[2]     experiment stats hash
-- KEYS[3]     unit records hash (unit key -> record, see lib/moments.lua)
-- KEYS[4]     reward markers: sorted set of credit tokens, scored by when they may be forgotten (Unix ms)
-- KEYS[5..]   per reward, in order: the history bucket hash of the reward's time at each history level (see
--             lib/history.lua), then per deduplicated credit the marker string of experiments created before markers
--             went into KEYS[4]
-- ARGV[1]     the number of rewards, then per reward:
--               epoch the decision was made under
--               milliseconds to keep the markers, "0" for a direct reward (not deduplicated)
--               the arm the decision chose
--               "1" when the reward counts its own pull (a direct reward), else "0"
--               unit key for unit-level statistics, or ""
--               the experiment's metrics, "<id>:b" (binary) or "<id>:c" (continuous), space-separated
--               the number of history levels h, then h bucket expiries (ms since the Unix epoch)
--               the number of credits c, then c triples of token ("" for a direct reward), metric id and value
--               the linear update of a contextual decision, "" for none: the primary metric's id, the entry of
--               the totals (the arm, or "#shared" for the shared model's, which no arm id can be), then
--               "<slot>:<value>" per non-zero slot of the decision's features; the metric's fresh credit adds its
--               value and the features to that entry's linear totals (see lib/linear.lua)
--             then, when some reward of the batch is logged, the decision log section: the log's max length and max
--             age (ms, 0: none), then per reward "1" when its credits that count are appended to the log, else "0";
--             the stream is then the last key (see lib/decisionlog.lua)
--
-- The markers live in one key of the experiment, so they go when it is deleted. A marker is kept until its
-- decision's reward window has closed (plus a minute for clocks that disagree); about one call in sixteen forgets
-- up to 64 markers whose time has passed, more than the markers each call adds.
--
-- Returns one entry per reward: {0} when the experiment was deleted or recreated since its decision (nothing
-- applied), otherwise {1, applied_1, ..., applied_c} with applied_i = 1 when credit i was applied, 0 when it had
-- been already.
local meta = redis.call('HMGET', KEYS[1], 'epoch', 'layout')
local in_set = meta[2] == '2'
local decay = decay_of(KEYS[1])
local time = redis.call('TIME')
local micros = tonumber(time[2])
local now_ms = tonumber(time[1]) * 1000 + math.floor(micros / 1000)
local results = {}
local counted = {}
local next_key = 5
local i = 2
for _ = 1, tonumber(ARGV[1]) do
  local epoch, keep_ms, arm, counts_pull = ARGV[i], tonumber(ARGV[i + 1]), ARGV[i + 2], ARGV[i + 3]
  local unit_key, metrics_spec, levels = ARGV[i + 4], ARGV[i + 5], tonumber(ARGV[i + 6])
  local expiries = i + 7
  local credits = tonumber(ARGV[expiries + levels])
  local first = expiries + levels + 1
  local linear_metric, linear_entry, linear_spec = string.match(ARGV[first + 3 * credits], '^(%S+) (%S+)(.*)$')
  i = first + 3 * credits + 1
  local history_key = next_key
  local legacy_key = next_key + levels
  local dedupe = keep_ms > 0
  next_key = legacy_key + (dedupe and credits or 0)
  if meta[1] ~= epoch then
    results[#results + 1] = {0}
  else
    local result = {1}
    local fresh_credits = {}
    for at = first, first + 3 * (credits - 1), 3 do
      local fresh = true
      if dedupe and in_set then
        fresh = redis.call('ZADD', KEYS[4], 'NX', now_ms + keep_ms + 60000, ARGV[at]) == 1
        if not fresh then
          -- A duplicate still writes (it counts itself), so that a WAIT after this script confirms that replicas
          -- have everything up to here, the first credit included, which may have been made on another connection
          -- and answered unconfirmed.
          redis.call('HINCRBY', KEYS[1], 'duplicate-credits', 1)
        end
      elseif dedupe then
        fresh = redis.call('SET', KEYS[legacy_key], '1', 'NX', 'PX', keep_ms) and true or false
        if not fresh then
          -- The same for a marker string: its remaining time to live written back unchanged.
          local ttl = redis.call('PTTL', KEYS[legacy_key])
          if ttl > 0 then
            redis.call('PEXPIRE', KEYS[legacy_key], ttl)
          end
        end
      end
      if dedupe then
        legacy_key = legacy_key + 1
      end
      if fresh then
        add_value(KEYS[2], arm, ARGV[at + 1], tonumber(ARGV[at + 2]))
        decay_value(KEYS[2], decay, arm, ARGV[at + 1], tonumber(ARGV[at + 2]))
        if linear_metric == ARGV[at + 1] then
          linear_add(linear_entry, linear_spec, tonumber(ARGV[at + 2]))
        end
        fresh_credits[#fresh_credits + 1] = at + 1
      end
      result[#result + 1] = fresh and 1 or 0
    end
    if counts_pull == '1' then
      redis.call('HINCRBY', KEYS[2], arm .. ':n', 1)
      decay_pulls(KEYS[2], decay, arm, 1)
    end
    if counts_pull == '1' or #fresh_credits > 0 then
      for level = 1, levels do
        local key = KEYS[history_key + level - 1]
        if counts_pull == '1' then
          redis.call('HINCRBY', key, arm .. ':n', 1)
        end
        for _, at in ipairs(fresh_credits) do
          redis.call('HINCRBY', key, arm .. ':' .. ARGV[at] .. ':c', 1)
          redis.call('HINCRBYFLOAT', key, arm .. ':' .. ARGV[at] .. ':s', ARGV[at + 1])
        end
        history_expire(key, ARGV[expiries + level - 1])
      end
    end
    if unit_key ~= '' and #fresh_credits > 0 then
      touch_unit(KEYS[2], KEYS[3], unit_key, arm, parse_metrics(metrics_spec), function(unit)
        for _, at in ipairs(fresh_credits) do
          local m = metric_of(unit, ARGV[at])
          m.c = m.c + 1
          m.y = m.y + tonumber(ARGV[at + 1])
        end
      end)
    end
    results[#results + 1] = result
    counted[#results] = {arm, fresh_credits}
  end
end
if ARGV[i] then
  local stream = KEYS[next_key]
  for r = 1, #results do
    if ARGV[i + 1 + r] == '1' and counted[r] then
      local arm, fresh_credits = counted[r][1], counted[r][2]
      for _, at in ipairs(fresh_credits) do
        log_reward(stream, string.match(ARGV[at - 1], '^[^.]*'), now_ms, arm, ARGV[at], ARGV[at + 1])
      end
    end
  end
  log_trim(stream, ARGV[i], tonumber(ARGV[i + 1]), now_ms)
end
flush_moments(KEYS[2])
linear_flush(KEYS[2])
if in_set and micros % 16 == 0 then
  local expired = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now_ms, 'LIMIT', 0, 64)
  if #expired > 0 then
    redis.call('ZREM', KEYS[4], unpack(expired))
  end
end
return results
