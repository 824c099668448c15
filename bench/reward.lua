-- POST /reward by decision id: each thread rewards the decisions its namesake thread of select.lua recorded in
-- BENCH_IDS_DIR/ids-<thread>.txt, each exactly once, and stops when they run out.
dofile("bench/common.lua")

local ids_dir = os.getenv("BENCH_IDS_DIR")
local decisions = {}
local next_decision = 0

wrk.method = "POST"
wrk.path = "/reward"
wrk.headers["Content-Type"] = "application/json"

function init(args)
  for line in io.lines(ids_dir .. "/ids-" .. id .. ".txt") do
    table.insert(decisions, line)
  end
end

function request()
  next_decision = next_decision + 1
  if next_decision > #decisions then
    wrk.thread:stop()
    next_decision = #decisions
  end
  return wrk.format(nil, nil, nil, '{"decisionId":"' .. decisions[next_decision] .. '","reward":1}')
end

function response(status, headers, body)
  count_response(status)
end
