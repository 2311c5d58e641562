// A tiny seeded city for engine and store tests: a fresh SQLite store in a temp directory, the
// reference data (units, categories, calendars, default SLA policies), one user per role, a
// DirectoryHolder, a FakeClock at a fixed working-day time and an Engine on that clock.
//
//   units:      centre (centre, can_dispatch) ─┬─ jd (district, can_dispatch) ─┬─ s1 (street)
//                                              │                               └─ s2 (street)
//                                              ├─ zjj (department)
//                                              └─ cgj (department)
//   categories: c1 (lead zjj), c2 (lead cgj), c3 (lead jd, street level)
//   actors:     agent dispatcher reviewer callback supervisor leader admin auditor (centre),
//               "<code>.handler" and "<code>.admin" for every other unit.
#pragma once

#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

#include "src/common/clock.h"
#include "src/common/crypto.h"
#include "src/common/time.h"
#include "src/store/sqlite/sqlite_store.h"
#include "src/workflow/calendar.h"
#include "src/workflow/directory.h"
#include "src/workflow/engine.h"
#include "src/workflow/sla.h"

namespace hotline::testing {

inline constexpr const char* kTestKeyHex =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

// 2026-11-25 is a Wednesday, a plain working day; 10:00 city time (+08:00).
inline TimePoint TestCityStart() { return *ParseRfc3339("2026-11-25T10:00:00+08:00"); }

// A fresh temp directory, removed by the destructor.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "hotline-test-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string db() const { return path_ + "/hotline.db"; }

 private:
  std::string path_;
};

inline PiiCipher TestCipher() {
  if (!InitCrypto().ok()) throw std::runtime_error("InitCrypto failed");
  auto c = PiiCipher::FromHexKey(kTestKeyHex);
  if (!c.ok()) throw std::runtime_error("bad test key: " + c.status().ToString());
  return std::move(c).value();
}

inline std::unique_ptr<store::sqlite::SqliteStore> OpenTestStore(const std::string& path) {
  auto s = store::sqlite::SqliteStore::Open(path, TestCipher());
  if (!s.ok()) throw std::runtime_error("open store: " + s.status().ToString());
  return std::move(s).value();
}

inline void Check(const Status& st, const std::string& what) {
  if (!st.ok()) throw std::runtime_error(what + ": " + st.ToString());
}

class TestCity {
 public:
  TestCity() : clock_(TestCityStart()) {
    store_ = OpenTestStore(dir_.db());
    Seed();
    directory_ = std::make_unique<workflow::DirectoryHolder>(*store_, TimeZone{});
    Check(directory_->Reload(), "directory reload");
    engine_ = std::make_unique<workflow::Engine>(*store_, clock_, *directory_);
  }

  store::sqlite::SqliteStore& store() { return *store_; }
  workflow::Engine& engine() { return *engine_; }
  workflow::DirectoryHolder& directory() { return *directory_; }
  FakeClock& clock() { return clock_; }
  const std::string& dir() const { return dir_.path(); }

  const workflow::Actor& actor(const std::string& name) const {
    auto it = actors_.find(name);
    if (it == actors_.end()) throw std::runtime_error("no actor " + name);
    return it->second;
  }
  bool has_actor(const std::string& name) const { return actors_.count(name) > 0; }
  const std::string& unit(const std::string& code) const {
    auto it = units_.find(code);
    if (it == units_.end()) throw std::runtime_error("no unit " + code);
    return it->second;
  }
  bool has_unit(const std::string& code) const { return units_.count(code) > 0; }
  const std::string& category(const std::string& code) const {
    auto it = categories_.find(code);
    if (it == categories_.end()) throw std::runtime_error("no category " + code);
    return it->second;
  }

 private:
  void PutUnit(const std::string& code, domain::UnitKind kind, const std::string& parent,
               bool can_dispatch) {
    domain::Unit u;
    u.code = code;
    u.name = code + "单位";
    u.name_en = code;
    u.kind = kind;
    u.parent_id = parent.empty() ? "" : units_.at(parent);
    u.can_dispatch = can_dispatch;
    Check(store_->Write([&](store::WriteTx& tx) { return tx.PutUnit(u); }), "put unit");
    auto tx = store_->Read();
    Check(tx.status(), "read");
    auto list = (*tx)->ListUnits();
    Check(list.status(), "list units");
    for (const auto& x : *list) units_[x.code] = x.id;
  }

