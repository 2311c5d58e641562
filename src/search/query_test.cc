#include "src/search/query.h"

#include <gtest/gtest.h>

#include <string>

namespace hotline::search {
namespace {

TEST(QueryTest, Table) {
  struct Case {
    std::string in;
    std::string want;  // empty: Invalid
  };
  const Case cases[] = {
      {"路灯", R"("路灯")"},
      {"路灯 不亮", R"("路灯" AND "不亮")"},
      {"路灯　不亮", R"("路灯" AND "不亮")"},  // ideographic space
      {R"("路灯 不亮")", R"("路灯 不亮")"},
      {"“噪音 扰民”", R"("噪音 扰民")"},
      {"噪音 OR 扰民", R"("噪音" OR "扰民")"},
      {"噪音 NOT 装修", R"("噪音" NOT "装修")"},
      {"噪音 and 装修", R"("噪音" AND "and" AND "装修")"},
      {"NOT 装修 噪音", R"("噪音")"},
      {"AND OR 水", R"("水")"},
      {"水 OR", R"("水")"},
      {"水 AND OR NOT 电", R"("水" NOT "电")"},
      {R"("unbalanced 路灯)", R"("unbalanced 路灯")"},
      {R"(a"b)", R"("a" AND "b")"},
      {"title:水", R"("title:水")"},
      {"{title content}: 水", R"("{title" AND "content}:" AND "水")"},
      {"-content:水", R"("-content:水")"},
      {"水*", R"("水*")"},
      {"^水", R"("^水")"},
      {"NEAR(水 电)", R"("NEAR" AND "水" AND "电")"},
      {"(水 OR 电) 费", R"("水" OR "电" AND "费")"},
      {"3号楼", R"("3号楼")"},
      {"HL-2026-000123", R"("HL-2026-000123")"},
      {std::string("水\0电", 7), R"("水" AND "电")"},
      {"水\xFF电", R"("水" AND "电")"},
      {"", ""},
      {"   ", ""},
      {"，。！？*^:()", ""},
      {"AND OR NOT", ""},
      {"NOT 水", ""},
      {"\"\"", ""},
      {"\"", ""},
      {"😀", ""},
  };
  for (const Case& c : cases) {
    const auto got = BuildMatchExpression(c.in);
    if (c.want.empty()) {
      EXPECT_FALSE(got.ok()) << c.in << " → " << (got.ok() ? *got : "");
      EXPECT_TRUE(got.ok() || got.status().IsInvalid()) << c.in;
      continue;
    }
    ASSERT_TRUE(got.ok()) << c.in << ": " << got.status().ToString();
    EXPECT_EQ(*got, c.want) << c.in;
  }
}

TEST(QueryTest, Limits) {
  EXPECT_FALSE(BuildMatchExpression(std::string(kMaxQueryBytes + 1, 'a')).ok());
  EXPECT_TRUE(BuildMatchExpression(std::string(kMaxQueryBytes, 'a')).ok());
  std::string many;
  for (std::size_t i = 0; i <= kMaxQueryTerms; ++i) many += "w" + std::to_string(i) + " ";
  EXPECT_FALSE(BuildMatchExpression(many).ok());
}

}  // namespace
}  // namespace hotline::search
