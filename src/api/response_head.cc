#include "src/api/response_head.h"

#include <boost/beast/http/status.hpp>
#include <charconv>

namespace hotline::api {
namespace {

bool EqualsIgnoreCaseAscii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = char(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = char(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

void AppendField(std::string* out, std::string_view name, std::string_view value) {
  out->append(name);
  out->append(": ");
  out->append(value);
  out->append("\r\n");
}

}  // namespace

bool PlainHeaders(const HeaderList& headers) {
  static constexpr std::string_view kOwned[] = {"server",     "content-type",      "content-length",
                                                "connection", "transfer-encoding", "x-request-id"};
  for (const auto& [name, value] : headers)
    for (std::string_view owned : kOwned)
      if (EqualsIgnoreCaseAscii(name, owned)) return false;
  return true;
}

void AppendResponseHead(std::string* out, unsigned version, unsigned status,
                        std::string_view content_type, const HeaderList& headers,
                        std::string_view request_id, bool keep,
                        std::optional<size_t> content_length) {
  // Status line: "HTTP/1.1 200 OK". Beast writes the status as three digits and the reason from
  // obsolete_reason ("<unknown-status>" for codes it does not know).
  out->append("HTTP/");
  out->push_back(char('0' + version / 10 % 10));
  out->push_back('.');
  out->push_back(char('0' + version % 10));
  out->push_back(' ');
  out->push_back(char('0' + status / 100 % 10));
  out->push_back(char('0' + status / 10 % 10));
  out->push_back(char('0' + status % 10));
  out->push_back(' ');
  const auto reason =
      boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(status));
  out->append(reason.data(), reason.size());
  out->append("\r\n");
  out->append("Server: hotline\r\n");
  if (!content_type.empty()) AppendField(out, "Content-Type", content_type);
  for (const auto& [name, value] : headers) AppendField(out, name, value);
  AppendField(out, "X-Request-Id", request_id);
  // Beast's keep_alive(): HTTP/1.1 is persistent unless "Connection: close"; HTTP/1.0 is not
  // unless "Connection: keep-alive".
  if (version >= 11 && !keep) out->append("Connection: close\r\n");
  if (version < 11 && keep) out->append("Connection: keep-alive\r\n");
  if (content_length) {
    char digits[24];
    const auto r = std::to_chars(digits, digits + sizeof digits, *content_length);
    AppendField(out, "Content-Length", std::string_view(digits, size_t(r.ptr - digits)));
  }
  out->append("\r\n");
}

}  // namespace hotline::api
