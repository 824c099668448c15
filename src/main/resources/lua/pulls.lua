-- Adds a batch of buffered pull counts to the statistics, and optionally returns them all.
--
-- KEYS[1]  experiment meta hash (epoch, version)
-- KEYS[2]  experiment stats hash
-- ARGV[1]  epoch the pulls were counted under
-- ARGV[2]  "1" to return all statistics, "0" otherwise
-- ARGV[3..] pairs of pulls field ("<arm>:n") and count
--
-- Returns {0} when the experiment was deleted or recreated (nothing recorded), otherwise
-- {1, definition version, {field, value, ...} or {}}.
local meta = redis.call('HMGET', KEYS[1], 'epoch', 'version')
if meta[1] ~= ARGV[1] then
  return {0}
end
for i = 3, #ARGV, 2 do
  redis.call('HINCRBY', KEYS[2], ARGV[i], ARGV[i + 1])
end
local stats = {}
if ARGV[2] == '1' then
  stats = redis.call('HGETALL', KEYS[2])
end
return {1, meta[2], stats}
