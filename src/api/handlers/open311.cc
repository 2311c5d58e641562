// Open311 GeoReport v2 at /open311/v2/ (docs/open311.md), and the admin's API keys for it at
// /api/v1/admin/open311/keys. Thin: parse, read the store or call the engine, encode with
// src/open311. Every public route is rate-limited per client IP (POST also per API key and per
// phone), answers errors in the spec's format, and never shows personal data or internal ids.
#include <memory>
#include <mutex>
#include <set>

#include "src/api/handlers/common.h"
#include "src/api/rate_limiter.h"
#include "src/common/crypto.h"
#include "src/common/time.h"
#include "src/open311/georeport.h"

namespace hotline::api {
namespace bj = boost::json;
namespace http = boost::beast::http;
namespace o3 = hotline::open311;
using namespace hotline::domain;

namespace {

constexpr size_t kPostBodyLimit = 16
                                  << 10;  // a request's form; larger is a 413 in the spec's format
constexpr size_t kRouteBodyLimit = 64
                                   << 10;  // the server refuses bigger bodies before reading them
constexpr int kMaxResults = 1000;          // the spec's default and our maximum per page
constexpr auto kMaxSpan = std::chrono::hours(24 * 90);  // start_date..end_date at most 90 days
constexpr auto kDuplicateWindow = std::chrono::minutes(10);
constexpr const char* kDefaultJurisdiction = "jiangcheng.12345.gov.cn";
constexpr const char* kChangeset = "2026-11-28T00:00:00+08:00";  // when this API last changed
constexpr const char* kSpecification = "http://wiki.open311.org/GeoReport_v2";

struct Open311State {
  explicit Open311State(const Clock& clock)
      : post_per_ip(clock, 60, std::chrono::minutes(1)),
        post_per_key(clock, 120, std::chrono::minutes(1)),
        post_per_phone(clock, 5, std::chrono::hours(1)),
        read_per_ip(clock, 300, std::chrono::minutes(1)) {}
  // An Open311 client is usually an app's server posting for many citizens from one address, so
  // the key and the citizen's phone carry the tight limits; the IP limit only stops floods.
  RateLimiter post_per_ip;     // POST requests: 60 a minute per client IP
  RateLimiter post_per_key;    // POST requests: 120 a minute per API key
  RateLimiter post_per_phone;  // POST requests: 5 an hour per citizen phone
  RateLimiter read_per_ip;     // every GET: 300 a minute per client IP

