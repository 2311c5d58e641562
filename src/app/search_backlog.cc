#include "src/app/search_backlog.h"

#include <spdlog/spdlog.h>

#include <chrono>

namespace hotline::app {

SearchBacklogJob::SearchBacklogJob(store::Store& store, int chunk, int64_t bulk_min)
    : store_(store), chunk_(chunk), bulk_min_(bulk_min) {}

SearchBacklogJob::~SearchBacklogJob() { Stop(); }

void SearchBacklogJob::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { Run(); });
}

void SearchBacklogJob::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SearchBacklogJob::Run() {
  using Clock = std::chrono::steady_clock;
  auto last_log = Clock::now();
  bool indexed = false;  // since the last merge
  const auto started = Clock::now();
  while (true) {
    int64_t left = 0;
    {
      auto tx = store_.Read();
      auto n = tx.ok() ? (*tx)->SearchBacklog() : Result<int64_t>(tx.status());
      if (!n.ok()) spdlog::warn("search backlog: {}", n.status().message());
      left = n.ok() ? *n : 0;
    }
    remaining_ = left;
    if (left > 0 && !indexed) spdlog::info("search backlog: indexing {} bulk-loaded cases", left);
    // A bulk load's range in one pass, while there is one.
    while (left >= bulk_min_) {
      {
        std::lock_guard lock(mu_);
        if (stop_) return;
      }
      store::Store::BulkSearchIndexOptions options;
      options.min_cases = bulk_min_;
      auto r = store_.BulkIndexSearchBacklog(options);
      if (!r.ok()) {
        spdlog::warn("search backlog: bulk indexing failed ({}); indexing in chunks",
                     r.status().message());
        break;
      }
      if (r->indexed == 0) break;  // the newest range is small: chunks
      spdlog::info(
          "search backlog: {} cases indexed in bulk (read {:.1f} s, written {:.1f} s), {} left",
          r->indexed, r->collect_seconds, r->link_seconds, r->left);
      left = r->left;
      remaining_ = left;
    }
    while (left > 0) {
      {
        std::lock_guard lock(mu_);
        if (stop_) return;
      }
      Status st = store_.Write([&](store::WriteTx& tx) -> Status {
        HOTLINE_ASSIGN_OR_RETURN(left, tx.IndexSearchBacklog(chunk_));
        return Status::Ok();
      });
      if (!st.ok()) {
        spdlog::warn("search backlog: {}", st.message());
        break;
      }
      indexed = true;
      remaining_ = left;
      if (Clock::now() - last_log >= std::chrono::seconds(10) || left == 0) {
        last_log = Clock::now();
        double secs = std::chrono::duration<double>(Clock::now() - started).count();
        spdlog::info("search backlog: {} cases left ({:.0f} s)", left, secs);
      }
    }
    // Caught up after indexing something: merge the index's many small segments (a few per
    // chunk), so that queries read few segments per term — in short transactions, so that
    // other writes never wait long.
    if (indexed) {
      const auto merge_start = Clock::now();
      int steps = 0;
      bool more = true;
      while (more) {
        {
          std::lock_guard lock(mu_);
          if (stop_) return;
        }
        Status st = store_.Write([&](store::WriteTx& tx) -> Status {
          HOTLINE_ASSIGN_OR_RETURN(more, tx.MergeSearchIndex(2000));
          return Status::Ok();
        });
        if (!st.ok()) {
          spdlog::warn("search backlog: merging the index failed: {}", st.message());
          break;
        }
        ++steps;
      }
      spdlog::info("search backlog: index merged in {:.1f} s ({} steps)",
                   std::chrono::duration<double>(Clock::now() - merge_start).count(), steps);
      indexed = false;
    }
    // Nothing (left) to do: look again in a while (a bulk load may run beside the server).
    std::unique_lock lock(mu_);
    if (cv_.wait_for(lock, std::chrono::seconds(5), [&] { return stop_; })) return;
  }
}

}  // namespace hotline::app
