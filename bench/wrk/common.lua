-- Shared by the wrk scripts: the bearer token (env HOTLINE_TOKEN, or the file named by
-- HOTLINE_TOKEN_FILE, default bench/out/token) and a per-thread random seed.
local M = {}

function M.token()
  local t = os.getenv("HOTLINE_TOKEN")
  if t and #t > 0 then return t end
  local path = os.getenv("HOTLINE_TOKEN_FILE") or "bench/out/token"
  local f = io.open(path, "r")
  if not f then error("no token: set HOTLINE_TOKEN or write it to " .. path) end
  t = f:read("*l")
  f:close()
  return t
end

-- wrk runs each thread in its own Lua state; seed each differently.
local seeded = 0
function M.seed(extra)
  seeded = seeded + 1
  math.randomseed(os.time() + (extra or 0) * 7919 + seeded)
end

return M
