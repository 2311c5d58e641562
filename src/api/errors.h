// The one place that turns a hotline::Status into an HTTP error response.
//
// Every error body has the shape
//   {"error": {"code": "<machine reason>", "message": "<human text>", "details": {"field": "..."}}}
// with "details" present only when the Status names an offending field. Stateless; thread-safe.
#pragma once

#include <string_view>

#include "src/api/http.h"
#include "src/common/status.h"

namespace hotline::api {

// Code -> HTTP status: kInvalidArgument 400, kUnauthenticated 401, kPermissionDenied 403,
// kNotFound 404, kConflict 409, kTooLarge 413, kUnprocessable 422, kRateLimited 429,
// kUnavailable 503, kInternal (and kOk, which is not an error) 500.
unsigned HttpStatus(Code code);

// The error response for a non-OK `status`: HttpStatus(status.code()) and the JSON body above, with
// status.reason() as error.code. REQUIRES: !status.ok() (an OK status gives a 500 "internal").
Response ErrorResponse(const Status& status);

// For protocol-level errors that have no Code (405 method_not_allowed, 431 header_too_large...):
// the same JSON shape with an explicit HTTP status and machine code.
Response ErrorResponse(unsigned http_status, std::string_view code, std::string_view message,
                       std::string_view field = {});

}  // namespace hotline::api
