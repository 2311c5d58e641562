#include "src/store/sqlite/migrations.h"

#include <set>

namespace hotline::store::sqlite {

Status Migrate(Db& db) {
  HOTLINE_RETURN_IF_ERROR(db.Exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
      "NULL, applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))"));
  // Every migration that is not recorded yet is applied, in order — not only those above the
  // highest recorded one: migrations are numbered per feature, so a lower number may arrive later.
  std::set<int64_t> applied;
  {
    HOTLINE_ASSIGN_OR_RETURN(auto st, db.Prepare("migrations.applied",
                                                 "SELECT version FROM schema_migrations"));
    while (true) {
      HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      applied.insert(st->Int(0));
    }
  }
  const auto& all = Migrations();
  for (int64_t v : applied) {
    bool known = false;
    for (const auto& m : all) known = known || m.version == v;
    if (!known)
      return Status::Unavailable("the database has migration " + std::to_string(v) +
                                 ", which this program does not know: it is newer than this program");
  }
  for (const auto& m : all) {
    if (applied.count(m.version)) continue;
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
