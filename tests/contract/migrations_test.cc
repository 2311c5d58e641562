// Numbered migrations: each feature has its own number, so a lower number may be merged after a
// higher one was applied. Every unrecorded migration is applied; an unknown recorded one refuses.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "tests/fakes/test_city.h"

namespace hotline::testing {
namespace {

void Exec(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
}

TEST(MigrationsTest, AMigrationNumberedBelowTheHighestAppliedOneIsStillApplied) {
  TempDir dir;
  OpenTestStore(dir.db()).reset();
  // As if 0005 arrived after 0009 had been applied.
  Exec(dir.db(),
       "DROP TABLE outbox; DROP TABLE notify_templates; DROP TABLE notify_contacts; "
       "DELETE FROM schema_migrations WHERE version = 5;");
  auto store = OpenTestStore(dir.db());
  auto tx = store->Read();
  ASSERT_TRUE(tx.ok());
  EXPECT_TRUE((*tx)->ListOutbox({}).ok());
  EXPECT_TRUE((*tx)->ListNotifyContacts().ok());
}

TEST(MigrationsTest, ADatabaseWithAnUnknownMigrationIsRefused) {
  TempDir dir;
  OpenTestStore(dir.db()).reset();
  Exec(dir.db(), "INSERT INTO schema_migrations(version, name) VALUES(9999, '9999_future')");
  auto s = store::sqlite::SqliteStore::Open(dir.db(), TestCipher());
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("9999"), std::string::npos) << s.status().message();
}

}  // namespace
}  // namespace hotline::testing
