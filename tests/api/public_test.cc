// The public (no-login) endpoints: the mayor's mailbox, the citizen's track page and online
// rating. They never show personal data, cannot be used to probe case numbers, are idempotent
// and rate-limited. Each fixture is its own suite (its own server), so the per-IP limits of one
// suite never leak into another even when the whole binary runs in one process.
#include "tests/api/harness.h"

namespace hotline::apitest {
namespace {

constexpr const char* kName = "李四光";

class PublicBase : public ApiTest {
 protected:
  static bj::object RequestBody(const std::string& phone, bool consent = true) {
    bj::object b{{"type", "complaint"},
                 {"content", "小区门口的路灯坏了一个星期，晚上很危险。"},
                 {"location", bj::object{{"address", "江城市解放路8号"}}},
                 {"citizen", bj::object{{"name", kName}, {"phone", phone}, {"email", "li@example.com"}}}};
    if (consent) b["consent"] = true;
    return b;
  }
  static HttpResult Submit(const bj::object& body,
                           std::vector<std::pair<std::string, std::string>> headers = {}) {
    return Raw(http::verb::post, "/api/v1/public/requests", bj::serialize(body), headers);
  }
  static HttpResult Track(const std::string& number, const std::string& code) {
    return Raw(http::verb::get, "/api/v1/public/cases/" + number + "?code=" + code);
  }
  static HttpResult Rate(const std::string& number, const std::string& code, const std::string& sat,
                         bool resolved = true) {
    return Raw(http::verb::post, "/api/v1/public/cases/" + number + "/rating?code=" + code,
               bj::serialize(bj::object{{"satisfaction", sat}, {"resolved", resolved}}));
  }
  // Submits and returns {number, query_code}.
  static std::pair<std::string, std::string> SubmitOk(const std::string& phone) {
    auto r = Submit(RequestBody(phone));
    EXPECT_EQ(r.status, 201) << r.body;
    return {Str(r.obj(), "number"), Str(r.obj(), "query_code")};
  }
  // Staff side: the case (read by number) taken to callback_pending with `reply` approved.
  static std::string ToCallbackPending(const std::string& number, const std::string& reply) {
    std::string id = Str(Case(number), "id");
    EXPECT_FALSE(id.empty());
    ActOk("dispatcher", id, "dispatch", {{"lead_unit_id", UnitId("zjj")}});
    ActOk("zjj.handler", id, "sign");
    ActOk("zjj.handler", id, "reply", {{"reply", "内部：已派维修班组，工单号W-77"}, {"resolved", true}});
    ActOk("reviewer", id, "approve_reply", {{"reply_to_citizen", reply}});
    EXPECT_EQ(StatusOf(id), "callback_pending");
    return id;
  }
};

class PublicSubmit : public PublicBase {};

TEST_F(PublicSubmit, ReturnsOnlyNumberAndCodeAndTrackShowsNoPersonalData) {
  auto r = Submit(RequestBody("139 1234 5601"));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.obj().size(), 2u) << r.body;
  std::string number = Str(r.obj(), "number"), code = Str(r.obj(), "query_code");
  ASSERT_FALSE(number.empty());
  ASSERT_FALSE(code.empty());
  for (const char* pii : {"13912345601", "1234 5601", kName, "li@example.com"})
    EXPECT_EQ(r.body.find(pii), std::string::npos) << pii << " in " << r.body;

  auto t = Track(number, code);
  ASSERT_EQ(t.status, 200) << t.body;
  EXPECT_EQ(Str(t.obj(), "number"), number);
  EXPECT_EQ(Str(t.obj(), "status"), "new");
  EXPECT_EQ(Str(t.obj(), "status_label"), "已受理");
  EXPECT_EQ(Str(t.obj(), "type"), "complaint");
  EXPECT_FALSE(t.obj().at("replied").as_bool());
  EXPECT_FALSE(t.obj().at("can_rate").as_bool());
  EXPECT_TRUE(t.obj().at("reply").is_null());
  for (const char* pii : {"13912345601", kName, "li@example.com", "citizen", "\"id\""})
    EXPECT_EQ(t.body.find(pii), std::string::npos) << pii << " in " << t.body;