  // The catalog of the current directory snapshot, rebuilt when the snapshot changes.
  std::shared_ptr<const o3::ServiceCatalog> Catalog(
      const std::shared_ptr<const workflow::Directory>& dir) {
    std::lock_guard lock(mu);
    if (dir != catalog_dir) {
      catalog = std::make_shared<o3::ServiceCatalog>(*dir, o3::BuiltinDefinitionRules());
      catalog_dir = dir;
    }
    return catalog;
  }
  std::mutex mu;
  std::shared_ptr<const workflow::Directory>
      catalog_dir;                                    // GUARDED_BY(mu); keeps catalog's refs alive
  std::shared_ptr<const o3::ServiceCatalog> catalog;  // GUARDED_BY(mu)
};

Response ToResponse(o3::Encoded e) {
  Response r = Text(e.status, std::move(e.body), std::move(e.content_type));
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("Access-Control-Allow-Origin", "*");
  return r;
}

Response Err(o3::Format f, unsigned status, const std::string& description) {
  return ToResponse(o3::Error(f, status, description));
}

// A Status as the spec's error: 400 for bad input of every kind (the spec has no 422), 403, 404,
// 413, 429 as they are, anything else 500 with a generic text.
Response Err(o3::Format f, const Status& st) {
  unsigned code = HttpStatus(st.code());
  if (code == 422 || code == 409) code = 400;
  if (code >= 500) return Err(f, code, "the service is temporarily unavailable; try again later");
  return Err(f, code, st.message());
}

Response TooMany(o3::Format f, const RateLimiter::Decision& d, const std::string& what) {
  Response r = Err(f, 429, "too many " + what + "; try again later");
  r.headers.emplace_back("Retry-After", std::to_string(d.RetryAfterSeconds()));
  return r;
}

std::string ClientKey(const Request& req) {
  return req.remote_addr.empty() ? std::string("unknown") : req.remote_addr;
}

// jurisdiction_id, when given, must be ours (setting open311_jurisdiction_id).
Status CheckJurisdiction(store::ReadTx& tx, std::string_view given) {
  if (given.empty()) return Status::Ok();
  auto setting = tx.GetSetting("open311_jurisdiction_id");
  if (!setting.ok()) return setting.status();
  std::string ours = setting->value_or(kDefaultJurisdiction);
  if (given != ours) return Status::NotFound("jurisdiction_id provided was not found");
  return Status::Ok();
}

Result<std::optional<TimePoint>> TimeParam(const Request& req, const char* name) {
  auto v = req.Query(name);
  if (!v || v->empty()) return std::optional<TimePoint>();
  auto t = ParseRfc3339(*v);
  if (!t.ok())
    return Status::Invalid(std::string(name) +
                               " must be an ISO 8601 date-time with a time zone, e.g. "
                               "2026-11-28T09:30:00+08:00",
                           name);
  return std::optional<TimePoint>(*t);
}

Result<int> IntParam(const Request& req, const char* name, int def, int lo, int hi) {
  auto v = req.Query(name);
  if (!v || v->empty()) return def;
  int n = 0;
  if (v->size() > 9) return Status::Invalid(std::string(name) + " is out of range", name);
  for (char ch : *v) {
    if (ch < '0' || ch > '9')
      return Status::Invalid(std::string(name) + " must be a whole number", name);
    n = n * 10 + (ch - '0');
  }
  if (n < lo || n > hi)
    return Status::Invalid(
        std::string(name) + " must be from " + std::to_string(lo) + " to " + std::to_string(hi),
        name);
  return n;
}

std::vector<std::string> SplitComma(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(',', start);
    if (end == std::string_view::npos) end = s.size();
    std::string part(s.substr(start, end - start));
    while (!part.empty() && part.front() == ' ') part.erase(part.begin());
    while (!part.empty() && part.back() == ' ') part.pop_back();
    if (!part.empty()) out.push_back(std::move(part));
    start = end + 1;
  }
  return out;
}

// Resolves start/end into a window of at most 90 days (the spec): both absent → the last 90
// days; one given → 90 days from (or up to) it.
Result<std::pair<TimePoint, TimePoint>> Window(std::optional<TimePoint> start,
                                               std::optional<TimePoint> end, TimePoint now) {
  if (!start && !end) return std::make_pair(now - kMaxSpan, now + std::chrono::seconds(1));
  if (start && !end) end = *start + kMaxSpan;
  if (!start && end) start = *end - kMaxSpan;
  if (*end < *start) return Status::Invalid("end_date is before start_date", "end_date");
  if (*end - *start > kMaxSpan)
    return Status::Invalid("start_date and end_date may not span more than 90 days", "end_date");
  // end_date is inclusive to the second (datetimes are shown with seconds, stored with
  // milliseconds).
  return std::make_pair(*start, *end + std::chrono::seconds(1));
}

// The case behind a public service_request_id (the case number), when it may be shown at all.
Result<Case> PublicCase(store::ReadTx& tx, const std::string& number) {
  const Status nf =
      Status::NotFound("service_request_id " + json::Utf8Prefix(number, 32) + " was not found");
  if (number.empty() || number.size() > 32) return nf;
  auto c = tx.GetCaseByNumber(number);
  if (!c.ok()) return c.status().IsNotFound() ? nf : c.status();
  if (c->confidential || c->category_id.empty() || c->status == CaseStatus::kInvalid) return nf;
  return c;
}

Result<bj::object> RequestOut(store::ReadTx& tx, const Case& c, const o3::ServiceCatalog& catalog,
                              const workflow::Directory& dir, TimeZone tz, bool extensions) {
  std::optional<store::Open311Request> extra;
  if (c.channel == Channel::kOpen311) {
    HOTLINE_ASSIGN_OR_RETURN(extra, tx.GetOpen311Request(c.id));
  }
  if (!extensions) return o3::RequestJson(c, extra, catalog, dir, tz);
  HOTLINE_ASSIGN_OR_RETURN(auto events, tx.ListEvents(c.id));
  return o3::RequestJson(c, extra, catalog, dir, tz, &events);
}

bool ExtensionsOn(const Request& req) {
  auto v = req.Query("extensions");
  return v && (*v == "true" || *v == "1");
}

// "http://host:port" from what the client used (Host header, X-Forwarded-Proto), checked so that a
// hostile Host header cannot inject anything into the discovery document.
std::string BaseUrl(const Request& req) {
  std::string host(req.Header("Host").value_or(""));
  bool ok = !host.empty() && host.size() <= 255;
  for (char ch : host)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-' || ch == ':' ||
          ch == '[' || ch == ']'))
      ok = false;
  if (!ok) host = "localhost";
  std::string proto(req.Header("X-Forwarded-Proto").value_or("http"));
  if (proto != "https") proto = "http";
  return proto + "://" + host;
}

