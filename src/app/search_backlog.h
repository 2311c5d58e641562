#pragma once
// SearchBacklogJob: indexes, in the background of `hotline serve`, the cases a bulk load wrote
// without search index entries (WriteTx::SearchIndexMode::kDeferred; migration 0012), newest
// first. A range of at least `bulk_min` cases (a bulk load) is indexed in one pass
// (Store::BulkIndexSearchBacklog: read and tokenized beside the writer, then one write of one
// segment); the rest a small write transaction at a time so that interactive writes queue behind
// at most one chunk. Crash-safe by construction: each write indexes its cases and shrinks the
// backlog in the same transaction.
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "src/store/store.h"

namespace hotline::app {

class SearchBacklogJob {
 public:
  // `chunk`: cases per write transaction; `bulk_min`: the smallest range indexed in bulk.
  explicit SearchBacklogJob(store::Store& store, int chunk = 256, int64_t bulk_min = 20000);
  ~SearchBacklogJob();  // stops
  void Start();
  void Stop();
  // Cases still waiting, as of the last chunk (or the start-up count).
  int64_t remaining() const { return remaining_.load(); }

 private:
  void Run();
  store::Store& store_;
  const int chunk_;
  const int64_t bulk_min_;
  std::atomic<int64_t> remaining_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace hotline::app
