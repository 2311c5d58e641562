#include "src/api/router.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>
#include <utility>

#include "src/api/errors.h"

namespace hotline::api {

namespace http = boost::beast::http;

struct Router::Route {
  http::verb method;
  std::string pattern;
  std::vector<std::string> param_names;  // In path order.
  Handler handler;
  RouteOptions options;
};

struct Router::Node {
  std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
  std::vector<std::pair<std::string, std::unique_ptr<Node>>> suffixed;  // Longest suffix first.
  std::unique_ptr<Node> param;
  std::vector<const Route*> routes;  // Routes ending here, one per method.

  const Route* ForMethod(http::verb method) const {
    for (const Route* r : routes) {
      if (r->method == method) return r;
    }
    if (method == http::verb::head) return ForMethod(http::verb::get);
    return nullptr;
  }

  std::string Allow() const {
    const bool has_head = ForMethod(http::verb::head) != ForMethod(http::verb::get);
    std::string allow;
    for (const Route* r : routes) {
      if (!allow.empty()) allow += ", ";
      allow += std::string_view(http::to_string(r->method));
      if (r->method == http::verb::get && !has_head) allow += ", HEAD";
    }
    return allow;
  }

  // One depth-first match, in priority order, with backtracking.
  struct Walk {
    http::verb method;
    const std::vector<std::string>& segments;
    std::vector<std::string> captures = {};
    const Route* found = nullptr;
    std::vector<std::string> found_captures = {};
    const Node* first_path = nullptr;  // The best node whose path matches, whatever the method.
  };

