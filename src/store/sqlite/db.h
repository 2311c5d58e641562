// A thin RAII layer over the SQLite C API: one connection, a cache of prepared statements keyed
// by name (every query is named), and typed binding/reading. Not thread-safe: one connection
// belongs to one thread at a time.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/common/status.h"
#include "src/store/sqlite/wal_watch.h"

namespace hotline::store::sqlite {

class Stmt {
 public:
  explicit Stmt(sqlite3_stmt* s) : s_(s) {}
  Stmt& Bind(int i, int64_t v);
  Stmt& Bind(int i, int v) { return Bind(i, int64_t(v)); }
  Stmt& Bind(int i, bool v) { return Bind(i, int64_t(v ? 1 : 0)); }
  Stmt& Bind(int i, double v);
  Stmt& Bind(int i, std::string_view v);
  Stmt& Bind(int i, const std::string& v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, const char* v) { return Bind(i, std::string_view(v)); }
  Stmt& BindBlob(int i, std::string_view v);
  Stmt& BindNull(int i);
  Stmt& Bind(int i, std::optional<int64_t> v) { return v ? Bind(i, *v) : BindNull(i); }

  // Steps once: true = a row is ready, false = done. Errors come back as Status.
  Result<bool> Step();
  Status Exec();  // steps to completion
  void Reset();

  int64_t Int(int col) const { return sqlite3_column_int64(s_, col); }
  double Double(int col) const { return sqlite3_column_double(s_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  std::optional<int64_t> OptInt(int col) const {
    return IsNull(col) ? std::nullopt : std::optional<int64_t>(Int(col));
  }
  std::string Text(int col) const;
  std::string Blob(int col) const;
  // The same bytes without a copy: valid until the statement steps, resets or reads `col` as
  // another type.
  std::string_view TextView(int col) const;
  std::string_view BlobView(int col) const;

 private:
  sqlite3_stmt* s_;
};

// Resets a statement when it leaves scope, so it can be reused from the cache.
class StmtGuard {
 public:
  explicit StmtGuard(Stmt s) : s_(s) {}
  ~StmtGuard() { s_.Reset(); }
  Stmt* operator->() { return &s_; }
  Stmt& operator*() { return s_; }

 private:
  Stmt s_;
};

// Steps `st` through every row and collects read(st) for each. The statement is left done.
template <typename T, typename ReadRow>
Result<std::vector<T>> CollectRows(Stmt& st, ReadRow read) {
  std::vector<T> out;
  while (true) {
    HOTLINE_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return out;
    out.push_back(read(st));
  }
}

// The writer's automatic checkpoint: after a commit that leaves this many pages in the log.
inline constexpr int kWalAutocheckpointPages = 4000;

class Db {
 public:
  enum class Mode { kWriter, kReader };
  // `reader_cache_kib`: a reader's page cache (filled only as pages are read).
  static Result<std::unique_ptr<Db>> Open(const std::string& path, Mode mode,
                                          int reader_cache_kib = 3072);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  Status Exec(std::string_view sql);  // one or more statements, no results
  // A cached prepared statement; the name identifies the query in errors and metrics.
  Result<StmtGuard> Prepare(std::string_view name, std::string_view sql);
  // An uncached statement for dynamic SQL (list filters). Finalised when the guard goes.
  Result<std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)>> PrepareDynamic(
      std::string_view sql);
  int64_t LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
  int Changes() const { return sqlite3_changes(db_); }
  sqlite3* raw() { return db_; }
  Status Error(std::string_view what) const;

  // A pooled reader's read transaction kept open between requests (SqliteStore::Read): the WAL
  // header taken just before it began, and when it began.
  struct Snapshot {
    bool open = false;
    WalWatch::Stamp stamp{};
    std::chrono::steady_clock::time_point began{};
  };
  Snapshot& snapshot() { return snapshot_; }
  // The writer during a bulk load in WriteTx::SearchIndexMode::kDeferred.
  bool defer_search_index = false;

 private:
  explicit Db(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  Snapshot snapshot_;
  std::map<std::string, sqlite3_stmt*, std::less<>> cache_;
};

}  // namespace hotline::store::sqlite
