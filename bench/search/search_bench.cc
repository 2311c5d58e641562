// Case search benchmarks (docs/benchmarks.md, "Case search"). Not a test: it prints figures.
//
//   search_bench corpus  --data DIR --cases N [--parts P] [--memory-mb M] [--messages FILE]
//                        lean corpus: cases rows with the text and the list filters only (no
//                        citizens, events or assignments), then indexed as `hotline serve`
//                        indexes P bulk loads of N/P cases (Store::BulkIndexSearchBacklog)
//   search_bench index   --data DIR [--threads N] [--memory-mb M] [--check 1] [--fts5 1]
//                        drops the index, puts every case in the search backlog and indexes it
//                        as `hotline serve` does (Store::BulkIndexSearchBacklog; with --fts5 1
//                        FTS5's own 'rebuild' and 'optimize' instead): cases/s, index size vs the
//                        raw text; --check 1 then runs FTS5's integrity-check
//   search_bench recall  --data DIR [--per-class K]  1-, 2-, 3-, 4-character Chinese queries and
//                        English words sampled from the corpus: the index's result set against a
//                        substring scan of the same text (what `LIKE '%q%'` finds; for English,
//                        whole words, as the index finds words)
//   search_bench latency --data DIR [--queries N] [--verbose 1]  SqliteStore::ListCases with q
//                        (ranked, counted, highlighted) combined with list filters, as
//                        GET /api/v1/cases runs it; --verbose 1 prints every query; --check 1
//                        also counts each through the unranked path (rows) and compares
//   search_bench sql     --data DIR --sql STATEMENT [--repeat N]  times one statement
//
// DIR is a data directory (hotline.db + secret.key), from `hotline seed` or `corpus`.
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "src/app/runtime.h"
#include "src/common/crypto.h"
#include "src/common/time.h"
#include "src/search/query.h"
#include "src/search/utf8.h"
#include "src/store/sqlite/case_search_sql.h"
#include "src/store/sqlite/db.h"
#include "src/store/sqlite/sqlite_store.h"

namespace hotline::bench {
namespace {

namespace bj = boost::json;
using store::sqlite::Db;
using Clock = std::chrono::steady_clock;

double Since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}
// CPU time of the calling thread: on a shared machine, what a query costs apart from waiting.
double ThreadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}
double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "search_bench: %s\n", what.c_str());
  std::exit(1);
}
void Check(const Status& st, const char* what) {
  if (!st.ok()) Die(std::string(what) + ": " + st.ToString());
}

std::map<std::string, std::string> Flags(int argc, char** argv) {
  std::map<std::string, std::string> out;
  for (int i = 2; i + 1 < argc; i += 2) out[argv[i]] = argv[i + 1];
  return out;
}

PiiCipher KeyOf(const std::string& dir) {
  std::ifstream in(dir + "/secret.key");
  std::string hex;
  in >> hex;
  auto c = PiiCipher::FromHexKey(hex);
  if (!c.ok()) Die("no key in " + dir + "/secret.key");
  return *c;
}

struct Message {
  std::string title, content, reply, address;
};

std::vector<Message> LoadMessages(const std::string& path) {
  std::ifstream in(path);
  std::vector<Message> out;
  std::string line;
  while (std::getline(in, line)) {
    boost::system::error_code ec;
    auto v = bj::parse(line, ec);
    if (ec || !v.is_object()) continue;
    auto s = [&](const char* k) {
      auto* x = v.as_object().if_contains(k);
      return x && x->is_string() ? std::string(x->as_string()) : std::string();
    };
    out.push_back({s("title"), s("content"), s("reply"), s("address")});
  }
  if (out.empty()) Die("no messages in " + path);
  return out;
}

int64_t Scalar(Db& db, const std::string& sql) {
  auto st = db.PrepareDynamic(sql);
  if (!st.ok()) Die(sql + ": " + st.status().ToString());
  store::sqlite::Stmt s(st->get());
  auto row = s.Step();
  if (!row.ok()) Die(sql + ": " + row.status().ToString());
  return *row ? s.Int(0) : 0;
}

// ---- corpus ----

constexpr const char* kOldStatuses[] = {"closed", "closed", "closed",  "closed", "closed",
                                        "closed", "closed", "closed",  "closed", "closed",
                                        "closed", "closed", "closed",  "closed", "closed",
                                        "closed", "closed", "invalid", "merged", "transferred"};
