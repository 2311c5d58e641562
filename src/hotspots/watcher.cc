#include "src/hotspots/watcher.h"

#include <boost/json.hpp>
#include <set>

namespace hotline::hotspots {

namespace bj = boost::json;

namespace {

constexpr int kBatch = 1000;
constexpr const char* kCursor = "surge_cursor";

std::vector<std::string> SplitKeys(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(';', start);
    if (end == std::string::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

SurgeRules Rules(const HotConfig& c) {
  SurgeRules r;
  r.window = std::chrono::minutes(c.surge_window_minutes);
  r.min_cases = c.surge_min_cases;
  r.join_gap = std::chrono::minutes(c.surge_join_gap_minutes);
  return r;
}

bool IsOpen(const std::string& status) { return status != "closed"; }

}  // namespace

std::vector<std::string> SurgeKeys(const store::HotCaseRow& r, const PlaceResolver& places,
                                   const HotConfig& cfg) {
  std::string street = places.Street(r.district_id, r.address);
  std::string place = !street.empty()          ? "s:" + street
                      : !r.district_id.empty() ? "d:" + r.district_id
                                               : "";
  std::vector<std::string> keys;
  if (place.empty()) return keys;
  for (const auto& t : cfg.surge_watch_terms)
    if (r.title.find(t) != std::string::npos || r.content.find(t) != std::string::npos)
      keys.push_back("t:" + t + "|" + place);
  if (cfg.surge_by_category && !r.category_id.empty())
    keys.push_back("c:" + r.category_id + "|" + place);
  return keys;
}

SurgeWatcher::SurgeWatcher(store::Store& store, workflow::DirectoryHolder& directory,
                           SurgeListener listener)
    : store_(store), directory_(directory), listener_(std::move(listener)) {}

Status SurgeWatcher::Restore(TimePoint now) {
  HOTLINE_ASSIGN_OR_RETURN(auto tx, store_.Read());
  HOTLINE_ASSIGN_OR_RETURN(cfg_, LoadConfig(*tx));
  detector_ = std::make_unique<SurgeDetector>(Rules(cfg_));
  HOTLINE_ASSIGN_OR_RETURN(auto cursor, tx->GetHotState(kCursor));
  if (cursor) {
    cursor_ = std::stoll(*cursor);
  } else {
    // First start on this data: begin with the cases of the last window, not the whole history.
    store::HotCaseQuery q;
    q.from = now - detector_->rules().window;
    q.limit = 1;
    int64_t first = 0;
    HOTLINE_RETURN_IF_ERROR(tx->ScanHotCases(q, [&](const store::HotCaseRow& r) { first = r.id; }));
    HOTLINE_ASSIGN_OR_RETURN(int64_t max_id, tx->MaxCaseId());
    cursor_ = first > 0 ? first - 1 : max_id;
  }
  // Open surges, and the cases they already hold (which no window counts again).
  store::SurgeQuery sq;
  sq.statuses = {"open", "acknowledged", "escalated"};
  sq.limit = 1000;
  HOTLINE_ASSIGN_OR_RETURN(auto open, tx->ListSurges(sq));
  std::map<std::string, std::pair<std::string, TimePoint>> known;
  std::set<std::string> taken;
  for (const auto& s : open) {
    for (const auto& k : SplitKeys(s.key)) known[k] = {s.id, s.last_case_at};
    HOTLINE_ASSIGN_OR_RETURN(auto members, tx->ListSurgeCases(s.id));
    for (const auto& m : members) taken.insert(m.case_id);
  }
  detector_->SetOpen(known);
  // The windows as they stood at the cursor.
  if (cursor_ > 0) {
    TimePoint at{};
    store::HotCaseQuery q;
    q.after_id = cursor_ - 1;
    q.limit = 1;
    HOTLINE_RETURN_IF_ERROR(
        tx->ScanHotCases(q, [&](const store::HotCaseRow& r) { at = r.created_at; }));
    if (at != TimePoint{}) {
      PlaceResolver places(*directory_.Get());
      store::HotCaseQuery w;
      w.from = at - detector_->rules().window;
      HOTLINE_RETURN_IF_ERROR(tx->ScanHotCases(w, [&](const store::HotCaseRow& r) {
        if (r.id > cursor_ || taken.count(std::to_string(r.id))) return;
        detector_->Warm({std::to_string(r.id), r.created_at, SurgeKeys(r, places, cfg_)});
      }));
    }
  }
  HOTLINE_ASSIGN_OR_RETURN(auto text, tx->GetHotState("config"));
  cfg_text_ = text.value_or("");
  restored_ = true;
  return Status::Ok();
}

Result<int> SurgeWatcher::Poll(TimePoint now) {
  if (restored_) {
    // A changed configuration (or a surge closed by staff) is picked up by rebuilding the state.
    HOTLINE_ASSIGN_OR_RETURN(auto tx, store_.Read());
    HOTLINE_ASSIGN_OR_RETURN(auto text, tx->GetHotState("config"));
    store::SurgeQuery sq;
    sq.statuses = {"closed"};
    sq.from = now - std::chrono::hours(24 * 8);
    sq.limit = 1000;
    HOTLINE_ASSIGN_OR_RETURN(auto closed, tx->ListSurges(sq));
    size_t n_closed = closed.size();
    if (text.value_or("") != cfg_text_ || n_closed != closed_seen_) restored_ = false;
    closed_seen_ = n_closed;
  }
  if (!restored_) HOTLINE_RETURN_IF_ERROR(Restore(now));
  int total = 0;
  while (true) {
    HOTLINE_ASSIGN_OR_RETURN(int n, Batch(now));
    if (n == 0) return total;
    total += n;
  }
}

Result<int> SurgeWatcher::Batch(TimePoint now) {
  std::vector<store::HotCaseRow> rows;
  {
    HOTLINE_ASSIGN_OR_RETURN(auto tx, store_.Read());
    store::HotCaseQuery q;
    q.after_id = cursor_;
    q.limit = kBatch;
    HOTLINE_RETURN_IF_ERROR(
        tx->ScanHotCases(q, [&](const store::HotCaseRow& r) { rows.push_back(r); }));
  }
  if (rows.empty()) return 0;
  PlaceResolver places(*directory_.Get());
  auto dir = directory_.Get();
  struct Done {
    std::string action;
    store::Surge surge;
    std::vector<std::string> keys;
  };
  std::vector<Done> done;
  std::vector<SurgeOutcome> outcomes;
  std::vector<const store::HotCaseRow*> raised_by;
  // Up to the first raise: the detector must learn the new surge's id before it sees more cases.
  int64_t new_cursor = 0;
  int seen = 0;
  for (const auto& r : rows) {
    SurgeOutcome o =
        detector_->Add({std::to_string(r.id), r.created_at, SurgeKeys(r, places, cfg_)});
    new_cursor = r.id;
    ++seen;
    if (o.kind == SurgeOutcome::Kind::kNone) continue;
    bool raise = o.kind == SurgeOutcome::Kind::kRaise;
    outcomes.push_back(std::move(o));
    raised_by.push_back(&r);
    if (raise) break;
  }
  Status st = store_.Write([&](store::WriteTx& tx) -> Status {
    done.clear();
    std::map<std::string, size_t> by_id;  // surge id → index in done (joins of one batch merge)
    std::map<std::string, std::string> raised_ids;  // first key → id, for joins in the same batch
    for (size_t i = 0; i < outcomes.size(); ++i) {
      const auto& o = outcomes[i];
      const auto& r = *raised_by[i];
      if (o.kind == SurgeOutcome::Kind::kRaise) {
        store::Surge s;
        std::string main = o.key;
        s.key = main;
        for (const auto& k : o.keys)
          if (k != main) s.key += ";" + k;
        std::string place = main.substr(main.find('|') + 1);
        s.place_unit_id = place.substr(2);
        const domain::Unit* pu = dir->FindUnit(s.place_unit_id);
        s.district_id =
            pu && pu->kind == domain::UnitKind::kStreet ? pu->parent_id : s.place_unit_id;
        std::string what;
        if (main.rfind("t:", 0) == 0) {
          s.term = main.substr(2, main.find('|') - 2);
          what = s.term;
        } else {
          s.category_id = main.substr(2, main.find('|') - 2);
          const domain::Category* c = dir->FindCategory(s.category_id);
          what = c ? c->name : s.category_id;
        }
        s.label = what + " · " + places.UnitName(s.place_unit_id);
        s.status = "open";
        s.case_count = int64_t(o.members.size());
        s.window_minutes = cfg_.surge_window_minutes;
        s.threshold = cfg_.surge_min_cases;
        s.last_case_at = r.created_at;
        s.first_case_at = r.created_at;
        // The first member's time, from the rows of this batch or the store.
        HOTLINE_ASSIGN_OR_RETURN(auto first, tx.GetCase(o.members.front()));
        s.first_case_at = first.created_at;
        s.raised_at = r.created_at;
        s.updated_at = r.created_at;
        s.version = 1;
        HOTLINE_RETURN_IF_ERROR(tx.InsertSurge(s));
        for (const auto& m : o.members)
          HOTLINE_RETURN_IF_ERROR(tx.AddSurgeCase(s.id, m, r.created_at));
        store::SurgeTrailEntry e;
        e.surge_id = s.id;
        e.at = r.created_at;
        e.actor_id = "system";
        e.actor_name = "系统";
        e.action = "raised";
        e.note = std::to_string(s.window_minutes) + " 分钟内 " + std::to_string(s.case_count) +
                 " 件同类诉求";
        HOTLINE_RETURN_IF_ERROR(tx.AppendSurgeTrail(e));
        domain::Event audit;
        audit.at = now;
        audit.actor_id = "system";
        audit.actor_name = "系统";
        audit.action = "surge_raised";
        audit.data = {{"surge_id", s.id}, {"label", s.label}, {"cases", s.case_count}};
        HOTLINE_RETURN_IF_ERROR(tx.AppendAdminEvent(audit));
        raised_ids[o.key] = s.id;
        by_id[s.id] = done.size();
        done.push_back({"raised", s, o.keys});
      } else {
        std::string id = o.surge_id;
        if (id.empty() && raised_ids.count(o.key)) id = raised_ids[o.key];
        HOTLINE_ASSIGN_OR_RETURN(store::Surge s, tx.GetSurge(id));
        if (!IsOpen(s.status)) continue;  // closed by staff meanwhile: the case starts afresh
        HOTLINE_RETURN_IF_ERROR(tx.AddSurgeCase(s.id, std::to_string(r.id), r.created_at));
        s.case_count += 1;
        if (r.created_at > s.last_case_at) s.last_case_at = r.created_at;
        s.updated_at = r.created_at;
        HOTLINE_RETURN_IF_ERROR(tx.UpdateSurge(s, s.version));
        auto it = by_id.find(s.id);
        if (it != by_id.end())
          done[it->second].surge = s;
        else {
          by_id[s.id] = done.size();
          done.push_back({"joined", s, {}});
        }
      }
    }
    return tx.PutHotState(kCursor, std::to_string(new_cursor));
  });
  if (!st.ok()) {
    restored_ = false;  // the detector saw cases that were not stored: rebuild from the store
    return st;
  }
  cursor_ = new_cursor;
  for (const auto& d : done)
    if (d.action == "raised") detector_->Opened(d.keys, d.surge.id, d.surge.last_case_at);
  if (listener_)
    for (const auto& d : done) listener_(d.action, d.surge);
  return seen;
}

}  // namespace hotline::hotspots
