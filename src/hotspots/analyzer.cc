#include "src/hotspots/analyzer.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "src/hotspots/cluster.h"
#include "src/hotspots/places.h"
#include "src/hotspots/terms.h"

namespace hotline::hotspots {

namespace {

using std::chrono::days;

// Case counts per term and per place of a set of cases.
struct Counts {
  int64_t cases = 0;
  std::unordered_map<TermId, int64_t> terms;
  std::unordered_map<std::string, int64_t> places;  // "@d:<id>", "@s:<id>"
};

std::string PlaceKey(char kind, const std::string& id) { return std::string("@") + kind + ":" + id; }

std::string Hex(const std::string& s) {
  static const char* d = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out += d[c >> 4];
    out += d[c & 15];
  }
  return out;
}

// The filter's name in the day cache.
std::string FilterKey(const HotQuery& q) {
  std::string k;
  if (!q.district_id.empty()) k += "d:" + q.district_id;
  if (!q.category_id.empty()) k += (k.empty() ? "" : "|") + std::string("c:") + q.category_id;
  if (q.scope_unit_ids) {
    std::vector<std::string> u = *q.scope_unit_ids;
    std::sort(u.begin(), u.end());
    k += (k.empty() ? "" : "|") + std::string("u:");
    for (size_t i = 0; i < u.size(); ++i) k += (i ? "," : "") + u[i];
  }
  return k;
}

store::HotCaseQuery ScanQuery(const HotQuery& q, const workflow::Directory& dir, TimePoint from, TimePoint to) {
  store::HotCaseQuery s;
  s.from = from;
  s.to = to;
  s.district_id = q.district_id;
  if (!q.category_id.empty()) s.category_ids = dir.CategorySubtree(q.category_id);
  s.scope_unit_ids = q.scope_unit_ids;
  return s;
}

void CountCase(const store::HotCaseRow& r, const std::vector<TermId>& terms, const PlaceResolver& places,
               Counts& c) {
  ++c.cases;
  for (TermId t : terms) ++c.terms[t];
  if (!r.district_id.empty()) ++c.places[PlaceKey('d', r.district_id)];
  std::string street = places.Street(r.district_id, r.address);
  if (!street.empty()) ++c.places[PlaceKey('s', street)];
}

// One local day of the baseline: from the cache when it was computed after the day ended, else
// counted from the cases (and cached once the day is over).
Result<Counts> DayCounts(store::Store& store, const workflow::Directory& dir, const HotQuery& q,
                         const std::string& key, Date day, const TermFilter& filter, const PlaceResolver& places,
                         TimePoint now) {
  const TimeZone tz = dir.tz();
  const TimePoint start = LocalMidnight(day, tz);
  const TimePoint end = LocalMidnight(Date(std::chrono::sys_days(day) + days(1)), tz);
  const std::string name = FormatDate(day);
  Counts c;
  {
    HOTLINE_ASSIGN_OR_RETURN(auto tx, store.Read());
    HOTLINE_ASSIGN_OR_RETURN(auto cached, tx->GetHotDay(key, name));
    if (cached && cached->computed_at >= end) {
      c.cases = cached->cases;
      for (const auto& [term, n] : cached->terms) {
        if (!term.empty() && term[0] == '@') c.places[term] = n;
        else if (TermId t = TermOf(term)) c.terms[t] = n;
      }
      return c;
    }
    Status st = tx->ScanHotCases(ScanQuery(q, dir, start, end), [&](const store::HotCaseRow& r) {
      CountCase(r, filter.Terms(r.title + "\n" + r.content), places, c);
    });
    HOTLINE_RETURN_IF_ERROR(st);
  }
  if (end <= now) {
    store::HotDay d;
    d.key = key;
    d.day = name;
    d.cases = c.cases;
    d.computed_at = now;
    for (const auto& [t, n] : c.terms)
      if (n >= 2) d.terms.emplace_back(TermText(t), n);
    for (const auto& [p, n] : c.places) d.terms.emplace_back(p, n);
    HOTLINE_RETURN_IF_ERROR(store.Write([&](store::WriteTx& tx) { return tx.PutHotDay(d); }));
  }
  return c;
}

template <typename K>
Burst BurstOf(const K& key, int64_t x, int64_t n, const std::vector<Counts>& base,
              std::unordered_map<K, int64_t> Counts::*field) {
  std::vector<int64_t> bx, bn;
  for (const auto& p : base) {
    auto it = (p.*field).find(key);
    bx.push_back(it == (p.*field).end() ? 0 : it->second);
    bn.push_back(p.cases);
  }
  return BurstScore(x, n, bx, bn);
}

bool Rising(const Burst& b, const HotConfig& cfg) { return b.score >= cfg.min_burst && b.ratio >= cfg.min_ratio; }

bool ByBurst(const HotItem& a, const HotItem& b) {
  if (a.burst.score != b.burst.score) return a.burst.score > b.burst.score;
  return a.id < b.id;
}

}  // namespace

