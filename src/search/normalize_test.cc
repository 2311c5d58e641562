#include "src/search/normalize.h"

#include <gtest/gtest.h>

#include <string>

namespace hotline::search {
namespace {

TEST(NormalizeTest, Table) {
  struct Case {
    std::string in;
    std::string want;
  };
  const Case cases[] = {
      {"全角ＡＢＣ１２３", "全角abc123"},
      {"ＡＢＣ１２３", "abc123"},
      {"Café", "cafe"},
      {"Cafe\u0301", "cafe"},  // decomposed accent
      {"ÀÉÎÕÜ ñ ç ø", "aeiou n c ø"},
      {"Straße", "strasse"},
      {"臺灣 路燈", "台湾 路灯"},
      {"噪音擾民", "噪音扰民"},
      {"路灯", "路灯"},  // simplified stays
      {"電梯壞了", "电梯坏了"},
      {"①号楼", "1号楼"},
      {"ＫＴＶ　噪音", "ktv 噪音"},  // ideographic space → space (NFKC)
      {"soft\u00ADhyphen", "softhyphen"},
      {"zero\u200Bwidth", "zerowidth"},
      {"Ωμέγα", "ωμεγα"},  // generic diacritics go on any base
      {"", ""},
      {"abc\xFF", "abc\uFFFD"},  // not UTF-8
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Normalize(c.in), c.want) << c.in;
  }
}

TEST(NormalizeTest, ClassOf) {
  struct Case {
    char32_t cp;
    CharClass want;
  };
  const Case cases[] = {
      {U'a', CharClass::kWord},       {U'7', CharClass::kWord},
      {U'é', CharClass::kWord},       {U'水', CharClass::kCjk},
      {U'〇', CharClass::kCjk},       {U'の', CharClass::kCjk},
      {U'한', CharClass::kCjk},       {U'\U00020000', CharClass::kCjk},
      {U'，', CharClass::kSeparator}, {U'。', CharClass::kSeparator},
      {U' ', CharClass::kSeparator},  {U'*', CharClass::kSeparator},
      {U'😀', CharClass::kSeparator},  {U'⺀', CharClass::kSeparator},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ClassOf(c.cp), c.want) << static_cast<uint32_t>(c.cp);
  }
}

TEST(NormalizeTest, TraditionalSetMatchesIcu) {
  EXPECT_TRUE(IsTraditional(U'燈'));
  EXPECT_TRUE(IsTraditional(U'臺'));
  EXPECT_FALSE(IsTraditional(U'灯'));
  EXPECT_FALSE(IsTraditional(U'a'));
  // The per-character table agrees with ICU run over a whole string.
  const std::string text = "臺灣路燈噪音擾民電梯壞了請儘快處理後面的髮廊乾淨";
  EXPECT_EQ(Normalize(text), TransliterateTraditionalForTest(text));
}

TEST(NormalizeTest, SupplementaryCodePoints) {
  EXPECT_EQ(Normalize("\U00020000"), "\U00020000");
  EXPECT_EQ(Normalize("\U0001D400"), "a");  // MATHEMATICAL BOLD CAPITAL A
}

}  // namespace
}  // namespace hotline::search
