// Hot issues, surges and caller flags over HTTP: the demo city's hot story, refusals by role and
// scope, the escalation trail with versions, caller flags with masked phones, the admin settings,
// and a surge raised exactly once whose later cases join it across a server restart.
#include "tests/api/harness.h"

namespace hotline::apitest {
namespace {

class Hotspots : public ApiTest {
 protected:
  static bj::object OpenSurge() {
    auto r = Get("supervisor", "/api/v1/surges");
    EXPECT_EQ(r.status, 200) << r.body;
    for (const auto& s : r.obj().at("items").as_array())
      if (Str(s.as_object(), "term") == "停水") return s.as_object();
    ADD_FAILURE() << "the demo surge is missing: " << r.body;
    return {};
  }
};

TEST_F(Hotspots, TheDemoWeekShowsRisingTermsClustersAndPlaces) {
  auto r = Get("leader", "/api/v1/hotspots");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& o = r.obj();
  EXPECT_GT(Int(o, "cases"), 50);
  EXPECT_GE(Int(o, "baseline_periods"), 1);
  bool water = false, noise = false;
  std::string water_id;
  for (const auto& t : o.at("terms").as_array()) {
    std::string label = Str(t.as_object(), "label");
    if (label.find("停水") != std::string::npos) {
      water = true;
      water_id = Str(t.as_object(), "id");
      EXPECT_EQ(Int(t.as_object(), "case_count"), 34);
      EXPECT_GE(t.as_object().at("burst").to_number<double>(), 3.0);
    }
    if (label.find("噪音") != std::string::npos || label.find("施工") != std::string::npos)
      noise = true;
  }
  EXPECT_TRUE(water) << r.body;
  EXPECT_TRUE(noise) << r.body;
  EXPECT_FALSE(o.at("clusters").as_array().empty());
  bool street = false;
  for (const auto& pl : o.at("places").as_array())
    if (Str(pl.as_object(), "label") == "马王堆街道") {
      street = true;
      EXPECT_EQ(Str(pl.as_object(), "place_kind"), "street");
      EXPECT_GE(Int(pl.as_object(), "case_count"), 34);
    }
  EXPECT_TRUE(street) << r.body;

  // The cases behind the term, paged, masked for the leader.
  auto cases = Get("leader", "/api/v1/hotspots/" + water_id + "/cases?limit=20");
  ASSERT_EQ(cases.status, 200) << cases.body;
  EXPECT_EQ(Int(cases.obj(), "total"), 34);
  ASSERT_EQ(cases.obj().at("items").as_array().size(), 20u);
  const auto& first = cases.obj().at("items").as_array().at(0).as_object();
  EXPECT_NE(Str(first.at("citizen").as_object(), "phone").find("****"), std::string::npos);
  auto next = Get("leader", "/api/v1/hotspots/" + water_id +
                                "/cases?limit=20&cursor=" + Str(cases.obj(), "next_cursor"));
  ASSERT_EQ(next.status, 200);
  EXPECT_EQ(next.obj().at("items").as_array().size(), 14u);
  EXPECT_TRUE(next.obj().at("next_cursor").is_null() || Str(next.obj(), "next_cursor").empty());
  EXPECT_EQ(Get("leader", "/api/v1/hotspots/t-00/cases").status, 404);
}

TEST_F(Hotspots, FiltersAndBadInput) {
  auto jx = Get("supervisor", "/api/v1/hotspots?district_id=" + UnitId("jx"));
  ASSERT_EQ(jx.status, 200) << jx.body;
  for (const auto& t : jx.obj().at("terms").as_array())
    EXPECT_EQ(Str(t.as_object(), "label").find("停水"), std::string::npos)
        << "江东区's outage leaked into 江西区";
  EXPECT_EQ(Get("supervisor", "/api/v1/hotspots?district_id=" + UnitId("zjj")).ErrorField(),
            "district_id");
  EXPECT_EQ(Get("supervisor", "/api/v1/hotspots?category_id=999999").ErrorField(), "category_id");
  EXPECT_EQ(Get("supervisor", "/api/v1/hotspots?from=yesterday").ErrorField(), "from");
  EXPECT_EQ(Get("supervisor", "/api/v1/hotspots?from=2026-01-01&to=2026-03-01").status, 400);
  EXPECT_EQ(Get("supervisor", "/api/v1/hotspots?from=2026-03-01&to=2026-01-01").status, 400);
  EXPECT_EQ(Get("supervisor", "/api/v1/surges?status=bogus").ErrorField(), "status");
  EXPECT_EQ(Get("supervisor", "/api/v1/hotspots/t-00/cases?cursor=abc").ErrorField(), "cursor");
}

TEST_F(Hotspots, RolesAndScope) {
  EXPECT_EQ(Get("agent", "/api/v1/hotspots").status, 403);
  EXPECT_EQ(Get("auditor", "/api/v1/hotspots").status, 403);
  EXPECT_EQ(Get("auditor", "/api/v1/surges").status, 403);
  EXPECT_EQ(Raw(http::verb::get, "/api/v1/hotspots").status, 401);
  // A street outside the outage sees neither the outage cases nor the surge.
  auto other = Get("jx-xh.handler", "/api/v1/hotspots");
  ASSERT_EQ(other.status, 200) << other.body;
  for (const auto& t : other.obj().at("terms").as_array())
    EXPECT_EQ(Str(t.as_object(), "label").find("停水"), std::string::npos);
  auto s_other = Get("jx-xh.handler", "/api/v1/surges");
  ASSERT_EQ(s_other.status, 200);
  EXPECT_EQ(Int(s_other.obj(), "total"), 0);
  auto surge = OpenSurge();
  EXPECT_EQ(Get("jx-xh.handler", "/api/v1/surges/" + Str(surge, "id")).status, 404);
  // The district sub-centre of the outage sees the surge.
  auto jd = Get("jd.admin", "/api/v1/surges");
  ASSERT_EQ(jd.status, 200);
  EXPECT_EQ(Int(jd.obj(), "total"), 1);
  EXPECT_EQ(Post("jd.admin", "/api/v1/surges/" + Str(surge, "id") + "/actions/acknowledge",
                 bj::object{{"version", Int(surge, "version")}})
                .status,
            403);
  // Config: read by the centre, written by the admin only.
  EXPECT_EQ(Get("supervisor", "/api/v1/admin/hotspot-config").status, 200);
  EXPECT_EQ(Raw(http::verb::put, "/api/v1/admin/hotspot-config", "{\"surge_min_cases\":5}",
                {{"Authorization", "Bearer " + Login("supervisor")}})
                .status,
            403);
}

TEST_F(Hotspots, SurgeEscalationTrailWithVersions) {
  auto surge = OpenSurge();
  ASSERT_FALSE(surge.empty());
  const std::string id = Str(surge, "id");
  EXPECT_EQ(Str(surge, "status"), "open");
  EXPECT_EQ(Int(surge, "case_count"), 34);
  EXPECT_EQ(Str(surge, "place_name"), "马王堆街道");
  auto detail = Get("supervisor", "/api/v1/surges/" + id);
  ASSERT_EQ(detail.status, 200);
  EXPECT_EQ(detail.obj().at("cases").as_array().size(), 34u);
  ASSERT_EQ(detail.obj().at("trail").as_array().size(), 1u);
  EXPECT_EQ(Str(detail.obj().at("trail").as_array()[0].as_object(), "action"), "raised");

  const std::string base = "/api/v1/surges/" + id + "/actions/";
  int64_t v = Int(surge, "version");
  EXPECT_EQ(Post("supervisor", base + "escalate", bj::object{{"version", v}}).ErrorField(), "note");
  EXPECT_EQ(Post("supervisor", base + "acknowledge", bj::object{}).ErrorField(), "version");
  EXPECT_EQ(Post("supervisor", base + "dance", bj::object{{"version", v}}).status, 404);
  auto ack = Post("supervisor", base + "acknowledge",
                  bj::object{{"version", v}, {"note", "已联系自来水公司核实"}});
  ASSERT_EQ(ack.status, 200) << ack.body;
  EXPECT_EQ(Str(ack.obj(), "status"), "acknowledged");
  EXPECT_EQ(Post("supervisor", base + "acknowledge", bj::object{{"version", v}}).ErrorCode(),
            "stale_version");
  v = Int(ack.obj(), "version");
  EXPECT_EQ(Post("supervisor", base + "acknowledge", bj::object{{"version", v}}).ErrorCode(),
            "invalid_transition");
  EXPECT_EQ(Post("leader", base + "escalate", bj::object{{"version", v}, {"note", "x"}}).status,
            403);
  auto esc = Post("supervisor", base + "escalate",
                  bj::object{{"version", v}, {"note", "影响约两千户，请分管领导协调"}});
  ASSERT_EQ(esc.status, 200) << esc.body;
  EXPECT_EQ(Str(esc.obj(), "status"), "escalated");
  v = Int(esc.obj(), "version");
  auto lack = Post("leader", base + "acknowledge",
                   bj::object{{"version", v}, {"note", "已阅，请水务集团连夜抢修"}});
  ASSERT_EQ(lack.status, 200) << lack.body;
  EXPECT_EQ(Str(lack.obj(), "status"), "escalated");
  v = Int(lack.obj(), "version");
  EXPECT_EQ(Post("leader", base + "close", bj::object{{"version", v}}).ErrorField(), "note");
  auto close = Post("leader", base + "close",
                    bj::object{{"version", v}, {"note", "管网已修复，21时恢复供水"}});
  ASSERT_EQ(close.status, 200) << close.body;
  EXPECT_EQ(Str(close.obj(), "status"), "closed");
  EXPECT_TRUE(close.obj().at("allowed_actions").as_array().empty());
  auto trail = Get("leader", "/api/v1/surges/" + id).obj().at("trail").as_array();
  std::vector<std::string> actions;
  for (const auto& e : trail) actions.push_back(Str(e.as_object(), "action"));
  EXPECT_EQ(actions, (std::vector<std::string>{"raised", "acknowledged", "escalated",
                                               "acknowledged", "closed"}));
  EXPECT_EQ(Str(trail[2].as_object().at("actor").as_object(), "name"), "赵强");
  // Auditable.
  auto audit = Get("auditor", "/api/v1/audit?actor=supervisor&limit=500");
  ASSERT_EQ(audit.status, 200);
  EXPECT_NE(audit.body.find("surge_escalated"), std::string::npos);
  EXPECT_NE(Get("auditor", "/api/v1/audit?actor=leader&limit=500").body.find("surge_closed"),
            std::string::npos);
  EXPECT_EQ(
      Int(Get("supervisor", "/api/v1/surges?status=open,acknowledged,escalated").obj(), "total"),
      0);
}

TEST_F(Hotspots, CallerFlagsMaskedAndAudited) {
  for (int i = 0; i < 5; ++i)
    Register(NewCaseBody("第" + std::to_string(i + 1) + "次来电：楼道灯坏了", "13900002222"));
  auto list = Get("supervisor", "/api/v1/callers/flags");
  ASSERT_EQ(list.status, 200) << list.body;
  bool malicious = false, repeat = false;
  for (const auto& e : list.obj().at("items").as_array()) {
    std::string phone = Str(e.as_object(), "phone");
    EXPECT_NE(phone.find("****"), std::string::npos)
        << "unmasked phone for a supervisor: " << phone;
    for (const auto& k : e.as_object().at("kinds").as_array()) {
      malicious = malicious || k.as_string() == "malicious";
      repeat = repeat || k.as_string() == "repeat";
    }
  }
  EXPECT_TRUE(malicious) << list.body;
  EXPECT_TRUE(repeat) << list.body;
  EXPECT_EQ(Get("agent", "/api/v1/callers/flags").status, 403);
  EXPECT_EQ(Get("zjj.handler", "/api/v1/callers/flags").status, 403);

  // An agent flags the caller of a new case; the intake screen pop shows it.
  auto c = Register(NewCaseBody("又是这个人打来骂人", "13900001111"));
  std::string id = Str(c, "id");
  EXPECT_EQ(Post("agent", "/api/v1/callers/flags", bj::object{{"case_id", id}}).ErrorField(),
            "reason");
  EXPECT_EQ(
      Post("zjj.handler", "/api/v1/callers/flags", bj::object{{"case_id", id}, {"reason", "x"}})
          .status,
      403);
  auto f =
      Post("agent", "/api/v1/callers/flags", bj::object{{"case_id", id}, {"reason", "辱骂话务员"}});
  ASSERT_EQ(f.status, 201) << f.body;
  EXPECT_EQ(Str(f.obj(), "phone"), "13900001111");  // the agent sees the number in clear
  EXPECT_EQ(Post("agent", "/api/v1/callers/flags", bj::object{{"case_id", id}, {"reason", "again"}})
                .ErrorCode(),
            "already_flagged");
  auto pop = Get("agent", "/api/v1/callers/13900001111/flag");
  ASSERT_EQ(pop.status, 200) << pop.body;
  EXPECT_TRUE(pop.obj().at("malicious").as_bool());
  EXPECT_EQ(Int(pop.obj(), "cases"), 1);
  EXPECT_FALSE(pop.obj().at("repeat").as_bool());
  auto clean = Get("agent", "/api/v1/callers/13900009999/flag");
  ASSERT_EQ(clean.status, 200);
  EXPECT_FALSE(clean.obj().at("malicious").as_bool());
  EXPECT_EQ(Get("leader", "/api/v1/callers/13900001111/flag").status, 403);
  // Unflag with a reason: supervisors and dispatchers only.
  const std::string flag_id = Str(f.obj(), "id");
  EXPECT_EQ(
      Post("agent", "/api/v1/callers/flags/" + flag_id + "/unflag", bj::object{{"reason", "误标"}})
          .status,
      403);
  EXPECT_EQ(
      Post("supervisor", "/api/v1/callers/flags/" + flag_id + "/unflag", bj::object{}).ErrorField(),
      "reason");
  ASSERT_EQ(Post("supervisor", "/api/v1/callers/flags/" + flag_id + "/unflag",
                 bj::object{{"reason", "误标"}})
                .status,
            200);
  EXPECT_EQ(Post("supervisor", "/api/v1/callers/flags/" + flag_id + "/unflag",
                 bj::object{{"reason", "误标"}})
                .status,
            409);
  EXPECT_EQ(
      Post("supervisor", "/api/v1/callers/flags/999999/unflag", bj::object{{"reason", "误标"}})
          .status,
      404);
  EXPECT_FALSE(Get("agent", "/api/v1/callers/13900001111/flag").obj().at("malicious").as_bool());
  auto audit = Get("auditor", "/api/v1/audit?actor=agent&limit=500");
  EXPECT_NE(audit.body.find("caller_flagged"), std::string::npos);
  EXPECT_EQ(audit.body.find("13900001111"), std::string::npos) << "a phone in the audit trail";
}

TEST_F(Hotspots, AdminConfigIsValidated) {
  auto put = [](const std::string& body) {
    return Raw(http::verb::put, "/api/v1/admin/hotspot-config", body,
               {{"Authorization", "Bearer " + Login("admin")}});
  };
  EXPECT_EQ(put("{\"surge_min_cases\":0}").ErrorField(), "surge_min_cases");
  EXPECT_EQ(put("{\"what\":1}").ErrorField(), "what");
  EXPECT_EQ(put("[1]").status, 400);
  auto ok = put("{\"surge_min_cases\":25,\"surge_watch_terms\":[\"停水\",\"停电\"]}");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(Int(ok.obj(), "surge_min_cases"), 25);
  EXPECT_EQ(Int(ok.obj(), "window_days"), 7);
  EXPECT_EQ(Int(Get("admin", "/api/v1/admin/hotspot-config").obj(), "surge_min_cases"), 25);
  ASSERT_EQ(
      put("{\"surge_min_cases\":30,\"surge_watch_terms\":[\"停水\",\"停电\",\"断水\",\"断电\","
          "\"停气\",\"漏水\",\"爆管\",\"燃气\",\"积水\",\"内涝\",\"塌陷\",\"火灾\"]}")
          .status,
      200);
}

// A surge raised by the running server exactly once; later cases join it, also after a restart.
class SurgeLive : public ApiTest {
 protected:
  static bj::object OutageCase(int n) {
    return bj::object{
        {"type", "help"},
        {"channel", "phone"},
        {"content", "南湖花园" + std::to_string(n) + "栋突然停电，电梯里还困着人"},
        {"citizen", bj::object{{"name", "钱七"}, {"phone", "1370000" + std::to_string(1000 + n)}}},
        {"location",
         bj::object{{"address", "江城市临江区星沙街道南湖花园" + std::to_string(n) + "栋"},
                    {"district_id", UnitId("lj")}}}};
  }
  static std::vector<bj::object> PowerSurges() {
    std::vector<bj::object> out;
    auto r = Get("supervisor", "/api/v1/surges");
    for (const auto& s : r.obj().at("items").as_array())
      if (Str(s.as_object(), "term") == "停电") out.push_back(s.as_object());
    return out;
  }
  static std::vector<bj::object> WaitForPowerSurge(int64_t cases) {
    for (int i = 0; i < 100; ++i) {
      auto s = PowerSurges();
      if (!s.empty() && Int(s[0], "case_count") >= cases) return s;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return PowerSurges();
  }
};

TEST_F(SurgeLive, RaisedOnceLaterCasesJoinAcrossARestart) {
  auto put = Raw(http::verb::put, "/api/v1/admin/hotspot-config", "{\"surge_min_cases\":4}",
                 {{"Authorization", "Bearer " + Login("admin")}});
  ASSERT_EQ(put.status, 200) << put.body;
  for (int i = 0; i < 3; ++i) Register(OutageCase(i));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_TRUE(PowerSurges().empty()) << "raised below the threshold";
  Register(OutageCase(3));
  auto s = WaitForPowerSurge(4);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(Int(s[0], "case_count"), 4);
  EXPECT_EQ(Str(s[0], "place_name"), "星沙街道");
  Register(OutageCase(4));
  s = WaitForPowerSurge(5);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(Int(s[0], "case_count"), 5);

  // Restart the server on the same data; register while it is down-and-up.
  server_->Stop();
  std::string data = server_->dir + "/data";
  server_->pid = ::fork();
  if (server_->pid == 0) {
    int fd = ::open(server_->log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    std::string listen = "127.0.0.1:" + std::to_string(server_->port);
    ::execl(HOTLINE_BINARY, HOTLINE_BINARY, "serve", "--data", data.c_str(), "--listen",
            listen.c_str(), "--workers", "4", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  bool up = false;
  for (int i = 0; i < 200 && !up; ++i) {
    up = DoRequest(server_->port, http::verb::get, "/healthz").status == 200;
    if (!up) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(up) << server_->Log();
  tokens_->clear();
  for (int i = 5; i < 8; ++i) Register(OutageCase(i));
  s = WaitForPowerSurge(8);
  ASSERT_EQ(s.size(), 1u) << "raised a second time after the restart";
  EXPECT_EQ(Int(s[0], "case_count"), 8);
  auto detail = Get("supervisor", "/api/v1/surges/" + Str(s[0], "id"));
  EXPECT_EQ(detail.obj().at("cases").as_array().size(), 8u);
  EXPECT_EQ(detail.obj().at("trail").as_array().size(), 1u);
}

}  // namespace
}  // namespace hotline::apitest
