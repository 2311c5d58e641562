// Authentication: argon2id passwords (libsodium), lockout after repeated failures, opaque bearer
// tokens stored only as SHA-256 hashes, an HttpOnly session cookie with a double-submit CSRF token.
//
// Cookie sessions: login sets `hotline_session` (HttpOnly, SameSite=Strict) and `hotline_csrf`
// (readable by the page). A request authenticated by the cookie must send the CSRF token in
// `X-CSRF-Token` on every unsafe method. Bearer tokens need no CSRF token.
// Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "src/api/http.h"
#include "src/common/clock.h"
#include "src/store/store.h"
#include "src/workflow/engine.h"

namespace hotline::api {

struct AuthOptions {
  int max_failures = 5;                          // then the account is locked
  std::chrono::minutes lockout{15};
  std::chrono::hours session_ttl{12};
  bool secure_cookie = false;                    // set Secure on cookies (behind HTTPS)
};

struct LoginResult {
  std::string token;
  std::string csrf_token;
  domain::User user;
};

struct Principal {
  workflow::Actor actor;
  domain::User user;
  std::string token_hash;
  bool via_cookie = false;
};

class Auth {
 public:
  Auth(store::Store& store, const Clock& clock, AuthOptions options = {});

  // 401 for a wrong name or password (the same message for both), 429-like lockout as 401 with
  // reason "locked".
  Result<LoginResult> Login(const std::string& username, const std::string& password);
  Status Logout(const Principal& p);
  // Reads the bearer token or the session cookie; checks CSRF for cookie sessions on unsafe
  // methods. 401 when missing/expired, 403 "csrf" when the CSRF token is missing or wrong.
  Result<Principal> Authenticate(const Request& req);
  // The same check, without copying the principal: a shared, immutable principal (the cached one
  // while the cache holds it). What every handler uses (WithAuth).
  Result<std::shared_ptr<const Principal>> AuthenticateShared(const Request& req);
  // Forget cached sessions (after a user is changed or disabled; call it once the change is
  // committed).
  void Invalidate();

  std::vector<std::pair<std::string, std::string>> LoginCookies(const LoginResult& r) const;
  std::vector<std::pair<std::string, std::string>> LogoutCookies() const;

 private:
  // A session as read from the store, kept for a short while (kCacheFor) so that a request does
  // not read the session and its user on every call. Immutable once built; shared by requests.
  struct Cached {
    std::shared_ptr<const Principal> bearer;  // via_cookie = false
    std::shared_ptr<const Principal> cookie;  // the same principal, via_cookie = true
    std::string csrf;
    TimePoint expires_at;
    TimePoint cached_until;
  };
  store::Store& store_;
  const Clock& clock_;
  AuthOptions options_;
  std::mutex mu_;
  // GUARDED_BY(mu_), by token hash. Logout erases its entry, Invalidate() all of them.
  std::unordered_map<std::string, std::shared_ptr<const Cached>> cache_;
  // GUARDED_BY(mu_). Bumped by Logout and Invalidate after their change is committed: a request
  // that read the store before that does not put what it read into the cache.
  uint64_t generation_ = 0;
};

workflow::Actor ActorOf(const domain::User& u);

}  // namespace hotline::api
