#include "src/hotspots/analyzer.h"

#include <algorithm>
#include <cmath>
#include <map>
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

std::string PlaceKey(char kind, const std::string& id) {
  return std::string("@") + kind + ":" + id;
}

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

store::HotCaseQuery ScanQuery(const HotQuery& q, const workflow::Directory& dir, TimePoint from,
                              TimePoint to) {
  store::HotCaseQuery s;
  s.from = from;
  s.to = to;
  s.district_id = q.district_id;
  if (!q.category_id.empty()) s.category_ids = dir.CategorySubtree(q.category_id);
  s.scope_unit_ids = q.scope_unit_ids;
  return s;
}

void CountCase(const store::HotCaseRow& r, const std::vector<TermId>& terms,
               const PlaceResolver& places, Counts& c) {
  ++c.cases;
  for (TermId t : terms) ++c.terms[t];
  if (!r.district_id.empty()) ++c.places[PlaceKey('d', r.district_id)];
  std::string street = places.Street(r.district_id, r.address);
  if (!street.empty()) ++c.places[PlaceKey('s', street)];
}

// One local day of the baseline, made sure to be in the day cache (counted from the cases and
// stored once the day is over). Returns the day's case count, and its counts in `fresh` when the
// day cannot be cached yet (it has not ended).
Result<int64_t> EnsureDay(store::Store& store, const workflow::Directory& dir, const HotQuery& q,
                          const std::string& key, Date day, const TermFilter& filter,
                          const PlaceResolver& places, TimePoint now,
                          std::optional<Counts>* fresh) {
  const TimeZone tz = dir.tz();
  const TimePoint start = LocalMidnight(day, tz);
  const TimePoint end = LocalMidnight(Date(std::chrono::sys_days(day) + days(1)), tz);
  const std::string name = FormatDate(day);
  Counts c;
  {
    HOTLINE_ASSIGN_OR_RETURN(auto tx, store.Read());
    HOTLINE_ASSIGN_OR_RETURN(auto cached, tx->GetHotDay(key, name));
    if (cached && cached->computed_at >= end) return cached->cases;
    Status st = tx->ScanHotCases(ScanQuery(q, dir, start, end), [&](const store::HotCaseRow& r) {
      CountCase(r, filter.Terms(r.title + "\n" + r.content), places, c);
    });
    HOTLINE_RETURN_IF_ERROR(st);
  }
  if (end > now) {
    *fresh = std::move(c);
    return (*fresh)->cases;
  }
  store::HotDay d;
  d.key = key;
  d.day = name;
  d.cases = c.cases;
  d.computed_at = now;
  d.terms.reserve(c.terms.size() + c.places.size());
  for (const auto& [t, n] : c.terms) d.terms.emplace_back(TermText(t), n);
  for (const auto& [p, n] : c.places) d.terms.emplace_back(p, n);
  HOTLINE_RETURN_IF_ERROR(store.Write([&](store::WriteTx& tx) { return tx.PutHotDay(d); }));
  return c.cases;
}

// The baseline periods' counts of the terms and places that can be reported: one row of
// `periods` counts per key, in flat arrays (tens of thousands of keys × 56 periods at city scale).
struct Baseline {
  size_t periods = 0;
  std::vector<int64_t> cases;  // per period
  std::unordered_map<TermId, size_t> term_row;
  std::unordered_map<std::string, size_t> place_row;
  std::vector<int64_t> terms, places;  // row * periods + period

  int64_t* Row(TermId t) {
    auto it = term_row.find(t);
    return it == term_row.end() ? nullptr : &terms[it->second * periods];
  }
  int64_t* Row(const std::string& p) {
    auto it = place_row.find(p);
    return it == place_row.end() ? nullptr : &places[it->second * periods];
  }
  template <typename K>
  Burst Of(const K& key, int64_t x, int64_t n) {
    const int64_t* row = Row(key);
    std::vector<int64_t> bx(periods, 0);
    if (row) bx.assign(row, row + periods);
    return BurstScore(x, n, bx, cases);
  }
};

constexpr size_t kLabelTextBytes = 900;

