-- Mixed traffic on BENCH_EXPERIMENT: every request is a /select, and 5% of the decisions are followed by a /reward.
dofile("bench/common.lua")

local experiment = os.getenv("BENCH_EXPERIMENT")
local select_body = '{"experiment":"' .. experiment .. '"}'
local pending
local headers = {["Content-Type"] = "application/json", ["Authorization"] = wrk.headers["Authorization"]}

function init(args)
  math.randomseed(1000 + id)
end

function request()
  if pending then
    local body = '{"decisionId":"' .. pending .. '","reward":1}'
    pending = nil
    return wrk.format("POST", "/reward", headers, body)
  end
  return wrk.format("POST", "/select", headers, select_body)
end

function response(status, headers, body)
  count_response(status)
  if status == 200 and math.random() < 0.05 then
    pending = string.match(body, '"decisionId":"([^"]+)"')
  end
end
