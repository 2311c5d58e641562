#include "src/knowledge/csv.h"

#include <gtest/gtest.h>

namespace hotline::knowledge {
namespace {

std::vector<CsvRow> Parse(std::string_view text) {
  auto r = ParseCsv(text);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? *r : std::vector<CsvRow>{};
}

TEST(Csv, WritesBomCrlfAndQuotesOnlyWhenNeeded) {
  std::string out = WriteCsv({{"a", "b,c", "say \"hi\"", "two\nlines", "社保卡"}});
  EXPECT_EQ(out,
            "\xEF\xBB\xBF"
            "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",社保卡\r\n");
}

TEST(Csv, GuardsFormulaCells) {
  EXPECT_EQ(CsvField("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(CsvField("+1"), "'+1");
  EXPECT_EQ(CsvField("-2"), "'-2");
  EXPECT_EQ(CsvField("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvField("a=b"), "a=b");
}

TEST(Csv, RoundTripsHostileValues) {
  const std::vector<CsvRow> rows = {
      {"title", "body", "tags"}, {"=cmd|' /C calc'!A0", "第一行\r\n第二行\n第三行", "社保;医保"},
      {"\"quoted\"", ",,,", ""}, {"", "'already apostrophe", "@at"},
      {"-1", "+2", "\t tab"},    {"emoji 😀 and 繁體", "trailing space ", " leading"},
  };
  auto back = ParseCsv(WriteCsv(rows));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(*back, rows);
}

TEST(Csv, ReadsLfAndNoFinalNewlineAndSkipsBlankLines) {
  auto rows = Parse("a,b\n\n1,2");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1], (CsvRow{"1", "2"}));
  rows = Parse("x,\"\"\r\n,\r\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (CsvRow{"x", ""}));
  EXPECT_EQ(rows[1], (CsvRow{"", ""}));
}

TEST(Csv, RefusesMalformedInputWithTheLine) {
  struct Bad {
    std::string text;
    std::string says;
  } bad[] = {
      {"a,b\nc\"d,e\n", "line 2"},
      {"a,\"open\n", "never closed"},
      {"\"x\"y,z\n", "after a closing quote"},
      {std::string("a,\xff\xfe\n"), "UTF-8"},
      {std::string("a,b\0c\n", 6), "NUL"},
      {std::string("\xC0\xAF,x\n"), "UTF-8"},  // overlong encoding
  };
  for (const auto& b : bad) {
    auto r = ParseCsv(b.text);
    ASSERT_FALSE(r.ok()) << b.text;
    EXPECT_NE(r.status().message().find(b.says), std::string::npos) << r.status().message();
  }
}

TEST(Csv, LimitsRowsAndFields) {
  std::string many;
  for (size_t i = 0; i <= kCsvMaxRows; ++i) many += "x\n";
  EXPECT_FALSE(ParseCsv(many).ok());
  std::string wide(kCsvMaxFields, ',');
  EXPECT_FALSE(ParseCsv(wide + "\n").ok());
}

}  // namespace
}  // namespace hotline::knowledge
