#include "src/api/router.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <stdexcept>
#include <string>

namespace hotline::api {
namespace {

using boost::beast::http::verb;

// A handler that answers with its own name and the params it saw.
Handler Named(std::string name) {
  return [name](Request& req) {
    std::string body = name;
    for (const char* key : {"id", "action", "phone", "code", "format"}) {
      if (auto v = req.Param(key)) body += std::string(" ") + key + "=" + std::string(*v);
    }
    return Text(200, body);
  };
}

Response Call(const Router& router, verb method, std::string target) {
  Request req;
  req.method = method;
  req.target = std::move(target);
  return router.Dispatch(req);
}

std::string ErrorCode(const Response& r) {
  return std::string(boost::json::parse(r.body).at("error").at("code").as_string());
}

std::optional<std::string> HeaderOf(const Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return std::nullopt;
}

class RouterTest : public testing::Test {
 protected:
  void SetUp() override {
    router_.Add(verb::get, "/healthz", Named("health"), {.inline_ok = true});
    router_.Add(verb::get, "/api/v1/cases", Named("list"));
    router_.Add(verb::post, "/api/v1/cases", Named("create"));
    router_.Add(verb::get, "/api/v1/cases/stats", Named("stats"));
    router_.Add(verb::get, "/api/v1/cases/{id}", Named("get"));
    router_.Add(verb::patch, "/api/v1/cases/{id}", Named("patch"));
    router_.Add(verb::get, "/api/v1/cases/{id}/events", Named("events"));
    router_.Add(verb::post, "/api/v1/cases/{id}/actions/{action}", Named("action"));
    router_.Add(verb::post, "/api/v1/cases/{id}/actions/merge", Named("merge"));
    router_.Add(verb::get, "/api/v1/callers/{phone}/cases", Named("caller"));
    router_.Add(verb::post, "/api/v1/uploads", Named("upload"), {.body_limit = 20 << 20});
    router_.Add(verb::get, "/open311/v2/services.json", Named("services-json"));
    router_.Add(verb::get, "/open311/v2/services/{code}.json", Named("service-json"));
    router_.Add(verb::get, "/open311/v2/services/{code}.xml", Named("service-xml"));
    router_.Add(verb::get, "/open311/v2/requests/{id}", Named("request-any"));
    router_.Add(verb::get, "/", Named("root"));
  }
  Router router_;
};

struct RouteCase {
  verb method;
  std::string target;
  unsigned status;
  std::string body;  // For 200s: handler name and params; else the error code.
};

class RouterTableTest : public RouterTest, public testing::WithParamInterface<RouteCase> {};

TEST_P(RouterTableTest, Dispatches) {
  const RouteCase& c = GetParam();
  Response r = Call(router_, c.method, c.target);
  EXPECT_EQ(r.status, c.status) << c.target;
  if (c.status == 200) {
    EXPECT_EQ(r.body, c.body) << c.target;
  } else {
    EXPECT_EQ(ErrorCode(r), c.body) << c.target;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, RouterTableTest,
    testing::Values(
        RouteCase{verb::get, "/healthz", 200, "health"}, RouteCase{verb::get, "/", 200, "root"},
        RouteCase{verb::get, "/api/v1/cases?status=open", 200, "list"},
        RouteCase{verb::post, "/api/v1/cases", 200, "create"},
        // Literal beats parameter.
        RouteCase{verb::get, "/api/v1/cases/stats", 200, "stats"},
        RouteCase{verb::get, "/api/v1/cases/2611280001", 200, "get id=2611280001"},
        RouteCase{verb::post, "/api/v1/cases/7/actions/merge", 200, "merge id=7"},
        RouteCase{verb::post, "/api/v1/cases/7/actions/dispatch", 200,
                  "action id=7 action=dispatch"},
        // Backtracking: "stats" matches the literal but only for GET; PATCH falls back to {id}.
        RouteCase{verb::patch, "/api/v1/cases/stats", 200, "patch id=stats"},
        RouteCase{verb::get, "/api/v1/cases/stats/events", 200, "events id=stats"},
        // Parameters are percent-decoded, per segment.
        RouteCase{verb::get, "/api/v1/callers/%2B8613800000000/cases", 200,
                  "caller phone=+8613800000000"},
        RouteCase{verb::get, "/api/v1/cases/a%2Fb", 200, "get id=a/b"},
        RouteCase{verb::get, "/api/v1/cases/%E6%A1%88%E4%BB%B6", 200, "get id=案件"},
        // Suffixed parameters; the suffix is not part of the value; plain params still match.
        RouteCase{verb::get, "/open311/v2/services.json", 200, "services-json"},
        RouteCase{verb::get, "/open311/v2/services/001.json", 200, "service-json code=001"},
        RouteCase{verb::get, "/open311/v2/services/001.xml", 200, "service-xml code=001"},
        RouteCase{verb::get, "/open311/v2/requests/9.json", 200, "request-any id=9.json"},
        RouteCase{verb::get, "/open311/v2/services/.json", 404, "not_found"},
        // HEAD falls back to GET.
        RouteCase{verb::head, "/api/v1/cases/1", 200, "get id=1"},
        // Unknown paths.
        RouteCase{verb::get, "/api/v1/nothing", 404, "not_found"},
        RouteCase{verb::get, "/api/v1/cases/", 404, "not_found"},  // no empty parameter
        RouteCase{verb::get, "/api/v1/cases//events", 404, "not_found"},
        RouteCase{verb::get, "/API/v1/cases", 404, "not_found"},  // case-sensitive
        RouteCase{verb::get, "/healthz/", 404, "not_found"},      // no trailing-slash folding
        // Known path, wrong method.
        RouteCase{verb::delete_, "/api/v1/cases", 405, "method_not_allowed"},
        RouteCase{verb::get, "/api/v1/cases/7/actions/close", 405, "method_not_allowed"},
        // Malformed target.
        RouteCase{verb::get, "/api/v1/cases/%zz", 400, "invalid_argument"}));

TEST_F(RouterTest, MethodNotAllowedListsAllow) {
  Response r = Call(router_, verb::delete_, "/api/v1/cases/7");
  EXPECT_EQ(r.status, 405u);
  EXPECT_EQ(HeaderOf(r, "Allow"), "GET, HEAD, PATCH");
  EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
  r = Call(router_, verb::get, "/api/v1/uploads");
  EXPECT_EQ(HeaderOf(r, "Allow"), "POST");
}

TEST_F(RouterTest, NotFoundIsTheErrorShape) {
  Response r = Call(router_, verb::get, "/nope");
  ASSERT_EQ(r.status, 404u);
  const auto body = boost::json::parse(r.body);
  EXPECT_EQ(body.at("error").at("code"), "not_found");
  EXPECT_TRUE(body.at("error").at("message").is_string());
  EXPECT_EQ(body.at("error").as_object().if_contains("details"), nullptr);
}

TEST_F(RouterTest, FindExposesOptionsAndPattern) {
  Router::Match m = router_.Find(verb::post, "/api/v1/uploads");
  ASSERT_EQ(m.kind, Router::Match::Kind::kFound);
  EXPECT_EQ(m.options->body_limit, size_t{20} << 20);
  EXPECT_FALSE(m.options->inline_ok);
  EXPECT_EQ(m.pattern, "/api/v1/uploads");

  m = router_.Find(verb::get, "/healthz");
  ASSERT_EQ(m.kind, Router::Match::Kind::kFound);
  EXPECT_TRUE(m.options->inline_ok);
  EXPECT_EQ(m.options->body_limit, size_t{1} << 20);

  m = router_.Find(verb::post, "/api/v1/cases/42/actions/sign");
  ASSERT_EQ(m.kind, Router::Match::Kind::kFound);
  EXPECT_EQ(m.pattern, "/api/v1/cases/{id}/actions/{action}");
  EXPECT_EQ(m.params.at("id"), "42");
  EXPECT_EQ(m.params.at("action"), "sign");

  EXPECT_EQ(router_.Find(verb::get, "no-slash").kind, Router::Match::Kind::kNotFound);
  EXPECT_EQ(router_.Find(verb::get, "").kind, Router::Match::Kind::kNotFound);
}

TEST_F(RouterTest, RoutesListsEveryRouteInOrder) {
  const std::vector<RouteInfo> routes = router_.Routes();
  ASSERT_EQ(routes.size(), 16u);
  EXPECT_EQ(routes[0].method, verb::get);
  EXPECT_EQ(routes[0].pattern, "/healthz");
  EXPECT_EQ(routes[7].method, verb::post);
  EXPECT_EQ(routes[7].pattern, "/api/v1/cases/{id}/actions/{action}");
}

TEST_F(RouterTest, DispatchUsesPathWhenNoTarget) {
  Request req;
  req.method = verb::get;
  req.path = "/api/v1/cases/9";
  Response r = router_.Dispatch(req);
  EXPECT_EQ(r.body, "get id=9");
  EXPECT_EQ(req.params.at("id"), "9");
}

TEST(RouterExceptionTest, EscapingExceptionIs500Internal) {
  Router router;
  router.Add(verb::get, "/boom", [](Request&) -> Response { throw std::runtime_error("secret"); });
  router.Add(verb::get, "/boom2", [](Request&) -> Response { throw 42; });
  for (const char* target : {"/boom", "/boom2"}) {
    Response r = Call(router, verb::get, target);
    EXPECT_EQ(r.status, 500u);
    EXPECT_EQ(ErrorCode(r), "internal");
    EXPECT_EQ(r.body.find("secret"), std::string::npos);  // Never shown to the client.
  }
}

TEST(RouterHeadTest, ExplicitHeadRouteWins) {
  Router router;
  router.Add(verb::get, "/x", Named("get"));
  router.Add(verb::head, "/x", Named("head"));
  EXPECT_EQ(Call(router, verb::head, "/x").body, "head");
  Response r = Call(router, verb::post, "/x");
  EXPECT_EQ(HeaderOf(r, "Allow"), "GET, HEAD");
}

using RouterDeathTest = testing::Test;

TEST(RouterDeathTest, BadPatternsAbortAtSetup) {
  auto add = [](std::string pattern) {
    Router router;
    router.Add(verb::get, "/cases/{id}", Named("a"));
    router.Add(verb::get, std::move(pattern), Named("b"));
  };
  EXPECT_DEATH(add("cases"), "must start with");
  EXPECT_DEATH(add("/cases/{id"), "unclosed");
  EXPECT_DEATH(add("/cases/{}"), "parameter names");
  EXPECT_DEATH(add("/cases/{id}/{id}"), "duplicate parameter");
  EXPECT_DEATH(add("/cases/{case_id}"), "conflicts");  // Same shape, same method.
  EXPECT_DEATH(add("/cases/x}"), "stray brace");
  EXPECT_DEATH(add("/cases/{a}{b}"), "one parameter per segment");
}

}  // namespace
}  // namespace hotline::api
