-- Adds a batch of buffered selections to the statistics: pull counts per arm, the same pulls (with the allocations
-- they were drawn from) to their history buckets, for a user or session split each unit's exposures (with the
-- covariates its requests sent), and for an experiment that keeps a decision log the decisions' entries (see
-- lib/decisionlog.lua). Optionally returns all statistics.
--
-- KEYS[1]  experiment meta hash (epoch, version, decay)
-- KEYS[2]  experiment stats hash
-- KEYS[3]  unit records hash (unit key -> record, see lib/moments.lua)
-- KEYS[4]  pull sequences hash: replica id -> "<epoch> <sequence> <time of its last batch, Unix seconds>"
-- KEYS[5..] h history bucket hashes (see lib/history.lua), one per history entry below; then, when the batch has
--          log entries, the decision log stream
-- ARGV[1]  epoch the pulls were counted under
-- ARGV[2]  "1" to return all statistics, "0" otherwise
-- ARGV[3]  the experiment's metrics, "<id>:b" (binary) or "<id>:c" (continuous), space-separated
-- ARGV[4]  the sending replica's id, "" for a batch without a sequence (applied whenever it arrives)
-- ARGV[5]  the batch's sequence number, above every earlier one of the replica ("0" without)
-- ARGV[6]  how long a replica's last sequence is kept after its last batch, seconds
-- ARGV[7]  the number of arms with pulls, a
-- ARGV[8..] a pairs of arm id and pull count; then h, the number of history entries, and per entry: its bucket's
--          expiry (ms since the Unix epoch), the decisions whose allocation it adds, the number of arms m, then m
--          triples of arm id, pulls and allocation sum; then l, the number of decision log entries, and when l > 0
--          the log's max length and max age (ms, 0: none), then l groups of token, time (ms), unit, arm, propensity,
--          policy, definition version and context (canonical JSON, "" for none); then per unit: unit key, arm,
--          exposures, the number of covariates c, then c pairs of metric id and value
--
-- Returns {0} when the experiment was deleted or recreated (nothing recorded), otherwise
-- {1, definition version, {field, value, ...} or {}}, discounted sums decayed to now (see lib/decay.lua).
-- A batch whose sequence is not above the replica's last applied one in this epoch was applied already (its
-- reply was lost, and the replica sent it again): it answers the same and adds nothing.
-- Buffered pulls are discounted from when they are added here, not from their selection: at most the flush
-- interval later.
local meta = redis.call('HMGET', KEYS[1], 'epoch', 'version')
if meta[1] ~= ARGV[1] then
  return {0}
end
local decay = decay_of(KEYS[1])
local replica = ARGV[4]
if replica ~= '' then
  local now = math.floor(redis_now_ms() / 1000)
  local last = redis.call('HGET', KEYS[4], replica)
  if last then
    local epoch, sequence = string.match(last, '^(%S+) (%d+)')
    if epoch == ARGV[1] and tonumber(sequence) >= tonumber(ARGV[5]) then
      return {1, meta[2], ARGV[2] == '1' and decayed_stats(KEYS[2], decay) or {}}
    end
  else
    -- A replica's first batch: forget those silent for the retention (a restarted replica has a new id), so the
    -- hash holds the replicas of the last retention only, without a scan on every batch.
    local kept = redis.call('HGETALL', KEYS[4])
    local oldest = now - tonumber(ARGV[6])
    for f = 1, #kept, 2 do
      if tonumber(string.match(kept[f + 1], '(%d+)$')) < oldest then
        redis.call('HDEL', KEYS[4], kept[f])
      end
    end
  end
  redis.call('HSET', KEYS[4], replica, ARGV[1] .. ' ' .. ARGV[5] .. ' ' .. now)
  redis.call('EXPIRE', KEYS[4], ARGV[6])
end
local i = 8
for _ = 1, tonumber(ARGV[7]) do
  redis.call('HINCRBY', KEYS[2], ARGV[i] .. ':n', ARGV[i + 1])
  decay_pulls(KEYS[2], decay, ARGV[i], tonumber(ARGV[i + 1]))
  i = i + 2
end
local entries = tonumber(ARGV[i])
i = i + 1
for entry = 1, entries do
  local key = KEYS[4 + entry]
  if ARGV[i + 1] ~= '0' then
    redis.call('HINCRBY', key, ':d', ARGV[i + 1])
  end
  local arms = tonumber(ARGV[i + 2])
  local expire_at = ARGV[i]
  i = i + 3
  for _ = 1, arms do
    if ARGV[i + 1] ~= '0' then
      redis.call('HINCRBY', key, ARGV[i] .. ':n', ARGV[i + 1])
    end
    if ARGV[i + 2] ~= '0' then
      redis.call('HINCRBYFLOAT', key, ARGV[i] .. ':a', ARGV[i + 2])
    end
    i = i + 3
  end
  history_expire(key, expire_at)
end
local logged = tonumber(ARGV[i])
if logged > 0 then
  local stream = KEYS[5 + entries]
  local max_length, max_age = ARGV[i + 1], tonumber(ARGV[i + 2])
  i = i + 3
  for _ = 1, logged do
    log_decision(stream, ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5], ARGV[i + 6],
        ARGV[i + 7])
    i = i + 8
  end
  log_trim(stream, max_length, max_age, redis_now_ms())
else
  i = i + 1
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
end
flush_moments(KEYS[2])
local stats = {}
if ARGV[2] == '1' then
  stats = decayed_stats(KEYS[2], decay)
end
return {1, meta[2], stats}
