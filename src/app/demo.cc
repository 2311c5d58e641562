#include "src/app/demo.h"

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <thread>

#include "src/app/city_dice.h"
#include "src/app/demo_data.h"
#include "src/common/crypto.h"
#include "src/common/json.h"
#include "src/common/time.h"
#include "src/workflow/letters.h"
#include "src/hotspots/config.h"
#include "src/hotspots/watcher.h"

namespace hotline::app {
namespace bj = boost::json;
namespace fs = std::filesystem;
using namespace hotline::domain;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

namespace {

const char* const kCentreRoles[][3] = {
    {"agent", "agent", "王晓丽"},           {"agent2", "agent", "陈静"},
    {"dispatcher", "dispatcher", "李建国"}, {"reviewer", "reviewer", "张敏"},
    {"callback", "callback", "刘芳"},       {"supervisor", "supervisor", "赵强"},
    {"leader", "leader", "孙市长"},         {"admin", "admin", "系统管理员"},
    {"auditor", "auditor", "审计员"},
};

struct Seeded {
  std::map<std::string, std::string> unit_id;      // code → id
  std::map<std::string, std::string> category_id;  // code → id
  std::map<std::string, workflow::Actor> unit_handler;  // unit id → its handler
  std::map<std::string, workflow::Actor> unit_admin;    // unit id → its unit admin
  std::map<std::string, workflow::Actor> centre;        // role name → actor
};

Status SeedKnowledge(Runtime& rt, const std::string& assets, const Seeded& s);

Status SeedReference(Runtime& rt, const DemoData& d, const std::string& assets, Seeded& s) {
  const TimePoint now = rt.clock->Now();
  // Units first (parents before children), so children can point at their parent's id.
  for (const auto& u : d.units) {
    Unit unit;
    unit.code = u.code;
    unit.name = u.name;
    unit.name_en = u.name_en;
    unit.kind = ParseUnitKind(u.kind).value_or(UnitKind::kDepartment);
    unit.parent_id = u.parent.empty() ? "" : s.unit_id.at(u.parent);
    unit.can_dispatch = u.can_dispatch;
    unit.contact_phone = u.contact_phone;
    unit.contact_email = u.contact_email;
    HOTLINE_RETURN_IF_ERROR(rt.store->Write([&](store::WriteTx& tx) { return tx.PutUnit(unit); }));
    HOTLINE_ASSIGN_OR_RETURN(auto tx, rt.store->Read());
    HOTLINE_ASSIGN_OR_RETURN(auto units, tx->ListUnits());
    for (const auto& x : units) s.unit_id[x.code] = x.id;
  }
  // Who is told about cases (notifications): a duty officer per unit, with a (fictional) mobile
  // number and the unit's email, and leaders at the centre and in every district.
  HOTLINE_RETURN_IF_ERROR(rt.store->Write([&](store::WriteTx& tx) -> Status {
    int n = 0;
    for (const auto& u : d.units) {
      ++n;
      char phone[32];
      std::snprintf(phone, sizeof phone, "1390799%04d", n % 10000);
      if (u.kind != "centre") {
        store::NotifyContact duty{"", s.unit_id.at(u.code), "duty", u.name + "值班室", phone,
                                  u.contact_email, "zh-CN", false};
        HOTLINE_RETURN_IF_ERROR(tx.PutNotifyContact(duty));
      }
      if (u.kind == "centre" || u.kind == "district") {
        std::snprintf(phone, sizeof phone, "1370799%04d", n % 10000);
        store::NotifyContact leader{"", s.unit_id.at(u.code), "leader",
                                    u.kind == "centre" ? "分管副市长" : u.name + "分管副区长", phone,
                                    u.kind == "centre" ? "leader@jiangcheng.gov.cn" : "", "zh-CN",
                                    false};
        HOTLINE_RETURN_IF_ERROR(tx.PutNotifyContact(leader));
      }
    }
    return Status::Ok();
  }));
  for (const auto& c : d.categories) {
    Category cat;
    cat.code = c.code;
    cat.name = c.name;
    cat.name_en = c.name_en;
    cat.level = c.level;
    cat.parent_id = c.parent_code.empty() ? "" : s.category_id.at(c.parent_code);
    cat.default_lead_unit_id = c.lead.empty() ? "" : s.unit_id.at(c.lead);
    cat.street_level = c.street_level;
    cat.keywords = c.keywords;
    HOTLINE_RETURN_IF_ERROR(rt.store->Write([&](store::WriteTx& tx) { return tx.PutCategory(cat); }));
    HOTLINE_ASSIGN_OR_RETURN(auto tx, rt.store->Read());
    HOTLINE_ASSIGN_OR_RETURN(auto cats, tx->ListCategories());
    for (const auto& x : cats) s.category_id[x.code] = x.id;
  }
  HOTLINE_RETURN_IF_ERROR(rt.store->Write([&](store::WriteTx& tx) -> Status {
    for (const auto& entry : fs::directory_iterator(fs::path(assets) / "calendar")) {
      if (entry.path().extension() != ".json") continue;
      std::ifstream in(entry.path());
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      HOTLINE_ASSIGN_OR_RETURN(auto y, workflow::ParseYearSchedule(text));
      HOTLINE_RETURN_IF_ERROR(tx.PutCalendarYear({y.year, workflow::YearScheduleToJson(y)}));
    }
    for (const auto& p : workflow::DefaultPolicies())
      HOTLINE_RETURN_IF_ERROR(tx.PutSlaPolicy(p.id, bj::serialize(workflow::PolicyToJson(p))));
    HOTLINE_RETURN_IF_ERROR(tx.PutSetting("city_name", "江城市"));
    HOTLINE_RETURN_IF_ERROR(tx.PutSetting("reopen_window_days", "30"));
    return Status::Ok();
  }));
  // Users: one per centre role, a handler and a unit admin for every unit. Password "demo".
  HOTLINE_ASSIGN_OR_RETURN(std::string hash, HashPassword("demo"));
  std::vector<User> users;
  const std::string centre = s.unit_id.at(d.units[0].code);
  for (const auto& r : kCentreRoles) {
    User u;
    u.username = r[0];
    u.name = r[2];
    u.roles = {*ParseRole(r[1])};
    u.unit_id = centre;
    users.push_back(u);
  }
  for (const auto& du : d.units) {
    if (du.kind == "centre") continue;
    const std::string id = s.unit_id.at(du.code);
    User h;
    h.username = du.code + ".handler";
    h.name = du.name + "承办人";
    h.roles = {Role::kHandler};
    h.unit_id = id;
    users.push_back(h);
    User a;
    a.username = du.code + ".admin";
    a.name = du.name + "管理员";
    a.roles = {Role::kUnitAdmin, Role::kHandler};
    a.unit_id = id;
    users.push_back(a);
  }
  HOTLINE_RETURN_IF_ERROR(rt.store->Write([&](store::WriteTx& tx) -> Status {
    for (auto& u : users) {
      u.password_hash = hash;
      u.created_at = now - days(400);
      HOTLINE_RETURN_IF_ERROR(tx.PutUser(u));
    }
    return Status::Ok();
  }));
  for (const auto& u : users) {
    workflow::Actor a{u.id, u.name, u.roles, u.unit_id};
    if (u.Has(Role::kUnitAdmin)) s.unit_admin[u.unit_id] = a;
    else if (u.Has(Role::kHandler)) s.unit_handler[u.unit_id] = a;
    else s.centre[u.username] = a;
  }
  HOTLINE_RETURN_IF_ERROR(rt.directory->Reload());
  return SeedKnowledge(rt, assets, s);
}

// The demo knowledge base (data/demo/knowledge.json): each article written by its unit's admin
// (the centre's by the reviewer), walked through the real review flow to its demo state
// (published, in review, draft; "valid_until_days" dates it relative to today, so some are
// already expired), then the expiry sweep records the owner units' reminders.
Status SeedKnowledge(Runtime& rt, const std::string& assets, const Seeded& s) {
  std::ifstream in(fs::path(assets) / "demo" / "knowledge.json");
  if (!in) return Status::NotFound("no demo/knowledge.json under " + assets);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  boost::system::error_code ec;
  auto doc = bj::parse(text, ec);
  if (ec || !doc.is_object() || !doc.as_object().contains("articles"))
    return Status::Invalid("demo/knowledge.json is not {\"articles\": [...]}");
  auto& kb = *rt.knowledge;
  const Date today = LocalDate(rt.clock->Now());
  const workflow::Actor& reviewer = s.centre.at("reviewer");
  const workflow::Actor& admin = s.centre.at("admin");
  for (const auto& v : doc.as_object().at("articles").as_array()) {
    bj::object o = v.as_object();
    const std::string unit_code(o.at("unit").as_string());
    const std::string unit_id = s.unit_id.at(unit_code);
    const std::string state(o.at("state").as_string());
    if (auto* d = o.if_contains("valid_until_days"))
      o["valid_until"] = FormatDate(Date(Days(today) + days(d->as_int64())));
    o["unit_id"] = unit_id;
    o.erase("unit");
    o.erase("state");
    o.erase("valid_until_days");
    auto it = s.unit_admin.find(unit_id);
    const workflow::Actor& author = it != s.unit_admin.end() ? it->second : reviewer;
    const workflow::Actor& approver = &author == &reviewer ? admin : reviewer;
    HOTLINE_ASSIGN_OR_RETURN(auto view, kb.Create(author, o));
    if (state == "draft") continue;
    HOTLINE_ASSIGN_OR_RETURN(view,
                             kb.Act(author, view.article.id, "submit", view.article.version, ""));
    if (state == "in_review") continue;
    HOTLINE_ASSIGN_OR_RETURN(
        view, kb.Act(approver, view.article.id, "approve", view.article.version, ""));
  }
  HOTLINE_ASSIGN_OR_RETURN(int reminders, kb.SweepExpiry());
  (void)reminders;
  return Status::Ok();
}

// Walks one case through a plausible life, stopping at "now". Each step moves the case's own
// fake clock; the engine does the real work (checks, deadlines, events).
class CaseLife {
 public:
  CaseLife(Runtime& rt, const Seeded& s, const DemoData& d, std::mt19937_64& rng, FakeClock& clock,
           workflow::Engine& engine, TimePoint real_now)
      : rt_(rt), s_(s), d_(d), rng_(rng), clock_(clock), engine_(engine), now_(real_now) {}

