#include "src/analytics/rollup.h"

#include <algorithm>
#include <boost/json.hpp>

#include "src/analytics/counters.h"
#include "src/common/clock.h"

namespace hotline::analytics {
namespace bj = boost::json;
using namespace hotline::domain;

namespace {

std::string Str(const bj::object& o, const char* k) {
  auto it = o.find(k);
  return it != o.end() && it->value().is_string() ? std::string(it->value().as_string()) : "";
}
bool Bool(const bj::object& o, const char* k) {
  auto it = o.find(k);
  return it != o.end() && it->value().is_bool() && it->value().as_bool();
}

}  // namespace

int DayNumber(TimePoint t, TimeZone tz) { return DayOf(LocalDate(t, tz)); }

int DayOf(Date d) {
  return int(d.year()) * 10000 + int(unsigned(d.month())) * 100 + int(unsigned(d.day()));
}

Date DateOfDay(int day) {
  return Date{std::chrono::year(day / 10000), std::chrono::month(unsigned(day / 100 % 100)),
              std::chrono::day(unsigned(day % 100))};
}

std::string OutcomeUnit(const Case& c) {
  std::string unit;
  for (const auto& a : c.assignments)
    if (a.role == AssignmentRole::kLead && a.status != AssignmentStatus::kReturned &&
        a.status != AssignmentStatus::kRecalled)
      unit = a.unit_id;
  return unit;
}

std::string RollupCategory(const workflow::Directory& dir, const std::string& category_id) {
  auto path = dir.CategoryPath(category_id);  // leaf first
  if (path.size() <= size_t(kRollupCategoryLevels)) return category_id;
  return path[path.size() - kRollupCategoryLevels];
}

std::vector<store::KpiDelta> DeltasOf(const Case& c, const Event& e, bool repeat, TimeZone tz,
                                      const std::string& category) {
  std::vector<store::KpiDelta> out;
  store::KpiKey base;
  base.day = DayNumber(e.at, tz);
  base.district = IdNum(c.location.district_id);
  base.category = IdNum(category);
  base.channel = int(c.channel);
  base.type = int(c.type);
  auto add = [&](const std::string& unit) -> store::KpiCounters& {
    store::KpiDelta d;
    d.key = base;
    d.key.unit = IdNum(unit);
    d.case_id = IdNum(c.id);
    d.seq = e.seq;
    d.action = e.action;
    out.push_back(std::move(d));
    return out.back().counters;
  };
  const auto& a = e.action;
  const bool lead = Str(e.data, "role") == "lead";
  const std::string unit = Str(e.data, "unit_id");
  auto closing = [&](store::KpiCounters& k) {
    k[kClosed] = 1;
    k[kHandleSeconds] = std::max<int64_t>(
        0, std::chrono::duration_cast<std::chrono::seconds>(e.at - c.created_at).count());
  };
  if (a == "register") {
    auto& k = add("");
    k[kReceived] = 1;
    k[kRepeated] = repeat ? 1 : 0;
  } else if (a == "answer") {
    add("")[kAnswered] = 1;
  } else if (a == "invalidate" || a == "transfer" || a == "merge") {
    add("")[kExcluded] = 1;
  } else if (a == "dispatch") {
    auto it = e.data.find("units");
    if (it != e.data.end() && it->value().is_array())
      for (const auto& u : it->value().as_array())
        if (u.is_object() && Str(u.as_object(), "role") == "lead")
          add(Str(u.as_object(), "unit_id"))[kDispatched] = 1;
  } else if (a == "sign" && lead) {
    auto& k = add(unit);
    k[kSigned] = 1;
    k[kSignedOnTime] = Bool(e.data, "on_time") ? 1 : 0;
  } else if (a == "reply" && lead) {
    auto& k = add(unit);
    k[kReplied] = 1;
    k[kRepliedOnTime] = Bool(e.data, "on_time") ? 1 : 0;
    for (const auto& x : c.assignments)
      if (x.id == Str(e.data, "assignment"))
        k[kContactedOnTime] = x.contacted_at && *x.contacted_at <= x.contact_due_at ? 1 : 0;
  } else if (a == "return" && lead) {
    add(unit)[kReturned] = 1;
  } else if (a == "reject_reply") {
    add(unit)[kRedone] = 1;
  } else if (a == "sla_overdue" && lead) {
    add(unit)[kOverdue] = 1;
  } else if (a == "callback") {
    auto& k = add(OutcomeUnit(c));
    k[kRated] = 1;
    const std::string sat = Str(e.data, "satisfaction");
    k[kSatisfied] = sat == "satisfied" ? 1 : 0;
    k[kBasicallySatisfied] = sat == "basically_satisfied" ? 1 : 0;
    k[kResolved] = Bool(e.data, "resolved") ? 1 : 0;
    if (Bool(e.data, "reopen"))
      k[kRedone] = 1;
    else
      closing(k);
  } else if (a == "close") {
    closing(add(OutcomeUnit(c)));
  } else if (a == "reopen") {
    add(OutcomeUnit(c))[kRedone] = 1;
  }
  return out;
}

Status Rollup::Observe(store::WriteTx& tx, const Case& c, const Event& e) const {
  HOTLINE_ASSIGN_OR_RETURN(auto deltas, Deltas(tx, c, e));
  if (deltas.empty()) return Status::Ok();
  return tx.AddKpiDeltas(deltas);
}

Status RollupBatch::Add(store::WriteTx& tx, const Case& c, const Event& e) {
  HOTLINE_ASSIGN_OR_RETURN(auto deltas, rollup_.Deltas(tx, c, e));
  for (auto& d : deltas) {
    const std::array<int64_t, 6> key{d.key.day,      d.key.unit,    d.key.district,
                                     d.key.category, d.key.channel, d.key.type};
    auto [it, fresh] = sums_.try_emplace(key);
    if (fresh) it->second.fill(0);
    for (int k = 0; k < store::kKpiCounters; ++k) it->second[size_t(k)] += d.counters[size_t(k)];
    if (d.ledger && d.key.unit != 0) {
      d.rollup = false;
      ledger_.push_back(std::move(d));
    }
  }
  return Status::Ok();
}

Status RollupBatch::Flush(store::WriteTx& tx) {
  std::vector<store::KpiDelta> ledger = std::move(ledger_);
  ledger_.clear();
  // The same rows AddKpiDeltas would add to (every shape, by day and by month), summed.
  std::map<std::array<int64_t, 8>, store::KpiCounters> shaped;
  for (const auto& [k, counters] : sums_) {
    const store::KpiKey key{int(k[0]), k[1], k[2], k[3], int(k[4]), int(k[5])};
    store::ForEachKpiRollupRow(key, [&](int shape, bool monthly, const store::KpiKey& p) {
      auto [it, fresh] = shaped.try_emplace(std::array<int64_t, 8>{
          shape, monthly ? 1 : 0, p.day, p.unit, p.district, p.category, p.channel, p.type});
      if (fresh) it->second.fill(0);
      for (int i = 0; i < store::kKpiCounters; ++i) it->second[size_t(i)] += counters[size_t(i)];
    });
  }
  sums_.clear();
  std::vector<store::KpiRollupRow> rows;
  rows.reserve(shaped.size());
  for (const auto& [key, counters] : shaped) {
    store::KpiRollupRow r;
    r.shape = int(key[0]);
    r.monthly = key[1] != 0;
    r.key = store::KpiKey{int(key[2]), key[3], key[4], key[5], int(key[6]), int(key[7])};
    r.counters = counters;
    rows.push_back(std::move(r));
  }
  if (!rows.empty()) HOTLINE_RETURN_IF_ERROR(tx.AddKpiRollupRows(rows));
  if (!ledger.empty()) HOTLINE_RETURN_IF_ERROR(tx.AddKpiDeltas(ledger));
  return Status::Ok();
}

size_t BulkRollup::KeyHash::operator()(const std::array<int64_t, 6>& k) const {
  uint64_t h = 0;
  for (int64_t v : k) h = (h ^ uint64_t(v)) * 0x9E3779B97F4A7C15ull;
  return size_t(h ^ (h >> 31));
}

void BulkRollup::Add(const Case& c, const std::vector<Event>& history,
                     std::vector<store::KpiDelta>* ledger) {
  // A repeat request: another case of the caller (same phone) in the same category registered in
  // [created - window, created), among the cases before this one — what HasEarlierCase finds in
  // the store, as the per-event path asks it right after inserting the case.
  bool repeat = false;
  if (!c.citizen.phone.empty()) {
    std::vector<int64_t>& seen = calls_[c.citizen.phone + '\x1f' + c.category_id];
    const int64_t at = ToUnixMillis(c.created_at);
    const int64_t since =
        ToUnixMillis(c.created_at - std::chrono::days(rollup_.options().repeat_window_days));
    auto it = std::lower_bound(seen.begin(), seen.end(), since);
    repeat = it != seen.end() && *it < at;
    seen.insert(std::upper_bound(seen.begin(), seen.end(), at), at);  // mostly at the end
  }
  auto [cat, fresh] = categories_.try_emplace(c.category_id);
  if (fresh)
    cat->second = rollup_.options().directory
                      ? RollupCategory(*rollup_.options().directory->Get(), c.category_id)
                      : c.category_id;
  for (const auto& e : history)
    for (auto& d : DeltasOf(c, e, repeat, rollup_.options().tz, cat->second)) {
      store::KpiCounters& sum =
          cube_[{d.key.day, d.key.unit, d.key.district, d.key.category, d.key.channel, d.key.type}];
      for (int k = 0; k < store::kKpiCounters; ++k) sum[size_t(k)] += d.counters[size_t(k)];
      if (d.ledger && d.key.unit != 0) {
        d.rollup = false;
        ledger->push_back(std::move(d));
      }
    }
}

namespace {

store::KpiKey KeyOf(const std::array<int64_t, 6>& k) {
  return store::KpiKey{int(k[0]), k[1], k[2], k[3], int(k[4]), int(k[5])};
}
std::array<int64_t, 6> ArrayOf(const store::KpiKey& k) {
  return {k.day, k.unit, k.district, k.category, k.channel, k.type};
}
void AddTo(store::KpiCounters& sum, const store::KpiCounters& c) {
  for (int k = 0; k < store::kKpiCounters; ++k) sum[size_t(k)] += c[size_t(k)];
}

}  // namespace

BulkRollup::~BulkRollup() { StopSumming(); }

void BulkRollup::StopSumming() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (summer_.joinable()) summer_.join();
  ready_.clear();
  stop_ = false;
  shapes_written_ = 0;
}