const HotItem* HotReport::Find(const std::string& id) const {
  for (const auto* list : {&terms, &clusters, &places})
    for (const auto& i : *list)
      if (i.id == id) return &i;
  return nullptr;
}

HotQuery DefaultWindow(TimePoint now, TimeZone tz, int window_days) {
  HotQuery q;
  Date today = LocalDate(now, tz);
  q.from = LocalMidnight(Date(std::chrono::sys_days(today) - days(window_days - 1)), tz);
  q.to = now + Millis(1);
  return q;
}

Result<HotReport> Analyze(store::Store& store, const workflow::Directory& dir, const HotQuery& q,
                          const HotConfig& cfg, TimePoint now) {
  if (!(q.from < q.to)) return Status::Invalid("from must be before to", "from");
  if (q.to - q.from > days(31)) return Status::Invalid("the window may span at most 31 days", "from");
  const TimeZone tz = dir.tz();
  const TermFilter filter(cfg.stop_terms);
  const PlaceResolver places(dir);
  HotReport rep;
  rep.from = q.from;
  rep.to = q.to;

  // The window: every case's terms (kept for clustering) and the counts.
  std::vector<int64_t> ids;
  std::vector<std::vector<TermId>> sets;
  std::vector<std::string> district_of, street_of;
  Counts win;
  {
    HOTLINE_ASSIGN_OR_RETURN(auto tx, store.Read());
    Status st = tx->ScanHotCases(ScanQuery(q, dir, q.from, q.to), [&](const store::HotCaseRow& r) {
      auto terms = filter.Terms(r.title + "\n" + r.content);
      CountCase(r, terms, places, win);
      ids.push_back(r.id);
      sets.push_back(std::move(terms));
      district_of.push_back(r.district_id);
      street_of.push_back(places.Street(r.district_id, r.address));
    });
    HOTLINE_RETURN_IF_ERROR(st);
  }
  rep.cases = win.cases;

  // The baseline: the same local days, shifted back by whole windows.
  const Date first = LocalDate(q.from, tz);
  const Date last = LocalDate(q.to - Millis(1), tz);
  const int span = int((std::chrono::sys_days(last) - std::chrono::sys_days(first)).count()) + 1;
  const std::string key = FilterKey(q);
  std::vector<Counts> base(size_t(cfg.baseline_periods));
  for (int p = 1; p <= cfg.baseline_periods; ++p) {
    Counts& acc = base[size_t(p - 1)];
    for (int d = 0; d < span; ++d) {
      Date day(std::chrono::sys_days(first) + days(d - p * span));
      HOTLINE_ASSIGN_OR_RETURN(Counts c, DayCounts(store, dir, q, key, day, filter, places, now));
      acc.cases += c.cases;
      for (const auto& [t, n] : c.terms) acc.terms[t] += n;
      for (const auto& [k, n] : c.places) acc.places[k] += n;
    }
  }
  double base_total = 0;
  for (const auto& b : base)
    if (b.cases > 0) {
      base_total += double(b.cases);
      ++rep.baseline_periods;
    }
  rep.baseline_cases = rep.baseline_periods ? base_total / rep.baseline_periods : 0;

  // Rising terms, folded when they mark the same cases.
  std::unordered_map<TermId, Burst> bursts;
  std::vector<TermId> rising;
  for (const auto& [t, x] : win.terms) {
    if (x < cfg.min_term_cases) continue;
    Burst b = BurstOf<TermId>(t, x, win.cases, base, &Counts::terms);
    bursts[t] = b;
    if (Rising(b, cfg)) rising.push_back(t);
  }
  std::sort(rising.begin(), rising.end(), [&](TermId a, TermId b) {
    return bursts[a].score != bursts[b].score ? bursts[a].score > bursts[b].score : a < b;
  });
  if (rising.size() > size_t(cfg.max_items) * 4) rising.resize(size_t(cfg.max_items) * 4);
  std::unordered_map<TermId, std::vector<int64_t>> members;
  {
    std::unordered_set<TermId> wanted(rising.begin(), rising.end());
    for (size_t i = 0; i < sets.size(); ++i)
      for (TermId t : sets[i])
        if (wanted.count(t)) members[t].push_back(ids[i]);
  }
  for (TermId t : rising) {
    const auto& m = members[t];
    HotItem* folded_into = nullptr;
    for (auto& item : rep.terms) {
      size_t common = 0;
      std::vector<int64_t> inter;
      std::set_intersection(m.begin(), m.end(), item.case_ids.begin(), item.case_ids.end(),
                            std::back_inserter(inter));
      common = inter.size();
      if (double(common) >= 0.7 * double(std::min(m.size(), item.case_ids.size()))) {
        folded_into = &item;
        break;
      }
    }
    if (folded_into) {
      folded_into->terms.push_back(TermText(t));
      continue;
    }
    if (int(rep.terms.size()) >= cfg.max_items) continue;
    HotItem item;
    item.kind = "term";
    item.label = TermText(t);
    item.id = "t-" + Hex(item.label);
    item.terms = {item.label};
    item.burst = bursts[t];
    item.case_ids = m;
    rep.terms.push_back(std::move(item));
  }

  // Clusters of similar cases.
  const double n_win = double(std::max<int64_t>(win.cases, 1));
  for (auto& group : Cluster(sets, cfg.cluster_similarity, cfg.min_cluster_cases)) {
    std::unordered_map<TermId, int> df;
    for (int i : group)
      for (TermId t : sets[size_t(i)]) ++df[t];
    std::vector<std::pair<double, TermId>> scored;
    for (const auto& [t, n] : df) {
      auto wt = win.terms.find(t);
      double idf = std::log((n_win + 1) / double((wt == win.terms.end() ? 0 : wt->second) + 1));
      scored.emplace_back(double(n) * idf, t);
    }
    std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    HotItem item;
    item.kind = "cluster";
    Burst best;
    best.score = -1e9;
    for (size_t k = 0; k < scored.size() && k < 3; ++k) {
      TermId t = scored[k].second;
      item.terms.push_back(TermText(t));
      auto it = bursts.find(t);
      Burst b = it != bursts.end() ? it->second
                                   : BurstOf<TermId>(t, win.terms[t], win.cases, base, &Counts::terms);
      if (b.score > best.score) best = b;
    }
    // The cluster's own size against the best term's usual level.
    best.count = int64_t(group.size());
    best.score = (double(best.count) - best.expected) / std::sqrt(std::max(best.sd * best.sd, best.expected) + 1.0);
    best.ratio = (double(best.count) + 1.0) / (best.expected + 1.0);
    item.burst = best;
    for (int i : group) item.case_ids.push_back(ids[size_t(i)]);
    std::sort(item.case_ids.begin(), item.case_ids.end());
    item.id = "c-" + std::to_string(item.case_ids.front());
    std::string label;
    for (size_t k = 0; k < item.terms.size(); ++k) label += (k ? " · " : "") + item.terms[k];
    item.label = label;
    rep.clusters.push_back(std::move(item));
  }
  std::sort(rep.clusters.begin(), rep.clusters.end(), ByBurst);
  if (rep.clusters.size() > size_t(cfg.max_items)) rep.clusters.resize(size_t(cfg.max_items));

  // Places.
  for (const auto& [pk, x] : win.places) {
    if (x < cfg.min_place_cases) continue;
    HotItem item;
    item.kind = "place";
    item.place_kind = pk[1] == 'd' ? "district" : "street";
    item.place_unit_id = pk.substr(3);
    item.id = "p-" + item.place_unit_id;
    item.label = places.UnitName(item.place_unit_id);
    item.burst = BurstOf<std::string>(pk, x, win.cases, base, &Counts::places);
    const auto& of = pk[1] == 'd' ? district_of : street_of;
    for (size_t i = 0; i < ids.size(); ++i)
      if (of[i] == item.place_unit_id) item.case_ids.push_back(ids[i]);
    rep.places.push_back(std::move(item));
  }
  std::sort(rep.places.begin(), rep.places.end(), ByBurst);
  if (rep.places.size() > size_t(cfg.max_items)) rep.places.resize(size_t(cfg.max_items));
  return rep;
}

Result<HotReport> TopIssues(store::Store& store, const workflow::Directory& dir, Date day, const HotConfig& cfg,
                            TimePoint now, int limit) {
  HotQuery q;
  q.from = LocalMidnight(day, dir.tz());
  q.to = LocalMidnight(Date(std::chrono::sys_days(day) + days(1)), dir.tz());
  HotConfig c = cfg;
  c.max_items = std::max(1, limit);
  return Analyze(store, dir, q, c, now);
}

}  // namespace hotline::hotspots
