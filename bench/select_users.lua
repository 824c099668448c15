-- POST /select on the user-split experiment BENCH_EXPERIMENT, each request for a user drawn at random from
-- BENCH_USERS users (default 1,000,000), so users come back as they do in production. With BENCH_UNIQUE=1 every
-- request is for a new user instead (thread id and a counter), for the memory per unit.
dofile("bench/common.lua")

local experiment = os.getenv("BENCH_EXPERIMENT")
local users = tonumber(os.getenv("BENCH_USERS") or "1000000")
local unique = os.getenv("BENCH_UNIQUE") == "1"
local counter = 0
post_json("/select", 1000)

function request()
  local unit
  if unique then
    counter = counter + 1
    unit = "t" .. id .. "-" .. counter
  else
    unit = "user-" .. math.random(1, users)
  end
  return wrk.format(nil, nil, nil, '{"experiment":"' .. experiment .. '","unit":"' .. unit .. '"}')
end

function response(status, headers, body)
  count_response(status)
end