struct Routes {
  Context& ctx;
  std::shared_ptr<Open311State> st;

  std::shared_ptr<const o3::ServiceCatalog> Catalog(
      std::shared_ptr<const workflow::Directory>* dir) {
    *dir = ctx.directory.Get();
    return st->Catalog(*dir);
  }

  Response Discovery(Request& req, o3::Format f) {
    if (auto d = st->read_per_ip.Allow(ClientKey(req)); !d.allowed)
      return TooMany(f, d, "requests from this address");
    bj::object endpoint{{"specification", kSpecification},
                        {"url", BaseUrl(req) + "/open311/v2"},
                        {"changeset", kChangeset},
                        {"type", "production"},
                        {"formats", bj::array{"text/xml", "application/json"}}};
    bj::object doc{
        {"changeset", kChangeset},
        {"contact", "12345 政务服务便民热线 — 江城市人民政府 12345 Government Service Hotline"},
        {"key_service",
         "API keys for POST requests are issued by the hotline's system administrator "
         "(系统管理员) on request."},
        {"endpoints", bj::array{std::move(endpoint)}}};
    return ToResponse(o3::Encode(doc, o3::Resource::kDiscovery, f));
  }

  Response Services(Request& req, o3::Format f) {
    if (auto d = st->read_per_ip.Allow(ClientKey(req)); !d.allowed)
      return TooMany(f, d, "requests from this address");
    auto tx = ctx.store.Read();
    if (!tx.ok()) return Err(f, tx.status());
    if (Status s = CheckJurisdiction(**tx, req.Query("jurisdiction_id").value_or("")); !s.ok())
      return Err(f, s);
    std::shared_ptr<const workflow::Directory> dir;
    auto catalog = Catalog(&dir);
    return ToResponse(o3::Encode(catalog->ServicesJson(), o3::Resource::kServices, f));
  }

  Response Definition(Request& req, o3::Format f) {
    if (auto d = st->read_per_ip.Allow(ClientKey(req)); !d.allowed)
      return TooMany(f, d, "requests from this address");
    auto tx = ctx.store.Read();
    if (!tx.ok()) return Err(f, tx.status());
    if (Status s = CheckJurisdiction(**tx, req.Query("jurisdiction_id").value_or("")); !s.ok())
      return Err(f, s);
    std::string code(req.Param("service_code").value_or(""));
    std::shared_ptr<const workflow::Directory> dir;
    auto catalog = Catalog(&dir);
    const auto* s = catalog->Find(code);
    if (!s) return Err(f, 404, "service_code " + json::Utf8Prefix(code, 32) + " was not found");
    return ToResponse(o3::Encode(catalog->DefinitionJson(*s), o3::Resource::kServiceDefinition, f));
  }