  Status Run(const DemoMessage& m, const DemoCitizen& citizen, TimePoint created) {
    clock_.Set(created);
    // Recent cases are still in the pipeline: a backlog at every step, as a real centre has.
    if (now_ - created < days(10) && Chance(0.6)) steps_left_ = Uniform(0, 7);
    workflow::NewCase in;
    in.type = ParseCaseType(m.type).value_or(CaseType::kHelp);
    in.channel = PickChannel();
    in.title = m.title;
    in.content = m.content;
    in.category_id = s_.category_id.count(m.category) ? s_.category_id.at(m.category) : "";
    in.urgent = Chance(0.04);
    in.confidential = in.type == CaseType::kReport && Chance(0.5);
    in.citizen = {citizen.name, citizen.phone, citizen.id_number.value_or(""), citizen.email.value_or("")};
    in.location.address = m.address;
    in.location.district_id = s_.unit_id.count(m.district) ? s_.unit_id.at(m.district) : "";
    const auto& agent = s_.centre.at(Chance(0.6) ? "agent" : "agent2");
    HOTLINE_ASSIGN_OR_RETURN(c_, engine_.Register(agent, in));
    const auto& dispatcher = s_.centre.at("dispatcher");
    // Some calls end at intake.
    if (Chance(0.02)) return Do(agent, minutes(3), "invalidate", {{"reason", "无效来电：骚扰/空号"}});
    if (Chance(0.008)) return Do(agent, minutes(2), "transfer", {{"to", "110"}, {"note", "涉及治安警情，已转110"}});
    if (in.type == CaseType::kConsultation && Chance(0.6)) {
      HOTLINE_RETURN_IF_ERROR(Do(agent, minutes(6), "answer",
                                 {{"reply", m.reply.empty() ? "已根据知识库政策解答，市民表示清楚。" : json::Utf8Prefix(m.reply, 1500)}}));
      return Callback(false);
    }
    if (Chance(0.02) && last_by_category_.count(in.category_id)) {
      return Do(dispatcher, minutes(20), "merge", {{"parent_id", last_by_category_.at(in.category_id)}});
    }
    last_by_category_[in.category_id] = c_.id;
    return Dispatch(dispatcher, in, 0);
  }