constexpr const char* kRecentStatuses[] = {
    "new",      "dispatched", "in_progress",      "in_progress", "replied",
    "answered", "closed",     "callback_pending", "closed",      "invalid"};
constexpr const char* kTypes[] = {"consultation", "help", "complaint", "report", "suggestion"};
constexpr int kDistricts = 4;    // district ids "2".."5"
constexpr int kCategories = 60;  // category ids "10".."69"

int Corpus(const std::map<std::string, std::string>& f) {
  const std::string dir = f.at("--data");
  const int64_t n = std::stoll(f.count("--cases") ? f.at("--cases") : "1000000");
  // The index is built in `parts` bulk writes, each of n/parts cases and one segment (runs in
  // memory: --memory-mb, default 12 GiB), as `hotline serve` indexes that many bulk loads.
  const int64_t parts = std::stoll(f.count("--parts") ? f.at("--parts") : "1");
  auto msgs = LoadMessages(f.count("--messages") ? f.at("--messages") : "data/demo/messages.jsonl");
  if (std::filesystem::exists(dir + "/hotline.db")) Die(dir + " already has a database");
  std::filesystem::create_directories(dir);
  {
    std::ofstream key(dir + "/secret.key");
    key << PiiCipher::NewHexKey() << "\n";
  }
  std::filesystem::permissions(dir + "/secret.key", std::filesystem::perms::owner_read |
                                                        std::filesystem::perms::owner_write);
  {
    auto s = store::sqlite::SqliteStore::Open(dir + "/hotline.db", KeyOf(dir), {1, 1});
    if (!s.ok()) Die(s.status().ToString());
  }
  const auto t0 = Clock::now();
  {
    auto db = Db::Open(dir + "/hotline.db", Db::Mode::kWriter);
    if (!db.ok()) Die(db.status().ToString());
    // The dashboard counts are recounted once when the store next opens (migration 0014's flag).
    Check((*db)->Exec("PRAGMA synchronous=OFF; UPDATE case_counts_state SET bulk = 1"), "pragma");
    std::mt19937_64 rng(12345);
    const int64_t now = ToUnixMillis(*ParseRfc3339("2026-11-28T10:00:00+08:00"));
    const int64_t span = int64_t(3) * 365 * 86400000;  // three years
    const int64_t batch = 50000;
    for (int64_t from = 0; from < n; from += batch) {
      Check((*db)->Exec("BEGIN"), "begin");
      auto ins =
          (*db)->Prepare("bench.case",
                         "INSERT INTO cases(id, number, status, type, channel, category_id, "
                         "district_id, created_at, updated_at, version, title, content, doc) "
                         "VALUES(?1,?2,?3,?4,'phone',?5,?6,?7,?7,1,?8,?9,?10)");
      if (!ins.ok()) Die(ins.status().ToString());
      for (int64_t i = from; i < std::min(n, from + batch); ++i) {
        const Message& m = msgs[rng() % msgs.size()];
        const int64_t id = i + 1;
        const std::string number = std::to_string(2000000000 + id);
        const int64_t created = now - span + span * i / n;
        // The reply told to the citizen is the unit's reply (the indexed text has it once).
        bj::object doc{{"location", bj::object{{"address", m.address}}},
                       {"reply", m.reply},
                       {"assignments", bj::array{}}};
        // As a running hotline has them: a case more than 30 days old is done with (closed, a
        // few invalid, merged or transferred); the last 30 days' cases are open or closed.
        const bool recent = now - created < int64_t(30) * 86400000;
        const char* status = recent ? kRecentStatuses[rng() % std::size(kRecentStatuses)]
                                    : kOldStatuses[rng() % std::size(kOldStatuses)];
        (*ins)->Bind(1, id).Bind(2, number).Bind(3, status);
        (*ins)->Bind(4, kTypes[rng() % std::size(kTypes)]);
        const std::string category = std::to_string(10 + rng() % kCategories);
        const std::string district = std::to_string(2 + rng() % kDistricts);
        (*ins)->Bind(5, category).Bind(6, district).Bind(7, created);
        (*ins)->Bind(8, m.title).Bind(9, m.content).Bind(10, bj::serialize(doc));
        Check((*ins)->Exec(), "insert case");
        (*ins)->Reset();
      }
      Check((*db)->Exec("COMMIT"), "commit");
      const int64_t done = std::min(n, from + batch);
      if (done % 1000000 == 0 || done == n)
        std::printf("corpus: %lld cases, %.1f s\n", static_cast<long long>(done), Since(t0));
      std::fflush(stdout);
    }
  }
  const double rows_secs = Since(t0);
  // The index: every case through the search backlog, in `parts` bulk writes.
  auto rt = app::OpenRuntime(dir, false);
  if (!rt.ok()) Die(rt.status().ToString());
  const auto ti = Clock::now();
  for (int64_t k = 0; k < parts; ++k) {
    const int64_t lo = 1 + n * k / parts, hi = n * (k + 1) / parts;
    {
      auto db = Db::Open(dir + "/hotline.db", Db::Mode::kWriter);
      if (!db.ok()) Die(db.status().ToString());
      Check((*db)->Exec("INSERT INTO search_backlog(from_id, to_id) VALUES(" + std::to_string(lo) +
                        ", " + std::to_string(hi) + ")"),
            "backlog");
    }
    store::Store::BulkSearchIndexOptions o;
    o.min_cases = 1;
    o.memory_bytes = (f.count("--memory-mb") ? std::stoull(f.at("--memory-mb")) : 12288) << 20;
    auto r = (*rt)->store->BulkIndexSearchBacklog(o);
    if (!r.ok()) Die(r.status().ToString());
    std::printf("corpus: part %lld: %lld cases indexed (read %.1f s, written %.1f s)\n",
                static_cast<long long>(k + 1), static_cast<long long>(r->indexed),
                r->collect_seconds, r->link_seconds);
    std::fflush(stdout);
  }
  const double index_secs = Since(ti);
  std::printf("corpus: %lld cases: rows %.1f s, index %.1f s (%.0f cases/s)\n",
              static_cast<long long>(n), rows_secs, index_secs, double(n) / index_secs);
  return 0;
}

