#include "src/store/sqlite/db.h"

#include <mutex>

#include "src/search/fts5_tokenizer.h"
#include "src/store/sqlite/case_search_sql.h"

namespace hotline::store::sqlite {

Stmt& Stmt::Bind(int i, int64_t v) {
  sqlite3_bind_int64(s_, i, v);
  return *this;
}
Stmt& Stmt::Bind(int i, double v) {
  sqlite3_bind_double(s_, i, v);
  return *this;
}
Stmt& Stmt::Bind(int i, std::string_view v) {
  sqlite3_bind_text(s_, i, v.data(), int(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::BindBlob(int i, std::string_view v) {
  sqlite3_bind_blob(s_, i, v.data(), int(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::BindNull(int i) {
  sqlite3_bind_null(s_, i);
  return *this;
}

Result<bool> Stmt::Step() {
  int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3* db = sqlite3_db_handle(s_);
  if (rc == SQLITE_CONSTRAINT || (rc & 0xff) == SQLITE_CONSTRAINT)
    return Status::Conflict("constraint", sqlite3_errmsg(db));
  return Status::Internal(std::string("database: ") + sqlite3_errmsg(db));
}

Status Stmt::Exec() {
  while (true) {
    auto r = Step();
    if (!r.ok()) return r.status();
    if (!*r) return Status::Ok();
  }
}

void Stmt::Reset() {
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
}

std::string Stmt::Text(int col) const {
  const auto* p = sqlite3_column_text(s_, col);
  if (!p) return {};
  return std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(s_, col));
}

std::string_view Stmt::TextView(int col) const {
  const auto* p = sqlite3_column_text(s_, col);
  if (!p) return {};
  return std::string_view(reinterpret_cast<const char*>(p), size_t(sqlite3_column_bytes(s_, col)));
}

std::string_view Stmt::BlobView(int col) const {
  const auto* p = sqlite3_column_blob(s_, col);
  if (!p) return {};
  return std::string_view(static_cast<const char*>(p), size_t(sqlite3_column_bytes(s_, col)));
}

std::string Stmt::Blob(int col) const {
  const auto* p = sqlite3_column_blob(s_, col);
  if (!p) return {};
  return std::string(static_cast<const char*>(p), sqlite3_column_bytes(s_, col));
}

Result<std::unique_ptr<Db>> Db::Open(const std::string& path, Mode mode, int reader_cache_kib) {
  // SQLite's memory statistics take one process-wide mutex on every allocation, which readers on
  // many threads then contend for (~9% of a case read on 2 cores). Nothing here reads them. Must
  // precede sqlite3_initialize(); if SQLite is already initialised this is a harmless no-op.
  static std::once_flag config_once;
  std::call_once(config_once, [] { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  sqlite3* raw = nullptr;
  int flags =
      SQLITE_OPEN_NOMUTEX |
      (mode == Mode::kWriter ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY);
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  std::unique_ptr<Db> db(new Db(raw));
  if (rc != SQLITE_OK)
    return Status::Unavailable("cannot open database " + path + ": " + sqlite3_errstr(rc));
  sqlite3_busy_timeout(raw, 10000);
  sqlite3_extended_result_codes(raw, 1);
  // Full-text tables (tokenize='hotline') need the tokenizer on every connection, before any
  // statement touches them — including the migrations that create them.
  HOTLINE_RETURN_IF_ERROR(search::RegisterTokenizer(raw));
  HOTLINE_RETURN_IF_ERROR(RegisterCaseSearchFunctions(raw));  // case_replies() of the view
  if (mode == Mode::kWriter) {
    // WAL with synchronous=FULL: every commit fsyncs the log before it returns.
    HOTLINE_RETURN_IF_ERROR(
        db->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                 "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=" +
                 std::to_string(kWalAutocheckpointPages) + ";"));
  } else {
    HOTLINE_RETURN_IF_ERROR(db->Exec("PRAGMA cache_size=-" + std::to_string(reader_cache_kib) +
                                     "; PRAGMA query_only=ON;"));
  }
  return db;
}

Db::~Db() {
  for (auto& [name, s] : cache_) sqlite3_finalize(s);
  sqlite3_close_v2(db_);
}

Status Db::Exec(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown";
    sqlite3_free(err);
    return Status::Internal("database: " + msg);
  }
  return Status::Ok();
}

Result<StmtGuard> Db::Prepare(std::string_view name, std::string_view sql) {
  auto it = cache_.find(name);
  if (it != cache_.end()) return StmtGuard(Stmt(it->second));
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v3(db_, sql.data(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &s,
                         nullptr) != SQLITE_OK)
    return Status::Internal("database: preparing " + std::string(name) + ": " +
                            sqlite3_errmsg(db_));
  cache_.emplace(std::string(name), s);
  return StmtGuard(Stmt(s));
}

Result<std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)>> Db::PrepareDynamic(
    std::string_view sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db_, sql.data(), int(sql.size()), &s, nullptr) != SQLITE_OK)
    return Status::Internal(std::string("database: ") + sqlite3_errmsg(db_));
  return std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)>(s, sqlite3_finalize);
}

Status Db::Error(std::string_view what) const {
  return Status::Internal("database: " + std::string(what) + ": " + sqlite3_errmsg(db_));
}

}  // namespace hotline::store::sqlite
