// case_read: the CPU cost of one case read inside the server process, without the network, and of
// its parts. Less sensitive to other jobs on the machine than wrk's requests/s: it measures this
// thread's CPU time (CLOCK_THREAD_CPUTIME_ID), single-threaded, over random cases.
//
// Usage: case_read DATA_DIR [READS=200000] [CASES=max id]
//   (a data directory made by `hotline seed`; logs in as the demo agent, password "demo")
#include <sqlite3.h>
#include <time.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "src/api/api.h"
#include "src/api/auth.h"
#include "src/api/encode.h"
#include "src/api/metrics.h"
#include "src/api/router.h"
#include "src/app/runtime.h"
#include "src/store/case_doc.h"

using namespace hotline;

namespace {

double ThreadSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

template <typename Fn>
void Measure(const char* what, int n, Fn fn) {
  const double t0 = ThreadSeconds();
  size_t sink = 0;
  for (int i = 0; i < n; ++i) sink += fn(i);
  const double t = ThreadSeconds() - t0;
  std::printf("%-50s %8.2f us  (%d runs, %zu)\n", what, t * 1e6 / n, n, sink % 10);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DATA_DIR [READS=200000] [CASES]\n", argv[0]);
    return 2;
  }
  const std::string data = argv[1];
  const int reads = argc > 2 ? std::atoi(argv[2]) : 200000;
  auto rt = app::OpenRuntime(data, false, 4);
  if (!rt.ok()) {
    std::fprintf(stderr, "case_read: %s\n", rt.status().ToString().c_str());
    return 1;
  }
  app::Runtime& r = **rt;
  int64_t cases = argc > 3 ? std::atoll(argv[3]) : 0;
  if (cases <= 0) {
    // The highest id: probe upwards (ids are dense from 1).
    int64_t lo = 1, hi = 1;
    auto exists = [&](int64_t id) {
      auto tx = r.store->Read();
      return tx.ok() && (*tx)->GetCase(std::to_string(id)).ok();
    };
    while (exists(hi)) hi *= 2;
    while (lo + 1 < hi) {
      int64_t mid = (lo + hi) / 2;
      (exists(mid) ? lo : hi) = mid;
    }
    cases = lo;
  }
  api::Metrics metrics;
  api::Auth auth(*r.store, *r.clock);
  api::Context ctx{*r.store, *r.engine, *r.directory, auth, metrics, data, "", nullptr};
  api::Router router;
  api::RegisterRoutes(router, ctx);
  auto login = auth.Login("agent", "demo");
  if (!login.ok()) {
    std::fprintf(stderr, "case_read: login: %s\n", login.status().ToString().c_str());
    return 1;
  }
  const std::string bearer = "Bearer " + login->token;
  const workflow::Actor actor = api::ActorOf(login->user);
  std::mt19937_64 rng(42);
  std::vector<std::string> ids(static_cast<size_t>(reads));
  for (auto& id : ids) id = std::to_string(1 + int64_t(rng() % uint64_t(cases)));
  std::printf("case_read: %lld cases in %s, %d random reads per line\n", (long long)cases,
              data.c_str(), reads);

  // Warm the page caches as a running server has them.
  for (int i = 0; i < reads / 4; ++i) (void)r.engine->Get(actor, ids[size_t(i)]);

  Measure("GET /api/v1/cases/{id} via Router::Dispatch", reads, [&](int i) {
    api::Request req;
    req.method = boost::beast::http::verb::get;
    req.target = "/api/v1/cases/" + ids[size_t(i)];
    req.headers.emplace_back("Host", "127.0.0.1");
    req.headers.emplace_back("Authorization", bearer);
    api::Response res = router.Dispatch(req);
    if (res.status != 200) std::abort();
    return res.body.size();
  });
  Measure("  Auth::AuthenticateShared", reads, [&](int) {
    api::Request req;
    req.method = boost::beast::http::verb::get;
    req.headers.emplace_back("Authorization", bearer);
    return size_t(auth.AuthenticateShared(req).ok());
  });
  Measure("  Engine::Get (SQLite read + decode)", reads, [&](int i) {
    auto c = r.engine->Get(actor, ids[size_t(i)]);
    return c->content.size();
  });
  Measure("    ReadTx open + close", reads, [&](int) {
    auto tx = r.store->Read();
    return size_t(tx.ok());
  });
  {
    // The same row through a bare SQLite connection (B-tree lookup, page reads, column copies).
    sqlite3* db = nullptr;
    sqlite3_open_v2((data + "/hotline.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_exec(db, "PRAGMA cache_size=-16384", nullptr, nullptr, nullptr);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(
        db,
        "SELECT id, number, status, type, channel, category_id, district_id, urgent, "
        "parent_id, created_at, updated_at, due_at, version, title, content, doc, "
        "citizen, last_seq, last_hash FROM cases WHERE id = ?1",
        -1, &st, nullptr);
    for (int i = 0; i < reads / 4; ++i) {
      sqlite3_bind_int64(st, 1, std::atoll(ids[size_t(i)].c_str()));
      sqlite3_step(st);
      sqlite3_reset(st);
    }
    std::vector<std::string> docs;
    Measure("    bare SQLite: SELECT the case row", reads, [&](int i) {
      sqlite3_bind_int64(st, 1, std::atoll(ids[size_t(i)].c_str()));
      sqlite3_step(st);
      size_t n = size_t(sqlite3_column_bytes(st, 15)) + size_t(sqlite3_column_bytes(st, 14));
      if (docs.size() < 2000) docs.emplace_back((const char*)sqlite3_column_text(st, 15));
      sqlite3_reset(st);
      return n;
    });
    // The same reads inside one read transaction, as a pooled reader with an unchanged snapshot
    // reads (SqliteStore::Read, snapshot reuse): no WAL read lock taken and released per read.
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    Measure("    bare SQLite, one snapshot for every read", reads, [&](int i) {
      sqlite3_bind_int64(st, 1, std::atoll(ids[size_t(i)].c_str()));
      sqlite3_step(st);
      size_t n = size_t(sqlite3_column_bytes(st, 15)) + size_t(sqlite3_column_bytes(st, 14));
      sqlite3_reset(st);
      return n;
    });
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    Measure("    CaseDocFromJson", reads, [&](int i) {
      domain::Case c;
      (void)store::CaseDocFromJson(docs[size_t(i) % docs.size()], &c);
      return c.assignments.size();
    });
    sqlite3_finalize(st);
    sqlite3_close(db);
  }
  std::vector<domain::Case> loaded;
  for (int i = 0; i < std::min(2000, reads); ++i)
    loaded.push_back(*r.engine->Get(actor, ids[size_t(i)]));
  Measure("  EncodeCaseTo (text)", reads, [&](int i) {
    std::string out;
    api::EncodeCaseTo(&out, *r.engine, actor, loaded[size_t(i) % loaded.size()]);
    return out.size();
  });
  Measure("  EncodeCase + serialize (tree, for comparison)", reads / 4, [&](int i) {
    return boost::json::serialize(
               api::EncodeCase(*r.engine, actor, loaded[size_t(i) % loaded.size()]))
        .size();
  });
  Measure("  Engine::AllowedActions", reads, [&](int i) {
    return r.engine->AllowedActions(actor, loaded[size_t(i) % loaded.size()]).size();
  });
  return 0;
}