// Words the centre already uses: every bigram of the category names and keywords, and the surge
// watch terms. A group of terms is named by one of these when it has one.
std::unordered_set<TermId> Vocabulary(const workflow::Directory& dir, const HotConfig& cfg,
                                      const TermFilter& f) {
  std::unordered_set<TermId> v;
  auto add = [&](const std::string& w) {
    for (TermId t : f.Terms(w)) v.insert(t);
  };
  for (const auto& c : dir.categories()) {
    add(c.name);
    for (const auto& k : c.keywords) add(k);
  }
  for (const auto& w : cfg.surge_watch_terms) add(w);
  return v;
}

// Decodes the code points of a UTF-8 string (malformed bytes are skipped).
std::vector<std::string> Chars(const std::string& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    out.push_back(s.substr(i, len));
    i += len;
  }
  return out;
}

// A CJK unified ideograph (U+4E00..U+9FFF), three bytes in UTF-8: no punctuation, no digits.
bool IsHan(const std::string& ch) {
  if (ch.size() != 3) return false;
  unsigned char a = static_cast<unsigned char>(ch[0]), b = static_cast<unsigned char>(ch[1]);
  uint32_t cp = (uint32_t(a & 0x0f) << 12) | (uint32_t(b & 0x3f) << 6) |
                (static_cast<unsigned char>(ch[2]) & 0x3f);
  return cp >= 0x4e00 && cp <= 0x9fff;
}

// Grows `term` one character at a time, left or right, while at least 70% of the member texts
// still contain the longer phrase (停水 → 突然停水), up to 4 Chinese characters.
std::string Phrase(const std::string& term, const std::vector<const std::string*>& members) {
  if (members.empty()) return term;
  auto share = [&](const std::string& p) {
    size_t n = 0;
    for (const auto* t : members) n += t->find(p) != std::string::npos;
    return double(n) / double(members.size());
  };
  std::string best = term;
  for (int grow = 0; grow < 2; ++grow) {
    // Candidates: the character before / after `best` in the first member text holding it.
    std::string left, right;
    for (const auto* t : members) {
      size_t at = t->find(best);
      if (at == std::string::npos) continue;
      auto before = Chars(t->substr(0, at));
      auto after = Chars(t->substr(at + best.size(), 8));
      if (!before.empty() && IsHan(before.back())) left = before.back() + best;
      if (!after.empty() && IsHan(after.front())) right = best + after.front();
      break;
    }
    double sl = left.empty() ? 0 : share(left), sr = right.empty() ? 0 : share(right);
    if (std::max(sl, sr) < 0.7) break;
    best = sl >= sr ? left : right;
  }
  return best;
}

