// Status and Result<T>: expected failures as values.
//
// Every fallible operation across a module boundary returns Status or Result<T>. A Status carries a
// Code (the family, mapped to an HTTP status in exactly one place: api/errors.cc), a stable machine
// `reason` (the API's error.code, e.g. "stale_version"), a human message and an optional offending
// field. No exceptions cross module boundaries.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace hotline {

enum class Code {
  kOk,
  kInvalidArgument,   // 400: bad input
  kUnauthenticated,   // 401
  kPermissionDenied,  // 403: role or data scope
  kNotFound,          // 404
  kConflict,          // 409: stale version or action not allowed in the current status
  kTooLarge,          // 413
  kUnprocessable,     // 422: well-formed but invalid
  kRateLimited,       // 429
  kUnavailable,       // 503
  kInternal,          // 500: a bug or an I/O failure, never user input
};

class [[nodiscard]] Status {
 public:
  Status() = default;

  static Status Ok() { return {}; }
  static Status Invalid(std::string message, std::string field = {}) {
    return {Code::kInvalidArgument, "invalid_argument", std::move(message), std::move(field)};
  }
  static Status Unauthenticated(std::string message) {
    return {Code::kUnauthenticated, "unauthenticated", std::move(message), {}};
  }
  static Status Forbidden(std::string message) {
    return {Code::kPermissionDenied, "forbidden", std::move(message), {}};
  }
  static Status NotFound(std::string message) {
    return {Code::kNotFound, "not_found", std::move(message), {}};
  }
  static Status StaleVersion(std::string message) {
    return {Code::kConflict, "stale_version", std::move(message), {}};
  }
  static Status IllegalTransition(std::string message) {
    return {Code::kConflict, "invalid_transition", std::move(message), {}};
  }
  static Status Conflict(std::string reason, std::string message) {
    return {Code::kConflict, std::move(reason), std::move(message), {}};
  }
  static Status TooLarge(std::string message) {
    return {Code::kTooLarge, "payload_too_large", std::move(message), {}};
  }
  static Status Unprocessable(std::string message, std::string field = {}) {
    return {Code::kUnprocessable, "unprocessable", std::move(message), std::move(field)};
  }
  static Status RateLimited(std::string message) {
    return {Code::kRateLimited, "rate_limited", std::move(message), {}};
  }
  static Status Unavailable(std::string message) {
    return {Code::kUnavailable, "unavailable", std::move(message), {}};
  }
  static Status Internal(std::string message) {
    return {Code::kInternal, "internal", std::move(message), {}};
  }
  // A status with an explicit machine reason (e.g. kPermissionDenied + "out_of_scope").
  static Status Make(Code code, std::string reason, std::string message, std::string field = {}) {
    return {code, std::move(reason), std::move(message), std::move(field)};
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& reason() const { return reason_; }
  const std::string& message() const { return message_; }
  const std::string& field() const { return field_; }

  bool IsNotFound() const { return code_ == Code::kNotFound; }
  bool IsConflict() const { return code_ == Code::kConflict; }
  bool IsInvalid() const { return code_ == Code::kInvalidArgument; }

  std::string ToString() const { return ok() ? "OK" : reason_ + ": " + message_; }

 private:
  Status(Code code, std::string reason, std::string message, std::string field)
      : code_(code),
        reason_(std::move(reason)),
        message_(std::move(message)),
        field_(std::move(field)) {}

  Code code_ = Code::kOk;
  std::string reason_;
  std::string message_;
  std::string field_;
};

// Result<T>: a T or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(v_).ok() && "Result built from an OK status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  // REQUIRES: ok()
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace hotline

// Early return on a failed Status / Result.
#define HOTLINE_RETURN_IF_ERROR(expr)           \
  do {                                          \
    ::hotline::Status _st = (expr);             \
    if (!_st.ok()) return _st;                  \
  } while (0)

#define HOTLINE_CONCAT_INNER(a, b) a##b
#define HOTLINE_CONCAT(a, b) HOTLINE_CONCAT_INNER(a, b)
#define HOTLINE_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.status();                 \
  lhs = std::move(tmp).value()
#define HOTLINE_ASSIGN_OR_RETURN(lhs, expr) \
  HOTLINE_ASSIGN_OR_RETURN_IMPL(HOTLINE_CONCAT(_res_, __LINE__), lhs, expr)