// ---- index ----

int Index(const std::map<std::string, std::string>& f) {
  const std::string dir = f.at("--data");
  const bool fts5_path = f.count("--fts5") && f.at("--fts5") == "1";
  const int threads = f.count("--threads") ? std::stoi(f.at("--threads")) : 2;
  int64_t n = 0;
  {
    auto db = Db::Open(dir + "/hotline.db", Db::Mode::kWriter);
    if (!db.ok()) Die(db.status().ToString());
    n = Scalar(**db, "SELECT COUNT(*) FROM cases");
    // Every case out of the index and into the search backlog, as a bulk load leaves them.
    Check((*db)->Exec("INSERT INTO case_fts(case_fts) VALUES('delete-all');"
                      "DELETE FROM search_backlog;"
                      "INSERT INTO search_backlog(from_id, to_id) SELECT MIN(id), MAX(id) FROM "
                      "cases HAVING COUNT(*) > 0;"),
          "delete-all");
  }
  const auto t0 = Clock::now();
  const double c0 = CpuSeconds();
  double build = 0;
  if (fts5_path) {
    // FTS5's own way, for comparison: 'rebuild' with a large hash and no merging, then one merge.
    auto db = Db::Open(dir + "/hotline.db", Db::Mode::kWriter);
    if (!db.ok()) Die(db.status().ToString());
    Check((*db)->Exec("INSERT INTO case_fts(case_fts, rank) VALUES('hashsize', 268435456);"
                      "INSERT INTO case_fts(case_fts, rank) VALUES('automerge', 0);"
                      "INSERT INTO case_fts(case_fts, rank) VALUES('crisismerge', 1000);"
                      "INSERT INTO case_fts(case_fts) VALUES('rebuild');"
                      "DELETE FROM search_backlog;"),
          "rebuild");
    build = Since(t0);
    Check((*db)->Exec("INSERT INTO case_fts(case_fts, rank) VALUES('hashsize', 1048576);"
                      "INSERT INTO case_fts(case_fts, rank) VALUES('automerge', 4);"
                      "INSERT INTO case_fts(case_fts, rank) VALUES('crisismerge', 16);"
                      "INSERT INTO case_fts(case_fts) VALUES('optimize');"),
          "optimize");
  } else {
    // The product's way (what `hotline serve` does with a bulk load's backlog).
    auto rt = app::OpenRuntime(dir, false);
    if (!rt.ok()) Die(rt.status().ToString());
    store::Store::BulkSearchIndexOptions o;
    o.threads = threads;
    o.min_cases = 1;
    if (f.count("--memory-mb")) o.memory_bytes = std::stoull(f.at("--memory-mb")) << 20;
    auto r = (*rt)->store->BulkIndexSearchBacklog(o);
    if (!r.ok()) Die(r.status().ToString());
    std::printf(
        "index: bulk: %lld cases indexed (read + tokenized %.1f s, written %.1f s), %lld "
        "left in the backlog\n",
        static_cast<long long>(r->indexed), r->collect_seconds, r->link_seconds,
        static_cast<long long>(r->left));
    build = Since(t0);
  }
  const double total = Since(t0), cpu = CpuSeconds() - c0;
  auto db = Db::Open(dir + "/hotline.db", Db::Mode::kWriter);
  if (!db.ok()) Die(db.status().ToString());
  const int64_t index_bytes =
      Scalar(**db, "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'case_fts%'");
  const int64_t raw = Scalar(**db,
                             "SELECT SUM(length(CAST(title AS BLOB)) + length(CAST(content AS "
                             "BLOB)) + length(CAST(replies AS BLOB)) + length(CAST(address AS "
                             "BLOB)) + length(CAST(number AS BLOB))) FROM case_search_src");
  std::printf(
      "index (%s): %lld cases: build %.1f s + %s %.1f s = %.1f s wall (%.1f s CPU) = "
      "%.0f cases/s wall, %.0f cases/s per CPU second\n",
      fts5_path ? "FTS5 rebuild" : "bulk segment", static_cast<long long>(n), build,
      fts5_path ? "merge" : "closing the store", total - build, total, cpu, double(n) / total,
      double(n) / cpu);
  std::printf("index: %.1f MiB index for %.1f MiB of text = %.2fx\n", double(index_bytes) / 1048576,
              double(raw) / 1048576, double(index_bytes) / double(raw));
  if (f.count("--check") && f.at("--check") == "1") {
    const auto tc = Clock::now();
    Check((*db)->Exec("INSERT INTO case_fts(case_fts, rank) VALUES('integrity-check', 1)"),
          "integrity-check");
    std::printf("index: FTS5 integrity-check (index against every case's text) passed in %.1f s\n",
                Since(tc));
  }
  return 0;
}

