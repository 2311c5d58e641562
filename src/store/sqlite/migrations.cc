#include "src/store/sqlite/migrations.h"

namespace hotline::store::sqlite {

Status Migrate(Db& db) {
  HOTLINE_RETURN_IF_ERROR(db.Exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
      "NULL, applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))"));
  int64_t current = 0;
  {
    HOTLINE_ASSIGN_OR_RETURN(auto st, db.Prepare("migrations.current",
                                                 "SELECT IFNULL(MAX(version),0) FROM schema_migrations"));
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    if (row) current = st->Int(0);
  }
  const auto& all = Migrations();
  if (!all.empty() && current > all.back().version)
    return Status::Unavailable("the database schema (" + std::to_string(current) +
                               ") is newer than this program knows (" +
                               std::to_string(all.back().version) + ")");
  for (const auto& m : all) {
    if (m.version <= current) continue;
    HOTLINE_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
    Status st = db.Exec(m.sql);
    if (st.ok()) {
      auto ins = db.Prepare("migrations.record",
                            "INSERT INTO schema_migrations(version, name) VALUES(?1, ?2)");
      if (!ins.ok()) st = ins.status();
      else st = (*ins)->Bind(1, int64_t(m.version)).Bind(2, m.name).Exec();
    }
    if (!st.ok()) {
      (void)db.Exec("ROLLBACK");
      return Status::Internal(std::string("migration ") + m.name + " failed: " + st.message());
    }
    HOTLINE_RETURN_IF_ERROR(db.Exec("COMMIT"));
  }
  return Status::Ok();
}

}  // namespace hotline::store::sqlite
