// The knowledge base over HTTP against the real binary on a demo city (which seeds 50+ articles):
// every /api/v1/knowledge route and its refusals, answering a case with an article, and the
// public (no-login) routes.
#include "tests/api/harness.h"

namespace hotline::apitest {
namespace {

class KnowledgeApi : public ApiTest {
 protected:
  static HttpResult Put(const std::string& user, const std::string& path, const bj::object& body,
                        std::vector<std::pair<std::string, std::string>> headers = {}) {
    headers.emplace_back("Authorization", "Bearer " + Login(user));
    return Raw(http::verb::put, path, bj::serialize(body), headers);
  }
  static bj::object Article(const std::string& id, const std::string& user = "reviewer") {
    auto r = Get(user, "/api/v1/knowledge/" + id);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.obj();
  }
  static HttpResult KbAct(const std::string& user, const std::string& id, const std::string& action,
                          bj::object body = {}) {
    if (!body.contains("version")) body["version"] = Int(Article(id), "version");
    return Post(user, "/api/v1/knowledge/" + id + "/actions/" + action, body);
  }
  // A new draft by zjj.handler; returns its id.
  static std::string Draft(const std::string& title, const std::string& body = "正文内容") {
    auto r = Post("zjj.handler", "/api/v1/knowledge",
                  bj::object{{"title", title}, {"body", body}, {"category", "住房城乡建设"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return Str(r.obj(), "id");
  }
  static std::string PublishedArticle(const std::string& title, bj::object extra = {}) {
    extra["title"] = title;
    if (!extra.contains("body")) extra["body"] = "正文：" + title;
    auto r = Post("zjj.handler", "/api/v1/knowledge", extra);
    EXPECT_EQ(r.status, 201) << r.body;
    std::string id = Str(r.obj(), "id");
    EXPECT_EQ(KbAct("zjj.handler", id, "submit").status, 200);
    EXPECT_EQ(KbAct("reviewer", id, "approve").status, 200);
    return id;
  }
  static std::vector<std::string> Titles(const HttpResult& r) {
    std::vector<std::string> out;
    if (r.obj().contains("items"))
      for (const auto& it : r.obj().at("items").as_array())
        out.push_back(Str(it.as_object(), "title"));
    return out;
  }
  static std::string Q(const std::string& text) {
    std::string out;
    for (unsigned char c : text) {
      if (std::isalnum(c))
        out += char(c);
      else {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%%%02X", c);
        out += buf;
      }
    }
    return out;
  }
};

TEST_F(KnowledgeApi, AgentsSearchPublishedArticlesWithHighlights) {
  auto r = Get("agent", "/api/v1/knowledge?q=" + Q("社保卡 补办"));
  ASSERT_EQ(r.status, 200) << r.body;
  auto titles = Titles(r);
  ASSERT_FALSE(titles.empty());
  EXPECT_EQ(titles[0], "社保卡丢失如何挂失和补办");
  const auto& first = r.obj().at("items").as_array()[0].as_object();
  EXPECT_NE(Str(first, "title_html").find("<mark>社保卡</mark>"), std::string::npos) << r.body;
  EXPECT_FALSE(first.contains("body"));
  // Expired, draft and in-review demo articles never reach agents.
  for (const char* q : {"住房公积金缴存基数年度申报通知", "退役军人优待证", "个体工商户登记"}) {
    auto s = Get("agent", "/api/v1/knowledge?q=" + Q(q));
    for (const auto& t : Titles(s)) EXPECT_NE(t.find(q), 0u) << q << " visible to an agent";
  }
  // Filters and paging.
  r = Get("agent", "/api/v1/knowledge?category=" + Q("水电气暖") + "&limit=2");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(Titles(r).size(), 2u);
  EXPECT_GE(Int(r.obj(), "total"), 5);
  ASSERT_TRUE(r.obj().at("next_cursor").is_string());
  auto r2 = Get("agent", "/api/v1/knowledge?category=" + Q("水电气暖") +
                             "&limit=2&cursor=" + Str(r.obj(), "next_cursor"));
  EXPECT_NE(Titles(r2)[0], Titles(r)[0]);
  EXPECT_EQ(Titles(Get("agent", "/api/v1/knowledge?audience=internal&tag=" + Q("燃气泄漏"))).size(),
            1u);
}

TEST_F(KnowledgeApi, BadQueriesAre400) {
  for (const char* path : {"/api/v1/knowledge?status=lost", "/api/v1/knowledge?audience=all",
                           "/api/v1/knowledge?live=maybe", "/api/v1/knowledge?limit=0",
                           "/api/v1/knowledge?q=%2A%2A%2A", "/api/v1/knowledge?cursor=zz",
                           "/api/v1/knowledge/export?format=xlsx"}) {
    auto r = Get("agent", path);
    EXPECT_EQ(r.status, 400) << path << ": " << r.body;
  }
  EXPECT_EQ(Raw(http::verb::get, "/api/v1/knowledge").status, 401);
}

TEST_F(KnowledgeApi, ReviewFlowOverHttpWithEveryRefusal) {
  std::string id = Draft("物业收费公示");
  // Another unit, an agent and an auditor cannot touch it; an unknown id is 404.
  EXPECT_EQ(Get("cgj.handler", "/api/v1/knowledge/" + id).status, 404);
  EXPECT_EQ(Get("agent", "/api/v1/knowledge/" + id).status, 404);
  EXPECT_EQ(Get("auditor", "/api/v1/knowledge/" + id).status, 200);
  EXPECT_EQ(Get("agent", "/api/v1/knowledge/9999999").status, 404);
  EXPECT_EQ(KbAct("cgj.handler", id, "submit").status, 404);
  EXPECT_EQ(KbAct("auditor", id, "submit").status, 403);
  EXPECT_EQ(KbAct("zjj.handler", id, "approve").status, 403);
  EXPECT_EQ(KbAct("reviewer", id, "approve").status, 409);  // still a draft
  EXPECT_EQ(KbAct("zjj.handler", id, "explode").status, 404);
  auto stale = KbAct("zjj.handler", id, "submit", {{"version", 0}});
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.ErrorCode(), "stale_version");
  auto bad =
      Post("zjj.handler", "/api/v1/knowledge/" + id + "/actions/submit", std::string("{not json"));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(Post("zjj.handler", "/api/v1/knowledge/" + id + "/actions/submit", bj::object{}).status,
            400);
  ASSERT_EQ(KbAct("zjj.handler", id, "submit").status, 200);
  auto reject = KbAct("reviewer", id, "reject");
  EXPECT_EQ(reject.status, 400);
  EXPECT_EQ(reject.ErrorField(), "note");
  ASSERT_EQ(KbAct("reviewer", id, "reject", {{"note", "请写明收费依据"}}).status, 200);
  auto a = Article(id, "zjj.handler");
  EXPECT_EQ(Str(a, "status"), "draft");
  EXPECT_EQ(Str(a.at("working").as_object(), "review_note"), "请写明收费依据");
  ASSERT_EQ(KbAct("zjj.handler", id, "submit").status, 200);
  auto ok = KbAct("reviewer", id, "approve", {{"note", "同意发布"}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(Str(ok.obj(), "status"), "published");
  EXPECT_EQ(Get("agent", "/api/v1/knowledge/" + id).status, 200);
  EXPECT_EQ(KbAct("reviewer", id, "retire").status, 403);
  EXPECT_EQ(KbAct("admin", id, "retire").status, 200);
  EXPECT_EQ(Get("agent", "/api/v1/knowledge/" + id).status, 404);
  EXPECT_EQ(KbAct("admin", id, "retire").status, 409);
  EXPECT_EQ(KbAct("reviewer", id, "publish").status, 200);
  // The review queue lists articles waiting for review.
  std::string waiting = Draft("待审核的文章");
  ASSERT_EQ(KbAct("zjj.handler", waiting, "submit").status, 200);
  auto queue = Get("reviewer", "/api/v1/knowledge?review=true");
  auto titles = Titles(queue);
  EXPECT_NE(std::find(titles.begin(), titles.end(), "待审核的文章"), titles.end());
}

TEST_F(KnowledgeApi, CreateAndUpdateValidateAndVersion) {
  EXPECT_EQ(Post("agent", "/api/v1/knowledge", bj::object{{"title", "t"}, {"body", "b"}}).status,
            403);
  EXPECT_EQ(Post("zjj.handler", "/api/v1/knowledge", std::string("[1,2")).status, 400);
  auto r = Post("zjj.handler", "/api/v1/knowledge", bj::object{{"body", "b"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.ErrorField(), "title");
  r = Post("zjj.handler", "/api/v1/knowledge",
           bj::object{{"title", "t"},
                      {"body", "b"},
                      {"valid_from", "2027-01-01"},
                      {"valid_until", "2026-01-01"}});
  EXPECT_EQ(r.status, 400);
  r = Post("zjj.handler", "/api/v1/knowledge",
           bj::object{{"title", "t"}, {"body", "b"}, {"valid_until", "31/12/2026"}});
  EXPECT_EQ(r.ErrorField(), "valid_until");
  r = Post("zjj.handler", "/api/v1/knowledge",
           bj::object{{"title", "t"}, {"body", "b"}, {"audience", "everyone"}});
  EXPECT_EQ(r.ErrorField(), "audience");
  r = Post("zjj.handler", "/api/v1/knowledge",
           bj::object{{"title", "t"}, {"body", "b"}, {"unit_id", UnitId("cgj")}});
  EXPECT_EQ(r.status, 403);
  // Idempotency-Key: the same key gives the same article.
  auto k1 = Post("zjj.handler", "/api/v1/knowledge", bj::object{{"title", "幂等"}, {"body", "b"}},
                 {{"Idempotency-Key", "kb-key-1"}});
  auto k2 = Post("zjj.handler", "/api/v1/knowledge", bj::object{{"title", "幂等"}, {"body", "b"}},
                 {{"Idempotency-Key", "kb-key-1"}});
  EXPECT_EQ(Str(k1.obj(), "id"), Str(k2.obj(), "id"));

  std::string id = PublishedArticle("电梯维修资金");
  int64_t v = Int(Article(id), "version");
  auto u =
      Put("zjj.handler", "/api/v1/knowledge/" + id, bj::object{{"body", "新正文"}, {"version", v}});
  ASSERT_EQ(u.status, 200) << u.body;
  EXPECT_EQ(Str(u.obj(), "body"), "正文：电梯维修资金");  // still the live text
  EXPECT_EQ(Str(u.obj().at("working").as_object(), "body"), "新正文");
  auto stale =
      Put("zjj.handler", "/api/v1/knowledge/" + id, bj::object{{"body", "x"}, {"version", v}});
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.ErrorCode(), "stale_version");
  // If-Match works like the body's version.
  auto im = Put("zjj.handler", "/api/v1/knowledge/" + id, bj::object{{"body", "再改"}},
                {{"If-Match", "\"" + std::to_string(v + 1) + "\""}});
  EXPECT_EQ(im.status, 200) << im.body;
  EXPECT_EQ(
      Put("cgj.handler", "/api/v1/knowledge/" + id, bj::object{{"body", "x"}, {"version", v + 2}})
          .status,
      403);
  EXPECT_EQ(Put("zjj.handler", "/api/v1/knowledge/" + id, bj::object{{"body", "x"}}).status, 400);
  EXPECT_EQ(
      Put("zjj.handler", "/api/v1/knowledge/424242", bj::object{{"body", "x"}, {"version", 1}})
          .status,
      404);
  auto hist = Get("zjj.handler", "/api/v1/knowledge/" + id + "/history");
  ASSERT_EQ(hist.status, 200);
  EXPECT_EQ(hist.obj().at("items").as_array().size(), 2u);
  // Readers outside the unit see only the published revision.
  EXPECT_EQ(
      Get("agent", "/api/v1/knowledge/" + id + "/history").obj().at("items").as_array().size(), 1u);
}

TEST_F(KnowledgeApi, AnswerACaseWithAnArticleInOneStep) {
  std::string kb_id = PublishedArticle("停水报修流程");
  int64_t before = Int(Article(kb_id), "usage_count");
  std::string case_id = Str(Register(NewCaseBody("家里停水了，什么时候来水？")), "id");
  auto r = Act("agent", case_id, "answer", {{"reply", "已告知抢修电话"}, {"kb_article_id", kb_id}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Str(r.obj(), "status"), "answered");
  EXPECT_EQ(Str(r.obj(), "kb_article_id"), kb_id);
  EXPECT_EQ(Int(Article(kb_id), "usage_count"), before + 1);
  auto ev = Events(case_id);
  EXPECT_EQ(Str(ev.back().as_object().at("data").as_object(), "kb_article_title"), "停水报修流程");
  // A draft article is refused with 422 and nothing changes.
  std::string draft = Draft("草稿不能用来答复");
  std::string c2 = Str(Register(), "id");
  auto bad = Act("agent", c2, "answer", {{"reply", "r"}, {"kb_article_id", draft}});
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(StatusOf(c2), "new");
}

TEST_F(KnowledgeApi, ImportExportAndReminders) {
  auto csv = Get("reviewer", "/api/v1/knowledge/export?format=csv&category=" + Q("社会保障"));
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.Header("content-type").find("text/csv"), std::string::npos);
  EXPECT_EQ(csv.body.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.body.find("社保卡丢失如何挂失和补办"), std::string::npos);
  auto js = Get("agent", "/api/v1/knowledge/export");
  ASSERT_EQ(js.status, 200);
  EXPECT_GE(js.obj().at("articles").as_array().size(), 40u);
  // Import the CSV back as drafts of the importer's unit.
  auto imp = Post("rsj.admin", "/api/v1/knowledge/import?format=csv", csv.body,
                  {{"Content-Type", "text/csv"}});
  ASSERT_EQ(imp.status, 201) << imp.body;
  EXPECT_GE(Int(imp.obj(), "imported"), 3);
  EXPECT_EQ(Post("agent", "/api/v1/knowledge/import?format=csv", csv.body).status, 403);
  EXPECT_EQ(Post("rsj.admin", "/api/v1/knowledge/import?format=csv&publish=true", csv.body).status,
            403);
  EXPECT_EQ(
      Post("rsj.admin", "/api/v1/knowledge/import?format=csv", std::string("title,body\n\"open"))
          .status,
      400);
  EXPECT_EQ(Post("rsj.admin", "/api/v1/knowledge/import", std::string("{\"articles\": 5}")).status,
            400);
  auto pub = Post(
      "reviewer", "/api/v1/knowledge/import?publish=true",
      bj::object{{"articles", bj::array{bj::object{
                                  {"title", "导入即发布"}, {"body", "b"}, {"unit_code", "rsj"}}}}});
  ASSERT_EQ(pub.status, 201) << pub.body;
  EXPECT_EQ(Str(Article(Str(pub.obj().at("ids").as_array()[0])), "status"), "published");
  // The demo has expired and expiring articles: their units got reminders.
  auto rem = Get("gjj.admin", "/api/v1/knowledge/reminders");
  ASSERT_EQ(rem.status, 200) << rem.body;
  ASSERT_FALSE(rem.obj().at("items").as_array().empty());
  EXPECT_EQ(Str(rem.obj().at("items").as_array()[0].as_object(), "kind"), "expired");
  EXPECT_TRUE(Get("cgj.admin", "/api/v1/knowledge/reminders").obj().at("items").as_array().empty());
  EXPECT_EQ(Get("agent", "/api/v1/knowledge/reminders").status, 403);
  EXPECT_EQ(Get("admin", "/api/v1/knowledge/reminders").status, 200);
}

TEST_F(KnowledgeApi, PublicRoutesShowOnlyPublicLiveArticlesWithoutStaffData) {
  auto r = Raw(http::verb::get, "/api/v1/public/knowledge?q=" + Q("停电"));
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_FALSE(Titles(r).empty());
  const auto& item = r.obj().at("items").as_array()[0].as_object();
  for (const char* k : {"created_by", "usage_count", "unit_id", "version", "status"})
    EXPECT_FALSE(item.contains(k)) << k;
  std::string id = Str(item, "id");
  auto one = Raw(http::verb::get, "/api/v1/public/knowledge/" + id);
  ASSERT_EQ(one.status, 200);
  EXPECT_FALSE(Str(one.obj(), "body").empty());
  // An internal article (燃气泄漏应急) is not public.
  auto internal = Get("agent", "/api/v1/knowledge?tag=" + Q("燃气泄漏"));
  std::string internal_id = Str(internal.obj().at("items").as_array()[0].as_object(), "id");
  EXPECT_EQ(Raw(http::verb::get, "/api/v1/public/knowledge/" + internal_id).status, 404);
  EXPECT_TRUE(Titles(Raw(http::verb::get, "/api/v1/public/knowledge?q=" + Q("燃气泄漏"))).empty());
  EXPECT_EQ(Raw(http::verb::get, "/api/v1/public/knowledge/abc").status, 404);
  EXPECT_EQ(Raw(http::verb::get, "/api/v1/public/knowledge?limit=9999").status, 400);
}

class KnowledgePublicLimit : public ApiTest {};

TEST_F(KnowledgePublicLimit, PublicSearchIsRateLimited) {
  int last = 0;
  for (int i = 0; i < 70 && last != 429; ++i)
    last = Raw(http::verb::get, "/api/v1/public/knowledge").status;
  EXPECT_EQ(last, 429);
}

}  // namespace
}  // namespace hotline::apitest
