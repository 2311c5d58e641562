// Transport-neutral HTTP request and response types: what every handler sees and returns.
//
// A Request is built by api::Server (or by a test) and handed to exactly one handler; a handler
// returns a Response by value. Neither type does I/O and neither is shared between threads while in
// use, so they carry no locks: a Request belongs to the thread running its handler.
//
// Server-sent events: a handler that wants to stream creates a StreamSource, keeps a shared_ptr to
// it wherever events come from (a subscription hub, a notifier...), and returns it in
// Response::stream. StreamSource is the only thread-safe type in this header.
#pragma once

#include <boost/beast/http/verb.hpp>
#include <boost/json/fwd.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "src/common/status.h"

namespace hotline::api {

class StreamSource;

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct Request {
  boost::beast::http::verb method = boost::beast::http::verb::unknown;
  std::string target;  // The request-target exactly as received, e.g. "/api/v1/cases?q=%E6%B0%B4".
  std::string path;    // Percent-decoded path without the query, e.g. "/api/v1/cases".
  std::vector<std::pair<std::string, std::string>> query;  // Decoded ('+' = space), in order.
  HeaderList headers;                                      // As received, in order.
  std::string body;
  std::string remote_addr;  // Peer IP address (no port); "" when unknown.
  std::unordered_map<std::string, std::string> params;  // Path parameters, set by the Router.
  std::string request_id;  // X-Request-Id: the client's if it sent a sane one, else generated.

  // The first query parameter called `name`, decoded. Views into `query`: valid while the Request
  // lives and `query` is not modified. A key without '=' ("?urgent") has the value "".
  std::optional<std::string_view> Query(std::string_view name) const;
  // The first header called `name`, compared ASCII case-insensitively.
  std::optional<std::string_view> Header(std::string_view name) const;
  // The value of cookie `name` (case-sensitive, RFC 6265) from any Cookie header, surrounding
  // double quotes removed, otherwise as sent (no percent-decoding).
  std::optional<std::string> Cookie(std::string_view name) const;
  // The path parameter `name` set by the Router.
  std::optional<std::string_view> Param(std::string_view name) const;
};

struct Response {
  unsigned status = 200;
  std::string content_type = "application/json; charset=utf-8";  // "" = no Content-Type header.
  std::string body;
  // Extra headers (Set-Cookie, Location, Allow...). Do not put Content-Type, Content-Length,
  // Connection or Transfer-Encoding here; the server owns them. Values must not contain CR or LF.
  HeaderList headers;
  // Non-null: a server-sent-events response. `status` and `headers` are sent with the head;
  // `body` and `content_type` are ignored (the server sends text/event-stream).
  std::shared_ptr<StreamSource> stream;
};

// A JSON response: `value` serialized as the body.
Response Json(unsigned status, const boost::json::value& value);
// A plain-text (or any other content type) response.
Response Text(unsigned status, std::string body,
              std::string content_type = "text/plain; charset=utf-8");

// The request-target split into a decoded path and query. Accepts origin-form ("/a?b") and
// absolute-form ("http://host/a?b"); anything after '#' is dropped.
struct ParsedTarget {
  std::string raw_path;  // Still percent-encoded: what the Router splits on '/'.
  std::string path;      // Decoded.
  std::vector<std::pair<std::string, std::string>> query;
};
// Fails (Status::Invalid, field "path" or "query") on a malformed %-escape or when a decoded
// component is not valid UTF-8.
Result<ParsedTarget> ParseTarget(std::string_view target);

// Percent-decodes `in`; with `plus_as_space`, '+' decodes to ' ' (query strings). Fails on a
// malformed escape ("%", "%4", "%zz"). Does not check UTF-8.
Result<std::string> PercentDecode(std::string_view in, bool plus_as_space);
// True when `s` is well-formed UTF-8 (no overlongs, surrogates or code points above U+10FFFF).
bool IsValidUtf8(std::string_view s);
// ASCII case-insensitive equality (header names).
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// One server-sent event in wire format: "id: ..\nevent: ..\ndata: ..\n\n". `data` may hold several
// lines (each becomes a data: line); empty `event`/`id` are omitted.
std::string SseEvent(std::string_view event, std::string_view data, std::string_view id = {});

// The producer side of a server-sent-events response.
//
// Thread-safety: every method may be called from any thread. Push() never blocks on the network: it
// appends to a bounded in-memory queue that the server drains on its own I/O thread, and no lock is
// held while the server writes.
//
// Lifecycle: open -> (Close() -> flushed) -> ended. The stream ends when the client goes away, when
// a slow client lets `max_queued` events pile up (the connection is dropped), when the server
// stops, or after Close() once the queued events have been written. On the end, the OnClose
// callbacks run exactly once: on a server I/O thread, never from inside Push() or Close(), so a
// callback may take the lock its owner holds while pushing. If the stream is destroyed without
// having been served (the Response was dropped), they run from the destructor.
class StreamSource {
 public:
  static constexpr size_t kDefaultMaxQueued = 1000;

  explicit StreamSource(size_t max_queued = kDefaultMaxQueued);
  ~StreamSource();
  StreamSource(const StreamSource&) = delete;
  StreamSource& operator=(const StreamSource&) = delete;

  // Queues one event's text (normally from SseEvent()) to be written as is. Returns false, dropping
  // the event, once the stream has ended, has been closed, or has just overflowed (this push would
  // have been the max_queued+1-th unsent event; the connection is then dropped).
  bool Push(std::string event_text);
  // Registers a callback for the end of the stream (see above). If it has already ended, `fn` runs
  // now, on the calling thread.
  void OnClose(std::function<void()> fn);
  // Ends the stream from the producer side: events already queued are still sent, then the
  // response is finished. Idempotent.
  void Close();
  // True once Close() was called or the stream ended.
  bool closed() const;

  // ---- Server side: called by api::Server only. ----
  // What the writer should do next.
  struct Batch {
    std::vector<std::string> events;  // To write, in order.
    bool finish = false;              // Closed by the producer and now drained: end the response.
    bool abort = false;               // Overflowed: drop the connection.
  };
  // Installs the writer's wake-up call: invoked (from any thread, without a lock held) when events
  // or a state change are waiting. It must only schedule work (e.g. post to a strand), never write.
  void Attach(std::function<void()> wake);
  // Takes everything queued; re-arms the wake-up.
  Batch Take();
  // True once the queue has overflowed (or the stream has ended): the writer should drop the
  // connection now, even in the middle of a write. Does not re-arm the wake-up.
  bool Overflowed() const;
  // The stream has ended on the server side (written out, client gone, dropped, server stopping):
  // later pushes fail and the OnClose callbacks run now, on the calling thread. Idempotent.
  void End();

 private:
  enum class State { kOpen, kClosing, kOverflowed, kEnded };
  std::function<void()> WakeLocked();  // REQUIRES: mu_ held. Returns the wake-up to call, if due.

  const size_t max_queued_;
  mutable std::mutex mu_;
  State state_ = State::kOpen;                   // GUARDED_BY(mu_)
  std::vector<std::string> queue_;               // GUARDED_BY(mu_)
  std::function<void()> wake_;                   // GUARDED_BY(mu_)
  bool wake_pending_ = false;                    // GUARDED_BY(mu_)
  std::vector<std::function<void()>> on_close_;  // GUARDED_BY(mu_)
};

}  // namespace hotline::api
