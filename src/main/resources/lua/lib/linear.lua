-- The totals of a contextual policy's ridge regressions, in the experiment's stats hash, one entry per arm (the
-- disjoint model) or the one entry "#shared" (the shared model, whose vectors are the joint features z), one field per
-- entry a rewarded context touched (contexts are sparse: with s non-zero slots a reward touches s (s + 1) / 2 + s
-- entries, 27 for s = 6, of the d (d + 1) / 2 + d a dense arm holds):
--   <entry>:#n        the rewards added (entry: the arm, or "#shared")
--   <arm>:#b:<i>      b[i] = sum of r x[i]
--   <arm>:#g:<i>:<j>  S[i][j] = sum of x[i] x[j], i <= j (the upper triangle)
-- Each total is read, added to in double precision and written back with 17 significant digits, which a double
-- survives exactly: the totals are the same, bit for bit, as the in-memory store's (MutableStats.addLinear), in
-- whatever order rewards arrive, up to the rounding of a sum of doubles.

-- Adds reward r of the features in spec ("<slot>:<value>" separated by spaces, slots increasing) to the totals of
-- entry (the caller's: an arm, or "#shared").
local function linear_add(key, arm, spec, r)
  local slots, values = {}, {}
  for slot, value in string.gmatch(spec, '(%d+):(%S+)') do
    slots[#slots + 1] = slot
    values[#values + 1] = tonumber(value)
  end
  local fields = {arm .. ':#n'}
  local deltas = {1}
  for a = 1, #slots do
    fields[#fields + 1] = arm .. ':#b:' .. slots[a]
    deltas[#deltas + 1] = r * values[a]
    for c = a, #slots do
      fields[#fields + 1] = arm .. ':#g:' .. slots[a] .. ':' .. slots[c]
      deltas[#deltas + 1] = values[a] * values[c]
    end
  end
  local old = redis.call('HMGET', key, unpack(fields))
  local writes = {}
  for f = 1, #fields do
    writes[#writes + 1] = fields[f]
    writes[#writes + 1] = string.format('%.17g', (tonumber(old[f]) or 0) + deltas[f])
  end
  redis.call('HSET', key, unpack(writes))
end