  Response Post(Request& req, o3::Format f) {
    if (auto d = st->post_per_ip.Allow(ClientKey(req)); !d.allowed)
      return TooMany(f, d, "submissions from this address");
    if (req.body.size() > kPostBodyLimit) return Err(f, 413, "the request is larger than 16 KiB");
    std::string ctype(req.Header("Content-Type").value_or(""));
    if (!req.body.empty() && ctype.find("application/x-www-form-urlencoded") == std::string::npos)
      return Err(f, 400, "send the request as application/x-www-form-urlencoded");
    auto form = o3::ParseForm(req.body);
    if (!form.ok()) return Err(f, form.status());
    std::vector<std::pair<std::string, std::string>> params = std::move(form).value();
    for (const auto& q : req.query) params.push_back(q);  // form fields first: they win

    // The key first: a client without a working key learns nothing else.
    std::string api_key;
    for (const auto& [k, v] : params)
      if (k == "api_key") {
        api_key = v;
        break;
      }
    if (api_key.empty()) return Err(f, 403, "api_key was not provided");
    if (api_key.size() > 128) return Err(f, 403, "api_key is invalid");
    auto tx = ctx.store.Read();
    if (!tx.ok()) return Err(f, tx.status());
    auto key = (*tx)->GetOpen311KeyByHash(o3::ApiKeyHash(api_key));
    if (!key.ok()) return Err(f, key.status());
    if (!*key) return Err(f, 403, "api_key is invalid");
    if ((*key)->revoked_at) return Err(f, 403, "api_key has been revoked");
    const std::string key_id = (*key)->id;
    if (auto d = st->post_per_key.Allow(key_id); !d.allowed)
      return TooMany(f, d, "submissions with this api_key");

    auto sub = o3::ParseSubmission(params);
    if (!sub.ok()) return Err(f, sub.status());
    if (Status s = CheckJurisdiction(**tx, sub->jurisdiction_id); !s.ok()) return Err(f, s);
    std::shared_ptr<const workflow::Directory> dir;
    auto catalog = Catalog(&dir);
    const auto* service = catalog->Find(sub->service_code);
    if (!service)
      return Err(f, 404,
                 "service_code " + json::Utf8Prefix(sub->service_code, 32) + " was not found");
    if (Status s = o3::CheckAttributes(*sub, *service); !s.ok()) return Err(f, s);
    std::string idem(req.Header("Idempotency-Key").value_or(""));
    if (idem.size() > 128) return Err(f, 400, "Idempotency-Key is longer than 128 characters");
    if (!sub->phone.empty())
      if (auto d = st->post_per_phone.Allow(sub->phone); !d.allowed)
        return TooMany(f, d, "submissions for this phone number");
    tx->reset();

    // The case and its Open311 record in one write. A second identical submission from the same
    // key within 10 minutes is a double submit: it gets the first request back, and no new case.
    workflow::NewCase in = o3::ToNewCase(*sub, *service);
    const std::string fingerprint = o3::Fingerprint(*sub);
    const TimePoint now = ctx.engine.clock().Now();
    std::string duplicate_of;
    store::Open311Request rec;
    rec.token = RandomHex(16);
    rec.key_id = key_id;
    rec.fingerprint = fingerprint;
    rec.service_code = service->category->code;
    rec.address_id = sub->address_id;
    rec.media_url = sub->media_url;
    rec.device_id = sub->device_id;
    rec.account_id = sub->account_id;
    bj::object attrs;
    for (const auto& [k, v] : sub->attributes) {
      if (v.size() == 1)
        attrs[k] = v[0];
      else
        attrs[k] = bj::array(v.begin(), v.end());
    }
    rec.attributes_json = bj::serialize(attrs);
    rec.created_at = now;
    in.in_tx = [&](store::WriteTx& wtx, const Case& c) -> Status {
      HOTLINE_ASSIGN_OR_RETURN(
          auto prior, wtx.FindOpen311Duplicate(key_id, fingerprint, now - kDuplicateWindow));
      if (prior) {
        duplicate_of = *prior;
        return Status::Conflict("open311_duplicate", "a double submit");
      }
      rec.case_id = c.id;
      return wtx.PutOpen311Request(rec);
    };
    auto c = ctx.engine.Register(workflow::PublicActor(), std::move(in), idem, "open311:" + key_id);
    auto rtx = ctx.store.Read();
    if (!rtx.ok()) return Err(f, rtx.status());
    Case made;
    if (!c.ok()) {
      if (duplicate_of.empty()) return Err(f, c.status());
      auto prior = (*rtx)->GetCase(duplicate_of);
      if (!prior.ok()) return Err(f, prior.status());
      made = std::move(prior).value();
    } else {
      made = std::move(c).value();
    }
    auto saved = (*rtx)->GetOpen311Request(made.id);
    if (!saved.ok()) return Err(f, saved.status());
    std::string token = *saved ? (*saved)->token : rec.token;
    std::string account = *saved ? (*saved)->account_id : sub->account_id;
    bj::object out{{"service_request_id", made.number},
                   {"token", token},
                   {"service_notice",
                    "已受理，工单号 " + made.number +
                        "。我们将转交承办单位办理，可凭工单号查询进度。Received as request " +
                        made.number + "; it will be handed to the responsible agency."},
                   {"account_id", account.empty() ? bj::value(nullptr) : bj::value(account)}};
    return ToResponse(o3::Encode(bj::array{std::move(out)}, o3::Resource::kPostResult, f));
  }

