#include "src/search/facets.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "src/search/fts5_tokenizer.h"
#include "src/search/query.h"
#include "src/search/tokenizer.h"

namespace hotline::search {
namespace {

constexpr int64_t kHour = 3600000;
constexpr int64_t kDay = 24 * kHour;
// 2026-11-28T00:00:00+08:00
constexpr int64_t kNov28 = 1795795200000;

std::string T(const std::string& key, const std::string& value) { return FacetToken(key, value); }

TEST(FacetsTest, TokenIsMarkerKeyValueWithoutMarkersInside) {
  EXPECT_EQ(FacetToken("d", "19"),
            "\x1e"
            "d:19");
  EXPECT_EQ(FacetToken("c",
                       "a\x1e"
                       "b"),
            "\x1e"
            "c:ab");
}

TEST(FacetsTest, CreatedTokensAreChinaStandardTimeCalendarPeriods) {
  EXPECT_EQ(CreatedFacetTokens(kNov28),
            (std::vector<std::string>{T("y", "2026"), T("m", "2026-11"), T("t", "2026-11-28")}));
  // 23:59:59.999 on the 27th in Beijing is 15:59 UTC on the 27th.
  EXPECT_EQ(CreatedFacetTokens(kNov28 - 1)[2], T("t", "2026-11-27"));
  // 2026-01-01T00:30+08:00 is still 2025 in UTC.
  EXPECT_EQ(CreatedFacetTokens(1767198600000)[0], T("y", "2026"));
}

TEST(FacetsTest, CoverRangeUsesCoarsePeriodsAndMarksPartialDays) {
  const int64_t data_min = kNov28 - 400 * kDay, data_max = kNov28 + 10 * kHour;
  // The last 90 days from 10:00: 2026-08-30 from 10:00 is partial, the rest runs past the data.
  auto c = CoverRange(kNov28 + 10 * kHour - 90 * kDay, std::nullopt, data_min, data_max);
  EXPECT_EQ(c.partial, (std::vector<std::string>{T("t", "2026-08-30")}));
  EXPECT_EQ(c.whole,
            (std::vector<std::string>{T("t", "2026-08-31"), T("m", "2026-09"), T("m", "2026-10"),
                                      T("m", "2026-11"), T("m", "2026-12")}));
  // Whole days only: no partial day.
  c = CoverRange(kNov28 - 2 * kDay, kNov28, data_min, data_max);
  EXPECT_TRUE(c.partial.empty());
  EXPECT_EQ(c.whole, (std::vector<std::string>{T("t", "2026-11-26"), T("t", "2026-11-27")}));
  // Inside one day: that day, partial.
  c = CoverRange(kNov28 + kHour, kNov28 + 2 * kHour, data_min, data_max);
  EXPECT_TRUE(c.whole.empty());
  EXPECT_EQ(c.partial, (std::vector<std::string>{T("t", "2026-11-28")}));
  // Open below: from the first year of the data.
  c = CoverRange(std::nullopt, kNov28 - 27 * kDay, data_min, data_max);
  EXPECT_TRUE(c.partial.empty());
  EXPECT_EQ(c.whole, (std::vector<std::string>{
                         T("y", "2025"), T("m", "2026-01"), T("m", "2026-02"), T("m", "2026-03"),
                         T("m", "2026-04"), T("m", "2026-05"), T("m", "2026-06"), T("m", "2026-07"),
                         T("m", "2026-08"), T("m", "2026-09"), T("m", "2026-10")}));
  // Nothing can match.
  c = CoverRange(kNov28, kNov28, data_min, data_max);
  EXPECT_TRUE(c.whole.empty() && c.partial.empty());
  c = CoverRange(data_max + 1, std::nullopt, data_min, data_max);
  EXPECT_TRUE(c.whole.empty() && c.partial.empty());
  c = CoverRange(std::nullopt, data_min, data_min, data_max);
  EXPECT_TRUE(c.whole.empty() && c.partial.empty());
}

// Property: for random ranges and times, a time is inside the range exactly when its day, month
// or year token is among `whole`, or its day is among `partial` and the exact test passes; and a
// `whole` token never holds a time outside the range.
TEST(FacetsTest, CoverRangeIsExactForRandomRanges) {
  std::mt19937_64 rng(5);
  const int64_t data_min = kNov28 - 800 * kDay + 12345, data_max = kNov28 + 5 * kDay;
  for (int i = 0; i < 400; ++i) {
    auto pick = [&]() -> std::optional<int64_t> {
      switch (rng() % 5) {
        case 0:
          return std::nullopt;
        case 1:  // a day boundary
          return kNov28 - int64_t(rng() % 900) * kDay;
        default:
          return data_min - 30 * kDay + int64_t(rng() % uint64_t(900 * kDay));
      }
    };
    const auto from = pick(), to = pick();
    const DateCover c = CoverRange(from, to, data_min, data_max);
    EXPECT_LE(c.partial.size(), 2u);
    const std::set<std::string> whole(c.whole.begin(), c.whole.end());
    const std::set<std::string> partial(c.partial.begin(), c.partial.end());
    for (int k = 0; k < 300; ++k) {
      const int64_t t = data_min + int64_t(rng() % uint64_t(data_max - data_min + 1));
      const bool inside = (!from || t >= *from) && (!to || t < *to);
      const auto tokens = CreatedFacetTokens(t);
      int in_whole = 0;
      for (const auto& tok : tokens) in_whole += int(whole.count(tok));
      EXPECT_LE(in_whole, 1);
      const bool in_partial = partial.count(tokens[2]) > 0;
      EXPECT_FALSE(in_whole && in_partial);
      if (in_whole) {
        EXPECT_TRUE(inside) << t;
      }
      if (inside) {
        EXPECT_TRUE(in_whole || in_partial) << t;
      }
    }
  }
}

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};

std::vector<int64_t> Ids(sqlite3* db, const std::string& match) {
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, "SELECT rowid FROM t WHERE t MATCH ?1 ORDER BY rowid", -1, &st,
                               nullptr),
            SQLITE_OK);
  sqlite3_bind_text(st, 1, match.data(), int(match.size()), SQLITE_TRANSIENT);
  std::vector<int64_t> out;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) out.push_back(sqlite3_column_int64(st, 0));
  EXPECT_EQ(rc, SQLITE_DONE) << sqlite3_errmsg(db);
  sqlite3_finalize(st);
  return out;
}

