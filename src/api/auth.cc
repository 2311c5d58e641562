#include "src/api/auth.h"

#include <boost/json.hpp>

#include "src/common/crypto.h"

namespace hotline::api {
using namespace hotline::domain;
namespace http = boost::beast::http;

namespace {
constexpr auto kCacheFor = std::chrono::seconds(30);
}

workflow::Actor ActorOf(const User& u) { return workflow::Actor{u.id, u.name, u.roles, u.unit_id}; }

Auth::Auth(store::Store& store, const Clock& clock, AuthOptions options)
    : store_(store), clock_(clock), options_(options) {}

Result<LoginResult> Auth::Login(const std::string& username, const std::string& password) {
  const TimePoint now = clock_.Now();
  const Status bad = Status::Unauthenticated("wrong user name or password");
  User user;
  {
    HOTLINE_ASSIGN_OR_RETURN(auto tx, store_.Read());
    auto u = tx->GetUserByUsername(username);
    if (!u.ok()) {
      (void)VerifyPassword("", password);  // keep the timing alike
      return bad;
    }
    user = std::move(u).value();
  }
  if (user.disabled) return bad;
  if (user.locked_until && *user.locked_until > now)
    return Status::Make(Code::kUnauthenticated, "locked",
                        "too many failed logins: the account is locked for a while");
  if (!VerifyPassword(user.password_hash, password)) {
    Status st = store_.Write([&](store::WriteTx& tx) -> Status {
      HOTLINE_ASSIGN_OR_RETURN(User u, tx.GetUser(user.id));
      ++u.failed_logins;
      if (u.failed_logins >= options_.max_failures) {
        u.locked_until = now + options_.lockout;
        u.failed_logins = 0;
        Event e;
        e.at = now;
        e.actor_id = u.id;
        e.actor_name = u.username;
        e.action = "account_locked";
        HOTLINE_RETURN_IF_ERROR(tx.AppendAdminEvent(e));
      }
      return tx.PutUser(u);
    });
    if (!st.ok()) return st;
    return bad;
  }
  LoginResult r;
  r.token = RandomHex(32);
  r.csrf_token = RandomHex(16);
  Session s{Sha256Hex(r.token), user.id, r.csrf_token, now, now + options_.session_ttl};
  HOTLINE_RETURN_IF_ERROR(store_.Write([&](store::WriteTx& tx) -> Status {
    HOTLINE_ASSIGN_OR_RETURN(User u, tx.GetUser(user.id));
    if (u.failed_logins != 0 || u.locked_until) {
      u.failed_logins = 0;
      u.locked_until.reset();
      HOTLINE_RETURN_IF_ERROR(tx.PutUser(u));
    }
    Event e;
    e.at = now;
    e.actor_id = u.id;
    e.actor_name = u.username;
    e.action = "login";
    HOTLINE_RETURN_IF_ERROR(tx.AppendAdminEvent(e));
    return tx.PutSession(s);
  }));
  r.user = std::move(user);
  return r;
}

Status Auth::Logout(const Principal& p) {
  // Delete first, then forget: a request that reads the session after this has committed finds
  // none, and one that read it before cannot cache it any more (the generation moved on).
  Status st = store_.Write([&](store::WriteTx& tx) { return tx.DeleteSession(p.token_hash); });
  std::lock_guard lock(mu_);
  cache_.erase(p.token_hash);
  ++generation_;
  return st;
}

void Auth::Invalidate() {
  std::lock_guard lock(mu_);
  cache_.clear();
  ++generation_;
}

Result<Principal> Auth::Authenticate(const Request& req) {
  HOTLINE_ASSIGN_OR_RETURN(auto p, AuthenticateShared(req));
  return *p;
}

Result<std::shared_ptr<const Principal>> Auth::AuthenticateShared(const Request& req) {
  std::string_view token;
  std::string cookie;
  bool via_cookie = false;
  if (auto h = req.Header("Authorization")) {
    std::string_view v = *h;
    if (v.size() > 7 && EqualsIgnoreCase(v.substr(0, 7), "Bearer ")) token = v.substr(7);
  }
  if (token.empty()) {
    if (auto c = req.Cookie("hotline_session")) {
      cookie = std::move(*c);
      token = cookie;
      via_cookie = true;
    }
  }
  if (token.empty() || token.size() > 128)
    return Status::Unauthenticated("log in first: no session token was sent");
  std::string hash = Sha256Hex(token);
  const TimePoint now = clock_.Now();
  std::shared_ptr<const Cached> entry;
  uint64_t generation;
  {
    std::lock_guard lock(mu_);
    auto it = cache_.find(hash);
    if (it != cache_.end() && it->second->cached_until > now) entry = it->second;
    generation = generation_;
  }
  if (!entry) {
    HOTLINE_ASSIGN_OR_RETURN(auto tx, store_.Read());
    auto s = tx->GetSession(hash);
    if (!s.ok()) return Status::Unauthenticated("the session has ended: log in again");
    auto u = tx->GetUser(s->user_id);
    if (!u.ok() || u->disabled) return Status::Unauthenticated("the account is disabled");
    auto fresh = std::make_shared<Cached>();
    fresh->bearer = std::make_shared<const Principal>(Principal{ActorOf(*u), *u, hash, false});
    fresh->cookie = std::make_shared<const Principal>(Principal{ActorOf(*u), *u, hash, true});
    fresh->csrf = s->csrf_token;
    fresh->expires_at = s->expires_at;
    fresh->cached_until = now + kCacheFor;
    entry = fresh;
    std::lock_guard lock(mu_);
    if (generation == generation_) {
      if (cache_.size() > 100000) cache_.clear();
      cache_[std::move(hash)] = std::move(fresh);
    }
  }
  if (entry->expires_at <= now) return Status::Unauthenticated("the session has expired: log in again");
  bool unsafe = req.method != http::verb::get && req.method != http::verb::head &&
                req.method != http::verb::options;
  if (via_cookie && unsafe) {
    auto sent = req.Header("X-CSRF-Token");
    if (!sent || *sent != entry->csrf)
      return Status::Make(Code::kPermissionDenied, "csrf",
                          "the request lacks a valid X-CSRF-Token header");
  }
  return via_cookie ? entry->cookie : entry->bearer;
}

std::vector<std::pair<std::string, std::string>> Auth::LoginCookies(const LoginResult& r) const {
  std::string attrs = "; Path=/; SameSite=Strict; Max-Age=" +
                      std::to_string(std::chrono::seconds(options_.session_ttl).count());
  if (options_.secure_cookie) attrs += "; Secure";
  return {{"Set-Cookie", "hotline_session=" + r.token + attrs + "; HttpOnly"},
          {"Set-Cookie", "hotline_csrf=" + r.csrf_token + attrs}};
}

std::vector<std::pair<std::string, std::string>> Auth::LogoutCookies() const {
  return {{"Set-Cookie", "hotline_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"},
          {"Set-Cookie", "hotline_csrf=; Path=/; Max-Age=0; SameSite=Strict"}};
}

}  // namespace hotline::api
