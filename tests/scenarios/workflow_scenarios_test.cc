// Runs the data-driven workflow scenarios in tests/scenarios/workflow/*.txt (format in the README
// there) against a fresh TestCity each: one GoogleTest per file, failures reported as file:line.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "tests/fakes/test_city.h"

namespace hotline::testing {
namespace {

namespace fs = std::filesystem;
namespace bj = boost::json;
using domain::Case;

std::vector<std::string> ScenarioFiles() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator("tests/scenarios/workflow"))
    if (e.path().extension() == ".txt") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

// Splits on spaces; key="quoted value" keeps its spaces (the quotes are dropped).
std::vector<std::string> Tokens(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false, any = false;
  for (char ch : line) {
    if (ch == '"') {
      quoted = !quoted;
      any = true;
    } else if (ch == ' ' && !quoted) {
      if (any || !cur.empty()) out.push_back(cur);
      cur.clear();
      any = false;
    } else {
      cur += ch;
    }
  }
  if (any || !cur.empty()) out.push_back(cur);
  return out;
}

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
  return s;
}

class Runner {
 public:
  explicit Runner(TestCity& city) : city_(city) {}

  // Runs one line; returns an empty string or the failure.
  std::string Run(const std::string& line) {
    try {
      return RunLine(line);
    } catch (const std::exception& e) {
      return std::string("exception: ") + e.what();
    }
  }

 private:
  Case Read(const std::string& id) {
    auto tx = city_.store().Read();
    Check(tx.status(), "read");
    auto c = (*tx)->GetCase(id);
    Check(c.status(), "get case");
    return *c;
  }
  std::vector<domain::Event> Events(const std::string& id) {
    auto tx = city_.store().Read();
    Check(tx.status(), "read");
    auto e = (*tx)->ListEvents(id);
    Check(e.status(), "list events");
    return *e;
  }
  const std::string& Current() {
    if (current_.empty()) throw std::runtime_error("no case registered yet");
    return cases_.at(current_);
  }

  // now+2d, due+3d, mark, mark+1h, or an RFC 3339 time.
  TimePoint TimeExpr(const std::string& s) {
    std::string base;
    for (const char* b : {"now", "due", "mark"})
      if (s.rfind(b, 0) == 0) base = b;
    if (base.empty()) {
      auto p = ParseRfc3339(s);
      Check(p.status(), "time " + s);
      return *p;
    }
    TimePoint t;
    if (base == "now") {
      t = city_.clock().Now();
    } else if (base == "due") {
      Case c = Read(Current());
      if (!c.due_at) throw std::runtime_error("the case has no due_at");
      t = *c.due_at;
    } else {
      t = mark_;
    }
    if (base.size() == s.size()) return t;
    bool neg = s[base.size()] == '-';
    Millis d = Span(s.substr(base.size() + 1));
    return neg ? t - d : t + d;
  }
  // Natural spans only: 30m, 2h, 3d.
  static Millis Span(const std::string& s) {
    long n = std::stol(s.substr(0, s.size() - 1));
    switch (s.back()) {
      case 'm': return std::chrono::minutes(n);
      case 'h': return std::chrono::hours(n);
      case 'd': return std::chrono::hours(24 * n);
    }
    throw std::runtime_error("bad span " + s);
  }

  std::string Resolve(const std::string& v) {
    if (!v.empty() && v[0] == '@') return cases_.at(v.substr(1));
    return v;
  }

  std::string RunLine(const std::string& line) {
    std::vector<std::string> t = Tokens(line);
    // Split off "-> expectation".
    std::vector<std::string> expect;
    auto arrow = std::find(t.begin(), t.end(), "->");
    if (arrow != t.end()) {
      expect.assign(arrow + 1, t.end());
      t.erase(arrow, t.end());
    }
    const std::string& verb = t.at(0);
    if (verb == "register") return Register(t, expect);
    if (verb == "as") return Act(t, expect);
    if (verb == "use") {
      current_ = t.at(1);
      if (!cases_.count(current_)) return "no case named " + current_;
      return {};
    }
    if (verb == "advance") return Advance(t);
    if (verb == "mark") {
      Case c = Read(Current());
      if (!c.due_at) return "mark: the case has no due_at";
      mark_ = *c.due_at;
      return {};
    }
    if (verb == "sweep") {
      auto n = city_.engine().SweepSla();
      if (!n.ok()) return "sweep failed: " + n.status().ToString();
      if (!expect.empty() && std::to_string(*n) != expect.at(0))
        return "sweep wrote " + std::to_string(*n) + " events, want " + expect.at(0);
      return {};
    }
    if (verb == "expect") return Expect(t);
    return "unknown verb " + verb;
  }