 private:
  Status Dispatch(const workflow::Actor& dispatcher, const workflow::NewCase& in, int attempt) {
    auto dir = rt_.directory->Get();
    auto sug = dir->Suggest(in.category_id, in.location.district_id);
    std::string lead = sug.lead_unit_id.empty() ? s_.unit_id.at("zjj") : sug.lead_unit_id;
    if (attempt > 0) lead = s_.unit_id.at(Chance(0.5) ? "cgj" : "zjj");
    bj::object body{{"lead_unit_id", lead}, {"note", "请按时限办理并及时反馈。"}};
    if (Chance(0.1)) {
      for (const auto& u : dir->units())
        if (u.kind == UnitKind::kDepartment && u.id != lead) {
          body["co_unit_ids"] = bj::array{bj::value(u.id)};
          if (Chance(0.3)) break;
        }
    }
    HOTLINE_RETURN_IF_ERROR(Do(dispatcher, minutes(Uniform(5, 90)), "dispatch", body));
    const auto& handler = Handler(lead);
    if (Chance(0.05) && attempt == 0) {
      HOTLINE_RETURN_IF_ERROR(Do(handler, hours(Uniform(1, 6)), "return", {{"reason", "经核实，该事项不属于本单位职责范围，建议转相关部门办理。"}}));
      if (Chance(0.7)) {
        HOTLINE_RETURN_IF_ERROR(Do(dispatcher, hours(Uniform(1, 5)), "approve_return", {{"note", "同意退回，重新派单。"}}));
        return Dispatch(dispatcher, in, attempt + 1);
      }
      HOTLINE_RETURN_IF_ERROR(Do(dispatcher, hours(Uniform(1, 5)), "reject_return", {{"note", "该事项属于贵单位职责，请继续办理。"}}));
      HOTLINE_RETURN_IF_ERROR(Do(handler, minutes(Uniform(10, 120)), "sign", {}));
    } else {
      HOTLINE_RETURN_IF_ERROR(Do(handler, minutes(Uniform(10, 200)), "sign", {}));
    }
    // Co-handling units sign too.
    for (const auto& a : c_.assignments)
      if (a.role == AssignmentRole::kCo && a.status == AssignmentStatus::kPending)
        HOTLINE_RETURN_IF_ERROR(Do(Handler(a.unit_id), minutes(Uniform(20, 300)), "sign", {}));
    if (stopped_) return Status::Ok();
    // A district sub-centre passes neighbourhood matters on to a street.
    std::string worker_unit = lead;
    const Unit* lu = dir->FindUnit(lead);
    if (lu && lu->kind == UnitKind::kDistrict) {
      std::vector<std::string> streets;
      for (const auto& u : dir->units())
        if (u.parent_id == lead) streets.push_back(u.id);
      if (!streets.empty()) {
        worker_unit = streets[Uniform(0, int(streets.size()) - 1)];
        HOTLINE_RETURN_IF_ERROR(Do(s_.unit_admin.at(lead), minutes(Uniform(10, 120)), "dispatch",
                                   {{"lead_unit_id", worker_unit}, {"note", "请街道现场核实处置。"}}));
        HOTLINE_RETURN_IF_ERROR(Do(Handler(worker_unit), minutes(Uniform(10, 180)), "sign", {}));
      }
    }
    const auto& worker = Handler(worker_unit);
    HOTLINE_RETURN_IF_ERROR(Do(worker, hours(Uniform(1, 20)), "record_contact", {{"note", "已电话联系市民，了解诉求详情并约定现场查看。"}}));
    if (stopped_) return Status::Ok();
    if (Chance(0.06)) {
      TimePoint until = c_.LeadAssignment()->due_at + days(Uniform(3, 10));
      HOTLINE_RETURN_IF_ERROR(Do(worker, hours(Uniform(4, 30)), "request_extension",
                                 {{"until", FormatRfc3339(until)}, {"reason", "需协调多个部门现场会商，申请延期办理。"}}));
      HOTLINE_RETURN_IF_ERROR(Do(Decider(), hours(Uniform(1, 8)), "approve_extension", {{"note", "同意延期。"}}));
    }
    if (Chance(0.08)) HOTLINE_RETURN_IF_ERROR(Do(s_.centre.at("supervisor"), hours(Uniform(20, 60)), "urge", {{"note", "该工单即将超期，请尽快办理并反馈。"}}));
    for (const auto& a : c_.assignments)
      if (a.role == AssignmentRole::kCo && a.status == AssignmentStatus::kSigned)
        HOTLINE_RETURN_IF_ERROR(Do(Handler(a.unit_id), hours(Uniform(4, 48)), "reply", {{"reply", "我单位已配合开展现场核查，相关情况已提供主办单位。"}, {"resolved", true}}));
    std::string reply = reply_text_.empty() ? "经现场核实，已责成相关责任单位整改到位，并已向市民反馈办理结果。" : reply_text_;
    return Reply(worker, reply, 0);
  }

