// Router: maps (method, path) to a handler, with path parameters.
//
// Patterns are '/'-separated segments; a segment is a literal ("cases"), a parameter ("{id}") or a
// parameter with a literal suffix ("{id}.json", for Open311's format suffixes). A parameter matches
// one non-empty segment, percent-decoded; it never spans a '/' (an encoded "%2F" stays inside the
// segment). Matching is exact: no trailing-slash or case folding.
//
// Priority: at each segment a literal beats a suffixed parameter (longest suffix first), which
// beats a plain parameter, with backtracking: among the paths that match, the highest-priority one
// that has a handler for the method wins; if none has, the result is 405 with the Allow list of the
// highest-priority matching path; if no path matches, 404. HEAD is served by the GET handler when
// there is no HEAD route (the server then sends no body).
//
// Thread-safety: Add() is setup-only and not thread-safe; after the last Add() (before the server
// starts) every const method is safe from any number of threads. Handlers must be thread-safe: the
// same handler runs concurrently for different requests.
#pragma once

#include <boost/beast/http/verb.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "src/api/http.h"

namespace hotline::api {

// A handler returns the response; expected failures are ErrorResponse(status) values. A handler may
// block (e.g. waiting for a database commit) unless its route is inline_ok. An exception escaping a
// handler becomes a 500 "internal" error (logged, never shown to the client).
using Handler = std::function<Response(Request&)>;

struct RouteOptions {
  size_t body_limit = 1 << 20;  // Larger bodies get 413 before they are read.
  // The handler never blocks (no database wait, no lock held for long): it may run on an I/O
  // thread, skipping the worker-pool hop. Use for health checks, metrics and in-memory reads.
  bool inline_ok = false;
};

struct RouteInfo {
  boost::beast::http::verb method;
  std::string pattern;
};

class Router {
 public:
  struct Match {
    enum class Kind { kFound, kNotFound, kMethodNotAllowed };
    Kind kind = Kind::kNotFound;
    const Handler* handler = nullptr;       // kFound: valid while the Router lives.
    const RouteOptions* options = nullptr;  // kFound: valid while the Router lives.
    std::string_view pattern;               // kFound: the route's pattern (a metrics label).
    std::unordered_map<std::string, std::string> params;  // kFound: decoded path parameters.
    std::string allow;  // kMethodNotAllowed: e.g. "GET, HEAD, POST".
  };

  Router();
  ~Router();
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;

  // Registers `handler` for `method` on `pattern` (e.g. "/api/v1/cases/{id}/actions/{action}").
  // REQUIRES: a well-formed pattern starting with '/', unique parameter names, and no route already
  // registered for the same method and pattern shape. A violation is a programmer error: it is
  // logged and the process aborts at startup.
  void Add(boost::beast::http::verb method, std::string pattern, Handler handler,
           RouteOptions opts = {});

  // Matches a still percent-encoded path (no query), e.g. ParsedTarget::raw_path.
  Match Find(boost::beast::http::verb method, std::string_view raw_path) const;

  // Finds the route for req.method and req.target (or req.path when target is empty), sets
  // req.params and runs the handler on the calling thread. Unknown path: 404 "not_found"; known
  // path, other method: 405 "method_not_allowed" with an Allow header; malformed target: 400.
  Response Dispatch(Request& req) const;

  // Every route in registration order (for comparing with the OpenAPI document).
  std::vector<RouteInfo> Routes() const;

 private:
  struct Node;
  struct Route;
  std::unique_ptr<Node> root_;
  std::vector<std::unique_ptr<Route>> routes_;
};

// Runs `handler`, turning an escaping exception into a logged 500 "internal" error response.
// `route` and req.request_id go into the log line; the body never does.
Response InvokeHandler(const Handler& handler, Request& req, std::string_view route);

// The 404 / 405 error responses Dispatch() and the server send.
Response NotFoundResponse();
Response MethodNotAllowedResponse(std::string allow);

}  // namespace hotline::api
