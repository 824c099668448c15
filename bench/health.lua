-- GET /q/health/live: the server's cheapest endpoint, the baseline.
dofile("bench/common.lua")

wrk.method = "GET"
-- Health checks are open: the baseline sends no key, as Kubernetes' probes do.
wrk.headers["Authorization"] = nil
wrk.path = "/q/health/live"

function response(status, headers, body)
  count_response(status)
end
