// The status line and header of a response, written as text in one pass.
//
// api::Server sends most responses as this head plus the body in one gather write, instead of
// filling a beast::http::response field by field and running Beast's serializer over it (about 5 %
// of the server's CPU on a case read: a heap node and a case-insensitive set lookup per field, and
// the serializer's buffer-sequence iterators). The bytes are exactly those Beast writes for the
// message api::Server would have built (response_head_test.cc compares them), so nothing a client
// sees changes.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "src/api/http.h"

namespace hotline::api {

// True if `headers` (a handler's extra headers) can go through AppendResponseHead: none of them is
// a field Beast would rewrite or that the server sets itself (Server, Content-Type, Content-Length,
// Connection, Transfer-Encoding, X-Request-Id, any letter case). Otherwise the server falls back
// to Beast, which resolves such clashes its own way.
bool PlainHeaders(const HeaderList& headers);

// Appends to `out` what Beast writes for the head of a response built as api::Server does:
//   version (10 or 11), status (100..999), "Server: hotline", "Content-Type" if `content_type` is
//   non-empty, `headers` in order, "X-Request-Id", the Connection field Beast's keep_alive(keep)
//   adds for this version, "Content-Length" if `content_length` is set, then the blank line.
// REQUIRES: PlainHeaders(headers); no CR or LF in any name or value.
void AppendResponseHead(std::string* out, unsigned version, unsigned status,
                        std::string_view content_type, const HeaderList& headers,
                        std::string_view request_id, bool keep,
                        std::optional<size_t> content_length);

}  // namespace hotline::api