// The tokenizer gives a marker-led text as its facet tokens; users' queries cannot name them, and
// a marker-led text in another column is not a facet of the `facets` column.
TEST(FacetsTest, TokenizerIndexesFacetTokensThatOnlyTheStoreCanQuery) {
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &raw), SQLITE_OK);
  std::unique_ptr<sqlite3, CloseDb> db(raw);
  ASSERT_TRUE(RegisterTokenizer(raw).ok());
  ASSERT_EQ(
      sqlite3_exec(raw, "CREATE VIRTUAL TABLE t USING fts5(title, facets, tokenize='hotline')",
                   nullptr, nullptr, nullptr),
      SQLITE_OK);
  auto insert = [&](int64_t id, const std::string& title, const std::string& facets) {
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(raw, "INSERT INTO t(rowid, title, facets) VALUES(?1, ?2, ?3)", -1,
                                 &st, nullptr),
              SQLITE_OK);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, title.data(), int(title.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, facets.data(), int(facets.size()), SQLITE_TRANSIENT);
    EXPECT_EQ(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
  };
  insert(1, "路灯不亮 closed", T("s", "closed") + T("d", "19"));
  insert(2, "路灯坏了", T("s", "open") + T("d", "19"));
  insert(3, "路灯", T("s", "open") + T("d", "8"));
  insert(4, T("s", "closed"), T("s", "open") + T("d", "8"));  // marker-led text in a text column
  auto facet = [](const std::string& tok) { return "facets : \"" + tok + "\""; };
  EXPECT_EQ(Ids(raw, "\"路灯\" AND " + facet(T("s", "closed"))), (std::vector<int64_t>{1}));
  EXPECT_EQ(Ids(raw, facet(T("s", "closed"))), (std::vector<int64_t>{1}));
  EXPECT_EQ(Ids(raw, facet(T("s", "open"))), (std::vector<int64_t>{2, 3, 4}));
  EXPECT_EQ(Ids(raw, "\"路灯\" AND " + facet(T("d", "19"))), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(
      Ids(raw, "\"路灯\" AND (" + facet(T("d", "8")) + " OR " + facet(T("s", "closed")) + ")"),
      (std::vector<int64_t>{1, 3}));
  // What a user types never reaches a facet token.
  for (const char* typed : {"closed", "s:closed",
                            "\x1e"
                            "s:closed",
                            "d 19", "19"}) {
    auto m = BuildMatchExpression(typed);
    if (!m.ok()) continue;
    for (int64_t id : Ids(raw, *m)) EXPECT_EQ(id, 1) << typed;  // the word "closed" in 1's title
  }
}

