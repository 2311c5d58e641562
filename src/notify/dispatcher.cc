#include "src/notify/dispatcher.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace hotline::notify {

Dispatcher::Dispatcher(store::Store& store, const Clock& clock, Sender* sms, Sender* email,
                       DispatcherOptions options)
    : store_(store), clock_(clock), sms_(sms), email_(email), options_(options) {}

Dispatcher::~Dispatcher() { Stop(); }

Result<int> Dispatcher::RunOnce() {
  std::vector<std::string> kinds;
  if (sms_) kinds.emplace_back("sms");
  if (email_) kinds.emplace_back("email");
  if (kinds.empty()) return 0;
  const TimePoint now = clock_.Now();
  std::vector<store::OutboxMessage> batch;
  HOTLINE_RETURN_IF_ERROR(store_.Write([&](store::WriteTx& tx) -> Status {
    HOTLINE_ASSIGN_OR_RETURN(batch,
                             tx.ClaimOutbox(now, now + options_.lease, kinds, options_.batch));
    return Status::Ok();
  }));
  for (const auto& m : batch) {
    Sender* sender = m.kind == "sms" ? sms_ : email_;
    SendResult r = sender->Send(m);
    const TimePoint at = clock_.Now();
    std::string state = "sent";
    TimePoint next = at;
    if (r.kind == SendResult::Kind::kRetry && m.attempts < options_.max_attempts) {
      state = "pending";
      auto wait = options_.backoff * (int64_t(1) << std::min(m.attempts - 1, 20));
      next = at + std::min<std::chrono::seconds>(wait, options_.max_backoff);
    } else if (r.kind != SendResult::Kind::kSent) {
      state = "failed";
    }
    // The outcome is made durable on its own, right after the sender returns.
    Status st = store_.Write([&](store::WriteTx& tx) {
      return tx.FinishOutbox(m.id, m.attempts, state, at, next, r.error);
    });
    if (!st.ok()) {
      spdlog::warn("outbox: {} ({} to {}): could not record '{}': {}", m.id, m.kind,
                   m.recipient_hint, state, st.message());
      continue;
    }
    if (state == "sent") {
      counters_.sent++;
      spdlog::info("outbox: sent {} ({} {} to {}, case {})", m.id, m.kind, m.template_key,
                   m.recipient_hint, m.case_number);
    } else if (state == "pending") {
      counters_.retried++;
      spdlog::warn("outbox: {} ({} to {}) attempt {} failed, retry later: {}", m.id, m.kind,
                   m.recipient_hint, m.attempts, r.error);
    } else {
      counters_.failed++;
      spdlog::error("outbox: {} ({} to {}) failed after {} attempts: {}", m.id, m.kind,
                    m.recipient_hint, m.attempts, r.error);
    }
  }
  return int(batch.size());
}

void Dispatcher::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void Dispatcher::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Dispatcher::Wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void Dispatcher::Loop() {
  while (true) {
    auto n = RunOnce();
    if (!n.ok()) spdlog::warn("outbox: round failed: {}", n.status().message());
    std::unique_lock lock(mu_);
    if (stop_) return;
    // A full batch means more may be waiting: go on at once.
    if (n.ok() && *n >= options_.batch) continue;
    cv_.wait_for(lock, options_.poll, [&] { return stop_ || woken_; });
    woken_ = false;
    if (stop_) return;
  }
}

}  // namespace hotline::notify