  Response List(Request& req, o3::Format f) {
    if (auto d = st->read_per_ip.Allow(ClientKey(req)); !d.allowed)
      return TooMany(f, d, "requests from this address");
    auto tx = ctx.store.Read();
    if (!tx.ok()) return Err(f, tx.status());
    if (Status s = CheckJurisdiction(**tx, req.Query("jurisdiction_id").value_or("")); !s.ok())
      return Err(f, s);
    std::shared_ptr<const workflow::Directory> dir;
    auto catalog = Catalog(&dir);
    const TimeZone tz = ctx.engine.tz();
    const bool ext = ExtensionsOn(req);
    bj::array out;
    // service_request_id: these requests, every other filter ignored (the spec).
    if (auto ids = req.Query("service_request_id"); ids && !ids->empty()) {
      auto list = SplitComma(*ids);
      if (list.size() > 200) return Err(f, 400, "at most 200 service_request_id values at once");
      std::set<std::string> seen;
      for (const auto& n : list) {
        if (!seen.insert(n).second) continue;
        auto c = PublicCase(**tx, n);
        if (!c.ok()) {
          if (c.status().IsNotFound()) continue;
          return Err(f, c.status());
        }
        auto o = RequestOut(**tx, *c, *catalog, *dir, tz, ext);
        if (!o.ok()) return Err(f, o.status());
        out.push_back(std::move(o).value());
      }
      return ToResponse(o3::Encode(out, o3::Resource::kRequests, f));
    }
    store::CaseQuery q;
    q.exclude_confidential = true;
    q.require_category = true;
    q.count_total = false;
    q.sort = store::CaseQuery::Sort::kCreatedDesc;
    if (auto codes = req.Query("service_code"); codes && !codes->empty()) {
      for (const auto& code : SplitComma(*codes))
        if (const auto* s = catalog->Find(code)) q.category_ids.push_back(s->category->id);
      if (q.category_ids.empty()) return ToResponse(o3::Encode(out, o3::Resource::kRequests, f));
    }
    bool want_open = true, want_closed = true;
    if (auto sv = req.Query("status"); sv && !sv->empty()) {
      want_open = want_closed = false;
      for (const auto& s : SplitComma(*sv)) {
        if (s == "open")
          want_open = true;
        else if (s == "closed")
          want_closed = true;
        else
          return Err(f, 400, "status must be open, closed or both (comma-separated)");
      }
    }
    size_t n = 0;
    const auto* all = AllCaseStatuss(&n);
    for (size_t i = 0; i < n; ++i) {
      CaseStatus s = all[i].value;
      if (s == CaseStatus::kInvalid) continue;
      if (IsOpen(s) ? want_open : want_closed) q.statuses.push_back(s);
    }
    auto start = TimeParam(req, "start_date");
    if (!start.ok()) return Err(f, start.status());
    auto end = TimeParam(req, "end_date");
    if (!end.ok()) return Err(f, end.status());
    auto ua = TimeParam(req, "updated_after");
    if (!ua.ok()) return Err(f, ua.status());
    auto ub = TimeParam(req, "updated_before");
    if (!ub.ok()) return Err(f, ub.status());
    if (*ua && *ub && **ub < **ua) return Err(f, 400, "updated_before is before updated_after");
    // The 90-day window on requested_datetime applies unless the client asks by update time only.
    if (start->has_value() || end->has_value() || (!ua->has_value() && !ub->has_value())) {
      auto w = Window(*start, *end, ctx.engine.clock().Now());
      if (!w.ok()) return Err(f, w.status());
      q.from = w->first;
      q.to = w->second;
    }
    q.updated_from = *ua;
    if (*ub) q.updated_to = **ub + std::chrono::seconds(1);  // inclusive to the second
    auto page = IntParam(req, "page", 1, 1, 1000000);
    if (!page.ok()) return Err(f, page.status());
    auto size = IntParam(req, "page_size", kMaxResults, 1, kMaxResults);
    if (!size.ok()) return Err(f, size.status());
    q.offset = (*page - 1) * *size;
    int want = *size;
    while (want > 0) {  // the store serves at most 500 a call; continue by cursor
      q.limit = std::min(want, 500);
      auto got = (*tx)->ListCases(q);
      if (!got.ok()) return Err(f, got.status());
      for (const auto& c : got->items) {
        auto o = RequestOut(**tx, c, *catalog, *dir, tz, ext);
        if (!o.ok()) return Err(f, o.status());
        out.push_back(std::move(o).value());
      }
      want -= int(got->items.size());
      if (got->next_cursor.empty() || got->items.empty()) break;
      q.cursor = got->next_cursor;
    }
    return ToResponse(o3::Encode(out, o3::Resource::kRequests, f));
  }