  std::string Register(const std::vector<std::string>& t, const std::vector<std::string>& expect) {
    workflow::NewCase in;
    in.content = "市民反映的问题内容。";
    std::string name = "c" + std::to_string(cases_.size() + 1);
    std::string as = "agent";
    for (size_t i = 1; i < t.size(); ++i) {
      auto eq = t[i].find('=');
      if (eq == std::string::npos) return "bad argument " + t[i];
      std::string k = t[i].substr(0, eq), v = t[i].substr(eq + 1);
      if (k == "name") name = v;
      else if (k == "as") as = v;
      else if (k == "type") {
        auto ty = domain::ParseCaseType(v);
        if (!ty) return "bad type " + v;
        in.type = *ty;
      } else if (k == "category") in.category_id = city_.category(v);
      else if (k == "district") in.location.district_id = city_.unit(v);
      else if (k == "urgent") in.urgent = v == "true";
      else if (k == "confidential") in.confidential = v == "true";
      else if (k == "phone") in.citizen.phone = v;
      else if (k == "content") in.content = v;
      else return "unknown register argument " + k;
    }
    auto r = city_.engine().Register(city_.actor(as), in);
    if (!r.ok()) return "register failed: " + r.status().ToString();
    cases_[name] = r->id;
    current_ = name;
    if (!expect.empty() && std::string(domain::Name(r->status)) != expect[0])
      return "register: status " + std::string(domain::Name(r->status)) + ", want " + expect[0];
    return {};
  }

  std::string Act(const std::vector<std::string>& t, const std::vector<std::string>& expect) {
    if (t.size() < 3) return "usage: as ACTOR ACTION [key=value...] -> STATUS | error REASON";
    const workflow::Actor& actor = city_.actor(t[1]);
    const std::string& action = t[2];
    const std::string id = Current();
    Case before = Read(id);
    size_t events_before = Events(id).size();
    int64_t version = before.version;
    bj::object body;
    for (size_t i = 3; i < t.size(); ++i) {
      auto eq = t[i].find('=');
      if (eq == std::string::npos) return "bad argument " + t[i];
      std::string k = t[i].substr(0, eq), v = t[i].substr(eq + 1);
      if (k == "version") {
        if (v == "stale") version = before.version - 1;
        else version = std::stoll(v);
      } else if (k == "lead") {
        body["lead_unit_id"] = city_.unit(v);
      } else if (k == "co") {
        bj::array a;
        std::stringstream ss(v);
        for (std::string u; std::getline(ss, u, ',');) a.emplace_back(city_.unit(u));
        body["co_unit_ids"] = std::move(a);
      } else if (k == "parent") {
        body["parent_id"] = Resolve(v);
      } else if (k == "until" || k == "due_at") {
        body[k] = FormatRfc3339(TimeExpr(v), TimeZone{});
      } else if (v == "true" || v == "false") {
        body[k] = v == "true";
      } else {
        body[k] = Resolve(v);
      }
    }
    auto r = city_.engine().Act(actor, id, action, version, body);
    std::string what = "as " + t[1] + " " + action + ": ";
    if (expect.empty()) return r.ok() ? "" : what + r.status().ToString();
    if (expect[0] == "error") {
      if (r.ok()) return what + "succeeded (status " + std::string(domain::Name(r->status)) +
                         "), want error " + (expect.size() > 1 ? expect[1] : "");
      if (expect.size() > 1 && r.status().reason() != expect[1])
        return what + "got " + r.status().ToString() + ", want " + expect[1];
      Case after = Read(id);
      size_t events_after = Events(id).size();
      if (after.version != before.version || events_after != events_before ||
          after.status != before.status)
        return what + "a refused action changed the case (version " +
               std::to_string(before.version) + "→" + std::to_string(after.version) + ", events " +
               std::to_string(events_before) + "→" + std::to_string(events_after) + ")";
      return {};
    }
    if (!r.ok()) return what + r.status().ToString() + ", want status " + expect[0];
    Case after = Read(id);
    if (std::string(domain::Name(after.status)) != expect[0])
      return what + "status " + std::string(domain::Name(after.status)) + ", want " + expect[0];
    if (after.version != before.version + 1)
      return what + "version " + std::to_string(after.version) + ", want " +
             std::to_string(before.version + 1);
    return {};
  }

  std::string Advance(const std::vector<std::string>& t) {
    const std::string& what = t.at(1);
    FakeClock& clock = city_.clock();
    if (what == "to") {
      // advance to warn|due [LEAD-UNIT]: one minute past the lead assignment's threshold.
      Case c = Read(Current());
      const domain::Assignment* a = c.LeadAssignment();
      if (!a) return "advance to: no active lead assignment";
      TimePoint target = t.at(2) == "warn" ? a->warn_at : a->due_at;
      clock.Set(target + std::chrono::minutes(1));
      return {};
    }
    if (what.size() > 2 && what.substr(what.size() - 2) == "wd") {
      auto d = workflow::ParseDuration(what);
      Check(d.status(), "duration " + what);
      clock.Set(workflow::AddDuration(city_.directory().Get()->calendar(), clock.Now(), *d, false));
      return {};
    }
    clock.Advance(Span(what));
    return {};
  }

