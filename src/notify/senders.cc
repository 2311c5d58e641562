#include "src/notify/senders.h"

#include <curl/curl.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstring>
#include <ctime>
#include <memory>

namespace hotline::notify {
namespace bj = boost::json;

namespace {

using Curl = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;
using Slist = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;

size_t Discard(char*, size_t size, size_t n, void*) { return size * n; }

size_t Collect(char* data, size_t size, size_t n, void* out) {
  auto* s = static_cast<std::string*>(out);
  if (s->size() < 512) s->append(data, std::min<size_t>(size * n, 512 - s->size()));
  return size * n;
}

struct Upload {
  const std::string* data;
  size_t pos = 0;
};

size_t ReadUpload(char* buf, size_t size, size_t n, void* arg) {
  auto* u = static_cast<Upload*>(arg);
  size_t left = u->data->size() - u->pos;
  size_t take = std::min(left, size * n);
  std::memcpy(buf, u->data->data() + u->pos, take);
  u->pos += take;
  return take;
}

std::string Base64(std::string_view in) {
  static const char* kTable = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    out += kTable[v >> 18];
    out += kTable[(v >> 12) & 63];
    out += kTable[(v >> 6) & 63];
    out += kTable[v & 63];
  }
  if (i + 1 == in.size()) {
    uint32_t v = uint8_t(in[i]) << 16;
    out += kTable[v >> 18];
    out += kTable[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8);
    out += kTable[v >> 18];
    out += kTable[(v >> 12) & 63];
    out += kTable[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

// RFC 2047 encoded words, each at most 75 characters, split on UTF-8 character boundaries.
std::string EncodeHeaderWords(std::string_view text) {
  bool ascii = true;
  for (unsigned char ch : text) ascii = ascii && ch >= 0x20 && ch < 0x7f;
  if (ascii && text.size() < 900) return std::string(text);
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t take = 0;
    // 45 bytes of UTF-8 → 60 base64 characters + 12 of "=?UTF-8?B??=" = 72 < 75.
    while (i + take < text.size()) {
      unsigned char ch = text[i + take];
      size_t len = ch < 0x80 ? 1 : ch < 0xE0 ? 2 : ch < 0xF0 ? 3 : 4;
      if (take + len > 45) break;
      take += len;
    }
    if (take == 0) take = 1;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(text.substr(i, take)) + "?=";
    i += take;
  }
  return out;
}

std::string StripCrlf(std::string s) {
  for (auto& ch : s)
    if (ch == '\r' || ch == '\n') ch = ' ';
  return s;
}

std::string AddressOnly(const std::string& from) {
  auto lt = from.find('<');
  auto gt = from.find('>', lt == std::string::npos ? 0 : lt);
  if (lt != std::string::npos && gt != std::string::npos) return from.substr(lt + 1, gt - lt - 1);
  return from;
}

// "Name <addr>" with the display name as encoded words when it is not plain ASCII.
std::string FromHeader(const std::string& from) {
  auto lt = from.find('<');
  if (lt == std::string::npos) return from;
  std::string name = from.substr(0, lt);
  while (!name.empty() && name.back() == ' ') name.pop_back();
  if (name.empty()) return from.substr(lt);
  return EncodeHeaderWords(name) + " " + from.substr(lt);
}

std::string RfcDate() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

}  // namespace

void InitSenders() { curl_global_init(CURL_GLOBAL_DEFAULT); }

SmsGatewaySender::SmsGatewaySender(std::string url, std::string key, std::chrono::seconds timeout)
    : url_(std::move(url)), key_(std::move(key)), timeout_(timeout) {}

SendResult SmsGatewaySender::Send(const store::OutboxMessage& m) {
  Curl curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) return SendResult::Retry("curl_easy_init failed");
  std::string body = bj::serialize(bj::object{{"id", m.id}, {"to", m.recipient}, {"text", m.body}});
  curl_slist* h = nullptr;
  h = curl_slist_append(h, "Content-Type: application/json; charset=utf-8");
  h = curl_slist_append(h, ("Idempotency-Key: " + m.id).c_str());
  if (!key_.empty()) h = curl_slist_append(h, ("Authorization: Bearer " + key_).c_str());
  Slist headers(h, &curl_slist_free_all);
  std::string answer;
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, long(body.size()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &Collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &answer);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, long(timeout_.count()));
  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) return SendResult::Retry(std::string("gateway: ") + curl_easy_strerror(rc));
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status >= 200 && status < 300) return SendResult::Sent();
  std::string err = "gateway answered HTTP " + std::to_string(status);
  if (status == 408 || status == 429 || status >= 500) return SendResult::Retry(err);
  return SendResult::Permanent(err);
}

std::string BuildEmail(const store::OutboxMessage& m, const std::string& from,
                       const std::string& date) {
  std::string domain = "hotline12345.local";
  std::string addr = AddressOnly(from);
  if (auto at = addr.find('@'); at != std::string::npos) domain = addr.substr(at + 1);
  std::string msg;
  msg += "From: " + FromHeader(StripCrlf(from)) + "\r\n";
  msg += "To: " + StripCrlf(m.recipient) + "\r\n";
  msg += "Subject: " + EncodeHeaderWords(StripCrlf(m.subject)) + "\r\n";
  msg += "Date: " + date + "\r\n";
  msg += "Message-ID: <" + m.id + "@" + domain + ">\r\n";
  msg += "MIME-Version: 1.0\r\n";
  msg += "Content-Type: text/plain; charset=UTF-8\r\n";
  msg += "Content-Transfer-Encoding: base64\r\n";
  msg += "Auto-Submitted: auto-generated\r\n";
  msg += "\r\n";
  std::string b64 = Base64(m.body);
  for (size_t i = 0; i < b64.size(); i += 76) msg += b64.substr(i, 76) + "\r\n";
  return msg;
}

SmtpSender::SmtpSender(std::string url, std::string from, std::string user, std::string password,
                       std::chrono::seconds timeout)
    : url_(std::move(url)),
      from_(std::move(from)),
      user_(std::move(user)),
      password_(std::move(password)),
      timeout_(timeout) {}

SendResult SmtpSender::Send(const store::OutboxMessage& m) {
  if (m.recipient.find_first_of("\r\n<> ") != std::string::npos ||
      m.recipient.find('@') == std::string::npos)
    return SendResult::Permanent("not an email address");
  Curl curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) return SendResult::Retry("curl_easy_init failed");
  std::string message = BuildEmail(m, from_, RfcDate());
  Upload upload{&message};
  std::string rcpt = "<" + m.recipient + ">";
  Slist rcpts(curl_slist_append(nullptr, rcpt.c_str()), &curl_slist_free_all);
  std::string mail_from = "<" + AddressOnly(from_) + ">";
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpts.get());
  curl_easy_setopt(c, CURLOPT_READFUNCTION, &ReadUpload);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &Discard);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, long(timeout_.count()));
  if (!user_.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, user_.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, password_.c_str());
  }
  CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) return SendResult::Sent();
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  std::string err = std::string("smtp: ") + curl_easy_strerror(rc);
  if (code) err += " (reply " + std::to_string(code) + ")";
  if (code >= 500 && code < 600) return SendResult::Permanent(err);
  return SendResult::Retry(err);
}

}  // namespace hotline::notify
