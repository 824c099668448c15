-- The totals of a contextual policy's ridge regressions, in the experiment's stats hash, one entry per arm (the
-- disjoint model) or the one entry "#shared" (the shared model, whose vectors are the joint features z), one field per
-- entry a rewarded context touched (contexts are sparse: with s non-zero slots a reward touches s (s + 1) / 2 + s
-- entries, 27 for s = 6, of the d (d + 1) / 2 + d a dense arm holds):
--   <entry>:#n        the rewards added (entry: the arm, or "#shared")
--   <arm>:#b:<i>      b[i] = sum of r x[i]
--   <arm>:#g:<i>:<j>  S[i][j] = sum of x[i] x[j], i <= j (the upper triangle)
--
-- A batch of rewards is added in two steps, as lib/moments.lua does for the arms' moments: linear_add sums each
-- reward's contribution per field in a Lua table keyed by slot numbers, in the order of the batch, and
-- linear_flush reads every touched field once, adds its batch sum in double precision and writes it back with 17
-- significant digits, which a double survives exactly. Reading, formatting and naming the fields is most of the
-- cost (measured by bench/run: a shared-model reward with 35 slots touches about 670 fields), so a field that many
-- rewards of a batch touch is paid once per batch instead of once per reward. The in-memory store groups its
-- batches the same way (MutableStats.addLinear and flushLinear), so both hold the same totals bit for bit.

local linear_batch = {}
local linear_entries = {}

-- Adds reward r of the features in spec ("<slot>:<value>" separated by spaces, slots increasing) to the batch's
-- sums of entry (the caller's: an arm, or "#shared").
local function linear_add(entry, spec, r)
  local sums = linear_batch[entry]
  if not sums then
    sums = {n = 0, b = {}, g = {}}
    linear_batch[entry] = sums
    linear_entries[#linear_entries + 1] = entry
  end
  local slots, values = {}, {}
  for slot, value in string.gmatch(spec, '(%d+):(%S+)') do
    slots[#slots + 1] = tonumber(slot)
    values[#values + 1] = tonumber(value)
  end
  sums.n = sums.n + 1
  local b, g = sums.b, sums.g
  for a = 1, #slots do
    local sa, va = slots[a], values[a]
    b[sa] = (b[sa] or 0) + r * va
    for c = a, #slots do
      local k = sa * 256 + slots[c]
      g[k] = (g[k] or 0) + va * values[c]
    end
  end
end

-- Writes the batch's sums into the stats hash at key: one HMGET and one HSET per entry touched.
local function linear_flush(key)
  for _, entry in ipairs(linear_entries) do
    local sums = linear_batch[entry]
    local fields, deltas = {entry .. ':#n'}, {sums.n}
    for slot, sum in pairs(sums.b) do
      fields[#fields + 1] = entry .. ':#b:' .. slot
      deltas[#deltas + 1] = sum
    end
    for k, sum in pairs(sums.g) do
      fields[#fields + 1] = entry .. ':#g:' .. math.floor(k / 256) .. ':' .. (k % 256)
      deltas[#deltas + 1] = sum
    end
    local old = redis.call('HMGET', key, unpack(fields))
    local writes = {}
    for f = 1, #fields do
      writes[#writes + 1] = fields[f]
      writes[#writes + 1] = string.format('%.17g', (tonumber(old[f]) or 0) + deltas[f])
    end
    redis.call('HSET', key, unpack(writes))
  end
end