// ---- recall ----

bool IsHan(char32_t c) { return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF); }
bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
char Lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

int Recall(const std::map<std::string, std::string>& f) {
  const std::string dir = f.at("--data");
  const int per_class = std::stoi(f.count("--per-class") ? f.at("--per-class") : "20");
  auto db = Db::Open(dir + "/hotline.db", Db::Mode::kReader);
  if (!db.ok()) Die(db.status().ToString());
  const int64_t n = Scalar(**db, "SELECT MAX(id) FROM cases");
  std::mt19937_64 rng(7);
  auto text_of = [&](int64_t id) {
    auto st = (*db)->Prepare("bench.text",
                             "SELECT title || ' ' || content || ' ' || replies || ' ' || address "
                             "FROM case_search_src WHERE id = ?1");
    (*st)->Bind(1, id);
    auto row = (*st)->Step();
    return row.ok() && *row ? (*st)->Text(0) : std::string();
  };
  // Queries: k consecutive Han characters (k = 1..4) at a random place of a random case; English
  // words (2+ ASCII letters, as a whole word) from random cases.
  struct Query {
    std::string text;
    std::string cls;
  };
  std::vector<Query> queries;
  std::set<std::string> seen;
  for (int k = 1; k <= 5; ++k) {
    int got = 0;
    for (int tries = 0; got < per_class && tries < per_class * 2000; ++tries) {
      std::string t = text_of(int64_t(1 + rng() % uint64_t(n)));
      if (t.empty()) continue;
      std::vector<std::pair<size_t, size_t>> cps;  // (start, end) of each code point
      for (size_t p = 0; p < t.size();) {
        size_t s = p;
        search::utf8::Decode(t, &p);
        cps.push_back({s, p});
      }
      std::string q;
      if (k <= 4) {
        size_t at = size_t(rng() % cps.size());
        if (at + size_t(k) > cps.size()) continue;
        bool han = true;
        for (size_t j = at; j < at + size_t(k); ++j) {
          size_t p = cps[j].first;
          han = han && IsHan(search::utf8::Decode(t, &p));
        }
        if (!han) continue;
        q = t.substr(cps[at].first, cps[at + size_t(k) - 1].second - cps[at].first);
      } else {
        std::vector<std::string> words;
        for (size_t p = 0; p < t.size();) {
          if (!(std::isalpha(static_cast<unsigned char>(t[p])) && t[p] > 0)) {
            ++p;
            continue;
          }
          size_t s = p;
          while (p < t.size() && IsAsciiAlnum(t[p])) ++p;
          std::string w = t.substr(s, p - s);
          bool letters = std::all_of(w.begin(), w.end(), [](char c) {
            return std::isalpha(static_cast<unsigned char>(c));
          });
          if (w.size() >= 2 && letters && (s == 0 || !IsAsciiAlnum(t[s - 1]))) words.push_back(w);
        }
        if (words.empty()) continue;
        q = words[rng() % words.size()];
      }
      if (!seen.insert(q).second) continue;
      queries.push_back({q, k <= 4 ? std::to_string(k) + " char" : "English"});
      ++got;
    }
  }
  // The index's answer for each query.
  std::vector<std::set<int64_t>> found(queries.size());
  for (size_t i = 0; i < queries.size(); ++i) {
    auto expr = search::BuildMatchExpression(queries[i].text);
    if (!expr.ok()) continue;
    auto st = (*db)->PrepareDynamic("SELECT rowid FROM case_fts WHERE case_fts MATCH ?1");
    store::sqlite::Stmt s(st->get());
    s.Bind(1, *expr);
    while (true) {
      auto row = s.Step();
      if (!row.ok() || !*row) break;
      found[i].insert(s.Int(0));
    }
  }
  // The reference: one pass over every case's text, every query checked as a substring (ASCII
  // case-insensitively, as LIKE compares); English queries only as whole words.
  std::vector<int64_t> expected(queries.size()), hit(queries.size());
  std::vector<std::string> lowered_q;
  for (const auto& q : queries) {
    std::string l = q.text;
    for (char& c : l) c = Lower(c);
    lowered_q.push_back(l);
  }
  auto st = (*db)->PrepareDynamic(
      "SELECT id, title || ' ' || content || ' ' || replies || ' ' || address || ' ' || number "
      "FROM case_search_src");
  store::sqlite::Stmt s(st->get());
  const auto t0 = Clock::now();
  std::string lower;
  while (true) {
    auto row = s.Step();
    if (!row.ok() || !*row) break;
    const int64_t id = s.Int(0);
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st->get(), 1));
    lower.assign(p, size_t(sqlite3_column_bytes(st->get(), 1)));
    for (char& c : lower) c = Lower(c);
    for (size_t i = 0; i < queries.size(); ++i) {
      const std::string& q = lowered_q[i];
      const bool english = queries[i].cls == "English";
      bool match = false;
      for (size_t at = lower.find(q); at != std::string::npos; at = lower.find(q, at + 1)) {
        if (!english || ((at == 0 || !IsAsciiAlnum(lower[at - 1])) &&
                         (at + q.size() >= lower.size() || !IsAsciiAlnum(lower[at + q.size()])))) {
          match = true;
          break;
        }
      }
      if (!match) continue;
      ++expected[i];
      if (found[i].count(id)) ++hit[i];
    }
  }
  std::printf("recall: reference scan of every case in %.1f s\n", Since(t0));
  std::map<std::string, std::pair<int64_t, int64_t>> by_class;  // cls -> (hit, expected)
  std::map<std::string, double> worst;
  std::map<std::string, int> count;
  for (size_t i = 0; i < queries.size(); ++i) {
    auto& [h, e] = by_class[queries[i].cls];
    h += hit[i];
    e += expected[i];
    ++count[queries[i].cls];
    double r = expected[i] ? double(hit[i]) / double(expected[i]) : 1.0;
    if (!worst.count(queries[i].cls) || r < worst[queries[i].cls]) worst[queries[i].cls] = r;
    if (r < 0.99)
      std::printf("recall: low: %s \"%s\" %lld/%lld\n", queries[i].cls.c_str(),
                  queries[i].text.c_str(), static_cast<long long>(hit[i]),
                  static_cast<long long>(expected[i]));
  }
  std::printf("%-8s %8s %14s %12s %12s\n", "class", "queries", "reference hits", "recall",
              "worst query");
  for (const auto& [cls, he] : by_class)
    std::printf("%-8s %8d %14lld %11.4f%% %11.2f%%\n", cls.c_str(), count[cls],
                static_cast<long long>(he.second),
                he.second ? 100.0 * double(he.first) / double(he.second) : 100.0,
                100.0 * worst[cls]);
  return 0;
}

