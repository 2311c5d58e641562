// Case search through GET /api/v1/cases?q=: what agents type while the caller waits. Black box
// against the real binary on a demo city; the cases searched for are registered here with words
// the demo data does not use (鳄鱼, Zqxwv).
#include <set>

#include "tests/api/harness.h"

namespace hotline::apitest {
namespace {

std::string Enc(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : s) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out.push_back(char(ch));
    } else {
      out.push_back('%');
      out.push_back(kHex[ch >> 4]);
      out.push_back(kHex[ch & 15]);
    }
  }
  return out;
}

class CaseSearchApi : public ApiTest {
 protected:
  static HttpResult Search(const std::string& user, const std::string& q,
                           const std::string& extra = "") {
    return Get(user, "/api/v1/cases?q=" + Enc(q) + extra);
  }
  // The numbers of the cases found (first page, up to 500).
  static std::set<std::string> Numbers(const std::string& user, const std::string& q,
                                       const std::string& extra = "") {
    auto r = Search(user, q, "&limit=500" + extra);
    EXPECT_EQ(r.status, 200) << q << ": " << r.body;
    std::set<std::string> out;
    if (r.status == 200)
      for (const auto& it : r.obj().at("items").as_array())
        out.insert(Str(it.as_object(), "number"));
    return out;
  }
  static std::string Reg(const std::string& content, const std::string& phone = "13812345678") {
    auto c = Register(NewCaseBody(content, phone));
    return Str(c, "number");
  }
};

TEST_F(CaseSearchApi, FindsANewCaseAtOnceWithHighlights) {
  std::string n = Reg("小区池塘里发现一条鳄鱼，孩子们很害怕。");
  EXPECT_EQ(Numbers("agent", "鳄鱼"), std::set<std::string>{n});
  EXPECT_EQ(Numbers("agent", "鳄"), std::set<std::string>{n});  // one character
  auto r = Search("agent", "鳄鱼");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& item = r.obj().at("items").as_array().at(0).as_object();
  ASSERT_TRUE(item.contains("highlights")) << r.body;
  const auto& content = item.at("highlights").as_object().at("content").as_array();
  std::string hits;
  for (const auto& s : content)
    if (s.as_object().at("hit").as_bool())
      hits += std::string(s.as_object().at("text").as_string());
  EXPECT_EQ(hits, "鳄鱼");
  // The case number finds it too.
  EXPECT_EQ(Numbers("agent", n), std::set<std::string>{n});
}

TEST_F(CaseSearchApi, PhrasesOperatorsFoldingAndTraditional) {
  std::string a = Reg("河边的蜥蜴荷塘没有鸵鸟护栏。Café Zqxwv 门口");
  std::string b = Reg("蜥蜴 出没在荷塘附近的袋鼠园。");
  EXPECT_EQ(Numbers("agent", "\"蜥蜴荷塘\""), std::set<std::string>{a});
  EXPECT_EQ(Numbers("agent", "“蜥蜴荷塘”"), std::set<std::string>{a});
  EXPECT_EQ(Numbers("agent", "蜥蜴 荷塘"), (std::set<std::string>{a, b}));
  EXPECT_EQ(Numbers("agent", "蜥蜴 AND 荷塘"), (std::set<std::string>{a, b}));
  EXPECT_EQ(Numbers("agent", "蜥蜴 NOT 鸵鸟"), std::set<std::string>{b});
  EXPECT_EQ(Numbers("agent", "鸵鸟 OR 袋鼠"), (std::set<std::string>{a, b}));
  EXPECT_EQ(Numbers("agent", "ZQXWV"), std::set<std::string>{a});
  EXPECT_EQ(Numbers("agent", "ｃａｆé"), std::set<std::string>{a});
  EXPECT_EQ(Numbers("agent", "CAFE"), std::set<std::string>{a});
  EXPECT_EQ(Numbers("agent", "蜥蜴荷塘 鴕鳥"), std::set<std::string>{a});  // traditional
}