  Response One(Request& req, o3::Format f) {
    if (auto d = st->read_per_ip.Allow(ClientKey(req)); !d.allowed)
      return TooMany(f, d, "requests from this address");
    auto tx = ctx.store.Read();
    if (!tx.ok()) return Err(f, tx.status());
    if (Status s = CheckJurisdiction(**tx, req.Query("jurisdiction_id").value_or("")); !s.ok())
      return Err(f, s);
    auto c = PublicCase(**tx, std::string(req.Param("service_request_id").value_or("")));
    if (!c.ok()) return Err(f, c.status());
    std::shared_ptr<const workflow::Directory> dir;
    auto catalog = Catalog(&dir);
    auto o = RequestOut(**tx, *c, *catalog, *dir, ctx.engine.tz(), ExtensionsOn(req));
    if (!o.ok()) return Err(f, o.status());
    return ToResponse(o3::Encode(bj::array{std::move(o).value()}, o3::Resource::kRequests, f));
  }

  Response Token(Request& req, o3::Format f) {
    if (auto d = st->read_per_ip.Allow(ClientKey(req)); !d.allowed)
      return TooMany(f, d, "requests from this address");
    std::string token(req.Param("token").value_or(""));
    const std::string nf = "token " + json::Utf8Prefix(token, 40) + " was not found";
    if (token.empty() || token.size() > 64) return Err(f, 404, nf);
    auto tx = ctx.store.Read();
    if (!tx.ok()) return Err(f, tx.status());
    if (Status s = CheckJurisdiction(**tx, req.Query("jurisdiction_id").value_or("")); !s.ok())
      return Err(f, s);
    auto rec = (*tx)->GetOpen311RequestByToken(token);
    if (!rec.ok()) return Err(f, rec.status());
    if (!*rec) return Err(f, 404, nf);
    auto c = (*tx)->GetCase((*rec)->case_id);
    if (!c.ok()) return Err(f, c.status());
    bj::object o{{"service_request_id", c->number}, {"token", token}};
    return ToResponse(o3::Encode(bj::array{std::move(o)}, o3::Resource::kTokens, f));
  }

