-- wrk script: the public site's reads (published letters list and detail, monthly statistics of the
-- last 12 months) as many different clients. Run the server with --trusted-proxy 127.0.0.1 so that
-- the random X-Forwarded-For below spreads the requests over many rate-limit buckets (one client
-- alone is limited to 120 reads a minute, which is what the limit is for).
--   wrk -t2 -c64 -d15s --latency -s bench/wrk/public.lua http://127.0.0.1:18090/
local n = 0
local months = {}
for i = 0, 11 do
  local t = os.time() - i * 30 * 86400
  months[#months + 1] = os.date("%Y-%m", t)
end
request = function()
  n = n + 1
  local ip = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
  local path
  local k = n % 4
  if k == 0 then
    path = "/api/v1/public/letters?limit=10"
  elseif k == 1 then
    path = "/api/v1/public/letters/" .. math.random(1, 20)
  elseif k == 2 then
    path = "/api/v1/public/stats?month=" .. months[math.random(1, #months)]
  else
    path = "/api/v1/public/letters?type=complaint&limit=10"
  end
  return wrk.format("GET", path, { ["X-Forwarded-For"] = ip })
end
