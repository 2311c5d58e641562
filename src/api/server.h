// Server: the HTTP/1.1 listener (Boost.Beast) that feeds requests to a Router.
//
// Threading: `io_threads` threads run all socket I/O, each its own io_context; a new connection is
// given to the next I/O thread in turn and stays on it, on its own strand, and handles one request
// at a time (keep-alive; pipelined requests wait in the read buffer). A matched
// request runs its handler on a pool of `worker_threads` (handlers may block on the database)
// unless the route is inline_ok, then the response is posted back to the connection's strand. A
// connection knows nothing of handlers beyond that send callback. No lock is held across I/O.
// The pool hop costs two thread wake-ups: about +35 us per request on an idle connection and ~20%
// of peak throughput on 2 cores (bench: minimal_server vs. inline vs. pooled routes); routes whose
// handler never blocks should be inline_ok.
//
// Limits (every connection has them): header size (431), per-route body size (413, answered from
// the Content-Length before the body is read, or as soon as a chunked body passes the limit), a
// read timeout (an idle or stalled connection is closed), a write timeout, at most
// `max_connections` connections (beyond that the server stops accepting until one closes) and at
// most `max_queued_requests` requests waiting for or running on the worker pool (beyond that: 503
// "unavailable" with Retry-After). Malformed HTTP gets 400 and the connection is closed.
//
// Every response carries `Server: hotline` and `X-Request-Id` (the client's when it sent a sane
// one: 1-128 characters of [A-Za-z0-9._:-]; otherwise generated). The server records
// hotline_http_requests_total{method,route,status}, hotline_http_request_duration_seconds{method,
// route} (route = the matched pattern, or "unmatched") and the hotline_http_connections gauge.
//
// Server-sent events: when a handler returns Response::stream, the server sends the head
// (text/event-stream, Cache-Control: no-cache, chunked, connection kept open), then every pushed
// event, plus a ": ping" comment every `sse_ping_interval`; see StreamSource in http.h.
//
// Thread-safety: Start(), Stop() and Wait() may be called from any thread except an I/O or worker
// thread of this server (Stop() waits for them). port() is thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "src/api/metrics.h"
#include "src/api/router.h"
#include "src/common/status.h"

namespace hotline::api {

struct ServerConfig {
  std::string host = "127.0.0.1";  // An IPv4 or IPv6 address literal.
  uint16_t port = 8080;            // 0 = pick a free port (see Server::port()).
  int io_threads = 2;
  int worker_threads = 32;
  size_t default_body_limit = 1 << 20;    // For requests that match no route (404/405).
  std::chrono::seconds read_timeout{30};  // Per request head and per body; also the idle timeout.
  size_t max_connections = 10000;
  size_t max_queued_requests = 4096;
  size_t header_limit = 16 * 1024;
  std::chrono::seconds write_timeout{30};
  std::chrono::milliseconds sse_ping_interval{15000};
  std::chrono::seconds drain_timeout{10};  // Stop(): how long in-flight requests may take.
  // After handling I/O, an I/O thread keeps polling for this long before it sleeps, so that the
  // next request of a busy connection does not wait for the thread to be woken (on another core,
  // often tens of microseconds). 0: sleep at once. Costs at most this much CPU after each burst.
  std::chrono::microseconds io_spin{50};
};

class Server {
 public:
  // `router` and `metrics` must outlive the Server; `router` must not change after Start().
  Server(ServerConfig config, Router& router, Metrics& metrics);
  ~Server();  // Stop()s.
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, listens and starts the I/O and worker threads. Returns Unavailable if the address
  // cannot be bound, Invalid for a bad host. REQUIRES: called at most once.
  Status Start();
  // The bound port (useful with config.port == 0); 0 before Start().
  uint16_t port() const;
  // Graceful stop: stops accepting, closes idle connections, lets in-flight requests finish and
  // answers them with "Connection: close", ends event streams, then (after drain_timeout at the
  // latest) closes whatever is left and joins every thread. A handler still running is waited
  // for (its response goes nowhere): handlers must return. Idempotent.
  void Stop();
  // Blocks until Stop() has finished (returns at once if the server never started).
  void Wait();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hotline::api
