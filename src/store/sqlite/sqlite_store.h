// The SQLite backend of store::Store: one writer connection fed by a group-commit queue, and a
// pool of reader connections on WAL snapshots.
//
// Durability: WAL with synchronous=FULL, so Write() returns OK only after the commit that holds
// it has been fsynced. Several concurrent Write() calls share one transaction and one fsync
// (group commit); each runs inside its own savepoint, so a failing one leaves no trace.
// Personal data is sealed with the PiiCipher before it reaches the disk.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "src/common/crypto.h"
#include "src/store/sqlite/db.h"
#include "src/store/store.h"

namespace hotline::store::sqlite {

struct Options {
  int readers = 8;           // reader connections in the pool
  // Each reader's page cache, filled only as pages are read. Small on purpose: a point read of a
  // random case among a million reads its leaf page from the OS page cache anyway, and measured
  // (bench/case_read) a 16 MB cache made the read slower (7.5–7.9 µs) than 3 MB (6.6–6.9 µs).
  int reader_cache_kib = 3072;
  size_t max_batch = 512;    // write functions per transaction at most
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

 private:
  struct Job;
  class Pool;
  SqliteStore(std::unique_ptr<Db> writer, PiiCipher cipher, Options options);
  void WriterLoop();
  void ReturnReader(std::unique_ptr<Db> db);

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

  std::thread writer_thread_;
  friend class PooledReadTx;
};

}  // namespace hotline::store::sqlite