  Status Reply(const workflow::Actor& worker, const std::string& reply, int round) {
    int hrs = c_.type == CaseType::kComplaint || c_.type == CaseType::kReport ? Uniform(24, 300) : Uniform(6, 100);
    HOTLINE_RETURN_IF_ERROR(Do(worker, hours(hrs), "reply", {{"reply", json::Utf8Prefix(reply, 3000)}, {"resolved", Chance(0.9)}}));
    const auto& reviewer = s_.centre.at("reviewer");
    if (round == 0 && Chance(0.07)) {
      HOTLINE_RETURN_IF_ERROR(Do(reviewer, hours(Uniform(1, 20)), "reject_reply", {{"note", "答复内容过于笼统，未说明具体处理措施和时间，请重新办理。"}}));
      return Reply(worker, reply, round + 1);
    }
    HOTLINE_RETURN_IF_ERROR(Do(reviewer, hours(Uniform(1, 20)), "approve_reply", {}));
    return Callback(round == 0);
  }

  Status Callback(bool may_reopen) {
    const auto& cb = s_.centre.at("callback");
    double r = Uniform(0, 99) / 100.0;
    const char* sat = r < 0.72 ? "satisfied" : r < 0.88 ? "basically_satisfied" : "unsatisfied";
    bool unsatisfied = std::string(sat) == "unsatisfied";
    bool reopen = may_reopen && unsatisfied && Chance(0.6) && c_.LeadAssignment() == nullptr &&
                  c_.status == CaseStatus::kCallbackPending;
    HOTLINE_RETURN_IF_ERROR(Do(cb, hours(Uniform(2, 40)), "callback",
                               {{"satisfaction", sat}, {"resolved", !unsatisfied}, {"reopen", reopen},
                                {"note", unsatisfied ? "市民表示问题仍未解决。" : "市民对办理结果表示认可。"}}));
    if (reopen) {
      for (auto it = c_.assignments.rbegin(); it != c_.assignments.rend(); ++it)
        if (it->role == AssignmentRole::kLead && it->status == AssignmentStatus::kSigned)
          return Reply(Handler(it->unit_id), "重办后已再次现场处置，问题已解决。", 1);
    }
    return Status::Ok();
  }

