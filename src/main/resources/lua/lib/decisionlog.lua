-- Shared by the scripts that append to an experiment's decision log (prepended to each when it is loaded).
--
-- The log is a Redis Stream (key: see dev.lever.store.RedisKeys.decisionLog), appended in the same script call that
-- counts what it records, so an entry exists exactly when its pull or credit was counted. Fields of an entry:
--   type        "decision" or "reward"
--   decision    the decision's token (the random part of its signed id): a reward joins its decision on it
--   at          ms since the Unix epoch: when the decision was made, or when the reward was applied
--   arm         the decision's arm
--   decision entries: unit (the request's unit, "" when none), propensity, policy (its type), version (of the
--                     experiment's definition), context (the request's context as canonical JSON, "" when none:
--                     written on every entry, so that all entries share the stream node's field names, which Redis
--                     then stores once per node instead of once per entry)
--   reward entries:   metric, value (one entry per metric credited; a repeated reward is not logged again)
-- After appending, the stream is trimmed to its bounds, approximately (MAXLEN ~ and MINID ~ trim whole nodes only,
-- which costs next to nothing).

local function log_decision(stream, token, at, unit, arm, propensity, policy, version, context)
  redis.call('XADD', stream, '*', 'type', 'decision', 'decision', token, 'at', at, 'unit', unit, 'arm', arm,
      'propensity', propensity, 'policy', policy, 'version', version, 'context', context)
end

local function log_reward(stream, token, at, arm, metric, value)
  redis.call('XADD', stream, '*', 'type', 'reward', 'decision', token, 'at', at, 'arm', arm, 'metric', metric,
      'value', value)
end

-- Trims the log to at most about max_length entries, none older than max_age_ms (0: no age bound) at now_ms.
local function log_trim(stream, max_length, max_age_ms, now_ms)
  redis.call('XTRIM', stream, 'MAXLEN', '~', max_length)
  if max_age_ms > 0 then
    redis.call('XTRIM', stream, 'MINID', '~', now_ms - max_age_ms)
  end
end

local function redis_now_ms()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