bool Rising(const Burst& b, const HotConfig& cfg) {
  return b.score >= cfg.min_burst && b.ratio >= cfg.min_ratio;
}

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
  if (q.to - q.from > days(31))
    return Status::Invalid("the window may span at most 31 days", "from");
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
  std::vector<std::string> texts;  // the first bytes of each case's text, for labels
  std::vector<std::string> titles;
  Counts win;
  {
    HOTLINE_ASSIGN_OR_RETURN(auto tx, store.Read());
    Status st = tx->ScanHotCases(ScanQuery(q, dir, q.from, q.to), [&](const store::HotCaseRow& r) {
      std::string text = r.title + "\n" + r.content;
      auto terms = filter.Terms(text);
      if (text.size() > kLabelTextBytes)
        text.resize(kLabelTextBytes);  // may cut a character: fine for find()
      texts.push_back(std::move(text));
      titles.push_back(r.title);
      CountCase(r, terms, places, win);
      ids.push_back(r.id);
      sets.push_back(std::move(terms));
      district_of.push_back(r.district_id);
      street_of.push_back(places.Street(r.district_id, r.address));
    });
    HOTLINE_RETURN_IF_ERROR(st);
  }
  rep.cases = win.cases;

  // The baseline: the same local days, shifted back by whole windows. Only the terms and places
  // that can be reported are looked up in the day cache.
  const Date first = LocalDate(q.from, tz);
  const Date last = LocalDate(q.to - Millis(1), tz);
  const int span = int((std::chrono::sys_days(last) - std::chrono::sys_days(first)).count()) + 1;
  const std::string key = FilterKey(q);
  Baseline base;
  base.periods = size_t(cfg.baseline_periods);
  base.cases.assign(base.periods, 0);
  std::vector<std::string> wanted;
  {
    const int64_t min_x = std::min(cfg.min_term_cases, cfg.min_cluster_cases);
    for (const auto& [t, x] : win.terms)
      if (x >= min_x) {
        base.term_row.emplace(t, base.term_row.size());
        wanted.push_back(TermText(t));
      }
    for (const auto& [k, x] : win.places)
      if (x >= cfg.min_place_cases) {
        base.place_row.emplace(k, base.place_row.size());
        wanted.push_back(k);
      }
    base.terms.assign(base.term_row.size() * base.periods, 0);
    base.places.assign(base.place_row.size() * base.periods, 0);
  }
  std::map<std::string, size_t> period_of;  // cached day → baseline period
  for (int p = 1; p <= cfg.baseline_periods; ++p) {
    for (int d = 0; d < span; ++d) {
      Date day(std::chrono::sys_days(first) + days(d - p * span));
      std::optional<Counts> fresh;
      HOTLINE_ASSIGN_OR_RETURN(int64_t n,
                               EnsureDay(store, dir, q, key, day, filter, places, now, &fresh));
      base.cases[size_t(p - 1)] += n;
      if (fresh) {
        for (const auto& [t, x] : fresh->terms)
          if (int64_t* row = base.Row(t)) row[p - 1] += x;
        for (const auto& [k, x] : fresh->places)
          if (int64_t* row = base.Row(k)) row[p - 1] += x;
      } else {
        period_of[FormatDate(day)] = size_t(p - 1);
      }
    }
  }
  if (!period_of.empty() && !wanted.empty()) {
    HOTLINE_ASSIGN_OR_RETURN(auto tx, store.Read());
    HOTLINE_ASSIGN_OR_RETURN(auto rows, tx->HotTermCounts(key, period_of.begin()->first,
                                                          period_of.rbegin()->first, wanted));
    for (const auto& r : rows) {
      auto it = period_of.find(r.day);
      if (it == period_of.end()) continue;
      int64_t* row =
          !r.term.empty() && r.term[0] == '@' ? base.Row(r.term) : base.Row(TermOf(r.term));
      if (row) row[it->second] += r.n;
    }
  }
  double base_total = 0;
  for (int64_t n : base.cases)
    if (n > 0) {
      base_total += double(n);
      ++rep.baseline_periods;
    }
  rep.baseline_cases = rep.baseline_periods ? base_total / rep.baseline_periods : 0;

  // Rising terms, folded when they mark the same cases.
  std::unordered_map<TermId, Burst> bursts;
  std::vector<TermId> rising;
  for (const auto& [t, x] : win.terms) {
    if (x < cfg.min_term_cases) continue;
    Burst b = base.Of(t, x, win.cases);
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
  const auto vocab = Vocabulary(dir, cfg, filter);
  std::unordered_set<TermId> watch;  // the surge watch terms name a group first (停水 before 小区)
  for (const auto& w : cfg.surge_watch_terms)
    if (TermId t = TermOf(w)) watch.insert(t);
  std::unordered_map<int64_t, size_t> index_of;  // case id → index in the window vectors
  for (size_t i = 0; i < ids.size(); ++i) index_of[ids[i]] = i;
  auto member_texts = [&](const std::vector<int64_t>& m) {
    std::vector<const std::string*> out;
    for (size_t k = 0; k < m.size() && k < 400; ++k) out.push_back(&texts[index_of[m[k]]]);
    return out;
  };
  std::vector<std::vector<TermId>> folded;  // per reported term item: its terms, best first
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
      folded[size_t(folded_into - rep.terms.data())].push_back(t);
      continue;
    }
    if (int(rep.terms.size()) >= cfg.max_items) continue;
    HotItem item;
    item.kind = "term";
    item.id = "t-" + Hex(TermText(t));  // the strongest term: stable for the same window
    item.burst = bursts[t];
    item.case_ids = m;
    rep.terms.push_back(std::move(item));
    folded.push_back({t});
  }
  // Names: the centre's own word among the group's terms if it has one (the most frequent),
  // else the strongest term; grown into the phrase the cases share. At most 8 terms are listed.
  for (size_t k = 0; k < rep.terms.size(); ++k) {
    auto& item = rep.terms[k];
    auto& group = folded[k];
    std::stable_sort(group.begin(), group.end(), [&](TermId a, TermId b) {
      bool wa = watch.count(a), wb = watch.count(b);
      if (wa != wb) return wa;
      bool va = vocab.count(a), vb = vocab.count(b);
      if (va != vb) return va;
      return bursts[a].score > bursts[b].score;
    });
    item.label = Phrase(TermText(group.front()), member_texts(item.case_ids));
    for (size_t j = 0; j < group.size() && j < 8; ++j) item.terms.push_back(TermText(group[j]));
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
    std::sort(scored.begin(), scored.end(), [&](const auto& a, const auto& b) {
      bool va = vocab.count(a.second) && df[a.second] * 2 >= int(group.size());
      bool vb = vocab.count(b.second) && df[b.second] * 2 >= int(group.size());
      if (va != vb) return va;
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
      Burst b = it != bursts.end() ? it->second : base.Of(t, win.terms[t], win.cases);
      if (b.score > best.score) best = b;
    }
    // The cluster's own size against the best term's usual level.
    best.count = int64_t(group.size());
    best.score = (double(best.count) - best.expected) /
                 std::sqrt(std::max(best.sd * best.sd, best.expected) + 1.0);
    best.ratio = (double(best.count) + 1.0) / (best.expected + 1.0);
    item.burst = best;
    for (int i : group) item.case_ids.push_back(ids[size_t(i)]);
    std::sort(item.case_ids.begin(), item.case_ids.end());
    item.id = "c-" + std::to_string(item.case_ids.front());
    // Named by the title its cases give most often (the first case's when all differ), cut to 30
    // characters: people summarise better than bigrams.
    std::map<std::string, int> title_count;
    for (int i : group) ++title_count[titles[size_t(i)]];
    std::string title = titles[size_t(group.front())];
    int best_n = 1;
    for (const auto& [t, n] : title_count)
      if (n > best_n && !t.empty()) {
        title = t;
        best_n = n;
      }
    auto chars = Chars(title);
    if (chars.size() > 30) {
      chars.resize(30);
      title.clear();
      for (const auto& ch : chars) title += ch;
      title += "…";
    }
    item.label = title;
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
    item.burst = base.Of(pk, x, win.cases);
    const auto& of = pk[1] == 'd' ? district_of : street_of;
    for (size_t i = 0; i < ids.size(); ++i)
      if (of[i] == item.place_unit_id) item.case_ids.push_back(ids[i]);
    rep.places.push_back(std::move(item));
  }
  std::sort(rep.places.begin(), rep.places.end(), ByBurst);
  if (rep.places.size() > size_t(cfg.max_items)) rep.places.resize(size_t(cfg.max_items));
  return rep;
}

Result<HotReport> TopIssues(store::Store& store, const workflow::Directory& dir, Date day,
                            const HotConfig& cfg, TimePoint now, int limit) {
  HotQuery q;
  q.from = LocalMidnight(day, dir.tz());
  q.to = LocalMidnight(Date(std::chrono::sys_days(day) + days(1)), dir.tz());
  HotConfig c = cfg;
  c.max_items = std::max(1, limit);
  return Analyze(store, dir, q, c, now);
}

Result<std::vector<store::Surge>> SurgesOfDay(store::ReadTx& tx, Date day, TimeZone tz) {
  store::SurgeQuery q;
  q.from = LocalMidnight(day, tz);
  q.to = LocalMidnight(Date(std::chrono::sys_days(day) + days(1)), tz);
  q.limit = 1000;
  HOTLINE_ASSIGN_OR_RETURN(auto list, tx.ListSurges(q));
  std::reverse(list.begin(), list.end());
  return list;
}

}  // namespace hotline::hotspots
