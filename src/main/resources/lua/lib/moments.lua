-- Shared by the scripts that update statistics (prepended to each when it is loaded).
--
-- Statistics hash fields, all of one experiment:
--   <arm>:n            pulls of the arm (integer, HINCRBY)
--   <arm>:units        units counted in the arm (integer, HINCRBY)
--   <arm>:<metric>     decision-level values received: "count sum m2" (see add_value)
--   <arm>:<metric>:u   unit-level power sums: 29 numbers, see update_units
-- Unit records (hash field = unit key, one hash per experiment):
--   "<arm> <exposures>" then per metric ";<metric> <count> <sum> <pre>", <pre> "-" until a covariate is sent;
--   <arm> is "-" while the unit has a covariate but no exposure yet. A unit is counted once it has an exposure
--   or a value; it is analysed in the arm it was first counted in (intent to treat).

-- A number as text that reads back exactly: whole numbers plainly, others with 17 significant digits.
local function fmt(x)
  if x == math.floor(x) and x > -1e15 and x < 1e15 then
    return string.format('%d', x)
  end
  return string.format('%.17g', x)
end

-- Per script run: the moments touched and the units newly counted per arm, written back once by flush_moments.
local cache = {}
local new_units = {}

local function load_vector(stats_key, field)
  local v = cache[field]
  if v then
    return v
  end
  local raw = redis.call('HGET', stats_key, field)
  v = {}
  if raw then
    for number in string.gmatch(raw, '%S+') do
      v[#v + 1] = tonumber(number)
    end
  end
  cache[field] = v
  return v
end

local function flush_moments(stats_key)
  local args = {}
  for field, v in pairs(cache) do
    args[#args + 1] = field
    local parts = {}
    for i = 1, #v do
      parts[i] = fmt(v[i])
    end
    args[#args + 1] = table.concat(parts, ' ')
  end
  if #args > 0 then
    redis.call('HSET', stats_key, unpack(args))
  end
  for arm, count in pairs(new_units) do
    redis.call('HINCRBY', stats_key, arm .. ':units', count)
  end
  cache = {}
  new_units = {}
end

-- Decision-level: "count sum m2" with one more value. The sum is kept as such (exact for whole numbers, so counts of
-- successes stay exact); m2, the sum of squared deviations, by Welford's update with the means before and after.
local function add_value(stats_key, arm, metric, value)
  local v = load_vector(stats_key, arm .. ':' .. metric)
  if #v == 0 then
    v[1], v[2], v[3] = 0, 0, 0
  end
  local before = v[1] > 0 and v[2] / v[1] or 0
  v[1] = v[1] + 1
  v[2] = v[2] + value
  v[3] = v[3] + (value - before) * (value - v[2] / v[1])
end

-- Unit-level: the power sums of the units' points z = {x, y, v, p} (n, then sum z_i for each i, then sum z_i z_j
-- for i <= j), each kept as an unevaluated sum of two doubles (hi, lo) and updated with error-free
-- transformations (Knuth's TwoSum, Dekker's TwoProduct; Shewchuk, "Adaptive Precision Floating-Point
-- Arithmetic", 1997). Every update is then exact to about 2^-104 of the sums, so a unit whose value moves from 0
-- to a large one (its first reward) leaves no rounding behind, and centred moments computed from the sums keep
-- their digits at any offset. dev.lever.store.PowerSums does the same in Java.
local function two_sum(a, b)
  local s = a + b
  local bb = s - a
  return s, (a - (s - bb)) + (b - bb)
end

local function quick_two_sum(a, b)
  local s = a + b
  return s, b - (s - a)
end

local SPLITTER = 134217729 -- 2^27 + 1

local function split(a)
  local c = SPLITTER * a
  local hi = c - (c - a)
  return hi, a - hi
end

local function two_product(a, b)
  local p = a * b
  local ah, al = split(a)
  local bh, bl = split(b)
  return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl
end

-- v[k], v[k + 1] (hi, lo) += (b_hi, b_lo), the accurate double-double addition.
local function dd_add(v, k, b_hi, b_lo)
  local s1, s2 = two_sum(v[k], b_hi)
  local t1, t2 = two_sum(v[k + 1], b_lo)
  s2 = s2 + t1
  s1, s2 = quick_two_sum(s1, s2)
  s2 = s2 + t2
  v[k], v[k + 1] = quick_two_sum(s1, s2)
end

-- Replaces one unit's point old by new (either may be nil: a unit added or removed) in the power sums v: 1 + 2 * 14
-- numbers, see PowerSums. Only the sums whose terms change are touched: an exposure changes x alone, so it updates
-- 5 of the 14 sums of a binary metric and none of a continuous one.
local function update_units(v, old, new)
  if #v == 0 then
    for i = 1, 29 do
      v[i] = 0
    end
  end
  if not old then
    v[1] = v[1] + 1
  elseif not new then
    v[1] = v[1] - 1
  end
  local k = 2
  for i = 1, 4 do
    local a, b = old and old[i] or 0, new and new[i] or 0
    if a ~= b then
      dd_add(v, k, b, 0)
      dd_add(v, k, -a, 0)
    end
    k = k + 2
  end
  for i = 1, 4 do
    for j = i, 4 do
      -- A term that is 0 before and after (a unit that never converted, a metric without covariates) is skipped.
      local a = old and old[i] * old[j] or 0
      local b = new and new[i] * new[j] or 0
      if a ~= 0 or b ~= 0 then
        if not old or not new or old[i] ~= new[i] or old[j] ~= new[j] then
          if b ~= 0 then
            local p, e = two_product(new[i], new[j])
            dd_add(v, k, p, e)
          end
          if a ~= 0 then
            local p, e = two_product(old[i], old[j])
            dd_add(v, k, -p, -e)
          end
        end
      end
      k = k + 2
    end
  end
end

local function parse_unit(raw, arm)
  local unit = {arm = arm, e = 0, metrics = {}, order = {}}
  if not raw then
    return unit
  end
  local first = true
  for part in string.gmatch(raw, '[^;]+') do
    if first then
      local a, e = string.match(part, '^(%S+) (%S+)$')
      unit.arm, unit.e = a, tonumber(e)
      first = false
    else
      local id, c, y, p = string.match(part, '^(%S+) (%S+) (%S+) (%S+)$')
      unit.metrics[id] = {c = tonumber(c), y = tonumber(y), p = p ~= '-' and tonumber(p) or nil}
      unit.order[#unit.order + 1] = id
    end
  end
  return unit
end

local function format_unit(unit)
  local parts = {unit.arm .. ' ' .. unit.e}
  for _, id in ipairs(unit.order) do
    local m = unit.metrics[id]
    parts[#parts + 1] = id .. ' ' .. m.c .. ' ' .. fmt(m.y) .. ' ' .. (m.p and fmt(m.p) or '-')
  end
  return table.concat(parts, ';')
end

local function is_counted(unit)
  if unit.e > 0 then
    return true
  end
  for _, m in pairs(unit.metrics) do
    if m.c > 0 then
      return true
    end
  end
  return false
end

local function metric_of(unit, id)
  local m = unit.metrics[id]
  if not m then
    m = {c = 0, y = 0}
    unit.metrics[id] = m
    unit.order[#unit.order + 1] = id
  end
  return m
end

-- The unit's point for one metric: x = exposures (binary) or values received (continuous).
local function point(unit, m, binary)
  local y = m.y
  return {binary and unit.e or m.c, y, y > 0 and 1 or 0, m.p or 0}
end

-- Parses "id:b id:c ..." (b binary, c continuous) into a list of {id, binary}.
local function parse_metrics(spec)
  local metrics = {}
  for id, kind in string.gmatch(spec, '([^%s:]+):([bc])') do
    metrics[#metrics + 1] = {id = id, binary = kind == 'b'}
  end
  return metrics
end

-- Applies change(unit) to the unit record under units_key, keeping every metric's unit-level moments in step.
-- arm: the arm to record for a unit seen for the first time (or "-" for none yet).
local function touch_unit(stats_key, units_key, unit_key, arm, metrics, change)
  local unit = parse_unit(redis.call('HGET', units_key, unit_key), arm)
  local was_counted = is_counted(unit)
  local before = {}
  if was_counted then
    for _, metric in ipairs(metrics) do
      local m = unit.metrics[metric.id]
      if m then
        before[metric.id] = point(unit, m, metric.binary)
      end
    end
  end
  if unit.arm == '-' then
    unit.arm = arm
  end
  change(unit)
  if is_counted(unit) then
    if not was_counted then
      new_units[unit.arm] = (new_units[unit.arm] or 0) + 1
    end
    for _, metric in ipairs(metrics) do
      local m = metric_of(unit, metric.id)
      local old, new = before[metric.id], point(unit, m, metric.binary)
      if not old or old[1] ~= new[1] or old[2] ~= new[2] or old[4] ~= new[4] then
        update_units(load_vector(stats_key, unit.arm .. ':' .. metric.id .. ':u'), old, new)
      end
    end
  end
  redis.call('HSET', units_key, unit_key, format_unit(unit))
end

-- Sets a unit's covariates from pairs of metric id and value in list, starting at index i, count pairs (or up to the
-- end of list when count is nil), unless already set: a unit's first value of a metric counts.
local function set_covariates(unit, list, i, count)
  local last = count and i + 2 * count - 1 or #list
  while i < last do
    local m = metric_of(unit, list[i])
    if not m.p then
      m.p = tonumber(list[i + 1])
    end
    i = i + 2
  end
end
