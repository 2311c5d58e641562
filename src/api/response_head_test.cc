#include "src/api/response_head.h"

#include <gtest/gtest.h>

#include <boost/beast/http.hpp>
#include <sstream>

namespace hotline::api {
namespace {

namespace http = boost::beast::http;

// What api::Server sent before AppendResponseHead: the message built field by field and written by
// Beast's serializer (operator<< runs the same serializer as async_write).
std::string ViaBeast(unsigned version, unsigned status, const std::string& content_type,
                     const HeaderList& headers, const std::string& request_id, bool keep,
                     const std::string& body, bool bodiless, bool head) {
  http::response<http::string_body> res;
  res.version(version);
  res.result(status);
  res.set(http::field::server, "hotline");
  if (!content_type.empty() && !bodiless) res.set(http::field::content_type, content_type);
  for (const auto& [name, value] : headers) res.insert(name, value);
  res.set("X-Request-Id", request_id);
  res.keep_alive(keep);
  if (!bodiless) {
    res.body() = body;
    res.prepare_payload();
  }
  if (head) res.body().clear();
  std::ostringstream os;
  os << res;
  return os.str();
}

std::string ViaHead(unsigned version, unsigned status, const std::string& content_type,
                    const HeaderList& headers, const std::string& request_id, bool keep,
                    const std::string& body, bool bodiless, bool head) {
  std::string out;
  AppendResponseHead(&out, version, status, bodiless ? "" : content_type, headers, request_id, keep,
                     bodiless ? std::nullopt : std::optional<size_t>(body.size()));
  if (!bodiless && !head) out += body;
  return out;
}

TEST(ResponseHeadTest, SameBytesAsBeast) {
  const std::vector<HeaderList> header_sets = {
      {},
      {{"Location", "/api/v1/cases/12"}},
      {{"Cache-Control", "no-store"}, {"Set-Cookie", "a=1; HttpOnly"}, {"Set-Cookie", "b=2"}},
      {{"Retry-After", "1"}, {"x-custom", ""}, {"ETag", "\"v3\""}},
  };
  const std::vector<std::string> bodies = {"", "{\"status\":\"ok\"}",
                                           std::string(5000, 'x') + "案件"};
  const std::vector<std::string> types = {"application/json; charset=utf-8", "",
                                          "text/event-stream"};
  int compared = 0;
  for (unsigned version : {10u, 11u})
    for (unsigned status = 200; status <= 999; ++status) {
      // Every status once with the common shape, a sample of them with every other combination.
      const bool all = status == 200 || status == 201 || status == 204 || status == 304 ||
                       status == 404 || status == 429 || status == 503 || status == 299 ||
                       status == 999;
      for (bool keep : {true, false})
        for (bool head : {false, true})
          for (size_t h = 0; h < header_sets.size(); ++h)
            for (size_t b = 0; b < bodies.size(); ++b)
              for (size_t t = 0; t < types.size(); ++t) {
                if (!all && (h > 0 || b != 1 || t > 0 || head)) continue;
                const bool bodiless = status == 204 || status == 304;
                const std::string want = ViaBeast(version, status, types[t], header_sets[h],
                                                  "abc0000000001", keep, bodies[b], bodiless, head);
                const std::string got = ViaHead(version, status, types[t], header_sets[h],
                                                "abc0000000001", keep, bodies[b], bodiless, head);
                ASSERT_EQ(got, want) << "version " << version << " status " << status << " keep "
                                     << keep << " head " << head << " headers " << h;
                ++compared;
              }
    }
  EXPECT_GT(compared, 3000);
}

TEST(ResponseHeadTest, FieldsTheServerOwnsAreNotPlain) {
  EXPECT_TRUE(PlainHeaders({}));
  EXPECT_TRUE(PlainHeaders({{"Location", "/x"}, {"Set-Cookie", "a=b"}}));
  for (const char* name : {"Server", "content-type", "Content-Length", "CONNECTION",
                           "Transfer-Encoding", "x-request-id"}) {
    EXPECT_FALSE(PlainHeaders({{"Location", "/x"}, {name, "v"}})) << name;
  }
  EXPECT_TRUE(PlainHeaders({{"X-Request-Ids", "v"}, {"Servers", "v"}}));
}

}  // namespace
}  // namespace hotline::api