  // Advances the clock and acts; stops quietly once the step would lie in the future.
  Status Do(const workflow::Actor& actor, Millis after, const std::string& action, bj::object body) {
    if (stopped_) return Status::Ok();
    if (steps_left_ == 0) {
      stopped_ = true;
      return Status::Ok();
    }
    if (steps_left_ > 0) --steps_left_;
    TimePoint at = clock_.Now() + after;
    if (at >= now_) {
      stopped_ = true;
      return Status::Ok();
    }
    clock_.Set(at);
    body["version"] = c_.version;
    auto r = engine_.Act(actor, c_.id, action, c_.version, body);
    if (!r.ok()) return Status::Internal("demo case " + c_.number + ": " + action + ": " + r.status().message());
    c_ = std::move(r).value();
    return Status::Ok();
  }
  template <typename D>
  Status Do(const workflow::Actor& actor, D after, const std::string& action, bj::object body) {
    return Do(actor, std::chrono::duration_cast<Millis>(after), action, std::move(body));
  }

  const workflow::Actor& Handler(const std::string& unit_id) {
    auto it = s_.unit_handler.find(unit_id);
    return it != s_.unit_handler.end() ? it->second : s_.unit_admin.at(unit_id);
  }
  const workflow::Actor& Decider() {
    for (const auto& a : c_.assignments)
      if (a.extension && a.extension->status == ExtensionStatus::kPending && !a.parent_assignment.empty())
        return s_.unit_admin.at(a.dispatched_by_unit);
    return s_.centre.at("dispatcher");
  }
  Channel PickChannel() { return CityDice(rng_).PickChannel(); }
  bool Chance(double p) { return CityDice(rng_).Chance(p); }
  int Uniform(int a, int b) { return CityDice(rng_).Uniform(a, b); }

