// Delivery of one outbox message: an HTTP JSON SMS gateway and SMTP, both through libcurl.
//
// Every message carries its stable outbox id so that a retry after a crash is recognisable: the
// gateway receives it as the Idempotency-Key header (and "id" in the body), the email as its
// Message-ID. Senders are thread-compatible: one sender is used by one dispatcher thread.
#pragma once

#include <chrono>
#include <string>

#include "src/store/store.h"

namespace hotline::notify {

// Must be called once, before any thread uses a sender (curl_global_init).
void InitSenders();

struct SendResult {
  enum class Kind { kSent, kRetry, kPermanent } kind = Kind::kSent;
  std::string error;  // for the outbox's last_error; never holds the recipient or body
  static SendResult Sent() { return {}; }
  static SendResult Retry(std::string e) { return {Kind::kRetry, std::move(e)}; }
  static SendResult Permanent(std::string e) { return {Kind::kPermanent, std::move(e)}; }
};

class Sender {
 public:
  virtual ~Sender() = default;
  virtual SendResult Send(const store::OutboxMessage& m) = 0;
};

// POST url with {"id","to","text"} (JSON, UTF-8), headers Authorization: Bearer <key> and
// Idempotency-Key: <id>. 2xx = sent; 408, 429, 5xx and network errors = retry; other 4xx =
// permanent (the gateway refused this message).
class SmsGatewaySender final : public Sender {
 public:
  SmsGatewaySender(std::string url, std::string key,
                   std::chrono::seconds timeout = std::chrono::seconds(20));
  SendResult Send(const store::OutboxMessage& m) override;

 private:
  std::string url_;
  std::string key_;
  std::chrono::seconds timeout_;
};

// Builds the RFC 5322 message: From, To, Subject (RFC 2047 encoded word, UTF-8 base64), Date,
// Message-ID <id@domain-of-from>, MIME-Version, text/plain; charset=UTF-8, base64 body (76-column
// lines). `date` is an RFC 5322 date text.
std::string BuildEmail(const store::OutboxMessage& m, const std::string& from,
                       const std::string& date);

// Sends through an SMTP server: url "smtp://host:port" (or smtps://); optional user/password.
// A 5xx reply to the recipient or the data is permanent; everything else is retried.
class SmtpSender final : public Sender {
 public:
  SmtpSender(std::string url, std::string from, std::string user = "", std::string password = "",
             std::chrono::seconds timeout = std::chrono::seconds(30));
  SendResult Send(const store::OutboxMessage& m) override;

 private:
  std::string url_;
  std::string from_;
  std::string user_;
  std::string password_;
  std::chrono::seconds timeout_;
};

}  // namespace hotline::notify
