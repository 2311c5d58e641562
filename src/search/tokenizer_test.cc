#include "src/search/tokenizer.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace hotline::search {
namespace {

// "路 +路灯 灯": tokens in order, a colocated token prefixed with '+'.
std::string Render(const std::vector<Token>& tokens) {
  std::string out;
  for (const Token& t : tokens) {
    if (!out.empty()) out += ' ';
    if (t.colocated) out += '+';
    out += t.text;
  }
  return out;
}

struct Case {
  std::string in;
  std::string document;
  std::string query;
};

TEST(TokenizerTest, Table) {
  const Case cases[] = {
      {"", "", ""},
      {"，。！ ... ", "", ""},
      {"水", "水", "水"},
      {"路灯", "路 +路灯 灯", "路灯 灯"},
      {"噪音扰民", "噪 +噪音 音 +音扰 扰 +扰民 民", "噪音 音扰 扰民 民"},
      {"路灯 不亮", "路 +路灯 灯 不 +不亮 亮", "路灯 灯 不亮 亮"},
      {"路燈", "路 +路灯 灯", "路灯 灯"},  // traditional → simplified
      {"3号楼", "3 号 +号楼 楼", "3 号楼 楼"},
      {"号楼3", "号 +号楼 楼 3", "号楼 楼 3"},
      {"电话13812345678", "电 +电话 话 13812345678", "电话 话 13812345678"},
      {"HL-2026-000123", "hl 2026 000123", "hl 2026 000123"},
      {"Café KTV ｋｔｖ", "cafe ktv ktv", "cafe ktv ktv"},
      {"ＡＢＣ１２３", "abc 123", "abc 123"},
      {"WiFi没信号", "wifi 没 +没信 信 +信号 号", "wifi 没信 信号 号"},
      {"title:水 OR *", "title 水 or", "title 水 or"},
      {"3.5米", "3 5 米", "3 5 米"},
      {"5km 10kV", "5 km 10 kv", "5 km 10 kv"},
      {"HL2026000123 mp3", "hl 2026000123 mp 3", "hl 2026000123 mp 3"},
      {"０５５１", "0551", "0551"},
      {"ｅ\u0301x", "ex", "ex"},  // combining accent folds away inside the word
      {"soft\u00ADhyphen", "softhyphen", "softhyphen"},
      {"a\xFF\xFE"
       "b",
       "a b", "a b"},                      // invalid UTF-8 separates
      {"すし", "す +すし し", "すし し"},  // kana as CJK
      {"①号", "1 号", "1 号"},
      {"😀水😀", "水", "水"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Render(Tokenize(c.in, Mode::kDocument)), c.document) << "document: " << c.in;
    EXPECT_EQ(Render(Tokenize(c.in, Mode::kQuery)), c.query) << "query: " << c.in;
  }
}

TEST(TokenizerTest, OffsetsPointIntoTheOriginalText) {
  const std::string text = "臺灣 ＡＢＣ路燈";
  const std::vector<Token> want = {
      {"台", 0, 3, false},   {"台湾", 0, 6, true},   {"湾", 3, 6, false},   {"abc", 7, 16, false},
      {"路", 16, 19, false}, {"路灯", 16, 22, true}, {"灯", 19, 22, false},
  };
  EXPECT_EQ(Tokenize(text, Mode::kDocument), want);
  const std::vector<Token> want_query = {
      {"台湾", 0, 6, false},   {"湾", 3, 6, false},   {"abc", 7, 16, false},
      {"路灯", 16, 22, false}, {"灯", 19, 22, false},
  };
  EXPECT_EQ(Tokenize(text, Mode::kQuery), want_query);
}

TEST(TokenizerTest, LongWordsAreTruncatedAtACodePoint) {
  const std::string word(200, 'x');
  const auto tokens = Tokenize(word + " y", Mode::kDocument);
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].text, std::string(kMaxWordBytes, 'x'));
  EXPECT_EQ(tokens[0].end, 200);
  const auto t2 = Tokenize(std::string(kMaxWordBytes - 1, 'a') + "é", Mode::kDocument);
  ASSERT_EQ(t2.size(), 1u);
  EXPECT_EQ(t2[0].text.size(), kMaxWordBytes);
}

TEST(TokenizerTest, SinkCanStop) {
  int seen = 0;
  auto sink = [](void* ctx, std::string_view, int, int, bool) {
    return ++*static_cast<int*>(ctx) == 2 ? 7 : 0;
  };
  EXPECT_EQ(TokenizeTo("噪音扰民", Mode::kDocument, sink, &seen), 7);
  EXPECT_EQ(seen, 2);
}

TEST(TokenizerTest, FirstTokenIsNeverColocated) {
  for (const char* text : {"水", "路灯", "a水", "，路灯"}) {
    for (Mode mode : {Mode::kDocument, Mode::kQuery}) {
      const auto tokens = Tokenize(text, mode);
      ASSERT_FALSE(tokens.empty()) << text;
      EXPECT_FALSE(tokens[0].colocated) << text;
    }
  }
}

// Random bytes (mostly broken UTF-8): offsets stay inside the text and in order, tokens are never
// empty, a colocated token never comes first.
TEST(TokenizerTest, ArbitraryBytes) {
  std::mt19937 rng(7);
  const std::string pieces[] = {"水", "路燈",     "Ａ",   "é",     "e\u0301",          "1",
                                " ",  "\xE6\xB0", "\xFF", "\x80",  "\xF0\x9F\x98\x80", "㈠",
                                "½",  "\xC3",     "ß",    "\u00AD"};
  for (int i = 0; i < 2000; ++i) {
    std::string text;
    for (int k = 0, n = 1 + static_cast<int>(rng() % 16); k < n; ++k) {
      text += rng() % 4 == 0 ? std::string(1, static_cast<char>(rng() % 256))
                             : pieces[rng() % std::size(pieces)];
    }
    for (Mode mode : {Mode::kDocument, Mode::kQuery}) {
      int last_start = 0;
      const auto tokens = Tokenize(text, mode);
      for (std::size_t k = 0; k < tokens.size(); ++k) {
        const Token& t = tokens[k];
        ASSERT_FALSE(t.text.empty());
        ASSERT_TRUE(0 <= t.start && t.start < t.end && t.end <= static_cast<int>(text.size()));
        ASSERT_TRUE(k > 0 || !t.colocated);
        ASSERT_GE(t.start, last_start);
        last_start = t.start;
      }
    }
  }
}

}  // namespace
}  // namespace hotline::search