// hotline_bm25 over the first five columns of a six-column table gives bm25()'s scores of the same
// five columns without the sixth, to the last bit.
TEST(FacetsTest, Bm25OfTheTextColumnsIsBm25WithoutTheFacetsColumn) {
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &raw), SQLITE_OK);
  std::unique_ptr<sqlite3, CloseDb> db(raw);
  ASSERT_TRUE(RegisterTokenizer(raw).ok());
  ASSERT_EQ(sqlite3_exec(raw,
                         "CREATE VIRTUAL TABLE old USING fts5(a, b, c, d, e, tokenize='hotline');"
                         "CREATE VIRTUAL TABLE new USING fts5(a, b, c, d, e, facets, "
                         "tokenize='hotline');",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  std::mt19937_64 rng(3);
  const char* words[] = {"路灯", "不亮", "噪音", "扰民", "小区", "物业", "收费", "停车", "水"};
  for (int id = 1; id <= 200; ++id) {
    std::string cols[5];
    for (auto& col : cols)
      for (int k = int(rng() % 12); k > 0; --k) col += std::string(words[rng() % 9]) + "，";
    const std::string facets = T("s", id % 3 ? "open" : "closed") + T("d", std::to_string(id % 4));
    for (const char* table : {"old", "new"}) {
      const bool is_new = std::string(table) == "new";
      sqlite3_stmt* st = nullptr;
      const std::string sql =
          std::string("INSERT INTO ") + table +
          (is_new ? " VALUES(?1, ?2, ?3, ?4, ?5, ?6)" : " VALUES(?1, ?2, ?3, ?4, ?5)");
      ASSERT_EQ(sqlite3_prepare_v2(raw, sql.c_str(), -1, &st, nullptr), SQLITE_OK);
      for (int c = 0; c < 5; ++c)
        sqlite3_bind_text(st, c + 1, cols[c].data(), int(cols[c].size()), SQLITE_TRANSIENT);
      if (is_new) sqlite3_bind_text(st, 6, facets.data(), int(facets.size()), SQLITE_TRANSIENT);
      EXPECT_EQ(sqlite3_step(st), SQLITE_DONE);
      sqlite3_finalize(st);
    }
  }
  auto scores = [&](const std::string& sql, const std::string& match) {
    std::vector<std::pair<int64_t, double>> out;
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(raw, sql.c_str(), -1, &st, nullptr), SQLITE_OK)
        << sqlite3_errmsg(raw);
    sqlite3_bind_text(st, 1, match.data(), int(match.size()), SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW)
      out.push_back({sqlite3_column_int64(st, 0), sqlite3_column_double(st, 1)});
    sqlite3_finalize(st);
    return out;
  };
  for (const char* q : {"路灯", "路灯 不亮", "物业 收费", "水 OR 停车", "小区 NOT 物业"}) {
    const std::string m = *BuildMatchExpression(q);
    const auto want =
        scores("SELECT rowid, bm25(old, 4.0, 1.0, 0.7, 1.5, 8.0) FROM old WHERE old MATCH ?1", m);
    const auto got = scores(
        "SELECT rowid, hotline_bm25(new, 4.0, 1.0, 0.7, 1.5, 8.0) FROM new WHERE new MATCH ?1", m);
    EXPECT_FALSE(want.empty()) << q;
    EXPECT_EQ(got, want) << q;
    // The facets column changes bm25() itself (it counts in the document length).
    const auto plain = scores(
        "SELECT rowid, bm25(new, 4.0, 1.0, 0.7, 1.5, 8.0, 0.0) FROM new WHERE new MATCH ?1", m);
    EXPECT_NE(plain, want) << q;
  }
}