  Response Updates(Request& req, o3::Format f) {
    if (auto d = st->read_per_ip.Allow(ClientKey(req)); !d.allowed)
      return TooMany(f, d, "requests from this address");
    auto tx = ctx.store.Read();
    if (!tx.ok()) return Err(f, tx.status());
    if (Status s = CheckJurisdiction(**tx, req.Query("jurisdiction_id").value_or("")); !s.ok())
      return Err(f, s);
    auto start = TimeParam(req, "start_date");
    if (!start.ok()) return Err(f, start.status());
    auto end = TimeParam(req, "end_date");
    if (!end.ok()) return Err(f, end.status());
    auto w = Window(*start, *end, ctx.engine.clock().Now());
    if (!w.ok()) return Err(f, w.status());
    auto page = IntParam(req, "page", 1, 1, 1000000);
    if (!page.ok()) return Err(f, page.status());
    auto size = IntParam(req, "page_size", kMaxResults, 1, kMaxResults);
    if (!size.ok()) return Err(f, size.status());
    store::Open311UpdateQuery q;
    q.from = w->first;
    q.to = w->second;
    q.actions = o3::PublicNoteActions();
    q.limit = *size;
    q.offset = (*page - 1) * *size;
    auto entries = (*tx)->ListOpen311Updates(q);
    if (!entries.ok()) return Err(f, entries.status());
    auto dir = ctx.directory.Get();
    std::map<std::string, Citizen> citizens;  // for scrubbing replies: the case's own citizen
    bj::array out;
    for (const auto& e : *entries) {
      auto it = citizens.find(e.event.case_id);
      if (it == citizens.end()) {
        auto c = (*tx)->GetCase(e.event.case_id);
        if (!c.ok()) return Err(f, c.status());
        it = citizens.emplace(e.event.case_id, c->citizen).first;
      }
      auto note = o3::NoteForEvent(e.event, *dir, it->second);
      if (!note) continue;
      out.push_back(o3::UpdateJson(e, *note, ctx.engine.tz()));
    }
    return ToResponse(o3::Encode(out, o3::Resource::kUpdates, f));
  }
};

// ---- the admin's keys (API.md error format) ----

bj::object KeyJson(const store::Open311Key& k, TimeZone tz) {
  return bj::object{{"id", k.id},
                    {"name", k.name},
                    {"prefix", k.prefix},
                    {"created_by", k.created_by},
                    {"created_at", FormatRfc3339(k.created_at, tz)},
                    {"revoked_at", k.revoked_at ? bj::value(FormatRfc3339(*k.revoked_at, tz))
                                                : bj::value(nullptr)},
                    {"active", !k.revoked_at}};
}

Status AdminAudit(store::WriteTx& tx, const Principal& p, TimePoint now, const std::string& action,
                  bj::object data) {
  Event e;
  e.at = now;
  e.actor_id = p.actor.user_id;
  e.actor_name = p.actor.name;
  e.actor_unit_id = p.actor.unit_id;
  e.action = action;
  e.data = std::move(data);
  return tx.AppendAdminEvent(e);
}

}  // namespace

