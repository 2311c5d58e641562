// The public (no-login) endpoints: the mayor's mailbox / web form with its attachments, the
// citizen's track page and online rating, published letters (信件公开) and published statistics.
// Every route is rate-limited per client IP (and a submission per phone), has a body limit
// (64 KiB; an uploaded file 10 MiB), and never answers with personal data or internal case ids.
//
// Attachments are a two-step upload: POST /public/uploads takes one file (raw body, name in
// X-Filename), checks it by content, stores it and answers a random claim ticket; the form then
// names its tickets in `attachments`. The submission binds them to the new case in the same
// transaction as the case (all or nothing), a ticket can be bound once, and a replayed submission
// (same Idempotency-Key) returns the first case with its files.
#include <map>
#include <memory>
#include <mutex>

#include "src/api/content_sniff.h"
#include "src/common/file_store.h"
#include "src/api/upload_sweep.h"
#include "src/api/handlers/common.h"
#include "src/api/rate_limiter.h"
#include "src/common/crypto.h"
#include "src/common/time.h"

namespace hotline::api {
namespace bj = boost::json;
namespace http = boost::beast::http;
using namespace hotline::domain;

namespace {

constexpr size_t kPublicBodyLimit = 64 << 10;
constexpr size_t kMaxUploadBytes = 10 << 20;       // one file
constexpr size_t kMaxFilesPerRequest = 5;          // files bound to one submission
constexpr int64_t kMaxBytesPerRequest = 30 << 20;  // their total size

struct PublicLimits {
  explicit PublicLimits(const Clock& clock)
      : submit_per_ip(clock, 10, std::chrono::minutes(1)),
        submit_per_phone(clock, 5, std::chrono::hours(1)),
        read_per_ip(clock, 60, std::chrono::minutes(1)),
        upload_per_ip(clock, 20, std::chrono::minutes(10)),
        browse_per_ip(clock, 120, std::chrono::minutes(1)) {}
  RateLimiter submit_per_ip;     // POST /public/requests: 10 a minute per client IP
  RateLimiter submit_per_phone;  // POST /public/requests: 5 an hour per citizen phone
  RateLimiter read_per_ip;       // track page and rating: 60 a minute per client IP
  RateLimiter upload_per_ip;     // POST /public/uploads: 20 files per 10 minutes per client IP
  RateLimiter browse_per_ip;     // letters, statistics, form data: 120 a minute per client IP
};

// Published statistics of one month, computed at most once a minute.
struct StatsCache {
  struct Entry {
    TimePoint at{};
    bj::object value;
  };
  std::mutex mu;
  std::map<std::string, Entry> by_month;  // GUARDED_BY(mu)
  // Held while computing (single flight): a burst of requests for an uncached month computes it
  // once instead of once per request. Deliberately held across the database read; nothing else
  // takes it.
  std::mutex compute_mu;
};

Response TooMany(const RateLimiter::Decision& d, const std::string& what) {
  Response r = ErrorResponse(Status::RateLimited("too many " + what + "; try again later"));
  r.headers.emplace_back("Retry-After", std::to_string(d.RetryAfterSeconds()));
  return r;
}

// Every X-Forwarded-For header, in order, joined with commas.
std::string ForwardedFor(const Request& req) {
  std::string out;
  for (const auto& [name, value] : req.headers) {
    if (name.size() != 15) continue;
    bool match = true;
    for (size_t i = 0; i < 15 && match; ++i)
      match = std::tolower(static_cast<unsigned char>(name[i])) == "x-forwarded-for"[i];
    if (!match) continue;
    if (!out.empty()) out += ',';
    out += value;
  }
  return out;
}

// The client address for rate limits: the peer, or behind a trusted proxy the forwarded client.
std::string ClientKey(const Context& ctx, const Request& req) {
  std::string addr = ctx.trusted_proxies.empty()
                         ? req.remote_addr
                         : ctx.trusted_proxies.ClientAddress(req.remote_addr, ForwardedFor(req));
  return addr.empty() ? std::string("unknown") : addr;
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

Result<workflow::NewCase> ParsePublicRequest(const bj::object& b, std::vector<std::string>* tickets) {
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
  HOTLINE_ASSIGN_OR_RETURN(*tickets, json::OptStringArray(b, "attachments", kMaxFilesPerRequest, 64));
  for (size_t i = 0; i < tickets->size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if ((*tickets)[i] == (*tickets)[j])
        return Status::Invalid("attachments names the same file twice", "attachments");
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

Response Cached(Response r, int seconds) {
  r.headers.emplace_back("Cache-Control", "public, max-age=" + std::to_string(seconds));
  return r;
}

// Binds the submission's uploads to the new case: an attachment row and an "attach" event each,
// in the registration's transaction. Unknown or already used tickets refuse the whole submission.
Status BindUploads(store::WriteTx& tx, Case& c, const std::vector<std::string>& tickets) {
  const workflow::Actor pub = workflow::PublicActor();
  int64_t total = 0;
  for (size_t i = 0; i < tickets.size(); ++i) {
    const std::string field = "attachments[" + std::to_string(i) + "]";
    auto u = tx.GetPublicUpload(Sha256Hex(tickets[i]));
    if (!u.ok() && !u.status().IsNotFound()) return u.status();
    // Unclaimed for longer than kPublicUploadLifetime: expired (the sweep removes it).
    if (!u.ok() || (u->case_id.empty() && u->created_at < c.created_at - kPublicUploadLifetime))
      return Status::Unprocessable("this uploaded file is unknown or has expired; upload it again", field);
    total += u->size;
    if (total > kMaxBytesPerRequest)
      return Status::Unprocessable("the files of one request may total at most 30 MB", "attachments");
    Status bound = tx.BindPublicUpload(u->token_hash, c.id);
    if (!bound.ok())
      return bound.code() == Code::kConflict
                 ? Status::Make(Code::kConflict, "upload_already_used",
                                "this file was already sent with another request", field)
                 : bound;
    store::Attachment a{"", c.id, u->name, u->content_type, u->size, u->sha256, pub.user_id, c.created_at};
    HOTLINE_RETURN_IF_ERROR(tx.PutAttachment(a));
    Event e;
    e.case_id = c.id;
    e.at = c.created_at;
    e.actor_id = pub.user_id;
    e.actor_name = pub.name;
    e.action = "attach";
    e.data = {{"attachment_id", a.id}, {"name", a.name}, {"size", a.size}};
    HOTLINE_RETURN_IF_ERROR(tx.AppendEvent(e));
    c.last_seq = e.seq;
    c.last_hash = e.hash;
  }
  return Status::Ok();
}

bj::value UnitRef(const workflow::Directory& dir, const std::string& id) {
  const Unit* u = id.empty() ? nullptr : dir.FindUnit(id);
  if (!u) return nullptr;
  return bj::object{{"id", u->id}, {"name", u->name}, {"name_en", u->name_en}};
}

bj::value CategoryRef(const workflow::Directory& dir, const std::string& id) {
  const Category* c = id.empty() ? nullptr : dir.FindCategory(id);
  if (!c) return nullptr;
  bj::array path;  // root first
  auto ids = dir.CategoryPath(id);
  for (auto it = ids.rbegin(); it != ids.rend(); ++it)
    if (const Category* p = dir.FindCategory(*it)) path.push_back(bj::value(p->name));
  return bj::object{{"id", c->id}, {"name", c->name}, {"name_en", c->name_en}, {"path", std::move(path)}};
}

// A published letter for the public: the staff-edited text and reference names; never the case
// id or number, the citizen, or internal notes.
bj::object EncodeLetter(const workflow::Engine& engine, const workflow::Directory& dir,
                        const store::PublishedLetter& l, bool full) {
  bj::object o;
  o["id"] = l.id;
  o["title"] = l.title;
  o["type"] = l.type;
  o["category"] = CategoryRef(dir, l.category_id);
  o["district"] = UnitRef(dir, l.district_id);
  o["unit"] = UnitRef(dir, l.unit_id);
  o["received_at"] = FormatDate(LocalDate(l.received_at, engine.tz()));
  o["replied_at"] = l.replied_at ? bj::value(FormatDate(LocalDate(*l.replied_at, engine.tz()))) : nullptr;
  o["published_at"] = FormatRfc3339(l.published_at, engine.tz());
  if (full) {
    o["question"] = l.question;
    o["reply"] = l.reply;
  } else {
    o["excerpt"] = json::Utf8Prefix(l.question, 80);
  }
  return o;
}

Result<Date> ParseMonth(std::string_view s) {
  if (s.size() != 7 || s[4] != '-') return Status::Invalid("month must look like 2026-11", "month");
  auto d = ParseDate(std::string(s) + "-01");
  if (!d.ok()) return Status::Invalid("month must look like 2026-11", "month");
  return *d;
}

// Published statistics of the month starting at `first` (city time). Definitions: docs/public_site.md.
Result<bj::object> ComputeMonthStats(Context& ctx, Date first) {
  const auto tz = ctx.engine.tz();
  const auto next = first.year() / first.month() + std::chrono::months{1};
  const Date after{next / std::chrono::day{1}};
  const TimePoint from = LocalMidnight(first, tz), to = LocalMidnight(after, tz);
  auto dir = ctx.directory.Get();
  HOTLINE_ASSIGN_OR_RETURN(auto tx, ctx.store.Read());
  auto stats = [&](store::StatsDimension by) {
    store::StatsQuery q;
    q.by = by;
    q.from = from;
    q.to = to;
    q.now = ctx.engine.clock().Now();
    return tx->Stats(q);
  };
  bj::object o;
  o["month"] = FormatDate(first).substr(0, 7);
  o["from"] = FormatRfc3339(from, tz);
  o["to"] = FormatRfc3339(to, tz);

  HOTLINE_ASSIGN_OR_RETURN(auto by_type, stats(store::StatsDimension::kType));
  int64_t total = 0;
  bj::array types;
  for (CaseType t : {CaseType::kConsultation, CaseType::kHelp, CaseType::kComplaint, CaseType::kReport,
                     CaseType::kSuggestion, CaseType::kPraise}) {
    int64_t n = 0;
    for (const auto& c : by_type)
      if (c.key == Name(t)) n = c.count;
    total += n;
    types.push_back(bj::object{{"key", Name(t)}, {"count", n}});
  }
  o["total"] = total;
  o["by_type"] = std::move(types);

  // Categories folded to their top level; no category = "".
  HOTLINE_ASSIGN_OR_RETURN(auto by_cat, stats(store::StatsDimension::kCategory));
  std::map<std::string, int64_t> top;
  for (const auto& c : by_cat) {
    auto path = c.key.empty() ? std::vector<std::string>{} : dir->CategoryPath(c.key);
    top[path.empty() ? std::string() : path.back()] += c.count;  // leaf first: back() is the root
  }
  std::vector<std::pair<std::string, int64_t>> cats(top.begin(), top.end());
  std::sort(cats.begin(), cats.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  bj::array categories;
  for (const auto& [id, n] : cats) {
    const Category* c = id.empty() ? nullptr : dir->FindCategory(id);
    categories.push_back(bj::object{{"id", id},
                                    {"name", c ? c->name : "未分类"},
                                    {"name_en", c ? c->name_en : "Uncategorised"},
                                    {"count", n}});
  }
  o["by_category"] = std::move(categories);

  HOTLINE_ASSIGN_OR_RETURN(auto by_district, stats(store::StatsDimension::kDistrict));
  bj::array districts;
  int64_t unknown = 0;
  for (const auto& u : dir->units()) {
    if (u.kind != UnitKind::kDistrict) continue;
    int64_t n = 0;
    for (const auto& c : by_district)
      if (c.key == u.id) n = c.count;
    districts.push_back(bj::object{{"id", u.id}, {"name", u.name}, {"name_en", u.name_en}, {"count", n}});
  }
  for (const auto& c : by_district) {
    const Unit* u = c.key.empty() ? nullptr : dir->FindUnit(c.key);
    if (!u || u->kind != UnitKind::kDistrict) unknown += c.count;
  }
  if (unknown > 0)
    districts.push_back(bj::object{{"id", ""}, {"name", "未注明"}, {"name_en", "Not given"}, {"count", unknown}});
  o["by_district"] = std::move(districts);

  HOTLINE_ASSIGN_OR_RETURN(auto timely, tx->GetReplyTimeliness(from, to));
  o["on_time"] = bj::object{
      {"replied", timely.replied},
      {"on_time", timely.on_time},
      {"rate", timely.replied ? bj::value(double(timely.on_time) / double(timely.replied)) : nullptr}};

  HOTLINE_ASSIGN_OR_RETURN(auto by_sat, stats(store::StatsDimension::kSatisfaction));
  int64_t rated = 0, satisfied = 0, basically = 0, unsatisfied = 0;
  for (const auto& c : by_sat) {
    rated += c.count;
    if (c.key == "satisfied") satisfied = c.count;
    else if (c.key == "basically_satisfied") basically = c.count;
    else if (c.key == "unsatisfied") unsatisfied = c.count;
  }
  o["satisfaction"] = bj::object{
      {"rated", rated},
      {"satisfied", satisfied},
      {"basically_satisfied", basically},
      {"unsatisfied", unsatisfied},
      {"rate", rated ? bj::value(double(satisfied + basically) / double(rated)) : nullptr}};
  o["generated_at"] = FormatRfc3339(ctx.engine.clock().Now(), tz);
  return o;
}

}  // namespace

void RegisterPublicRoutes(Router& r, Context& ctx) {
  auto limits = std::make_shared<PublicLimits>(ctx.engine.clock());
  auto stats_cache = std::make_shared<StatsCache>();
  RouteOptions post_opts;
  post_opts.body_limit = kPublicBodyLimit;
  RouteOptions get_opts;
  get_opts.body_limit = kPublicBodyLimit;
  get_opts.inline_ok = true;  // a point read, like GET /cases/{id}
  RouteOptions list_opts;
  list_opts.body_limit = kPublicBodyLimit;
  RouteOptions upload_opts;
  upload_opts.body_limit = kMaxUploadBytes;

  r.Add(http::verb::post, "/api/v1/public/requests", [&ctx, limits](Request& req) {
    const std::string client = ClientKey(ctx, req);
    if (auto d = limits->submit_per_ip.Allow(client); !d.allowed)
      return TooMany(d, "submissions from this address");
    auto body = json::ParseObject(req.body);
    if (!body.ok()) return ErrorResponse(body.status());
    std::vector<std::string> tickets;
    auto in = ParsePublicRequest(*body, &tickets);
    if (!in.ok()) return ErrorResponse(in.status());
    std::string key(req.Header("Idempotency-Key").value_or(""));
    if (key.size() > 128)
      return ErrorResponse(Status::Invalid("Idempotency-Key is longer than 128 characters", "Idempotency-Key"));
    const std::string phone = in->citizen.phone;
    if (auto d = limits->submit_per_phone.Allow(phone); !d.allowed)
      return TooMany(d, "submissions for this phone number");
    if (!tickets.empty())
      in->in_tx = [&tickets](store::WriteTx& tx, Case& c) { return BindUploads(tx, c, tickets); };
    auto c = ctx.engine.Register(workflow::PublicActor(), std::move(in).value(), key,
                                 "public:" + client + ":" + phone);
    if (!c.ok()) return ErrorResponse(c.status());
    return Ok(bj::object{{"number", c->number}, {"query_code", c->query_code}}, 201);
  }, post_opts);

  r.Add(http::verb::post, "/api/v1/public/uploads", [&ctx, limits](Request& req) {
    const std::string client = ClientKey(ctx, req);
    if (auto d = limits->upload_per_ip.Allow(client); !d.allowed)
      return TooMany(d, "uploads from this address");
    auto name = PercentDecode(req.Header("X-Filename").value_or(""), false);
    if (!name.ok() || !IsValidUtf8(*name) || name->empty() || json::Utf8Length(*name) > 100 ||
        name->find_first_of("/\\") != std::string::npos ||
        std::any_of(name->begin(), name->end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x20; }))
      return ErrorResponse(Status::Invalid("X-Filename must be a plain file name (percent-encoded)", "X-Filename"));
    auto checked = CheckUpload(req.body, req.Header("Content-Type").value_or(""), *name, kMaxUploadBytes);
    if (!checked.ok()) return ErrorResponse(checked.status());
    auto sha = files::Put(ctx.data_dir, req.body);
    if (!sha.ok()) return ErrorResponse(sha.status());
    const std::string ticket = "u" + RandomHex(16);
    store::PublicUpload u{Sha256Hex(ticket), *sha, *name, checked->content_type, int64_t(req.body.size()),
                          client, ctx.engine.clock().Now(), ""};
    Status st = ctx.store.Write([&](store::WriteTx& tx) { return tx.PutPublicUpload(u); });
    if (!st.ok()) return ErrorResponse(st);
    return Ok(bj::object{{"upload_id", ticket}, {"name", u.name}, {"size", u.size}, {"content_type", u.content_type}},
              201);
  }, upload_opts);

  r.Add(http::verb::get, "/api/v1/public/cases/{number}", [&ctx, limits](Request& req) {
    if (auto d = limits->read_per_ip.Allow(ClientKey(ctx, req)); !d.allowed)
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
    if (auto d = limits->read_per_ip.Allow(ClientKey(ctx, req)); !d.allowed)
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

  // What the form offers: case types, the top two levels of categories, the districts.
  r.Add(http::verb::get, "/api/v1/public/form", [&ctx, limits](Request& req) {
    if (auto d = limits->browse_per_ip.Allow(ClientKey(ctx, req)); !d.allowed)
      return TooMany(d, "requests from this address");
    auto dir = ctx.directory.Get();
    bj::array types;
    for (CaseType t : {CaseType::kConsultation, CaseType::kHelp, CaseType::kComplaint, CaseType::kReport,
                       CaseType::kSuggestion, CaseType::kPraise})
      types.push_back(bj::value(Name(t)));
    bj::array cats;
    for (const auto& c : dir->categories())
      if (!c.disabled && c.level <= 2)
        cats.push_back(bj::object{{"id", c.id}, {"name", c.name}, {"name_en", c.name_en},
                                  {"parent_id", c.parent_id}, {"level", c.level}});
    bj::array districts;
    for (const auto& u : dir->units())
      if (u.kind == UnitKind::kDistrict && !u.disabled)
        districts.push_back(bj::object{{"id", u.id}, {"name", u.name}, {"name_en", u.name_en}});
    return Cached(Ok(bj::object{{"types", std::move(types)},
                                {"categories", std::move(cats)},
                                {"districts", std::move(districts)},
                                {"limits", bj::object{{"max_files", kMaxFilesPerRequest},
                                                      {"max_file_bytes", kMaxUploadBytes},
                                                      {"max_total_bytes", kMaxBytesPerRequest},
                                                      {"content_chars", 5000}}}}),
                  300);
  }, get_opts);

  r.Add(http::verb::get, "/api/v1/public/letters", [&ctx, limits](Request& req) {
    if (auto d = limits->browse_per_ip.Allow(ClientKey(ctx, req)); !d.allowed)
      return TooMany(d, "requests from this address");
    auto dir = ctx.directory.Get();
    store::LetterQuery q;
    if (auto t = req.Query("type"); t && !t->empty()) {
      auto type = ParseCaseType(*t);
      if (!type) return ErrorResponse(Status::Invalid("type is not a case type", "type"));
      q.type = std::string(Name(*type));
    }
    if (auto c = req.Query("category_id"); c && !c->empty()) {
      if (c->size() > 32 || !dir->FindCategory(std::string(*c)))
        return ErrorResponse(Status::Invalid("category_id is not a category", "category_id"));
      q.category_ids = dir->CategorySubtree(std::string(*c));
    }
    auto limit = req.Query("limit");
    if (limit && !limit->empty()) {
      auto l = ParseLimit(req);
      if (!l.ok()) return ErrorResponse(l.status());
      q.limit = std::min(*l, 100);
    }
    if (auto c = req.Query("cursor")) {
      if (c->size() > 64) return ErrorResponse(Status::Invalid("cursor is not valid", "cursor"));
      q.cursor = std::string(*c);
    }
    auto tx = ctx.store.Read();
    if (!tx.ok()) return ErrorResponse(tx.status());
    auto page = (*tx)->ListPublishedLetters(q);
    if (!page.ok()) return ErrorResponse(page.status());
    bj::array items;
    for (const auto& l : page->items) items.push_back(EncodeLetter(ctx.engine, *dir, l, false));
    return Cached(Ok(PageJson(std::move(items), page->next_cursor, page->total)), 30);
  }, list_opts);

  r.Add(http::verb::get, "/api/v1/public/letters/{id}", [&ctx, limits](Request& req) {
    if (auto d = limits->browse_per_ip.Allow(ClientKey(ctx, req)); !d.allowed)
      return TooMany(d, "requests from this address");
    const Status none = Status::NotFound("no published letter with this id");
    std::string id(req.Param("id").value_or(""));
    if (id.empty() || id.size() > 18 || id.find_first_not_of("0123456789") != std::string::npos)
      return ErrorResponse(none);
    auto tx = ctx.store.Read();
    if (!tx.ok()) return ErrorResponse(tx.status());
    auto l = (*tx)->GetPublishedLetter(id);
    if (!l.ok()) return ErrorResponse(l.status().IsNotFound() ? none : l.status());
    if (l->unpublished_at) return ErrorResponse(none);  // an unpublished letter does not exist
    // Nor does one whose case was reopened, until the case is closed again.
    auto c = (*tx)->GetCase(l->case_id);
    if (!c.ok() || c->status != CaseStatus::kClosed) return ErrorResponse(none);
    return Cached(Ok(EncodeLetter(ctx.engine, *ctx.directory.Get(), *l, true)), 30);
  }, get_opts);

  r.Add(http::verb::get, "/api/v1/public/stats", [&ctx, limits, stats_cache](Request& req) {
    if (auto d = limits->browse_per_ip.Allow(ClientKey(ctx, req)); !d.allowed)
      return TooMany(d, "requests from this address");
    const TimePoint now = ctx.engine.clock().Now();
    const Date today = LocalDate(now, ctx.engine.tz());
    const Date this_month{today.year() / today.month() / std::chrono::day{1}};
    Date month = this_month;
    if (auto m = req.Query("month"); m && !m->empty()) {
      auto parsed = ParseMonth(*m);
      if (!parsed.ok()) return ErrorResponse(parsed.status());
      if (std::chrono::sys_days{*parsed} > std::chrono::sys_days{this_month})
        return ErrorResponse(Status::Unprocessable("month is in the future", "month"));
      if (parsed->year() < std::chrono::year{2000})
        return ErrorResponse(Status::Unprocessable("month is before 2000", "month"));
      month = *parsed;
    }
    const std::string key = FormatDate(month).substr(0, 7);
    auto cached = [&]() -> std::optional<bj::object> {
      std::lock_guard lock(stats_cache->mu);
      auto it = stats_cache->by_month.find(key);
      if (it != stats_cache->by_month.end() && now - it->second.at < std::chrono::minutes(1))
        return it->second.value;
      return std::nullopt;
    };
    if (auto hit = cached()) return Cached(Ok(*hit), 60);
    std::lock_guard flight(stats_cache->compute_mu);
    if (auto hit = cached()) return Cached(Ok(*hit), 60);  // computed while we waited
    auto o = ComputeMonthStats(ctx, month);  // outside `mu`: it reads the database
    if (!o.ok()) return ErrorResponse(o.status());
    {
      std::lock_guard lock(stats_cache->mu);
      if (stats_cache->by_month.size() > 240) stats_cache->by_month.clear();
      stats_cache->by_month[key] = {now, *o};
    }
    return Cached(Ok(*o), 60);
  }, list_opts);
}

}  // namespace hotline::api
