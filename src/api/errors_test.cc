#include "src/api/errors.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace hotline::api {
namespace {

struct MapCase {
  Status status;
  unsigned http;
  std::string code;
};

class ErrorMappingTest : public testing::TestWithParam<MapCase> {};

TEST_P(ErrorMappingTest, MapsCodeToStatusAndBody) {
  const MapCase& c = GetParam();
  Response r = ErrorResponse(c.status);
  EXPECT_EQ(r.status, c.http);
  EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
  const boost::json::value body = boost::json::parse(r.body);
  EXPECT_EQ(std::string_view(body.at("error").at("code").as_string()), c.code);
  EXPECT_EQ(std::string_view(body.at("error").at("message").as_string()), c.status.message());
  EXPECT_EQ(body.at("error").as_object().if_contains("details"), nullptr);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ErrorMappingTest,
    testing::Values(MapCase{Status::Invalid("bad"), 400, "invalid_argument"},
                    MapCase{Status::Unauthenticated("who"), 401, "unauthenticated"},
                    MapCase{Status::Forbidden("no"), 403, "forbidden"},
                    MapCase{Status::Make(Code::kPermissionDenied, "out_of_scope", "scope"), 403,
                            "out_of_scope"},
                    MapCase{Status::NotFound("gone"), 404, "not_found"},
                    MapCase{Status::StaleVersion("old"), 409, "stale_version"},
                    MapCase{Status::IllegalTransition("not now"), 409, "invalid_transition"},
                    MapCase{Status::TooLarge("big"), 413, "payload_too_large"},
                    MapCase{Status::Unprocessable("odd"), 422, "unprocessable"},
                    MapCase{Status::RateLimited("slow down"), 429, "rate_limited"},
                    MapCase{Status::Unavailable("busy"), 503, "unavailable"},
                    MapCase{Status::Internal("bug"), 500, "internal"}));

TEST(ErrorResponseTest, OkStatusIsAnInternalError) {
  Response r = ErrorResponse(Status::Ok());
  EXPECT_EQ(r.status, 500u);
  EXPECT_EQ(boost::json::parse(r.body).at("error").at("code"), "internal");
}

TEST(ErrorResponseTest, FieldGoesIntoDetails) {
  Response r = ErrorResponse(Status::Invalid("手机号格式不正确", "citizen.phone"));
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(boost::json::parse(r.body),
            boost::json::parse(R"({"error":{"code":"invalid_argument","message":"手机号格式不正确",
                                   "details":{"field":"citizen.phone"}}})"));
}

TEST(ErrorResponseTest, ExplicitStatus) {
  Response r = ErrorResponse(405, "method_not_allowed", "no");
  EXPECT_EQ(r.status, 405u);
  EXPECT_EQ(boost::json::parse(r.body),
            boost::json::parse(R"({"error":{"code":"method_not_allowed","message":"no"}})"));
}

TEST(ErrorResponseTest, EveryCodeIsMapped) {
  for (Code c : {Code::kInvalidArgument, Code::kUnauthenticated, Code::kPermissionDenied,
                 Code::kNotFound, Code::kConflict, Code::kTooLarge, Code::kUnprocessable,
                 Code::kRateLimited, Code::kUnavailable}) {
    EXPECT_GE(HttpStatus(c), 400u);
    EXPECT_LT(HttpStatus(c), 600u);
    EXPECT_NE(HttpStatus(c), 500u);
  }
}

}  // namespace
}  // namespace hotline::api
