-- POST /api/v1/cases: a citizen's call registered by an agent, with a unique Idempotency-Key per
-- request (so every request is a new case). The reply (201) comes only after the case is fsynced.
--   HOTLINE_TOKEN=... wrk -t2 -c64 -d15s -s bench/wrk/register.lua http://127.0.0.1:8080
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")

local token = common.token()
local counter = 0

local bodies = {
  [[{"type":"complaint","channel":"phone","title":"小区夜间施工噪音扰民","content":"市民反映：江东区马王堆街道五一大道197号附近工地连续一周晚上十一点以后仍在施工，噪音很大，影响老人和孩子休息，希望相关部门尽快核查处理。","urgent":false,"citizen":{"name":"张伟","phone":"13812345678"},"location":{"address":"江城市江东区马王堆街道五一大道197号"}}]],
  [[{"type":"help","channel":"phone","title":"路灯损坏多日未修","content":"市民来电：江北区解放路与人民路交叉口的三盏路灯已经坏了十多天，晚上路过很不安全，请尽快派人维修。","citizen":{"name":"李娜","phone":"13987654321"},"location":{"address":"江城市江北区解放路与人民路交叉口"}}]],
  [[{"type":"consultation","channel":"web","title":"咨询公积金提取条件","content":"您好，我想咨询一下租房提取住房公积金需要哪些材料，每年可以提取几次，网上能否办理？","citizen":{"name":"王芳","phone":"15011112222"}}]],
  [[{"type":"report","channel":"phone","title":"餐馆后厨卫生问题","content":"市民举报：城南路一家小餐馆后厨卫生条件很差，污水直接排到路边下水道，气味难闻，请市场监管部门检查。","confidential":true,"citizen":{"name":"刘洋","phone":"18623456789"},"location":{"address":"江城市城南路"}}]],
  [[{"type":"suggestion","channel":"app","title":"建议增加公交线路","content":"建议在新建的滨江花园小区附近增设一条公交线路，目前居民出行需步行一公里以上才能坐车，早晚高峰很不方便。","citizen":{"name":"陈静","phone":"13700001111"}}]],
}

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end

local seq = 0
local prefix
function init(args)
  common.seed(tid or 0)
  prefix = string.format("bench-%d-%d-%d-", os.time(), tid or 0, math.random(1, 1000000000))
end

function request()
  seq = seq + 1
  return wrk.format("POST", "/api/v1/cases", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = prefix .. seq,
  }, bodies[(seq % #bodies) + 1])
end

local bad = 0
function response(status, headers, body)
  if status ~= 201 and bad < 3 then
    bad = bad + 1
    io.stderr:write("register.lua: HTTP " .. status .. " " .. body:sub(1, 200) .. "\n")
  end
end
