-- POST /select on the experiment BENCH_EXPERIMENT. With BENCH_IDS_DIR set, each thread appends the decision ids
-- it receives to BENCH_IDS_DIR/ids-<thread>.txt, for reward.lua.
dofile("bench/common.lua")

local experiment = os.getenv("BENCH_EXPERIMENT")
local ids_dir = os.getenv("BENCH_IDS_DIR")
wrk.method = "POST"
wrk.path = "/select"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"experiment":"' .. experiment .. '"}'

local ids

function init(args)
  if ids_dir then
    ids = io.open(ids_dir .. "/ids-" .. id .. ".txt", "w")
  end
end

function response(status, headers, body)
  count_response(status)
  if ids and status == 200 then
    ids:write(string.match(body, '"decisionId":"([^"]+)"'), "\n")
  end
end