// Hands over the shape's rows (daily, and monthly summed from them), then sums each of its
// children in the spanning tree — the shapes without one of the dimensions in the run of
// dimension bits from the lowest up (every shape but the cube has exactly one parent: itself
// plus its lowest missing dimension) — from its daily rows. False when the flush was abandoned.
bool BulkRollup::Sum(int shape, const Sums& daily) {
  ShapeRows out;
  out.shape = shape;
  Sums monthly;
  for (const auto& [k, c] : daily)
    AddTo(monthly[ArrayOf(store::ProjectKpiKey(KeyOf(k), shape, true))], c);
  out.rows.reserve(daily.size() + monthly.size());
  for (const auto& [k, c] : daily) out.rows.push_back({shape, false, KeyOf(k), c});
  for (const auto& [k, c] : monthly) out.rows.push_back({shape, true, KeyOf(k), c});
  monthly = Sums();
  {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return stop_ || ready_.size() < 2; });
    if (stop_) return false;
    ready_.push_back(std::move(out));
  }
  cv_.notify_all();
  for (int bit = 1; shape & bit; bit <<= 1) {
    const int child = shape & ~bit;
    if (child == 0) continue;
    Sums rows;
    rows.reserve(daily.size() / 2);
    for (const auto& [k, c] : daily)
      AddTo(rows[ArrayOf(store::ProjectKpiKey(KeyOf(k), child, false))], c);
    if (!Sum(child, rows)) return false;
  }
  return true;
}

