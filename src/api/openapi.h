// The OpenAPI 3 document (docs/openapi.json), compiled into the binary and served at
// /api/v1/openapi.json. A test keeps its paths equal to the router's routes.
#pragma once

#include <string_view>

namespace hotline::api {
std::string_view OpenApiDocument();
}  // namespace hotline::api
