-- Shared by the scripts that write history (prepended to each when it is loaded).
--
-- One hash per experiment incarnation, level and bucket (key: see dev.lever.store.RedisKeys.history), written in
-- the same script call as the statistics, so a bucket's pulls are added exactly when the experiment's are. Fields:
--   <arm>:n            pulls of the arm in the bucket (integer)
--   <arm>:a            sum over the bucket's decisions of the probability the policy gave the arm
--   :d                 the decisions whose allocation was added (the denominator of every <arm>:a)
--   <arm>:<metric>:c   values of the metric received in the bucket (integer)
--   <arm>:<metric>:s   their sum
-- Each write also sets the bucket's absolute expiry, the end of its retention (the same instant for every writer,
-- so setting it again is harmless): old buckets vanish by themselves, and a late write into a bucket already past
-- its retention is dropped at once.

local function history_expire(key, expire_at)
  redis.call('PEXPIREAT', key, expire_at)
end

-- Adds one decision to a bucket of every level: a pull of arm and, when the allocation is given (pairs of arm id
-- and probability in args from index i, count pairs), the allocation it was drawn from.
local function history_decision(keys, expire_ats, arm, args, i, count)
  for level, key in ipairs(keys) do
    redis.call('HINCRBY', key, arm .. ':n', 1)
    if count > 0 then
      redis.call('HINCRBY', key, ':d', 1)
      for p = i, i + 2 * count - 1, 2 do
        redis.call('HINCRBYFLOAT', key, args[p] .. ':a', args[p + 1])
      end
    end
    history_expire(key, expire_ats[level])
  end
end