TEST(FacetsTest, MatchOnlyTokensLeaveOutOnlyAFinalTrailingCharacter) {
  auto texts = [](std::string_view q) {
    std::vector<std::string> out;
    for (const auto& t : Tokenize(q, Mode::kQueryMatchOnly)) out.push_back(t.text);
    return out;
  };
  EXPECT_EQ(texts("小区"), (std::vector<std::string>{"小区"}));
  EXPECT_EQ(texts("噪音扰民"), (std::vector<std::string>{"噪音", "音扰", "扰民"}));
  EXPECT_EQ(texts("水"), (std::vector<std::string>{"水"}));
  EXPECT_EQ(texts("3号楼"), (std::vector<std::string>{"3", "号楼"}));
  EXPECT_EQ(texts("号楼3"), (std::vector<std::string>{"号楼", "楼", "3"}));
  EXPECT_EQ(texts("路灯 不亮"), (std::vector<std::string>{"路灯", "灯", "不亮"}));
  EXPECT_EQ(texts("ab b"), (std::vector<std::string>{"ab", "b"}));
  EXPECT_EQ(MatchOnlyExpression("\"路灯\" AND \"a\"\"b\" OR \"x\""),
            "\"\x1f路灯\" AND \"\x1f"
            "a\"\"b\" OR \"\x1fx\"");
}

// The match-only expression finds the same rows with the same bm25 as the full one.
TEST(FacetsTest, MatchOnlyExpressionFindsAndRanksLikeTheFullOne) {
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &raw), SQLITE_OK);
  std::unique_ptr<sqlite3, CloseDb> db(raw);
  ASSERT_TRUE(RegisterTokenizer(raw).ok());
  ASSERT_EQ(sqlite3_exec(raw, "CREATE VIRTUAL TABLE t USING fts5(a, b, tokenize='hotline')",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  std::mt19937_64 rng(9);
  const char* parts[] = {"路灯", "不亮", "小区", "停车", "噪音扰民", "3号楼", "号楼",
                         "水",   "楼3",  " ",    "，",   "ab",       "b"};
  for (int id = 1; id <= 300; ++id) {
    std::string cols[2];
    for (auto& col : cols)
      for (int k = int(rng() % 14); k > 0; --k) col += parts[rng() % 13];
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(
        sqlite3_prepare_v2(raw, "INSERT INTO t(rowid, a, b) VALUES(?1, ?2, ?3)", -1, &st, nullptr),
        SQLITE_OK);
    sqlite3_bind_int64(st, 1, id);
    for (int c = 0; c < 2; ++c)
      sqlite3_bind_text(st, c + 2, cols[c].data(), int(cols[c].size()), SQLITE_TRANSIENT);
    EXPECT_EQ(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
  }
  auto scores = [&](const std::string& match) {
    std::vector<std::pair<int64_t, double>> out;
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(raw, "SELECT rowid, bm25(t, 2.0, 1.0) FROM t WHERE t MATCH ?1", -1,
                                 &st, nullptr),
              SQLITE_OK);
    sqlite3_bind_text(st, 1, match.data(), int(match.size()), SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW)
      out.push_back({sqlite3_column_int64(st, 0), sqlite3_column_double(st, 1)});
    sqlite3_finalize(st);
    return out;
  };
  for (const char* q : {"小区", "噪音扰民", "3号楼", "号楼3", "楼", "路灯 不亮", "\"路灯 不亮\"",
                        "小区 OR 停车", "水 NOT 小区", "ab b", "\"ab b\""}) {
    const std::string m = *BuildMatchExpression(q);
    const auto want = scores(m);
    EXPECT_FALSE(want.empty()) << q;
    EXPECT_EQ(scores(MatchOnlyExpression(m)), want) << q;
  }
}

}  // namespace
}  // namespace hotline::search
