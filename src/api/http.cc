#include "src/api/http.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace hotline::api {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

char ToLowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ToLowerAscii(a[i]) != ToLowerAscii(b[i])) return false;
  }
  return true;
}

Result<std::string> PercentDecode(std::string_view in, bool plus_as_space) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) {
        return Status::Invalid("malformed percent-encoding");
      }
      const int hi = HexValue(in[i + 1]);
      const int lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return Status::Invalid("malformed percent-encoding");
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      len = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      len = 3;
      if (b0 == 0xE0) lo = 0xA0;  // overlong
      if (b0 == 0xED) hi = 0x9F;  // surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      len = 4;
      if (b0 == 0xF0) lo = 0x90;  // overlong
      if (b0 == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
      return false;
    }
    if (n - i < len) return false;
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b1 < lo || b1 > hi) return false;
    for (size_t k = 2; k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if (b < 0x80 || b > 0xBF) return false;
    }
    i += len;
  }
  return true;
}

Result<ParsedTarget> ParseTarget(std::string_view target) {
  // absolute-form: drop "scheme://authority".
  if (const size_t scheme_end = target.find("://");
      scheme_end != std::string_view::npos && target.find('/') > scheme_end) {
    const size_t path_start = target.find('/', scheme_end + 3);
    target =
        path_start == std::string_view::npos ? std::string_view("/") : target.substr(path_start);
  }
  if (const size_t hash = target.find('#'); hash != std::string_view::npos) {
    target = target.substr(0, hash);
  }
  ParsedTarget out;
  const size_t qmark = target.find('?');
  const std::string_view raw_path = target.substr(0, qmark);
  out.raw_path = std::string(raw_path);
  Result<std::string> path = PercentDecode(raw_path, /*plus_as_space=*/false);
  if (!path.ok() || !IsValidUtf8(*path)) {
    return Status::Invalid("the path is not valid percent-encoded UTF-8", "path");
  }
  out.path = std::move(path).value();
  if (qmark == std::string_view::npos) return out;

  std::string_view rest = target.substr(qmark + 1);
  while (!rest.empty()) {
    const size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    Result<std::string> key = PercentDecode(pair.substr(0, eq), /*plus_as_space=*/true);
    Result<std::string> value =
        PercentDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1),
                      /*plus_as_space=*/true);
    if (!key.ok() || !value.ok() || !IsValidUtf8(*key) || !IsValidUtf8(*value)) {
      return Status::Invalid("the query string is not valid percent-encoded UTF-8", "query");
    }
    out.query.emplace_back(std::move(key).value(), std::move(value).value());
  }
  return out;
}

std::optional<std::string_view> Request::Query(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return std::string_view(value);
  }
  return std::nullopt;
}

std::optional<std::string_view> Request::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

std::optional<std::string> Request::Cookie(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (!EqualsIgnoreCase(key, "cookie")) continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const size_t semi = rest.find(';');
      const std::string_view pair = TrimOws(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      const size_t eq = pair.find('=');
      if (eq == std::string_view::npos || TrimOws(pair.substr(0, eq)) != name) continue;
      std::string_view v = TrimOws(pair.substr(eq + 1));
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      return std::string(v);
    }
  }
  return std::nullopt;
}

std::optional<std::string_view> Request::Param(std::string_view name) const {
  for (const auto& [key, value] : params) {
    if (key == name) return std::string_view(value);
  }
  return std::nullopt;
}

Response Json(unsigned status, const boost::json::value& value) {
  Response r;
  r.status = status;
  r.body = boost::json::serialize(value);
  return r;
}

Response Text(unsigned status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.content_type = std::move(content_type);
  return r;
}

std::string SseEvent(std::string_view event, std::string_view data, std::string_view id) {
  std::string out;
  out.reserve(event.size() + data.size() + id.size() + 32);
  if (!id.empty()) out.append("id: ").append(id).append("\n");
  if (!event.empty()) out.append("event: ").append(event).append("\n");
  // Each line of data (split on \n, \r\n or \r) becomes its own data: field.
  size_t start = 0;
  while (true) {
    const size_t eol = data.find_first_of("\r\n", start);
    out.append("data: ").append(data.substr(start, eol - start)).append("\n");
    if (eol == std::string_view::npos) break;
    start = eol + 1;
    if (data[eol] == '\r' && start < data.size() && data[start] == '\n') ++start;
  }
  out.append("\n");
  return out;
}

// ---- StreamSource ----

StreamSource::StreamSource(size_t max_queued) : max_queued_(max_queued) {}

StreamSource::~StreamSource() { End(); }

std::function<void()> StreamSource::WakeLocked() {
  if (!wake_ || wake_pending_) return {};
  wake_pending_ = true;
  return wake_;
}

bool StreamSource::Push(std::string event_text) {
  std::function<void()> wake;
  bool accepted = false;
  {
    std::lock_guard lock(mu_);
    if (state_ != State::kOpen) return false;
    if (queue_.size() >= max_queued_) {
      state_ = State::kOverflowed;
      queue_.clear();
      wake = wake_;  // Even if a wake-up is pending: the writer may be stuck in a write.
    } else {
      queue_.push_back(std::move(event_text));
      accepted = true;
      wake = WakeLocked();
    }
  }
  if (wake) wake();
  return accepted;
}

void StreamSource::OnClose(std::function<void()> fn) {
  {
    std::lock_guard lock(mu_);
    if (state_ != State::kEnded) {
      on_close_.push_back(std::move(fn));
      return;
    }
  }
  fn();
}

void StreamSource::Close() {
  std::function<void()> wake;
  {
    std::lock_guard lock(mu_);
    if (state_ != State::kOpen) return;
    state_ = State::kClosing;
    wake = WakeLocked();
  }
  if (wake) wake();
}

bool StreamSource::closed() const {
  std::lock_guard lock(mu_);
  return state_ != State::kOpen;
}

void StreamSource::Attach(std::function<void()> wake) {
  {
    std::lock_guard lock(mu_);
    wake_ = std::move(wake);
    wake_pending_ = false;
    if (queue_.empty() && state_ == State::kOpen) return;
    wake = WakeLocked();
  }
  if (wake) wake();
}

StreamSource::Batch StreamSource::Take() {
  Batch batch;
  std::lock_guard lock(mu_);
  wake_pending_ = false;
  batch.events.swap(queue_);
  batch.finish = state_ == State::kClosing;
  batch.abort = state_ == State::kOverflowed || state_ == State::kEnded;
  return batch;
}

bool StreamSource::Overflowed() const {
  std::lock_guard lock(mu_);
  return state_ == State::kOverflowed || state_ == State::kEnded;
}

void StreamSource::End() {
  std::vector<std::function<void()>> callbacks;
  {
    std::lock_guard lock(mu_);
    if (state_ == State::kEnded) return;
    state_ = State::kEnded;
    queue_.clear();
    wake_ = nullptr;
    callbacks.swap(on_close_);
  }
  for (auto& fn : callbacks) fn();
}

}  // namespace hotline::api
