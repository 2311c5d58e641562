// The public site's 常见问题/政策问答 API against the real binary on the demo city: only published,
// public articles valid today are listed or readable (not drafts, articles in review, internal,
// expired, not-yet-valid or retired ones); the category filter and the category list agree.
#include "tests/api/harness.h"

namespace hotline::apitest {
namespace {

class PublicKnowledge : public ApiTest {
 protected:
  static std::string Q(const std::string& text) {
    std::string out;
    for (unsigned char c : text) {
      if (std::isalnum(c)) {
        out += char(c);
      } else {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%%%02X", c);
        out += buf;
      }
    }
    return out;
  }
  static HttpResult Public(const std::string& path) {
    return Raw(http::verb::get, "/api/v1/public/knowledge" + path);
  }
  static std::vector<std::string> Titles(const HttpResult& r) {
    std::vector<std::string> out;
    if (r.obj().contains("items"))
      for (const auto& it : r.obj().at("items").as_array())
        out.push_back(Str(it.as_object(), "title"));
    return out;
  }
  static bool Listed(const std::string& title) {
    for (const auto& t : Titles(Public("?limit=500")))
      if (t == title) return true;
    return false;
  }
  static int64_t Version(const std::string& id) {
    return Int(Get("reviewer", "/api/v1/knowledge/" + id).obj(), "version");
  }
  static HttpResult Act(const std::string& user, const std::string& id, const std::string& a,
                        bj::object body = {}) {
    body["version"] = Version(id);
    return Post(user, "/api/v1/knowledge/" + id + "/actions/" + a, body);
  }
  static std::string Create(bj::object o) {
    auto r = Post("zjj.handler", "/api/v1/knowledge", o);
    EXPECT_EQ(r.status, 201) << r.body;
    return Str(r.obj(), "id");
  }
  static void Publish(const std::string& id) {
    EXPECT_EQ(Act("zjj.handler", id, "submit").status, 200);
    EXPECT_EQ(Act("reviewer", id, "approve").status, 200);
  }
};

TEST_F(PublicKnowledge, OnlyPublishedPublicArticlesValidTodayAppear) {
  auto all = Public("?limit=500");
  ASSERT_EQ(all.status, 200) << all.body;
  ASSERT_GE(Titles(all).size(), 20u) << "the demo's public articles";
  // Every listed article is readable and has no staff data.
  for (const auto& it : all.obj().at("items").as_array()) {
    const auto& o = it.as_object();
    for (const char* k : {"created_by", "unit_id", "version", "status", "audience"})
      EXPECT_FALSE(o.contains(k)) << k;
  }
  // The demo's expired (published, public), in-review and internal draft articles are absent.
  EXPECT_FALSE(Listed("住房公积金缴存基数年度申报通知"));
  EXPECT_FALSE(Listed("个体工商户登记"));
  EXPECT_TRUE(Titles(Public("?q=" + Q("退役军人优待证"))).empty());
  auto staff = Get("reviewer", "/api/v1/knowledge?q=" + Q("住房公积金缴存基数年度申报通知"));
  ASSERT_EQ(staff.status, 200);
  ASSERT_FALSE(staff.obj().at("items").as_array().empty());
  const std::string expired_id = Str(staff.obj().at("items").as_array()[0].as_object(), "id");
  EXPECT_EQ(Public("/" + expired_id).status, 404);

  // A new public article: not listed as a draft, nor in review; listed once published.
  const std::string id =
      Create({{"title", "公共自行车借还车须知"},
              {"body", "## 借车\n刷**市民卡**即可借车。<script>alert(1)</script>"},
              {"category", "交通出行"},
              {"audience", "public"}});
  EXPECT_FALSE(Listed("公共自行车借还车须知"));
  EXPECT_EQ(Public("/" + id).status, 404);
  EXPECT_EQ(Act("zjj.handler", id, "submit").status, 200);
  EXPECT_FALSE(Listed("公共自行车借还车须知"));
  EXPECT_EQ(Act("reviewer", id, "approve").status, 200);
  EXPECT_TRUE(Listed("公共自行车借还车须知"));
  auto one = Public("/" + id);
  ASSERT_EQ(one.status, 200);
  EXPECT_NE(Str(one.obj(), "body").find("<script>"), std::string::npos)
      << "the body is Markdown text as written; the site renders it without raw HTML";
  // Retired: gone from the list and its page.
  EXPECT_EQ(Act("admin", id, "retire", {{"reason", "服务停止"}}).status, 200);
  EXPECT_FALSE(Listed("公共自行车借还车须知"));
  EXPECT_EQ(Public("/" + id).status, 404);

  // Not yet valid, or internal: never public.
  const std::string future = Create({{"title", "明年起实施的新规"},
                                     {"body", "正文"},
                                     {"audience", "public"},
                                     {"valid_from", "2099-01-01"}});
  Publish(future);
  EXPECT_FALSE(Listed("明年起实施的新规"));
  EXPECT_EQ(Public("/" + future).status, 404);
  const std::string internal =
      Create({{"title", "内部口径：话务应答要点"}, {"body", "正文"}, {"audience", "internal"}});
  Publish(internal);
  EXPECT_FALSE(Listed("内部口径：话务应答要点"));
  EXPECT_EQ(Public("/" + internal).status, 404);
}

TEST_F(PublicKnowledge, CategoryFilterAndCategoryList) {
  auto cats = Public("/categories");
  ASSERT_EQ(cats.status, 200) << cats.body;
  const auto& items = cats.obj().at("items").as_array();
  ASSERT_GE(items.size(), 5u);
  int64_t sum = 0, prev = INT64_MAX;
  for (const auto& c : items) {
    int64_t n = Int(c.as_object(), "articles");
    EXPECT_LE(n, prev) << "most articles first";
    prev = n;
    sum += n;
    // The filter gives exactly that category's articles.
    auto page = Public("?limit=500&category=" + Q(Str(c.as_object(), "name")));
    ASSERT_EQ(page.status, 200);
    EXPECT_EQ(Int(page.obj(), "total"), n) << Str(c.as_object(), "name");
    for (const auto& it : page.obj().at("items").as_array())
      EXPECT_EQ(Str(it.as_object(), "category"), Str(c.as_object(), "name"));
  }
  EXPECT_EQ(sum, Int(Public("?limit=500").obj(), "total"));
  // The internal-only category 热线服务 is not offered.
  for (const auto& c : items) EXPECT_NE(Str(c.as_object(), "name"), "热线服务");
  // Search within a category.
  auto water = Public("?q=" + Q("停电") + "&category=" + Q("水电气暖"));
  ASSERT_EQ(water.status, 200);
  EXPECT_FALSE(Titles(water).empty());
  EXPECT_TRUE(Titles(Public("?q=" + Q("停电") + "&category=" + Q("户籍"))).empty());
  EXPECT_EQ(Public("?category=" + std::string(300, 'x')).ErrorField(), "category");
}

}  // namespace
}  // namespace hotline::apitest