  void Seed() {
    using domain::UnitKind;
    PutUnit("centre", UnitKind::kCentre, "", true);
    PutUnit("jd", UnitKind::kDistrict, "centre", true);
    PutUnit("s1", UnitKind::kStreet, "jd", false);
    PutUnit("s2", UnitKind::kStreet, "jd", false);
    PutUnit("zjj", UnitKind::kDepartment, "centre", false);
    PutUnit("cgj", UnitKind::kDepartment, "centre", false);
    const std::pair<const char*, const char*> cats[] = {{"c1", "zjj"}, {"c2", "cgj"}, {"c3", "jd"}};
    for (const auto& [code, lead] : cats) {
      domain::Category c;
      c.code = code;
      c.name = std::string(code) + "类";
      c.name_en = code;
      c.default_lead_unit_id = units_.at(lead);
      c.street_level = std::string(code) == "c3";
      Check(store_->Write([&](store::WriteTx& tx) { return tx.PutCategory(c); }), "put category");
    }
    {
      auto tx = store_->Read();
      Check(tx.status(), "read");
      auto list = (*tx)->ListCategories();
      Check(list.status(), "list categories");
      for (const auto& x : *list) categories_[x.code] = x.id;
    }
    Check(store_->Write([&](store::WriteTx& tx) -> Status {
            for (const auto& e : std::filesystem::directory_iterator("data/calendar")) {
              if (e.path().extension() != ".json") continue;
              std::ifstream in(e.path());
              std::string text((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
              HOTLINE_ASSIGN_OR_RETURN(auto y, workflow::ParseYearSchedule(text));
              HOTLINE_RETURN_IF_ERROR(
                  tx.PutCalendarYear({y.year, workflow::YearScheduleToJson(y)}));
            }
            for (const auto& p : workflow::DefaultPolicies())
              HOTLINE_RETURN_IF_ERROR(
                  tx.PutSlaPolicy(p.id, boost::json::serialize(workflow::PolicyToJson(p))));
            return tx.PutSetting("reopen_window_days", "30");
          }),
          "seed calendar/policies");
    std::vector<domain::User> users;
    for (const char* role : {"agent", "dispatcher", "reviewer", "callback", "supervisor", "leader",
                             "admin", "auditor"}) {
      domain::User u;
      u.username = role;
      u.name = std::string(role) + "用户";
      u.roles = {*domain::ParseRole(role)};
      u.unit_id = units_.at("centre");
      users.push_back(u);
    }
    for (const auto& [code, id] : units_) {
      if (code == "centre") continue;
      domain::User h;
      h.username = code + ".handler";
      h.name = code + "承办人";
      h.roles = {domain::Role::kHandler};
      h.unit_id = id;
      users.push_back(h);
      domain::User a;
      a.username = code + ".admin";
      a.name = code + "管理员";
      a.roles = {domain::Role::kUnitAdmin, domain::Role::kHandler};
      a.unit_id = id;
      users.push_back(a);
    }
    Check(store_->Write([&](store::WriteTx& tx) -> Status {
            for (auto& u : users) {
              u.password_hash = "x";
              u.created_at = clock_.Now();
              HOTLINE_RETURN_IF_ERROR(tx.PutUser(u));
            }
            return Status::Ok();
          }),
          "put users");
    for (const auto& u : users) actors_[u.username] = workflow::Actor{u.id, u.name, u.roles, u.unit_id};
  }

  TempDir dir_;
  FakeClock clock_;
  std::unique_ptr<store::sqlite::SqliteStore> store_;
  std::unique_ptr<workflow::DirectoryHolder> directory_;
  std::unique_ptr<workflow::Engine> engine_;
  std::map<std::string, workflow::Actor> actors_;
  std::map<std::string, std::string> units_;
  std::map<std::string, std::string> categories_;
};

}  // namespace hotline::testing