  // Staff see a mailbox case registered by the public actor, with the phone normalised.
  auto c = Case(number);
  EXPECT_EQ(Str(c, "channel"), "mailbox");
  EXPECT_EQ(Str(c, "status"), "new");
  auto ev = Events(Str(c, "id"));
  ASSERT_FALSE(ev.empty());
  EXPECT_EQ(Str(ev.front().as_object().at("actor").as_object(), "id"), "public");
  auto calls = Get("agent", "/api/v1/callers/13912345601/cases");
  ASSERT_EQ(calls.status, 200) << calls.body;
  EXPECT_EQ(Int(calls.obj(), "total"), 1);
}

TEST_F(PublicSubmit, WebChannelWhenAsked) {
  auto b = RequestBody("13912345602");
  b["channel"] = "web";
  auto r = Submit(b);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(Str(Case(Str(r.obj(), "number")), "channel"), "web");
}

TEST_F(PublicSubmit, SameIdempotencyKeyMakesOneCase) {
  const std::vector<std::pair<std::string, std::string>> key{{"Idempotency-Key", "form-4711"}};
  auto a = Submit(RequestBody("13912345603"), key);
  auto b = Submit(RequestBody("13912345603"), key);
  ASSERT_EQ(a.status, 201) << a.body;
  ASSERT_EQ(b.status, 201) << b.body;
  EXPECT_EQ(Str(a.obj(), "number"), Str(b.obj(), "number"));
  EXPECT_EQ(Str(a.obj(), "query_code"), Str(b.obj(), "query_code"));
  auto calls = Get("agent", "/api/v1/callers/13912345603/cases");
  ASSERT_EQ(calls.status, 200) << calls.body;
  EXPECT_EQ(Int(calls.obj(), "total"), 1);
}

TEST_F(PublicSubmit, ConsentAndPhoneAreChecked) {
  auto none = Submit(RequestBody("13912345604", false));
  EXPECT_EQ(none.status, 422) << none.body;
  EXPECT_EQ(none.ErrorField(), "consent");
  auto b = RequestBody("13912345604");
  b["consent"] = false;
  auto refused = Submit(b);
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.ErrorField(), "consent");
  for (const char* bad : {"12345", "23912345678", "1391234560x"}) {
    auto r = Submit(RequestBody(bad));
    EXPECT_EQ(r.status, 400) << bad << ": " << r.body;
    EXPECT_EQ(r.ErrorField(), "citizen.phone") << bad;
  }
  EXPECT_EQ(Int(Get("agent", "/api/v1/callers/13912345604/cases").obj(), "total"), 0)
      << "a refused submission must register nothing";
}

class PublicTrack : public PublicBase {};

TEST_F(PublicTrack, WrongCodeIsTheSame404AsAnUnknownNumber) {
  auto [number, code] = SubmitOk("13912345611");
  std::string wrong = code == "000000" ? "111111" : "000000";
  auto bad_code = Track(number, wrong);
  auto unknown = Track("991231999999", code);
  auto no_code = Raw(http::verb::get, "/api/v1/public/cases/" + number);
  EXPECT_EQ(bad_code.status, 404);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(no_code.status, 404);
  EXPECT_EQ(bad_code.ErrorCode(), "not_found");
  EXPECT_EQ(bad_code.body, unknown.body);
  EXPECT_EQ(bad_code.body, no_code.body);
  EXPECT_EQ(Rate(number, wrong, "satisfied").body, unknown.body);
  EXPECT_EQ(Rate(number, wrong, "satisfied").status, 404);
}

TEST_F(PublicTrack, RatingBeforeTheReplyIs409) {
  auto [number, code] = SubmitOk("13912345612");
  auto r = Rate(number, code, "satisfied");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.ErrorCode(), "invalid_transition");
  EXPECT_EQ(StatusOf(Str(Case(number), "id")), "new") << "a refused rating changes nothing";
  auto bad = Rate(number, code, "great");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.ErrorField(), "satisfaction");
}

class PublicRating : public PublicBase {};

