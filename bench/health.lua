-- GET /q/health/live: the server's cheapest endpoint, the baseline.
dofile("bench/common.lua")

wrk.method = "GET"
wrk.path = "/q/health/live"

function response(status, headers, body)
  count_response(status)
end