 public:
  std::string reply_text_;
  std::map<std::string, std::string> last_by_category_;

 private:
  Runtime& rt_;
  const Seeded& s_;
  const DemoData& d_;
  std::mt19937_64& rng_;
  FakeClock& clock_;
  workflow::Engine& engine_;
  TimePoint now_;
  Case c_;
  bool stopped_ = false;
  int steps_left_ = -1;  // -1: live the whole life
};


// ---- The hot-issue story of the demo (issue 6): a hot topic this week and a surge today ----
//
// Both are ordinary cases walked through the engine like every other demo case; the surge watcher
// then reads the whole history as `hotline serve` would and raises what it finds.

const char* const kOutageEstates[] = {"芙蓉苑小区", "马王堆新村", "锦绣家园", "湘江世纪城"};
const char* const kOutageTexts[] = {
    "%s%d栋从中午开始突然停水，事先没有看到任何停水通知，家里老人小孩都等着用水，请尽快恢复供水。",
    "%s%d栋停水两个多小时了，打自来水公司电话一直占线，想问什么时候能来水。",
    "我是%s%d栋的住户，今天下午整栋楼停水，水龙头一滴水都没有，请相关部门尽快抢修。",
    "%s附近好像是主水管爆了，路面都是水，%d栋到现在还在停水，请派人来看看。",
    "%s%d栋突然停水，家里正准备做饭，什么通知都没有，希望给个恢复供水的时间。",
    "反映%s%d栋停水问题：楼上楼下都没有水，物业说是市政管网的问题，请尽快处理。",
};
const char* const kNoiseTexts[] = {
    "地铁施工工地每天晚上十一点以后还在打桩，噪音非常大，%s一带居民根本无法入睡，请求查处夜间施工噪音。",
    "%s旁边的地铁施工夜间施工噪音扰民，凌晨两点还有渣土车进出，请督促施工单位按规定时间作业。",
    "投诉%s附近地铁站施工工地夜间施工，机器轰鸣声持续到深夜，孩子要高考了，请管一管。",
    "%s地铁施工围挡内连续几晚通宵作业，噪音扰民严重，是否办理了夜间施工许可？",
};
const char* const kNoisePlaces[] = {"西湖街道银杉路", "学士街道学士路", "西湖街道枫林路", "天顶街道岳麓大道"};

std::string Printf(const char* fmt, const char* a, int n) {
  char buf[512];
  std::snprintf(buf, sizeof buf, fmt, a, n);
  return buf;
}
std::string Printf(const char* fmt, const char* a) {
  char buf[512];
  std::snprintf(buf, sizeof buf, fmt, a);
  return buf;
}

Status SeedHotStory(Runtime& rt, const Seeded& s, const DemoData& data, TimePoint now, uint64_t seed) {
  std::mt19937_64 rng(seed ^ 0x5eed);
  FakeClock clock(now);
  workflow::Engine engine(*rt.store, clock, *rt.directory);
  auto citizen = [&](int i) { return data.citizens[(size_t(i) * 7919 + 13) % data.citizens.size()]; };
  auto live = [&](const DemoMessage& m, const DemoCitizen& c, TimePoint at) {
    CaseLife life(rt, s, data, rng, clock, engine, now);
    return life.Run(m, c, at);
  };
  // A water main bursts near 马王堆街道 two and a half hours ago: 34 calls within the hour.
  for (int i = 0; i < 34; ++i) {
    DemoMessage m;
    const char* estate = kOutageEstates[i % 4];
    m.content = Printf(kOutageTexts[i % 6], estate, 1 + (i * 5) % 18);
    m.title = std::string(estate) + "停水";
    m.category = "010215";
    m.type = i % 5 == 0 ? "consultation" : "help";
    m.district = "jd";
    m.address = std::string("江城市江东区马王堆街道") + estate + std::to_string(1 + (i * 5) % 18) + "栋";
    HOTLINE_RETURN_IF_ERROR(live(m, citizen(i), now - std::chrono::minutes(155) + std::chrono::seconds(i * 100)));
  }
  // Night-time metro construction noise in 江西区, rising all week.
  for (int i = 0; i < 26; ++i) {
    DemoMessage m;
    const char* place = kNoisePlaces[i % 4];
    m.content = Printf(kNoiseTexts[i % 4], place);
    m.title = "地铁施工夜间噪音扰民";
    m.category = "040203";
    m.type = "complaint";
    m.district = "jx";
    m.address = std::string("江城市江西区") + place;
    HOTLINE_RETURN_IF_ERROR(live(m, citizen(100 + i), now - std::chrono::hours(6 + (i * 131) % 140)));
  }
  // The surge watcher over the whole history, as the server runs it.
  HOTLINE_RETURN_IF_ERROR(rt.store->Write([](store::WriteTx& tx) { return tx.PutHotState("surge_cursor", "0"); }));
  hotspots::SurgeWatcher watcher(*rt.store, *rt.directory);
  HOTLINE_RETURN_IF_ERROR(watcher.Poll(now).status());
  // A caller the centre flagged: one whose call was invalid.
  HOTLINE_ASSIGN_OR_RETURN(auto tx, rt.store->Read());
  store::CaseQuery q;
  q.statuses = {CaseStatus::kInvalid};
  q.limit = 1;
  HOTLINE_ASSIGN_OR_RETURN(auto invalid, tx->ListCases(q));
  if (!invalid.items.empty() && !invalid.items[0].citizen.phone.empty()) {
    const auto& c = invalid.items[0];
    const auto& sup = s.centre.at("supervisor");
    HOTLINE_RETURN_IF_ERROR(rt.store->Write([&](store::WriteTx& w) -> Status {
      store::CallerFlag f;
      f.phone_hash = w.PhoneHash(c.citizen.phone);
      f.case_id = c.id;
      f.reason = "多次来电辱骂话务员，无实际诉求";
      f.flagged_by = sup.user_id;
      f.flagged_by_name = sup.name;
      f.flagged_at = now - std::chrono::hours(30);
      return w.PutCallerFlag(f);
    }));
  }
  return Status::Ok();
}

}  // namespace

Status SeedReferenceData(Runtime& rt, const std::string& assets_dir) {
  HOTLINE_ASSIGN_OR_RETURN(DemoData data, LoadDemoData(assets_dir + "/demo"));
  Seeded s;
  return SeedReference(rt, data, assets_dir, s);
}

// Publishes up to `want` recent closed cases as letters (信件公开), as the reviewer would: the
// case's title, words and reply with personal data redacted (workflow/redact.h), so the public
// site has letters to read. Confidential cases and cases without a reply are skipped.
Result<int> PublishDemoLetters(Runtime& rt, const workflow::Actor& reviewer, int want) {
  workflow::Letters letters(*rt.store, *rt.clock, *rt.engine);
  store::CaseQuery q;
  q.statuses = {CaseStatus::kClosed};
  q.limit = 200;
  q.count_total = false;
  HOTLINE_ASSIGN_OR_RETURN(auto page, rt.engine->List(reviewer, q));
  int published = 0;
  std::map<std::string, int> per_category;  // no more than two letters of one category
  for (const auto& c : page.items) {
    if (published >= want) break;
    if (c.confidential || c.reply_to_citizen.empty() || per_category[c.category_id] >= 2) continue;
    workflow::LetterText text{workflow::RedactPersonalData(c.title, c.citizen),
                              workflow::RedactPersonalData(c.content, c.citizen),
                              workflow::RedactPersonalData(c.reply_to_citizen, c.citizen)};
    HOTLINE_ASSIGN_OR_RETURN(auto out, letters.Publish(reviewer, c.id, std::move(text)));
    if (!out.letter) continue;  // the check still objects: leave it to a person
    ++per_category[c.category_id];
    ++published;
  }
  return published;
}

Status SeedDemo(Runtime& rt, const DemoOptions& options) {
  HOTLINE_ASSIGN_OR_RETURN(DemoData data, LoadDemoData(options.assets_dir + "/demo"));
  Seeded s;
  HOTLINE_RETURN_IF_ERROR(SeedReference(rt, data, options.assets_dir, s));
  std::printf("demo: %zu units, %zu categories, %zu users\n", s.unit_id.size(), s.category_id.size(),
              s.centre.size() + s.unit_handler.size() + s.unit_admin.size());
  const TimePoint now = rt.clock->Now();
  // Cases in parallel lanes so that the group commit shares fsyncs; each lane has its own clock.
  const int lanes = 16;
  std::vector<Status> results(lanes);
  std::vector<std::thread> threads;
  std::atomic<int> done{0};
  for (int lane = 0; lane < lanes; ++lane) {
    threads.emplace_back([&, lane] {
      std::mt19937_64 rng(options.seed + lane);
      FakeClock clock(now);
      workflow::Engine engine(*rt.store, clock, *rt.directory);
      if (rt.rollup)
        engine.SetTxObserver([r = rt.rollup.get()](store::WriteTx& tx, const domain::Case& c,
                                                   const domain::Event& e) {
          return r->Observe(tx, c, e);
        });
      CaseLife life(rt, s, data, rng, clock, engine, now);
      for (int i = lane; i < options.cases; i += lanes) {
        const auto& m = data.messages[size_t(i) % data.messages.size()];
        // Repeat callers call often; everybody else now and then.
        size_t who = std::uniform_int_distribution<size_t>(0, data.citizens.size() - 1)(rng);
        if (std::uniform_int_distribution<int>(0, 9)(rng) < 3) {
          for (size_t k = 0; k < data.citizens.size(); ++k)
            if (data.citizens[(who + k) % data.citizens.size()].repeat_caller) {
              who = (who + k) % data.citizens.size();
              break;
            }
        }
        CaseLife one(rt, s, data, rng, clock, engine, now);
        one.reply_text_ = m.reply;
        one.last_by_category_ = life.last_by_category_;
        Status st = one.Run(m, data.citizens[who], CityDice(rng).PickCreated(now, i, options.cases));
        life.last_by_category_ = one.last_by_category_;
        if (!st.ok()) {
          results[lane] = st;
          return;
        }
        int n = ++done;
        if (n % 1000 == 0) std::printf("demo: %d cases\n", n);
      }
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& st : results) HOTLINE_RETURN_IF_ERROR(st);
  HOTLINE_RETURN_IF_ERROR(SeedHotStory(rt, s, data, now, options.seed));
  HOTLINE_ASSIGN_OR_RETURN(int sla_events, rt.engine->SweepSla());
  HOTLINE_ASSIGN_OR_RETURN(int letters, PublishDemoLetters(rt, s.centre.at("reviewer"), 20));
  std::printf("demo: %d letters published on the public site\n", letters);
  std::printf("demo: %d cases over the last year, %d warning/overdue events. Log in with any demo "
              "user, password \"demo\".\n",
              options.cases, sla_events);
  return Status::Ok();
}

}  // namespace hotline::app