TEST_F(CaseSearchApi, HostileInputIsNeverA500) {
  for (const std::string& q : std::vector<std::string>{
           "\"",
           "\"\"\"",
           "(((",
           ")",
           "NOT",
           "AND OR NOT",
           "*",
           "鳄鱼*",
           "title:鳄鱼",
           "{title content}: x",
           "NEAR(a b, 2)",
           "^x",
           "-x",
           "a\"b\"c",
           "'; DROP TABLE cases; --",
           "%00",
           "\\",
           "💩",
           "　",
           std::string("a\0b", 3),
           "\xff\xfe",
           "鳄鱼 OR",
           "OR 鳄鱼",
           std::string(100, 'x'),
           "x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x"}) {
    auto r = Search("agent", q);
    EXPECT_TRUE(r.status == 200 || r.status == 400) << q << ": " << r.status << " " << r.body;
    if (r.status == 400) {
      // "q", or "query" when the query string itself is refused (a NUL byte)
      EXPECT_TRUE(r.ErrorField() == "q" || r.ErrorField() == "query") << q << ": " << r.body;
    }
  }
  auto r = Search("agent", std::string(101, 'x'));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Search("agent", "(((").status, 400);  // nothing searchable
}

TEST_F(CaseSearchApi, CombinesWithFiltersAndTheDataScope) {
  std::string n = Reg("鳄鱼伤人事件需要调查处理");
  std::string id = Str(Case(n), "id");
  EXPECT_EQ(Numbers("agent", "鳄鱼伤人", "&status=new"), std::set<std::string>{n});
  EXPECT_TRUE(Numbers("agent", "鳄鱼伤人", "&status=closed").empty());
  EXPECT_TRUE(Numbers("agent", "鳄鱼伤人",
                      "&from=2000-01-01T00:00:00%2B08:00&to=2000-01-02T00:00:00%2B08:00")
                  .empty());
  EXPECT_EQ(Numbers("agent", "鳄鱼伤人", "&type=complaint&channel=phone"),
            std::set<std::string>{n});
  // A unit sees it only once it is in its hands.
  EXPECT_TRUE(Numbers("zjj.handler", "鳄鱼伤人").empty());
  ActOk("dispatcher", id, "dispatch", {{"lead_unit_id", UnitId("zjj")}});
  EXPECT_EQ(Numbers("zjj.handler", "鳄鱼伤人"), std::set<std::string>{n});
  EXPECT_TRUE(Numbers("cgj.handler", "鳄鱼伤人").empty());
  EXPECT_EQ(Numbers("dispatcher", "鳄鱼伤人", "&unit_id=" + UnitId("zjj")),
            std::set<std::string>{n});
  // A reply is searchable as soon as it is written.
  ActOk("zjj.handler", id, "sign");
  ActOk("zjj.handler", id, "reply",
        {{"reply", "已联系林业部门捕获扬子鳄并放归保护区"}, {"resolved", true}});
  EXPECT_EQ(Numbers("dispatcher", "扬子鳄"), std::set<std::string>{n});
}

TEST_F(CaseSearchApi, PhoneFragmentsOnlyForRolesThatSeeNumbers) {
  std::string n = Reg("咨询鳄鱼养殖许可证办理", "13977771234");
  for (const char* user : {"agent", "callback"}) {
    EXPECT_EQ(Numbers(user, "7777"), std::set<std::string>{n}) << user;
    EXPECT_EQ(Numbers(user, "139 7777 1234"), std::set<std::string>{n}) << user;
  }
  for (const char* user : {"dispatcher", "leader", "supervisor"}) {
    auto found = Numbers(user, "77771234");
    EXPECT_EQ(found.count(n), 0u) << user;
  }
  // The leader finds the case by its words, with the citizen masked and no number highlighted.
  auto r = Search("leader", "鳄鱼养殖");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.find("13977771234"), std::string::npos);
  EXPECT_EQ(r.body.find("7777"), std::string::npos);
}

}  // namespace
}  // namespace hotline::apitest
