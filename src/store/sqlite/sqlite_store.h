// The SQLite backend of store::Store: one writer connection fed by a group-commit queue, and a
// pool of reader connections on WAL snapshots.
//
// Durability: WAL with synchronous=FULL, so Write() returns OK only after the commit that holds
// it has been fsynced. Several concurrent Write() calls share one transaction and one fsync
// (group commit); each runs inside its own savepoint, so a failing one leaves no trace.
// Personal data is sealed with the PiiCipher before it reaches the disk.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "src/common/crypto.h"
#include "src/store/sqlite/db.h"
#include "src/store/sqlite/wal_watch.h"
#include "src/store/store.h"

namespace hotline::store::sqlite {

struct Options {
  int readers = 8;  // reader connections in the pool
  // Each reader's page cache, filled only as pages are read. Small on purpose: a point read of a
  // random case among a million reads its leaf page from the OS page cache anyway, and measured
  // (bench/case_read) a 16 MB cache made the read slower (7.5–7.9 µs) than 3 MB (6.6–6.9 µs).
  int reader_cache_kib = 3072;
  size_t max_batch = 512;  // write functions per transaction at most
  // How long a pooled reader may keep its snapshot open between requests while nothing is
  // committed (SqliteStore::Read). 0: every read transaction begins and ends its own snapshot.
  int snapshot_reuse_ms = 50;
};

class SqliteStore final : public Store {
 public:
  // Opens (creating if needed) `path` and applies migrations.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path, PiiCipher cipher,
                                                   Options options = {});
  ~SqliteStore() override;

  Result<std::unique_ptr<ReadTx>> Read() override;
  Status Write(std::function<Status(WriteTx&)> fn) override;

  WriteCounters Counters() const override;
  Result<BulkSearchIndexReport> BulkIndexSearchBacklog(
      const BulkSearchIndexOptions& options) override;
  // Read transactions that continued a pooled reader's unchanged snapshot (see Read).
  uint64_t SnapshotsReused() const { return snapshots_reused_.load(std::memory_order_relaxed); }

 private:
  struct Job;
  class Pool;
  SqliteStore(std::unique_ptr<Db> writer, PiiCipher cipher, Options options);
  void WriterLoop();
  // Queues fn for the writer; `alone`: in a transaction with no other write.
  Status Submit(std::function<Status(WriteTx&)> fn, bool alone);
  void ReturnReader(std::unique_ptr<Db> db);
  // Ends the read transaction a pooled reader kept open (SqliteStore::Read).
  static void EndSnapshot(Db& db);
  // Every snapshot_reuse_ms: ends the snapshots of readers left idle in the pool, so that a
  // checkpoint can copy the whole log back and the log can start over.
  void JanitorLoop();

  PiiCipher cipher_;
  Options options_;
  std::string path_;
  std::unique_ptr<Db> writer_;  // owned by the writer thread once started

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job*> queue_;  // GUARDED_BY(mu_)
  bool stopping_ = false;   // GUARDED_BY(mu_)
  uint64_t commits_ = 0;    // GUARDED_BY(mu_)
  uint64_t writes_ = 0;     // GUARDED_BY(mu_)

  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<Db>> readers_;  // GUARDED_BY(pool_mu_)

  std::unique_ptr<WalWatch> wal_watch_;  // null: no snapshot reuse
  std::atomic<uint64_t> snapshots_reused_{0};
  std::thread writer_thread_;
  std::thread janitor_thread_;
  std::condition_variable janitor_cv_;  // with pool_mu_
  bool janitor_stop_ = false;           // GUARDED_BY(pool_mu_)
  friend class PooledReadTx;
};

}  // namespace hotline::store::sqlite
