// The outbox dispatcher: a background thread that delivers pending messages with retries.
//
// One round: claim a batch (one durable write: pending → sending, attempts + 1, a lease), send
// each message, and record the outcome of each in its own durable write right after the sender
// returns. A crash at any point loses nothing: unclaimed messages stay pending, and a claim whose
// lease ends without an outcome is taken again. A message is sent twice only if the process dies
// between the recipient's acceptance and the "sent" write; the stable message id lets the gateway
// (Idempotency-Key) and mail clients (Message-ID) recognise the repeat. See docs/notifications.md.
//
// A kind without a sender (no gateway or SMTP configured) is never claimed: its messages stay
// pending, visible in the admin's outbox view and /metrics.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "src/common/clock.h"
#include "src/notify/senders.h"
#include "src/store/store.h"

namespace hotline::notify {

struct DispatcherOptions {
  int batch = 20;
  std::chrono::seconds lease{60};    // how long a claim lasts before another round retakes it
  std::chrono::seconds backoff{30};  // the first retry; doubles per attempt
  std::chrono::seconds max_backoff{3600};
  int max_attempts = 10;                 // then the message is failed (an admin may retry it)
  std::chrono::milliseconds poll{1000};  // idle wait between rounds
};

class Dispatcher {
 public:
  // sms / email may be null (that kind stays pending). The senders must outlive the dispatcher.
  Dispatcher(store::Store& store, const Clock& clock, Sender* sms, Sender* email,
             DispatcherOptions options = {});
  ~Dispatcher();

  // One round on the calling thread. Returns how many messages it tried.
  Result<int> RunOnce();

  // The background thread: rounds until Stop(). Wake() starts the next round at once.
  void Start();
  void Stop();
  void Wake();

  struct Counters {
    std::atomic<uint64_t> sent{0};
    std::atomic<uint64_t> retried{0};
    std::atomic<uint64_t> failed{0};
  };
  const Counters& counters() const { return counters_; }
  bool sms_configured() const { return sms_ != nullptr; }
  bool email_configured() const { return email_ != nullptr; }

 private:
  void Loop();

  store::Store& store_;
  const Clock& clock_;
  Sender* sms_;
  Sender* email_;
  DispatcherOptions options_;
  Counters counters_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;   // GUARDED_BY(mu_)
  bool woken_ = false;  // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace hotline::notify