TEST_F(PublicRating, FullPathSubmitReplyTrackRateSatisfiedCloses) {
  auto [number, code] = SubmitOk("13912345621");
  std::string id = ToCallbackPending(number, "路灯已于昨日修复，感谢您的反映。");
  auto t = Track(number, code);
  ASSERT_EQ(t.status, 200) << t.body;
  EXPECT_EQ(Str(t.obj(), "status"), "callback_pending");
  EXPECT_EQ(Str(t.obj(), "status_label"), "已答复");
  EXPECT_TRUE(t.obj().at("replied").as_bool());
  EXPECT_EQ(Str(t.obj(), "reply"), "路灯已于昨日修复，感谢您的反映。");
  EXPECT_TRUE(t.obj().at("can_rate").as_bool());
  for (const char* secret : {"内部", "W-77", "zjj", kName, "13912345621"})
    EXPECT_EQ(t.body.find(secret), std::string::npos) << secret << " in " << t.body;

  auto r = Rate(number, code, "satisfied");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Str(r.obj(), "status"), "closed");
  auto c = Case(id);
  EXPECT_EQ(Str(c, "status"), "closed");
  ASSERT_TRUE(c.contains("rating") && c.at("rating").is_object()) << bj::serialize(c);
  EXPECT_EQ(Str(c.at("rating").as_object(), "source"), "web");
  EXPECT_EQ(Str(c.at("rating").as_object(), "satisfaction"), "satisfied");
  auto ev = Events(id);
  ASSERT_FALSE(ev.empty());
  EXPECT_EQ(Str(ev.back().as_object(), "action"), "callback");
  EXPECT_EQ(Str(ev.back().as_object().at("actor").as_object(), "id"), "public");

  auto after = Track(number, code);
  EXPECT_EQ(Str(after.obj(), "status_label"), "已办结");
  EXPECT_FALSE(after.obj().at("can_rate").as_bool());
  EXPECT_EQ(Str(after.obj().at("rating").as_object(), "source"), "web");
  EXPECT_EQ(Rate(number, code, "satisfied").status, 409) << "a closed case is not rated again";
}

TEST_F(PublicRating, UnsatisfiedIsRecordedAndLeftToTheCallbackAgent) {
  auto [number, code] = SubmitOk("13912345622");
  std::string id = ToCallbackPending(number, "已处理。");
  auto r = Rate(number, code, "unsatisfied", false);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Str(r.obj(), "status"), "callback_pending");
  EXPECT_FALSE(r.obj().at("can_rate").as_bool());
  EXPECT_EQ(LastAction(id), "citizen_rating");
  auto c = Case(id);
  EXPECT_EQ(Str(c, "status"), "callback_pending");
  EXPECT_EQ(Str(c.at("rating").as_object(), "source"), "web");
  auto again = Rate(number, code, "satisfied");
  EXPECT_EQ(again.status, 409) << again.body;
  // The callback agent then calls back and decides; the case reopens from the staff side only.
  ActOk("callback", id, "callback", {{"satisfaction", "unsatisfied"}, {"resolved", false}, {"reopen", true}});
  EXPECT_EQ(StatusOf(id), "in_progress");
}

class PublicRateLimit : public PublicBase {};

TEST_F(PublicRateLimit, SubmissionsPerAddressAreLimitedWithRetryAfter) {
  int limited = 0;
  HttpResult last;
  for (int i = 0; i < 12; ++i) {
    auto r = Submit(bj::object{{"type", "complaint"}});  // counted before the body is read
    if (r.status == 429) {
      ++limited;
      last = r;
    } else {
      EXPECT_EQ(r.status, 400) << r.body;
    }
  }
  EXPECT_GE(limited, 1);
  EXPECT_LE(limited, 2);
  EXPECT_EQ(last.ErrorCode(), "rate_limited");
  EXPECT_FALSE(last.Header("retry-after").empty());
  EXPECT_GE(std::stoi(last.Header("retry-after").empty() ? "0" : last.Header("retry-after")), 1);
}

TEST_F(PublicRateLimit, TrackPerAddressIsLimited) {
  int limited = 0;
  for (int i = 0; i < 62; ++i) {
    auto r = Track("991231999999", "123456");
    if (r.status == 429) ++limited;
    else EXPECT_EQ(r.status, 404);
  }
  EXPECT_GE(limited, 1);
}

TEST_F(PublicRateLimit, BodyLimitIs64KiB) {
  std::string big(70 * 1024, 'x');
  auto r = Raw(http::verb::post, "/api/v1/public/cases/991231999999/rating?code=1", big);
  EXPECT_EQ(r.status, 413) << r.body;
}

}  // namespace
}  // namespace hotline::apitest
