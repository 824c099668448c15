-- Shared by the bench scripts: thread numbering, an optional cap on requests per thread, an optional pacing delay,
-- and one machine-readable RESULT line at the end.
--
-- Environment:
--   BENCH_MAX_PER_THREAD  stop a thread after this many responses (0 or unset: no cap; wrk's -d still bounds time)
--   BENCH_DELAY_MS        pause this many milliseconds before each request of a connection (pacing)
--   BENCH_KEY             the API key sent as "Authorization: Bearer <key>" (the packaged service requires one)

local bench_key = os.getenv("BENCH_KEY")
if bench_key and bench_key ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. bench_key
end

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local max_per_thread = tonumber(os.getenv("BENCH_MAX_PER_THREAD") or "0")
local delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
responses = 0
failures = 0

function count_response(status)
  responses = responses + 1
  if status ~= 200 then
    failures = failures + 1
  end
  if max_per_thread > 0 and responses >= max_per_thread then
    wrk.thread:stop()
  end
end

-- Sends every request as a JSON POST to path; a script's request() sets the body. Each thread seeds math.random
-- with seed_base plus its number, so runs repeat.
function post_json(path, seed_base)
  wrk.method = "POST"
  wrk.path = path
  wrk.headers["Content-Type"] = "application/json"
  function init(args)
    math.randomseed(seed_base + id)
  end
end

if delay_ms > 0 then
  function delay()
    return delay_ms
  end
end

-- With BENCH_IDS_DIR set, record_id(status, body) appends each decision id a thread receives to
-- BENCH_IDS_DIR/ids-<thread>.txt, for reward.lua.
local ids_dir = os.getenv("BENCH_IDS_DIR")
local ids

function record_id(status, body)
  if not ids_dir then
    return
  end
  ids = ids or io.open(ids_dir .. "/ids-" .. id .. ".txt", "w")
  if status == 200 then
    ids:write(string.match(body, '"decisionId":"([^"]+)"'), "\n")
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + (thread:get("failures") or 0)
  end
  local errors = summary.errors
  local socket_errors = errors.connect + errors.read + errors.write + errors.timeout
  io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d p999_us=%d non200=%d "
      .. "socket_errors=%d\n", summary.requests, summary.duration, latency:percentile(50),
      latency:percentile(99), latency:percentile(99.9), bad, socket_errors))
end
