-- Reads an experiment's statistics, the discounted sums decayed to Redis' time now (see lib/decay.lua). It writes
-- nothing.
--
-- KEYS[1]  experiment meta hash (decay)
-- KEYS[2]  experiment stats hash
--
-- Returns {field, value, ...}, as HGETALL does.
return decayed_stats(KEYS[2], decay_of(KEYS[1]))