  std::string Expect(const std::vector<std::string>& t) {
    const std::string& what = t.at(1);
    Case c = Read(Current());
    if (what == "status") {
      std::string got(domain::Name(c.status));
      return got == t.at(2) ? "" : "status " + got + ", want " + t[2];
    }
    if (what == "events") {
      std::vector<std::string> got;
      for (const auto& e : Events(c.id)) got.push_back(e.action);
      std::string want = t.size() > 2 ? t[2] : "";
      return Join(got) == want ? "" : "events " + Join(got) + ", want " + want;
    }
    if (what == "last_event") {
      auto ev = Events(c.id);
      std::string got = ev.empty() ? "" : ev.back().action;
      return got == t.at(2) ? "" : "last event " + got + ", want " + t[2];
    }
    if (what == "assignment") {
      // expect assignment UNIT [role=lead|co] [status=S] [sla=ok|warning|overdue]
      const std::string unit = city_.unit(t.at(2));
      const domain::Assignment* a = nullptr;
      for (const auto& x : c.assignments)
        if (x.unit_id == unit) a = &x;
      if (!a) return "no assignment for unit " + t[2];
      auto dir = city_.directory().Get();
      for (size_t i = 3; i < t.size(); ++i) {
        auto eq = t[i].find('=');
        std::string k = t[i].substr(0, eq), v = t[i].substr(eq + 1), got;
        if (k == "role") got = domain::Name(a->role);
        else if (k == "status") got = domain::Name(a->status);
        else if (k == "sla")
          got = domain::Name(workflow::SlaStateAt(dir->calendar(), a->clock_24x7, a->assigned_at,
                                                  a->due_at, city_.clock().Now()));
        else if (k == "extension")
          got = !a->extension ? "none"
                : a->extension->status == domain::ExtensionStatus::kPending  ? "pending"
                : a->extension->status == domain::ExtensionStatus::kApproved ? "approved"
                                                                              : "rejected";
        else return "unknown assignment field " + k;
        if (got != v) return "assignment " + t[2] + " " + k + "=" + got + ", want " + v;
      }
      return {};
    }
    if (what == "due") {
      // expect due = EXPR | expect due > EXPR | expect due none
      if (t.at(2) == "none") return c.due_at ? "due_at is " + FormatRfc3339(*c.due_at) : "";
      if (!c.due_at) return "the case has no due_at";
      TimePoint want = TimeExpr(t.at(3));
      bool ok = t[2] == "=" ? *c.due_at == want : t[2] == ">" ? *c.due_at > want : false;
      return ok ? "" : "due_at " + FormatRfc3339(*c.due_at) + ", want " + t[2] + " " +
                           FormatRfc3339(want);
    }
    if (what == "case") {
      // expect case key=value...
      for (size_t i = 2; i < t.size(); ++i) {
        auto eq = t[i].find('=');
        std::string k = t[i].substr(0, eq), v = Resolve(t[i].substr(eq + 1)), got;
        if (k == "escalated") got = c.escalated ? "true" : "false";
        else if (k == "urge_count") got = std::to_string(c.urge_count);
        else if (k == "reopen_count") got = std::to_string(c.reopen_count);
        else if (k == "supervisions") got = std::to_string(c.supervisions.size());
        else if (k == "transfer_to") got = c.transfer_to;
        else if (k == "parent_id") got = c.parent_id;
        else if (k == "reply") got = c.reply;
        else if (k == "reply_to_citizen") got = c.reply_to_citizen;
        else if (k == "version") got = std::to_string(c.version);
        else if (k == "closed") got = c.closed_at ? "true" : "false";
        else if (k == "satisfaction") got = c.rating ? std::string(domain::Name(c.rating->satisfaction)) : "none";
        else return "unknown case field " + k;
        if (got != v) return "case " + k + "=" + got + ", want " + v;
      }
      return {};
    }
    return "unknown expectation " + what;
  }

  TestCity& city_;
  std::map<std::string, std::string> cases_;  // name → id
  std::string current_;
  TimePoint mark_{};
};

class WorkflowScenario : public ::testing::TestWithParam<std::string> {};

TEST_P(WorkflowScenario, Runs) {
  TestCity city;
  Runner runner(city);
  std::ifstream in(GetParam());
  ASSERT_TRUE(in) << "cannot open " << GetParam();
  std::string line;
  int n = 0, checks = 0;
  while (std::getline(in, line)) {
    ++n;
    size_t b = line.find_first_not_of(" \t\r");
    if (b == std::string::npos || line[b] == '#') continue;
    line = line.substr(b);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    ++checks;
    std::string err = runner.Run(line);
    if (!err.empty()) {
      ADD_FAILURE_AT(GetParam().c_str(), n) << GetParam() << ":" << n << ": " << line << "\n  "
                                            << err;
      return;  // later lines depend on this one
    }
  }
  EXPECT_GT(checks, 0) << GetParam() << " has no steps";
}

INSTANTIATE_TEST_SUITE_P(Files, WorkflowScenario, ::testing::ValuesIn(ScenarioFiles()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string s = fs::path(info.param).stem().string();
                           for (char& ch : s)
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return s;
                         });

}  // namespace
}  // namespace hotline::testing