  void Visit(size_t i, Walk& walk) const {
    if (walk.found) return;
    if (i == walk.segments.size()) {
      if (routes.empty()) return;
      if (!walk.first_path) walk.first_path = this;
      if (const Route* route = ForMethod(walk.method)) {
        walk.found = route;
        walk.found_captures = walk.captures;
      }
      return;
    }
    const std::string& seg = walk.segments[i];
    if (auto it = literals.find(seg); it != literals.end()) it->second->Visit(i + 1, walk);
    for (const auto& [suffix, child] : suffixed) {
      if (walk.found) return;
      if (seg.size() > suffix.size() && seg.ends_with(suffix)) {
        walk.captures.push_back(seg.substr(0, seg.size() - suffix.size()));
        child->Visit(i + 1, walk);
        walk.captures.pop_back();
      }
    }
    if (!walk.found && param && !seg.empty()) {
      walk.captures.push_back(seg);
      param->Visit(i + 1, walk);
      walk.captures.pop_back();
    }
  }
};

namespace {

[[noreturn]] void BadRoute(std::string_view pattern, std::string_view why) {
  // A programmer error at startup, before logging may be set up: straight to stderr.
  std::fprintf(stderr, "api::Router: bad route \"%.*s\": %.*s\n", static_cast<int>(pattern.size()),
               pattern.data(), static_cast<int>(why.size()), why.data());
  std::abort();
}

// "/a/b" -> {"a", "b"}; "/" -> {""}. REQUIRES: path starts with '/'.
std::vector<std::string_view> SplitSegments(std::string_view path) {
  std::vector<std::string_view> out;
  path.remove_prefix(1);
  while (true) {
    const size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool IsParamName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

}  // namespace

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

void Router::Add(http::verb method, std::string pattern, Handler handler, RouteOptions opts) {
  if (pattern.empty() || pattern.front() != '/') BadRoute(pattern, "must start with '/'");
  if (!handler) BadRoute(pattern, "empty handler");
  auto route = std::make_unique<Route>();
  route->method = method;
  route->pattern = pattern;
  route->handler = std::move(handler);
  route->options = opts;

  Node* node = root_.get();
  for (std::string_view seg : SplitSegments(pattern)) {
    if (seg.empty() || seg.front() != '{') {
      if (seg.find_first_of("{}") != std::string_view::npos) BadRoute(pattern, "stray brace");
      auto [it, inserted] = node->literals.try_emplace(std::string(seg));
      if (inserted) it->second = std::make_unique<Node>();
      node = it->second.get();
      continue;
    }
    const size_t close = seg.find('}');
    if (close == std::string_view::npos) BadRoute(pattern, "unclosed '{'");
    const std::string_view name = seg.substr(1, close - 1);
    const std::string_view suffix = seg.substr(close + 1);
    if (!IsParamName(name)) BadRoute(pattern, "parameter names are [A-Za-z0-9_]+");
    if (suffix.find_first_of("{}") != std::string_view::npos) {
      BadRoute(pattern, "one parameter per segment");
    }
    if (std::find(route->param_names.begin(), route->param_names.end(), name) !=
        route->param_names.end()) {
      BadRoute(pattern, "duplicate parameter name");
    }
    route->param_names.emplace_back(name);
    if (suffix.empty()) {
      if (!node->param) node->param = std::make_unique<Node>();
      node = node->param.get();
      continue;
    }
    auto it = std::find_if(node->suffixed.begin(), node->suffixed.end(),
                           [&](const auto& entry) { return entry.first == suffix; });
    if (it == node->suffixed.end()) {
      node->suffixed.emplace_back(std::string(suffix), std::make_unique<Node>());
      std::stable_sort(
          node->suffixed.begin(), node->suffixed.end(),
          [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
      it = std::find_if(node->suffixed.begin(), node->suffixed.end(),
                        [&](const auto& entry) { return entry.first == suffix; });
    }
    node = it->second.get();
  }
  for (const Route* existing : node->routes) {
    if (existing->method == method) {
      BadRoute(pattern, "conflicts with \"" + existing->pattern + "\" for the same method");
    }
  }
  node->routes.push_back(route.get());
  routes_.push_back(std::move(route));
}

Router::Match Router::Find(http::verb method, std::string_view raw_path) const {
  Match match;
  if (raw_path.empty() || raw_path.front() != '/') return match;
  std::vector<std::string> segments;
  for (std::string_view raw : SplitSegments(raw_path)) {
    Result<std::string> seg = PercentDecode(raw, /*plus_as_space=*/false);
    if (!seg.ok()) return match;
    segments.push_back(std::move(seg).value());
  }
  Node::Walk walk{method, segments};
  root_->Visit(0, walk);
  if (walk.found) {
    const Route* route = walk.found;
    match.kind = Match::Kind::kFound;
    match.handler = &route->handler;
    match.options = &route->options;
    match.pattern = route->pattern;
    for (size_t k = 0; k < route->param_names.size(); ++k) {
      match.params.emplace(route->param_names[k], std::move(walk.found_captures[k]));
    }
    return match;
  }
  if (walk.first_path) {
    match.kind = Match::Kind::kMethodNotAllowed;
    match.allow = walk.first_path->Allow();
  }
  return match;
}

Response Router::Dispatch(Request& req) const {
  std::string raw_path = req.path;
  if (!req.target.empty()) {
    Result<ParsedTarget> target = ParseTarget(req.target);
    if (!target.ok()) return ErrorResponse(target.status());
    raw_path = std::move(target->raw_path);
  }
  Match match = Find(req.method, raw_path);
  switch (match.kind) {
    case Match::Kind::kNotFound:
      return NotFoundResponse();
    case Match::Kind::kMethodNotAllowed:
      return MethodNotAllowedResponse(std::move(match.allow));
    case Match::Kind::kFound:
      break;
  }
  req.params = std::move(match.params);
  return InvokeHandler(*match.handler, req, match.pattern);
}

std::vector<RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> out;
  out.reserve(routes_.size());
  for (const auto& r : routes_) out.push_back({r->method, r->pattern});
  return out;
}

Response InvokeHandler(const Handler& handler, Request& req, std::string_view route) {
  try {
    return handler(req);
  } catch (const std::exception& e) {
    spdlog::error("handler {} {} threw: {} (request_id={})",
                  std::string_view(http::to_string(req.method)), route, e.what(), req.request_id);
  } catch (...) {
    spdlog::error("handler {} {} threw a non-std exception (request_id={})",
                  std::string_view(http::to_string(req.method)), route, req.request_id);
  }
  return ErrorResponse(Status::Internal("internal error"));
}

Response NotFoundResponse() { return ErrorResponse(Status::NotFound("no such resource")); }

Response MethodNotAllowedResponse(std::string allow) {
  Response r = ErrorResponse(405, "method_not_allowed", "method not allowed for this resource");
  r.headers.emplace_back("Allow", std::move(allow));
  return r;
}

}  // namespace hotline::api