// ---- latency ----

int Latency(const std::map<std::string, std::string>& f) {
  const std::string dir = f.at("--data");
  const int nq = std::stoi(f.count("--queries") ? f.at("--queries") : "300");
  const bool verbose = f.count("--verbose") && f.at("--verbose") == "1";  // one line per query
  // --check 1: compare every total with the unranked path's (not timed).
  const bool check = f.count("--check") && f.at("--check") == "1";
  int mismatches = 0;
  auto store = store::sqlite::SqliteStore::Open(dir + "/hotline.db", KeyOf(dir), {1, 1});
  if (!store.ok()) Die(store.status().ToString());
  // Query words: what agents type — frequent 2–4 character words of hotline requests, a few
  // single characters, two-word and phrase queries.
  const std::vector<std::string> words = {
      "路灯",      "噪音",         "停车",         "物业",
      "小区",      "拆迁",         "违建",         "垃圾",
      "漏水",      "停水",         "停电",         "油烟",
      "公交",      "学校",         "医保",         "社保",
      "工资",      "欠薪",         "养老",         "户口",
      "燃气",      "电梯",         "施工",         "扰民",
      "补偿",      "绿化",         "道路",         "积水",
      "广场舞",    "出租车",       "公积金",       "营业执照",
      "噪音扰民",  "违章建筑",     "水",           "电",
      "路",        "树",           "狗",           "物业 收费",
      "小区 停车", "\"拖欠工资\"", "路灯 OR 井盖", "漏水 NOT 维修",
      "学校 收费"};
  std::mt19937_64 rng(99);
  auto tx = (*store)->Read();
  if (!tx.ok()) Die(tx.status().ToString());
  std::vector<std::string> districts;
  {
    auto db = Db::Open(dir + "/hotline.db", Db::Mode::kReader);
    auto st = (*db)->PrepareDynamic(
        "SELECT DISTINCT district_id FROM cases WHERE district_id <> '' LIMIT 20");
    store::sqlite::Stmt s(st->get());
    while (true) {
      auto row = s.Step();
      if (!row.ok() || !*row) break;
      districts.push_back(s.Text(0));
    }
  }
  const TimePoint now = *ParseRfc3339("2026-11-28T10:00:00+08:00");
  struct Kind {
    const char* name;
    std::vector<double> ms;
    std::vector<double> cpu;
  };
  std::vector<Kind> kinds = {{"q only", {}, {}},
                             {"q + status", {}, {}},
                             {"q + district", {}, {}},
                             {"q + last 90 days", {}, {}},
                             {"q + status + district + year", {}, {}}};
  std::vector<double> all, all_cpu;
  int64_t results = 0;
  for (int i = 0; i < nq; ++i) {
    store::CaseQuery q;
    q.now = now;
    q.text = words[rng() % words.size()];
    q.limit = 20;
    const int kind = i % int(kinds.size());
    if (kind == 1 || kind == 4)
      q.statuses = {rng() % 2 ? domain::CaseStatus::kClosed : domain::CaseStatus::kInProgress};
    if ((kind == 2 || kind == 4) && !districts.empty())
      q.district_id = districts[rng() % districts.size()];
    if (kind == 3) q.from = now - std::chrono::hours(24 * 90);
    if (kind == 4) q.from = now - std::chrono::hours(24 * 365);
    const auto t0 = Clock::now();
    const double c0 = ThreadCpuMs();
    auto page = (*tx)->ListCases(q);
    const double ms = Since(t0) * 1000;
    const double cpu = ThreadCpuMs() - c0;
    if (!page.ok()) Die(q.text + ": " + page.status().ToString());
    if (check) {
      // The same filters through the unranked path (an explicit sort: the filters tested on the
      // case rows, the count uncapped) must count the same cases.
      store::CaseQuery plain = q;
      plain.sort = store::CaseQuery::Sort::kCreatedAsc;
      plain.limit = 1;
      auto other = (*tx)->ListCases(plain);
      if (!other.ok()) Die(q.text + ": " + other.status().ToString());
      const int64_t want = std::min<int64_t>(other->total, 10000);
      if (want != page->total || (other->total > 10000) != page->total_capped) {
        std::printf("MISMATCH %s (%s): ranked total %lld, rows %lld\n", kinds[size_t(kind)].name,
                    q.text.c_str(), static_cast<long long>(page->total),
                    static_cast<long long>(other->total));
        ++mismatches;
      }
    }
    if (verbose)
      std::printf("%-30s %-16s %8.1f ms %8.1f CPU ms  total %lld  %s\n", kinds[size_t(kind)].name,
                  q.text.c_str(), ms, cpu, static_cast<long long>(page->total),
                  q.statuses.empty() ? "" : std::string(domain::Name(q.statuses[0])).c_str());
    results += int64_t(page->items.size());
    kinds[size_t(kind)].ms.push_back(ms);
    kinds[size_t(kind)].cpu.push_back(cpu);
    all.push_back(ms);
    all_cpu.push_back(cpu);
  }
  auto pct = [](std::vector<double> v, double p) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size())))];
  };
  std::printf("%-30s %5s %8s %8s %8s %8s | %8s %8s %8s\n", "queries (limit 20, counted)", "n",
              "p50 ms", "p95 ms", "p99 ms", "max ms", "CPU p50", "CPU p95", "CPU p99");
  for (const auto& k : kinds)
    std::printf("%-30s %5zu %8.1f %8.1f %8.1f %8.1f | %8.1f %8.1f %8.1f\n", k.name, k.ms.size(),
                pct(k.ms, 0.5), pct(k.ms, 0.95), pct(k.ms, 0.99), pct(k.ms, 1.0), pct(k.cpu, 0.5),
                pct(k.cpu, 0.95), pct(k.cpu, 0.99));
  std::printf("%-30s %5zu %8.1f %8.1f %8.1f %8.1f | %8.1f %8.1f %8.1f  (%lld results)\n", "all",
              all.size(), pct(all, 0.5), pct(all, 0.95), pct(all, 0.99), pct(all, 1.0),
              pct(all_cpu, 0.5), pct(all_cpu, 0.95), pct(all_cpu, 0.99),
              static_cast<long long>(results));
  if (check) std::printf("check: %d totals differ from the unranked path's\n", mismatches);
  return mismatches == 0 ? 0 : 1;
}

