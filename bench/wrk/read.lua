-- GET /api/v1/cases/{id} for random ids in 1..HOTLINE_CASES (default 1,000,000), as an agent.
--   HOTLINE_TOKEN=... HOTLINE_CASES=1000000 wrk -t2 -c64 -d15s -s bench/wrk/read.lua http://127.0.0.1:8080
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")

local token = common.token()
local cases = tonumber(os.getenv("HOTLINE_CASES") or "1000000")
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end

function init(args)
  common.seed(tid or 0)
end

function request()
  local id = math.random(1, cases)
  return wrk.format("GET", "/api/v1/cases/" .. id, {["Authorization"] = "Bearer " .. token})
end

local bad = 0
function response(status, headers, body)
  if status ~= 200 and bad < 3 then
    bad = bad + 1
    io.stderr:write("read.lua: HTTP " .. status .. " " .. body:sub(1, 200) .. "\n")
  end
end
