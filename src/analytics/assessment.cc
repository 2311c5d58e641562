#include "src/analytics/assessment.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <map>

#include "src/analytics/counters.h"
#include "src/analytics/kpi.h"
#include "src/analytics/rollup.h"
#include "src/common/json.h"

namespace hotline::analytics {
namespace bj = boost::json;

namespace {

bool LowerIsBetter(std::string_view kpi) {
  return kpi == "return_rate" || kpi == "redo_rate" || kpi == "repeat_rate";
}

double Round2(double v) { return std::round(v * 100.0) / 100.0; }

// Whole numbers as integers (10, not 1E1), the rest as they are.
bj::value Num(double v) {
  if (v == std::floor(v) && std::abs(v) < 1e15) return int64_t(v);
  return v;
}

std::pair<int, int> MonthDays(int month) {
  Date first{std::chrono::year(month / 100), std::chrono::month(unsigned(month % 100)),
             std::chrono::day(1)};
  Date last = Date(std::chrono::sys_days(Date(first.year() / first.month() / std::chrono::last)));
  return {DayOf(first), DayOf(last)};
}

Result<AssessmentConfig> ConfigOf(const store::AssessmentConfigRecord& r) {
  boost::system::error_code ec;
  auto v = bj::parse(r.json, ec);
  if (ec) return Status::Internal("a stored assessment config is not JSON");
  HOTLINE_ASSIGN_OR_RETURN(auto c, ParseAssessmentConfig(v));
  c.version = r.version;
  return c;
}

Result<AssessmentConfig> ConfigVersion(store::ReadTx& tx, int64_t version) {
  if (version == 0) return DefaultAssessmentConfig();
  HOTLINE_ASSIGN_OR_RETURN(auto r, tx.GetAssessmentConfig(version));
  if (!r)
    return Status::Internal("assessment config version " + std::to_string(version) + " is missing");
  return ConfigOf(*r);
}

bj::object ScoreJson(const UnitScore& u) {
  bj::array parts;
  for (const auto& p : u.parts)
    parts.push_back(bj::object{
        {"kpi", p.kpi},
        {"weight", Num(p.weight)},
        {"value", p.value ? bj::value(Round2(*p.value * 10000) / 10000) : bj::value(nullptr)},
        {"points", Round2(p.points)}});
  return bj::object{{"unit_id", u.unit_id},
                    {"unit_name", u.unit_name},
                    {"rank", u.rank},
                    {"score", Num(Round2(u.score))},
                    {"tier", u.tier},
                    {"counters", CountersJson(u.counters)},
                    {"kpis", RatesJson(RatesOf(u.counters))},
                    {"parts", std::move(parts)}};
}

Result<Ranking> ComputeRanking(store::ReadTx& tx, const workflow::Directory& dir,
                               const AssessmentConfig& cfg, int month) {
  auto [lo, hi] = MonthDays(month);
  store::KpiQuery q;
  q.from_day = lo;
  q.to_day = hi;
  q.group_by = store::KpiQuery::GroupBy::kUnit;
  HOTLINE_ASSIGN_OR_RETURN(auto rows, tx.QueryKpis(q));
  Ranking r;
  r.month = month;
  r.config_version = cfg.version;
  for (const auto& row : rows) {
    if (row.key == 0) continue;  // the centre's direct answers are not a unit's work
    UnitScore u = ScoreUnit(cfg, row.counters);
    u.unit_id = std::to_string(row.key);
    const domain::Unit* x = dir.FindUnit(u.unit_id);
    u.unit_name = x ? x->name : u.unit_id;
    r.units.push_back(std::move(u));
  }
  auto ranked = [&](const UnitScore& u) { return u.counters[4] >= cfg.min_cases; };  // dispatched
  std::stable_sort(r.units.begin(), r.units.end(), [&](const UnitScore& a, const UnitScore& b) {
    if (ranked(a) != ranked(b)) return ranked(a);
    if (a.score != b.score) return a.score > b.score;
    return a.counters[4] > b.counters[4];
  });
  int rank = 0;
  for (auto& u : r.units) {
    if (!ranked(u)) {
      u.tier = "";
      continue;
    }
    u.rank = ++rank;
  }
  return r;
}

Ranking RankingFromJson(const bj::value& v) {
  Ranking r;
  const auto& o = v.as_object();
  r.month = int(o.at("month_num").as_int64());
  r.config_version = o.at("config_version").as_int64();
  for (const auto& x : o.at("units").as_array()) {
    const auto& u = x.as_object();
    UnitScore s;
    s.unit_id = std::string(u.at("unit_id").as_string());
    s.unit_name = std::string(u.at("unit_name").as_string());
    s.rank = int(u.at("rank").as_int64());
    s.score = u.at("score").to_number<double>();
    s.tier = std::string(u.at("tier").as_string());
    const auto& c = u.at("counters").as_object();
    for (int i = 0; i < store::kKpiCounters; ++i)
      if (auto it = c.find(store::kKpiCounterNames[i]); it != c.end())
        s.counters[i] = it->value().to_number<int64_t>();
    for (const auto& p : u.at("parts").as_array()) {
      const auto& po = p.as_object();
      ScorePart sp;
      sp.kpi = std::string(po.at("kpi").as_string());
      sp.weight = po.at("weight").to_number<double>();
      if (!po.at("value").is_null()) sp.value = po.at("value").to_number<double>();
      sp.points = po.at("points").to_number<double>();
      s.parts.push_back(std::move(sp));
    }
    r.units.push_back(std::move(s));
  }
  return r;
}

}  // namespace

AssessmentConfig DefaultAssessmentConfig() {
  AssessmentConfig c;
  c.weights = {{"sign_on_time_rate", 10}, {"response_rate", 15},   {"on_time_rate", 25},
               {"satisfaction_rate", 25}, {"resolution_rate", 15}, {"return_rate", 5},
               {"redo_rate", 5}};
  c.tiers = {{"优秀", 90}, {"良好", 80}, {"合格", 60}, {"不合格", 0}};
  c.min_cases = 1;
  return c;
}

Result<AssessmentConfig> ParseAssessmentConfig(const bj::value& v) {
  if (!v.is_object()) return Status::Invalid("the config must be a JSON object", "body");
  const auto& o = v.as_object();
  AssessmentConfig c;
  auto w = o.find("weights");
  if (w == o.end() || !w->value().is_object())
    return Status::Invalid("weights must be an object {kpi: weight}", "weights");
  double sum = 0;
  for (const auto& [k, val] : w->value().as_object()) {
    std::string key(k);
    bool known = std::any_of(KpiList().begin(), KpiList().end(),
                             [&](const KpiInfo& i) { return i.percent && key == i.key; });
    if (!known)
      return Status::Invalid("weights." + key + " is not a rate KPI (see docs/kpis.md)",
                             "weights." + key);
    if (!val.is_number())
      return Status::Invalid("weights." + key + " must be a number", "weights." + key);
    double x = val.to_number<double>();
    if (!(x >= 0 && x <= 1000))
      return Status::Invalid("weights." + key + " must be between 0 and 1000", "weights." + key);
    if (x > 0) c.weights.emplace_back(key, x);
    sum += x;
  }
  if (sum <= 0) return Status::Invalid("at least one weight must be above 0", "weights");
  auto t = o.find("tiers");
  if (t == o.end() || !t->value().is_array() || t->value().as_array().empty())
    return Status::Invalid("tiers must be a non-empty list of {name, min}", "tiers");
  double prev = 1e9;
  for (const auto& x : t->value().as_array()) {
    if (!x.is_object()) return Status::Invalid("each tier is {name, min}", "tiers");
    const auto& to = x.as_object();
    auto n = to.find("name");
    auto m = to.find("min");
    if (n == to.end() || !n->value().is_string() || n->value().as_string().empty() ||
        n->value().as_string().size() > 32)
      return Status::Invalid("each tier needs a name (1 to 32 bytes)", "tiers");
    if (m == to.end() || !m->value().is_number())
      return Status::Invalid("each tier needs a min score (0 to 100)", "tiers");
    double min = m->value().to_number<double>();
    if (!(min >= 0 && min <= 100) || min >= prev)
      return Status::Invalid(
          "tier minimums must fall from the first tier to the last, within 0..100", "tiers");
    prev = min;
    c.tiers.push_back({std::string(n->value().as_string()), min});
  }
  if (c.tiers.back().min_score != 0)
    return Status::Invalid("the last tier must start at 0 so that every unit has a tier", "tiers");
  if (auto mc = o.find("min_cases"); mc != o.end()) {
    if (!mc->value().is_int64() || mc->value().as_int64() < 0 || mc->value().as_int64() > 100000)
      return Status::Invalid("min_cases must be a whole number from 0 to 100000", "min_cases");
    c.min_cases = mc->value().as_int64();
  }
  return c;
}

bj::object AssessmentConfigJson(const AssessmentConfig& c) {
  bj::object w;
  for (const auto& [k, v] : c.weights) w[k] = Num(v);
  bj::array tiers;
  for (const auto& t : c.tiers)
    tiers.push_back(bj::object{{"name", t.name}, {"min", Num(t.min_score)}});
  return bj::object{{"version", c.version},
                    {"weights", std::move(w)},
                    {"tiers", std::move(tiers)},
                    {"min_cases", c.min_cases}};
}

Result<AssessmentConfig> CurrentAssessmentConfig(store::ReadTx& tx) {
  HOTLINE_ASSIGN_OR_RETURN(auto r, tx.LatestAssessmentConfig());
  if (!r) return DefaultAssessmentConfig();
  return ConfigOf(*r);
}

UnitScore ScoreUnit(const AssessmentConfig& cfg, const store::KpiCounters& counters) {
  UnitScore u;
  u.counters = counters;
  KpiRates rates = RatesOf(counters);
  double wsum = 0, acc = 0;
  for (const auto& [k, w] : cfg.weights) {
    ScorePart p;
    p.kpi = k;
    p.weight = w;
    p.value = RateByKey(rates, k);
    if (p.value) {
      double good = LowerIsBetter(k) ? 1.0 - *p.value : *p.value;
      acc += w * good;
      wsum += w;
      p.points = w * good;
    }
    u.parts.push_back(std::move(p));
  }
  // Normalise over the KPIs that had cases, so a unit is not punished for what it was never asked.
  u.score = wsum > 0 ? acc / wsum * 100.0 : 0;
  for (auto& p : u.parts) p.points = wsum > 0 ? p.points / wsum * 100.0 : 0;
  for (const auto& t : cfg.tiers)
    if (u.score >= t.min_score) {
      u.tier = t.name;
      break;
    }
  return u;
}

std::optional<int> ParseMonth(std::string_view s) {
  if (s.size() != 7 || s[4] != '-') return std::nullopt;
  int y = 0, m = 0;
  for (int i : {0, 1, 2, 3}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    y = y * 10 + (s[i] - '0');
  }
  for (int i : {5, 6}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    m = m * 10 + (s[i] - '0');
  }
  if (y < 2000 || y > 2100 || m < 1 || m > 12) return std::nullopt;
  return y * 100 + m;
}

std::string MonthText(int month) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", month / 100, month % 100);
  return buf;
}

