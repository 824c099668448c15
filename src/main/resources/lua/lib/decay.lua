-- Shared by the scripts that update or return statistics (prepended to each when it is loaded, after
-- lib/moments.lua, whose load_vector and flush_moments it uses): the discounted statistics of an experiment whose
-- policy forgets old evidence (see dev.lever.policy.Discount).
--
-- Experiment meta hash field, written by save.lua, absent when the policy does not discount:
--   decay              "<half-life in seconds> <metric id>"
-- Statistics hash field, next to the plain ones of lib/moments.lua:
--   <arm>:<metric>:d   "t n c s q": the arm's pulls n, and the count c, sum s and sum of squares q of the metric's
--                      values, each weighing 2^(-age / half-life) as of t, Redis' time in microseconds
-- The sums are decayed lazily: whenever one is touched it is first multiplied by 2^(-(now - t) / half-life) and t
-- becomes now, so that an experiment costs one field per arm, whatever its traffic. Time is Redis' TIME, one
-- clock for every replica. A t ahead of now (a failover to a server whose clock is behind) decays nothing and is
-- kept, so time never runs backwards for a sum. dev.lever.store.DecayedSums does the same in Java.

-- The experiment's discount as of now, or nil when its policy does not discount.
local function decay_of(meta_key)
  local raw = redis.call('HGET', meta_key, 'decay')
  if not raw then
    return nil
  end
  local half_life, metric = string.match(raw, '^(%S+) (%S+)$')
  local time = redis.call('TIME')
  return {half_life = tonumber(half_life), metric = metric,
          now = tonumber(time[1]) * 1000000 + tonumber(time[2])}
end

-- Brings the sums v = {t, n, c, s, q} to decay.now (an empty v becomes zero sums as of now).
local function decay_to_now(v, decay)
  if #v == 0 then
    v[1], v[2], v[3], v[4], v[5] = decay.now, 0, 0, 0, 0
    return
  end
  local elapsed = (decay.now - v[1]) / 1000000
  if elapsed > 0 then
    local factor = 2 ^ (-elapsed / decay.half_life)
    for k = 2, 5 do
      v[k] = v[k] * factor
    end
    v[1] = decay.now
  end
end

local function decayed_vector(stats_key, decay, arm)
  local v = load_vector(stats_key, arm .. ':' .. decay.metric .. ':d')
  decay_to_now(v, decay)
  return v
end

-- Adds count pulls of arm now (nothing when decay is nil); flush_moments writes them.
local function decay_pulls(stats_key, decay, arm, count)
  if decay then
    local v = decayed_vector(stats_key, decay, arm)
    v[2] = v[2] + count
  end
end

-- Adds one value of a metric to arm now, if it is the discounted metric; flush_moments writes it.
local function decay_value(stats_key, decay, arm, metric, value)
  if decay and metric == decay.metric then
    local v = decayed_vector(stats_key, decay, arm)
    v[3] = v[3] + 1
    v[4] = v[4] + value
    v[5] = v[5] + value * value
  end
end

-- Every field of the statistics hash as HGETALL answers it, with the discounted sums decayed to now (not written
-- back: a read changes nothing), so that a policy sees every arm's evidence weighed as of one instant.
local function decayed_stats(stats_key, decay)
  local flat = redis.call('HGETALL', stats_key)
  if decay then
    for k = 1, #flat, 2 do
      if string.match(flat[k], '^[^:]+:[^:]+:d$') then
        local v = {}
        for number in string.gmatch(flat[k + 1], '%S+') do
          v[#v + 1] = tonumber(number)
        end
        decay_to_now(v, decay)
        local parts = {}
        for i = 1, 5 do
          parts[i] = fmt(v[i])
        end
        flat[k + 1] = table.concat(parts, ' ')
      end
    end
  end
  return flat
end