Result<bool> BulkRollup::Flush(store::WriteTx& tx, int64_t max_rows) {
  if (shapes_written_ == 0 && !summer_.joinable())
    summer_ = std::thread([this] { Sum(store::kKpiCube, cube_); });
  int64_t written = 0;
  while (shapes_written_ < store::kKpiCube && written < max_rows) {
    ShapeRows next;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return !ready_.empty(); });
      next = std::move(ready_.front());
      ready_.pop_front();
    }
    cv_.notify_all();
    if (!next.rows.empty()) {
      Status st = tx.AddKpiRollupRows(next.rows);
      if (!st.ok()) {
        StopSumming();
        return st;
      }
    }
    written += int64_t(next.rows.size());
    ++shapes_written_;
  }
  if (shapes_written_ < store::kKpiCube) return false;
  StopSumming();  // the thread has handed over every shape: it ends
  cube_.clear();
  return true;
}

Result<std::vector<store::KpiDelta>> Rollup::Deltas(store::WriteTx& tx, const Case& c,
                                                    const Event& e) const {
  bool repeat = false;
  if (e.action == "register" && !c.citizen.phone.empty()) {
    HOTLINE_ASSIGN_OR_RETURN(
        repeat, tx.HasEarlierCase(c.citizen.phone, c.category_id,
                                  c.created_at - std::chrono::days(o_.repeat_window_days),
                                  c.created_at, c.id));
  }
  std::string category = c.category_id;
  if (o_.directory) category = RollupCategory(*o_.directory->Get(), c.category_id);
  return DeltasOf(c, e, repeat, o_.tz, category);
}

Result<int64_t> RebuildRollups(store::Store& store, const Rollup& rollup) {
  HOTLINE_RETURN_IF_ERROR(store.Write([](store::WriteTx& tx) { return tx.ClearKpis(); }));
  std::string after;
  int64_t replayed = 0;
  while (true) {
    std::vector<std::string> ids;
    {
      HOTLINE_ASSIGN_OR_RETURN(auto tx, store.Read());
      HOTLINE_ASSIGN_OR_RETURN(ids, tx->CaseIds(after, 200));
    }
    if (ids.empty()) return replayed;
    int64_t n = 0;
    HOTLINE_RETURN_IF_ERROR(store.Write([&](store::WriteTx& tx) -> Status {
      n = 0;
      RollupBatch batch(rollup);  // the same rows as Observe for each event, summed per write
      for (const auto& id : ids) {
        HOTLINE_ASSIGN_OR_RETURN(Case c, tx.GetCase(id));
        HOTLINE_ASSIGN_OR_RETURN(auto events, tx.ListEvents(id));
        for (const auto& e : events) {
          HOTLINE_RETURN_IF_ERROR(batch.Add(tx, c, e));
          ++n;
        }
      }
      return batch.Flush(tx);
    }));
    replayed += n;
    after = ids.back();
  }
}

}  // namespace hotline::analytics
