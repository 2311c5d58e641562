// The public (no-login) endpoints: the mayor's mailbox / web form, the citizen's track page and
// the citizen's online rating. Every route is rate-limited per client IP (and a submission per
// phone), takes at most 64 KiB, and never answers with personal data or internal ids.
#include <memory>

#include "src/api/handlers/common.h"
#include "src/api/rate_limiter.h"
#include "src/common/time.h"

namespace hotline::api {
namespace bj = boost::json;
namespace http = boost::beast::http;
using namespace hotline::domain;

namespace {

constexpr size_t kPublicBodyLimit = 64 << 10;

struct PublicLimits {
  explicit PublicLimits(const Clock& clock)
      : submit_per_ip(clock, 10, std::chrono::minutes(1)),
        submit_per_phone(clock, 5, std::chrono::hours(1)),
        read_per_ip(clock, 60, std::chrono::minutes(1)) {}
  RateLimiter submit_per_ip;     // POST /public/requests: 10 a minute per client IP
  RateLimiter submit_per_phone;  // POST /public/requests: 5 an hour per citizen phone
  RateLimiter read_per_ip;       // track page and rating: 60 a minute per client IP
};

Response TooMany(const RateLimiter::Decision& d, const std::string& what) {
  Response r = ErrorResponse(Status::RateLimited("too many " + what + "; try again later"));
  r.headers.emplace_back("Retry-After", std::to_string(d.RetryAfterSeconds()));
  return r;
}

std::string ClientKey(const Request& req) {
  return req.remote_addr.empty() ? std::string("unknown") : req.remote_addr;
}

bool AllDigits(std::string_view s) {
  for (char ch : s)
    if (ch < '0' || ch > '9') return false;
  return !s.empty();
}

// A mainland mobile number (11 digits, 1[3-9]…) or a landline with its area code
// (0 + 2-3 digit area code + 7-8 digit number). Spaces and '-' are dropped; a leading +86 / 86 on a
// mobile number is accepted. Returns the digits, or nullopt.
std::optional<std::string> NormalizePhone(std::string_view in) {
  std::string d;
  for (char ch : in) {
    if (ch == ' ' || ch == '-') continue;
    d += ch;
  }
  if (d.rfind("+86", 0) == 0) d = d.substr(3);
  else if (d.size() == 13 && d.rfind("86", 0) == 0) d = d.substr(2);
  if (!AllDigits(d)) return std::nullopt;
  if (d.size() == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9') return d;
  if (d.size() >= 10 && d.size() <= 12 && d[0] == '0' && d[1] != '0') return d;
  return std::nullopt;
}

Result<workflow::NewCase> ParsePublicRequest(const bj::object& b) {
  workflow::NewCase in;
  HOTLINE_RETURN_IF_ERROR(ParseCaseText(b, &in));
  HOTLINE_ASSIGN_OR_RETURN(auto channel, json::OptString(b, "channel", 32));
  in.channel = channel && *channel == "web" ? Channel::kWeb : Channel::kMailbox;
  HOTLINE_ASSIGN_OR_RETURN(const bj::object* cit, json::OptObject(b, "citizen"));
  if (!cit) return Status::Invalid("citizen is required: your name and phone number", "citizen");
  HOTLINE_ASSIGN_OR_RETURN(auto name, json::OptString(*cit, "name", 64));
  if (!name || name->find_first_not_of(" \t\r\n") == std::string::npos)
    return Status::Invalid("citizen.name is required", "citizen.name");
  HOTLINE_ASSIGN_OR_RETURN(auto phone, json::OptString(*cit, "phone", 32));
  if (!phone) return Status::Invalid("citizen.phone is required", "citizen.phone");
  auto normalized = NormalizePhone(*phone);
  if (!normalized)
    return Status::Invalid("citizen.phone must be a mainland mobile number (11 digits) or a landline with its area code",
                           "citizen.phone");
  HOTLINE_ASSIGN_OR_RETURN(auto email, json::OptString(*cit, "email", 128));
  if (email && !email->empty()) {
    auto at = email->find('@');
    if (at == std::string::npos || at == 0 || at + 1 >= email->size() ||
        email->find_first_of(" \t\r\n") != std::string::npos)
      return Status::Invalid("citizen.email is not an email address", "citizen.email");
  }
  in.citizen = {*name, *normalized, "", email.value_or("")};
  // Privacy consent last: a well-formed request without it is 422.
  HOTLINE_ASSIGN_OR_RETURN(auto consent, json::OptBool(b, "consent"));
  if (!consent || !*consent)
    return Status::Unprocessable("consent to the privacy notice is required (consent: true)", "consent");
  return in;
}

// What the citizen is told about where the case is, in plain words.
std::string_view StatusLabelForCitizen(CaseStatus s) {
  switch (s) {
    case CaseStatus::kNew: return "已受理";
    case CaseStatus::kAnswered: return "已答复";
    case CaseStatus::kDispatched:
    case CaseStatus::kInProgress:
    case CaseStatus::kReturnRequested:
    case CaseStatus::kReplied: return "办理中";
    case CaseStatus::kCallbackPending: return "已答复";
    case CaseStatus::kClosed: return "已办结";
    case CaseStatus::kMerged: return "已合并办理";
    case CaseStatus::kTransferred: return "已转交相关部门";
    case CaseStatus::kInvalid: return "不予受理";
  }
  return "已受理";
}

// The track page. Only what the citizen needs: never personal data, unit names, notes or ids.
bj::object EncodePublicCase(const workflow::Engine& engine, const Case& c, bool can_rate) {
  bj::object o;
  o["number"] = c.number;
  o["type"] = Name(c.type);
  o["title"] = c.title;
  o["status"] = Name(c.status);
  o["status_label"] = StatusLabelForCitizen(c.status);
  o["created_at"] = FormatRfc3339(c.created_at, engine.tz());
  const bool shows_reply = c.status == CaseStatus::kCallbackPending ||
                           c.status == CaseStatus::kClosed || c.status == CaseStatus::kAnswered;
  const bool replied = shows_reply && !c.reply_to_citizen.empty();
  o["replied"] = replied;
  if (replied) o["reply"] = c.reply_to_citizen;
  else o["reply"] = nullptr;
  if (c.rating)
    o["rating"] = bj::object{{"satisfaction", Name(c.rating->satisfaction)},
                             {"resolved", c.rating->resolved},
                             {"source", c.rating->source}};
  else
    o["rating"] = nullptr;
  o["can_rate"] = can_rate;
  return o;
}

Response PublicNotFound() {
  return ErrorResponse(Status::NotFound("no case with this number and query code"));
}

}  // namespace

void RegisterPublicRoutes(Router& r, Context& ctx) {
  auto limits = std::make_shared<PublicLimits>(ctx.engine.clock());
  RouteOptions post_opts;
  post_opts.body_limit = kPublicBodyLimit;
  RouteOptions get_opts;
  get_opts.body_limit = kPublicBodyLimit;
  get_opts.inline_ok = true;  // a point read, like GET /cases/{id}

  r.Add(http::verb::post, "/api/v1/public/requests", [&ctx, limits](Request& req) {
    if (auto d = limits->submit_per_ip.Allow(ClientKey(req)); !d.allowed)
      return TooMany(d, "submissions from this address");
    auto body = json::ParseObject(req.body);
    if (!body.ok()) return ErrorResponse(body.status());
    auto in = ParsePublicRequest(*body);
    if (!in.ok()) return ErrorResponse(in.status());
    std::string key(req.Header("Idempotency-Key").value_or(""));
    if (key.size() > 128)
      return ErrorResponse(Status::Invalid("Idempotency-Key is longer than 128 characters", "Idempotency-Key"));
    const std::string phone = in->citizen.phone;
    if (auto d = limits->submit_per_phone.Allow(phone); !d.allowed)
      return TooMany(d, "submissions for this phone number");
    auto c = ctx.engine.Register(workflow::PublicActor(), std::move(in).value(), key,
                                 "public:" + ClientKey(req) + ":" + phone);
    if (!c.ok()) return ErrorResponse(c.status());
    return Ok(bj::object{{"number", c->number}, {"query_code", c->query_code}}, 201);
  }, post_opts);

  r.Add(http::verb::get, "/api/v1/public/cases/{number}", [&ctx, limits](Request& req) {
    if (auto d = limits->read_per_ip.Allow(ClientKey(req)); !d.allowed)
      return TooMany(d, "requests from this address");
    std::string number(req.Param("number").value_or(""));
    std::string code(req.Query("code").value_or(""));
    if (number.empty() || number.size() > 32 || code.empty() || code.size() > 32) return PublicNotFound();
    auto tx = ctx.store.Read();
    if (!tx.ok()) return ErrorResponse(tx.status());
    auto c = (*tx)->GetCaseByNumber(number);
    if (!c.ok()) return c.status().IsNotFound() ? PublicNotFound() : ErrorResponse(c.status());
    if (!workflow::QueryCodeMatches(c->query_code, code)) return PublicNotFound();
    bool can_rate = false;
    if (c->status == CaseStatus::kCallbackPending || c->status == CaseStatus::kAnswered) {
      auto events = (*tx)->ListEvents(c->id);
      if (!events.ok()) return ErrorResponse(events.status());
      can_rate = workflow::CitizenMayRate(*c, *events);
    }
    Response resp = Ok(EncodePublicCase(ctx.engine, *c, can_rate));
    resp.headers.emplace_back("Cache-Control", "no-store");
    return resp;
  }, get_opts);

  r.Add(http::verb::post, "/api/v1/public/cases/{number}/rating", [&ctx, limits](Request& req) {
    if (auto d = limits->read_per_ip.Allow(ClientKey(req)); !d.allowed)
      return TooMany(d, "requests from this address");
    std::string number(req.Param("number").value_or(""));
    std::string code(req.Query("code").value_or(""));
    if (number.empty() || number.size() > 32 || code.empty() || code.size() > 32) return PublicNotFound();
    auto body = json::ParseObject(req.body);
    if (!body.ok()) return ErrorResponse(body.status());
    auto sat_text = json::ReqString(*body, "satisfaction", 32);
    if (!sat_text.ok()) return ErrorResponse(sat_text.status());
    auto sat = ParseSatisfaction(*sat_text);
    if (!sat)
      return ErrorResponse(Status::Invalid(
          "satisfaction must be satisfied, basically_satisfied or unsatisfied", "satisfaction"));
    auto resolved = json::OptBool(*body, "resolved");
    if (!resolved.ok()) return ErrorResponse(resolved.status());
    if (!*resolved) return ErrorResponse(Status::Invalid("resolved is required (true or false)", "resolved"));
    auto c = ctx.engine.RateByCitizen(number, code, *sat, **resolved);
    if (!c.ok()) return ErrorResponse(c.status());
    return Ok(EncodePublicCase(ctx.engine, *c, false));
  }, post_opts);
}

}  // namespace hotline::api
