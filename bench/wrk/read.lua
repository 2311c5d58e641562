-- GET /api/v1/cases/{id} for random ids in 1..HOTLINE_CASES (default 1,000,000), as an agent.
--   HOTLINE_TOKEN=... HOTLINE_CASES=1000000 wrk -t2 -c64 -d15s -s bench/wrk/read.lua http://127.0.0.1:8080
--
-- Kept lean, because wrk runs on the same cores as the server: the request is one string
-- concatenation (not wrk.format's table walk), and there is no response() hook — with one, wrk
-- hands every ~3.4 KB body and its headers to Lua. wrk still counts non-2xx answers ("Non-2xx or
-- 3xx responses" in its report, which bench/run.sh prints and checks).
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")

local token = common.token()
local cases = tonumber(os.getenv("HOTLINE_CASES") or "1000000")
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end

local host = "127.0.0.1"
local tail
function init(args)
  common.seed(tid or 0)
  host = wrk.host .. (wrk.port and (":" .. wrk.port) or "")
  tail = " HTTP/1.1\r\nHost: " .. host .. "\r\nAuthorization: Bearer " .. token .. "\r\n\r\n"
end

function request()
  return "GET /api/v1/cases/" .. math.random(1, cases) .. tail
end
