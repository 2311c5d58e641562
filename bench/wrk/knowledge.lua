-- GET /api/v1/knowledge?q=…&live=true&limit=6 — the intake panel's search as the agent types — with
-- queries drawn from what callers say, as an agent.
--   HOTLINE_TOKEN=... wrk -t2 -c64 -d15s -s bench/wrk/knowledge.lua http://127.0.0.1:8080
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")

local token = common.token()
local queries = {
  "社保 OR 保卡 OR 补办", "停水 OR 报修", "公积金 OR 提取 OR 租房", "落户 OR 新生儿", "停电",
  "燃气 OR 泄漏", "供暖 OR 暖气 OR 不热", "医保 OR 异地 OR 就医", "过户 OR 二手房", "物业 OR 投诉",
  "噪音 OR 扰民", "路灯", "退货 OR 网购", "低保 OR 申请", "身份证 OR 换领", "公交卡 OR 老年卡",
  "入学 OR 报名 OR 小学", "欠薪 OR 工资", "失业金", "居住证",
}
local counter = 0

local function enc(s)
  return (s:gsub("[^%w]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end

function init(args)
  common.seed(tid or 0)
end

function request()
  local q = queries[math.random(1, #queries)]
  return wrk.format("GET", "/api/v1/knowledge?live=true&limit=6&q=" .. enc(q),
                    {["Authorization"] = "Bearer " .. token})
end

local bad = 0
function response(status, headers, body)
  if status ~= 200 and bad < 3 then
    bad = bad + 1
    io.stderr:write("knowledge.lua: HTTP " .. status .. " " .. body:sub(1, 200) .. "\n")
  end
end