void RegisterOpen311Routes(Router& r, Context& ctx) {
  auto routes =
      std::make_shared<Routes>(Routes{ctx, std::make_shared<Open311State>(ctx.engine.clock())});
  RouteOptions get_opts;
  get_opts.body_limit = 4 << 10;
  RouteOptions post_opts;
  post_opts.body_limit = kRouteBodyLimit;
  using Method = Response (Routes::*)(Request&, o3::Format);
  auto both = [&](http::verb v, const std::string& path, Method m, const RouteOptions& opts) {
    for (auto [ext, f] :
         {std::pair{".json", o3::Format::kJson}, std::pair{".xml", o3::Format::kXml}})
      r.Add(
          v, "/open311/v2/" + path + ext,
          [routes, m, f = f](Request& req) { return ((*routes).*m)(req, f); }, opts);
  };
  both(http::verb::get, "discovery", &Routes::Discovery, get_opts);
  both(http::verb::get, "services", &Routes::Services, get_opts);
  both(http::verb::get, "services/{service_code}", &Routes::Definition, get_opts);
  both(http::verb::post, "requests", &Routes::Post, post_opts);
  both(http::verb::get, "requests", &Routes::List, get_opts);
  both(http::verb::get, "requests/{service_request_id}", &Routes::One, get_opts);
  both(http::verb::get, "tokens/{token}", &Routes::Token, get_opts);
  both(http::verb::get, "servicerequestupdates", &Routes::Updates, get_opts);

  RouteOptions admin_opts;
  admin_opts.body_limit = 4 << 10;
  r.Add(
      http::verb::get, "/api/v1/admin/open311/keys",
      [&ctx](Request& req) {
        return WithAuth(ctx, req, [&](const Principal& p) {
          if (!p.actor.Has(Role::kAdmin)) return Forbidden("manage Open311 API keys");
          auto tx = ctx.store.Read();
          if (!tx.ok()) return ErrorResponse(tx.status());
          auto keys = (*tx)->ListOpen311Keys();
          if (!keys.ok()) return ErrorResponse(keys.status());
          bj::array items;
          for (const auto& k : *keys) items.push_back(KeyJson(k, ctx.engine.tz()));
          int64_t total = int64_t(items.size());
          return Ok(PageJson(std::move(items), "", total));
        });
      },
      admin_opts);

  r.Add(
      http::verb::post, "/api/v1/admin/open311/keys",
      [&ctx](Request& req) {
        return WithAuth(ctx, req, [&](const Principal& p) {
          if (!p.actor.Has(Role::kAdmin)) return Forbidden("manage Open311 API keys");
          auto body = json::ParseObject(req.body);
          if (!body.ok()) return ErrorResponse(body.status());
          auto name = json::ReqString(*body, "name", 100);
          if (!name.ok()) return ErrorResponse(name.status());
          if (name->find_first_not_of(" \t") == std::string::npos)
            return ErrorResponse(Status::Invalid("name is required: who the key is for", "name"));
          const TimePoint now = ctx.engine.clock().Now();
          auto made = o3::MakeApiKey(*name, p.actor.user_id, now);
          store::Open311Key& k = made.key;
          const std::string& secret = made.secret;
          Status st = ctx.store.Write([&](store::WriteTx& tx) -> Status {
            HOTLINE_RETURN_IF_ERROR(tx.PutOpen311Key(k));
            return AdminAudit(tx, p, now, "open311_key_issue",
                              {{"key_id", k.id}, {"name", k.name}, {"prefix", k.prefix}});
          });
          if (!st.ok()) return ErrorResponse(st);
          bj::object out = KeyJson(k, ctx.engine.tz());
          out["api_key"] = secret;  // shown this once; only its hash is kept
          Response resp = Ok(out, 201);
          resp.headers.emplace_back("Cache-Control", "no-store");
          return resp;
        });
      },
      admin_opts);

  r.Add(
      http::verb::post, "/api/v1/admin/open311/keys/{id}/revoke",
      [&ctx](Request& req) {
        return WithAuth(ctx, req, [&](const Principal& p) {
          if (!p.actor.Has(Role::kAdmin)) return Forbidden("manage Open311 API keys");
          std::string id(req.Param("id").value_or(""));
          const TimePoint now = ctx.engine.clock().Now();
          Status st = ctx.store.Write([&](store::WriteTx& tx) -> Status {
            HOTLINE_RETURN_IF_ERROR(tx.RevokeOpen311Key(id, now));
            return AdminAudit(tx, p, now, "open311_key_revoke", {{"key_id", id}});
          });
          if (!st.ok()) return ErrorResponse(st);
          auto tx = ctx.store.Read();
          if (!tx.ok()) return ErrorResponse(tx.status());
          auto keys = (*tx)->ListOpen311Keys();
          if (!keys.ok()) return ErrorResponse(keys.status());
          for (const auto& k : *keys)
            if (k.id == id) return Ok(KeyJson(k, ctx.engine.tz()));
          return ErrorResponse(Status::NotFound("no Open311 key " + id));
        });
      },
      admin_opts);
}

}  // namespace hotline::api
