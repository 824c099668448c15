-- Merges always-valid results into the running ones, so that they never move the wrong way (Johari et al.,
-- Operations Research 2022): the running p-value is the minimum of every p-value seen, the running confidence
-- sequence the intersection of every interval seen. Replicas may analyse at once; each merge is atomic.
--
-- KEYS[1]  experiment meta hash (epoch)
-- KEYS[2]  running sequential results hash (field -> "p lower upper")
-- ARGV[1]  the experiment's epoch
-- ARGV[2..] per result: field, p-value, lower bound, upper bound ("-inf"/"inf" for unbounded)
--
-- Returns {0} when the experiment was deleted or recreated (nothing merged), otherwise {1}.
if redis.call('HGET', KEYS[1], 'epoch') ~= ARGV[1] then
  return {0}
end
for i = 2, #ARGV, 4 do
  local p, lower, upper = tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2]), tonumber(ARGV[i + 3])
  local old = redis.call('HGET', KEYS[2], ARGV[i])
  if old then
    local op, ol, ou = string.match(old, '^(%S+) (%S+) (%S+)$')
    op, ol, ou = tonumber(op), tonumber(ol), tonumber(ou)
    p = math.min(p, op)
    -- An interval that misses the running one keeps the running bound nearest to it (RunningSequential.next).
    if lower > ou then
      lower, upper = ou, ou
    elseif upper < ol then
      lower, upper = ol, ol
    else
      lower, upper = math.max(lower, ol), math.min(upper, ou)
    end
  end
  redis.call('HSET', KEYS[2], ARGV[i], fmt(p) .. ' ' .. fmt(lower) .. ' ' .. fmt(upper))
end
return {1}