Result<Ranking> MonthRanking(store::Store& store, const workflow::Directory& dir, int month,
                             TimePoint now) {
  const int current = DayNumber(now, dir.tz()) / 100;
  const bool finished = month < current;
  {
    HOTLINE_ASSIGN_OR_RETURN(auto tx, store.Read());
    if (finished) {
      HOTLINE_ASSIGN_OR_RETURN(auto run, tx->GetAssessmentRun(month));
      if (run) {
        boost::system::error_code ec;
        auto v = bj::parse(run->json, ec);
        if (ec) return Status::Internal("a stored ranking is not JSON");
        Ranking r = RankingFromJson(v);
        r.frozen = true;
        r.computed_at = run->computed_at;
        return r;
      }
    }
    if (!finished) {
      HOTLINE_ASSIGN_OR_RETURN(auto cfg, CurrentAssessmentConfig(*tx));
      HOTLINE_ASSIGN_OR_RETURN(auto r, ComputeRanking(*tx, dir, cfg, month));
      r.computed_at = now;
      return r;
    }
  }
  // A finished month read for the first time: compute and freeze it in one write, so two
  // readers at once store the same thing (the second finds the first's run).
  Ranking result;
  HOTLINE_RETURN_IF_ERROR(store.Write([&](store::WriteTx& tx) -> Status {
    HOTLINE_ASSIGN_OR_RETURN(auto run, tx.GetAssessmentRun(month));
    if (run) {
      boost::system::error_code ec;
      auto v = bj::parse(run->json, ec);
      if (ec) return Status::Internal("a stored ranking is not JSON");
      result = RankingFromJson(v);
      result.computed_at = run->computed_at;
      return Status::Ok();
    }
    HOTLINE_ASSIGN_OR_RETURN(auto cfg, CurrentAssessmentConfig(tx));
    HOTLINE_ASSIGN_OR_RETURN(result, ComputeRanking(tx, dir, cfg, month));
    result.computed_at = now;
    return tx.PutAssessmentRun({month, cfg.version, bj::serialize(RankingJson(result)), now});
  }));
  result.frozen = true;
  return result;
}