// ---- sql ----
// Times one statement (read-only connection with the store's functions and tokenizer), run
// --repeat times: for finding where a search's time goes (EXPLAIN QUERY PLAN works too).
int Sql(const std::map<std::string, std::string>& f) {
  const std::string dir = f.at("--data");
  const int repeat = std::stoi(f.count("--repeat") ? f.at("--repeat") : "3");
  auto db = Db::Open(dir + "/hotline.db", Db::Mode::kReader);
  if (!db.ok()) Die(db.status().ToString());
  auto st = (*db)->PrepareDynamic(f.at("--sql"));
  if (!st.ok()) Die(st.status().ToString());
  for (int r = 0; r < repeat; ++r) {
    store::sqlite::Stmt s(st->get());
    const auto t0 = Clock::now();
    const double c0 = ThreadCpuMs();
    int64_t rows = 0;
    std::string first;
    while (true) {
      auto row = s.Step();
      if (!row.ok()) Die(row.status().ToString());
      if (!*row) break;
      if (rows++ < 8) {
        for (int i = 0; i < sqlite3_column_count(st->get()); ++i) first += s.Text(i) + "|";
        first += "\n";
      }
    }
    std::printf("%.2f ms (%.2f CPU ms), %lld rows\n%s", Since(t0) * 1000, ThreadCpuMs() - c0,
                static_cast<long long>(rows), r == 0 ? first.c_str() : "");
    sqlite3_reset(st->get());
  }
  return 0;
}

}  // namespace
}  // namespace hotline::bench

int main(int argc, char** argv) {
  using namespace hotline::bench;
  Check(hotline::InitCrypto(), "crypto");
  if (argc < 2) {
    std::fprintf(stderr, "usage: search_bench corpus|index|recall|latency --data DIR ...\n");
    return 2;
  }
  std::string cmd = argv[1];
  auto flags = Flags(argc, argv);
  if (!flags.count("--data")) Die("--data DIR is required");
  if (cmd == "corpus") return Corpus(flags);
  if (cmd == "index") return Index(flags);
  if (cmd == "recall") return Recall(flags);
  if (cmd == "latency") return Latency(flags);
  if (cmd == "sql") return Sql(flags);
  Die("unknown command " + cmd);
}
