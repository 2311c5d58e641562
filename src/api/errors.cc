#include "src/api/errors.h"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace hotline::api {

unsigned HttpStatus(Code code) {
  switch (code) {
    case Code::kInvalidArgument:
      return 400;
    case Code::kUnauthenticated:
      return 401;
    case Code::kPermissionDenied:
      return 403;
    case Code::kNotFound:
      return 404;
    case Code::kConflict:
      return 409;
    case Code::kTooLarge:
      return 413;
    case Code::kUnprocessable:
      return 422;
    case Code::kRateLimited:
      return 429;
    case Code::kUnavailable:
      return 503;
    case Code::kOk:
    case Code::kInternal:
      return 500;
  }
  return 500;
}

Response ErrorResponse(unsigned http_status, std::string_view code, std::string_view message,
                       std::string_view field) {
  boost::json::object error;
  error["code"] = code;
  error["message"] = message;
  if (!field.empty()) error["details"] = boost::json::object{{"field", field}};
  return Json(http_status, boost::json::object{{"error", std::move(error)}});
}

Response ErrorResponse(const Status& status) {
  if (status.ok()) return ErrorResponse(500, "internal", "an OK status was reported as an error");
  return ErrorResponse(HttpStatus(status.code()), status.reason(), status.message(),
                       status.field());
}

}  // namespace hotline::api
