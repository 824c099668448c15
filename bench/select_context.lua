-- POST /select on the contextual experiment BENCH_EXPERIMENT, each request with a context of six features drawn at
-- random: two categorical (device, country), two numbers (hour, tenure_days), a boolean and a plan. With
-- BENCH_IDS_DIR set, each thread records the decision ids it receives, for reward.lua.
dofile("bench/common.lua")

local experiment = os.getenv("BENCH_EXPERIMENT")
local devices = {"mobile", "desktop", "tablet"}
local countries = {"de", "fr", "us", "gb", "jp", "br"}
local plans = {"free", "pro", "team"}
post_json("/select", 2000)

function request()
  local context = string.format(
    '{"device":"%s","country":"%s","hour":%d,"tenure_days":%.1f,"returning":%s,"plan":"%s"}',
    devices[math.random(#devices)], countries[math.random(#countries)], math.random(0, 23),
    math.random() * 10, math.random() < 0.5 and "true" or "false", plans[math.random(#plans)])
  return wrk.format(nil, nil, nil, '{"experiment":"' .. experiment .. '","context":' .. context .. '}')
end

function response(status, headers, body)
  count_response(status)
  record_id(status, body)
end
