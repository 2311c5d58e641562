// SqliteStore keeps a pooled reader's snapshot open between read transactions while nothing has
// been committed (store/sqlite/wal_watch.h). These tests pin down that this never shows stale data:
// commits of this process and of another process (the sqlite3 command-line tool) are seen by the
// very next read, and idle snapshots are let go so that the log can be checkpointed.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "tests/fakes/test_city.h"

namespace hotline::testing {
namespace {

using namespace hotline::domain;

std::string Insert(store::sqlite::SqliteStore& s, const std::string& title) {
  std::string id;
  Check(s.Write([&](store::WriteTx& tx) -> Status {
    Case c;
    c.title = title;
    c.content = "内容";
    c.created_at = *ParseRfc3339("2026-11-25T10:00:00+08:00");
    c.updated_at = c.created_at;
    HOTLINE_RETURN_IF_ERROR(tx.InsertCase(c, 480));
    id = c.id;
    return Status::Ok();
  }),
        "insert");
  return id;
}

Result<Case> Get(store::sqlite::SqliteStore& s, const std::string& id) {
  HOTLINE_ASSIGN_OR_RETURN(auto tx, s.Read());
  return tx->GetCase(id);
}

TEST(SnapshotReuseTest, UnchangedDatabaseReusesTheSnapshot) {
  TempDir dir;
  auto s = OpenTestStore(dir.db());
  std::string id = Insert(*s, "第一件");
  ASSERT_TRUE(Get(*s, id).ok());
  const uint64_t before = s->SnapshotsReused();
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(Get(*s, id).ok());
  // One reader in the pool is reused while nothing is committed (the first read of each pooled
  // connection begins a snapshot; within 50 ms most of the 20 reads continue one).
  EXPECT_GT(s->SnapshotsReused(), before);
}

TEST(SnapshotReuseTest, OwnCommitsAreSeenByTheNextRead) {
  TempDir dir;
  auto s = OpenTestStore(dir.db());
  for (int i = 0; i < 300; ++i) {
    std::string id = Insert(*s, "案件 " + std::to_string(i));
    auto c = Get(*s, id);
    ASSERT_TRUE(c.ok()) << i << ": " << c.status().ToString();
    EXPECT_EQ(c->title, "案件 " + std::to_string(i));
    // And an update of an existing case, read back at once.
    Check(s->Write([&](store::WriteTx& tx) -> Status {
      HOTLINE_ASSIGN_OR_RETURN(Case cur, tx.GetCase(id));
      cur.title = "改 " + std::to_string(i);
      int64_t v = cur.version;
      cur.version = v + 1;
      return tx.UpdateCase(cur, v);
    }),
          "update");
    auto after = Get(*s, id);
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->title, "改 " + std::to_string(i));
  }
}

TEST(SnapshotReuseTest, AnotherProcessesCommitIsSeenByTheNextRead) {
  TempDir dir;
  auto s = OpenTestStore(dir.db());
  std::string id = Insert(*s, "原标题");
  for (int round = 0; round < 5; ++round) {
    // Warm every pooled reader so that each holds an open snapshot.
    for (int i = 0; i < 16; ++i)
      ASSERT_EQ(Get(*s, id)->title, round ? "外部 " + std::to_string(round - 1) : "原标题");
    const std::string title = "外部 " + std::to_string(round);
    // Another process: the sqlite3 command-line tool, a separate writer on the same file.
    const std::string cmd = "sqlite3 '" + dir.db() +
                            "' \"PRAGMA busy_timeout=5000; UPDATE cases SET title='" + title +
                            "' WHERE id=" + id + "\"";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    for (int i = 0; i < 16; ++i) EXPECT_EQ(Get(*s, id)->title, title) << "read " << i;
  }
}

TEST(SnapshotReuseTest, IdleSnapshotsAreReleasedForCheckpoints) {
  TempDir dir;
  auto s = OpenTestStore(dir.db());
  std::string id = Insert(*s, "标题");
  for (int i = 0; i < 8; ++i) ASSERT_TRUE(Get(*s, id).ok());
  Insert(*s, "再写一件");  // frames in the log that a full checkpoint must copy and then reset
  ASSERT_TRUE(Get(*s, id).ok());  // a reader now holds a snapshot that includes them
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(dir.db().c_str(), &raw), SQLITE_OK);
  auto truncate_busy = [&] {
    int busy = -1;
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(raw, "PRAGMA wal_checkpoint(TRUNCATE)", -1, &st, nullptr);
    if (sqlite3_step(st) == SQLITE_ROW) busy = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return busy;
  };
  EXPECT_EQ(truncate_busy(), 1) << "a reader's snapshot should still be open right after a read";
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(truncate_busy(), 0) << "idle snapshots must be ended so the log can be reset";
  sqlite3_close(raw);
}

}  // namespace
}  // namespace hotline::testing