bj::object RankingJson(const Ranking& r) {
  bj::array units;
  for (const auto& u : r.units) units.push_back(ScoreJson(u));
  return bj::object{{"month", MonthText(r.month)},
                    {"month_num", r.month},
                    {"config_version", r.config_version},
                    {"frozen", r.frozen},
                    {"computed_at", FormatRfc3339(r.computed_at)},
                    {"units", std::move(units)}};
}

Result<bj::object> UnitAssessmentJson(store::Store& store, const workflow::Directory& dir,
                                      const std::string& unit_id, int month, TimePoint now) {
  HOTLINE_ASSIGN_OR_RETURN(Ranking r, MonthRanking(store, dir, month, now));
  HOTLINE_ASSIGN_OR_RETURN(auto tx, store.Read());
  HOTLINE_ASSIGN_OR_RETURN(auto cfg, ConfigVersion(*tx, r.config_version));
  UnitScore score;
  auto it = std::find_if(r.units.begin(), r.units.end(),
                         [&](const UnitScore& u) { return u.unit_id == unit_id; });
  if (it != r.units.end()) {
    score = *it;
  } else {
    score = ScoreUnit(cfg, {});
    score.unit_id = unit_id;
    const domain::Unit* x = dir.FindUnit(unit_id);
    score.unit_name = x ? x->name : unit_id;
  }
  auto [lo, hi] = MonthDays(month);
  constexpr int kMaxFacts = 20000;
  HOTLINE_ASSIGN_OR_RETURN(auto facts, tx->ListKpiFacts({IdNum(unit_id)}, lo, hi, kMaxFacts + 1));
  const bool truncated = facts.size() > size_t(kMaxFacts);
  if (truncated) facts.resize(kMaxFacts);
  // Case by case, in the order their first counted event happened.
  std::vector<int64_t> order;
  std::map<int64_t, bj::array> by_case;
  for (const auto& f : facts) {
    auto [slot, fresh] = by_case.try_emplace(f.case_id);
    if (fresh) order.push_back(f.case_id);
    boost::system::error_code ec;
    auto deltas = bj::parse(f.deltas, ec);
    slot->second.push_back(bj::object{{"date", FormatDate(DateOfDay(f.day))},
                                      {"seq", f.seq},
                                      {"action", f.action},
                                      {"counters", ec ? bj::value(bj::object{}) : deltas}});
  }
  bj::array cases;
  for (int64_t id : order) {
    bj::object o{{"case_id", std::to_string(id)}, {"link", "/cases/" + std::to_string(id)}};
    if (auto c = tx->GetCase(std::to_string(id)); c.ok()) {
      o["number"] = c->number;
      o["title"] = c->title;
      o["status"] = domain::Name(c->status);
    }
    o["events"] = std::move(by_case[id]);
    cases.push_back(std::move(o));
  }
  bj::object out = ScoreJson(score);
  out["month"] = MonthText(month);
  out["config_version"] = r.config_version;
  out["config"] = AssessmentConfigJson(cfg);
  out["frozen"] = r.frozen;
  out["cases"] = std::move(cases);
  out["truncated"] = truncated;
  return out;
}

}  // namespace hotline::analytics
