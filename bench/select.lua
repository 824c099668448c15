-- POST /select on the experiment BENCH_EXPERIMENT. With BENCH_IDS_DIR set, each thread appends the decision ids
-- it receives to BENCH_IDS_DIR/ids-<thread>.txt, for reward.lua.
dofile("bench/common.lua")

local experiment = os.getenv("BENCH_EXPERIMENT")
wrk.method = "POST"
wrk.path = "/select"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"experiment":"' .. experiment .. '"}'

function response(status, headers, body)
  count_response(status)
  record_id(status, body)
end
