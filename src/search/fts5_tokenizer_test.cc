#include "src/search/fts5_tokenizer.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "src/search/normalize.h"
#include "src/search/query.h"

namespace hotline::search {
namespace {

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;

Db OpenMemoryDb() {
  sqlite3* raw = nullptr;
  EXPECT_EQ(sqlite3_open(":memory:", &raw), SQLITE_OK);
  Db db(raw);
  const Status st = RegisterTokenizer(db.get());
  EXPECT_TRUE(st.ok()) << st.ToString();
  return db;
}

void Exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  EXPECT_EQ(rc, SQLITE_OK) << sql << ": " << (err ? err : "");
  sqlite3_free(err);
}

struct Doc {
  int64_t id;
  std::string title;
  std::string content;
};

// Runs `sql` with text parameters; returns the first column of every row as text, or the error.
struct Rows {
  int rc = SQLITE_OK;
  std::string error;
  std::vector<std::string> values;
};
Rows Query(sqlite3* db, const std::string& sql, const std::vector<std::string>& params) {
  Rows out;
  sqlite3_stmt* stmt = nullptr;
  out.rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
  if (out.rc != SQLITE_OK) {
    out.error = sqlite3_errmsg(db);
    return out;
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    sqlite3_bind_text(stmt, static_cast<int>(i + 1), params[i].data(),
                      static_cast<int>(params[i].size()), SQLITE_TRANSIENT);
  }
  while ((out.rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    out.values.emplace_back(text ? text : "");
  }
  if (out.rc == SQLITE_DONE) {
    out.rc = SQLITE_OK;
  } else {
    out.error = sqlite3_errmsg(db);
  }
  sqlite3_finalize(stmt);
  return out;
}

void Insert(sqlite3* db, const std::string& table, const std::vector<Doc>& docs) {
  Exec(db, "BEGIN");
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(
                db, ("INSERT INTO " + table + "(rowid, title, content) VALUES (?, ?, ?)").c_str(),
                -1, &stmt, nullptr),
            SQLITE_OK);
  for (const Doc& d : docs) {
    sqlite3_bind_int64(stmt, 1, d.id);
    sqlite3_bind_text(stmt, 2, d.title.data(), static_cast<int>(d.title.size()), SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, d.content.data(), static_cast<int>(d.content.size()), SQLITE_STATIC);
    ASSERT_EQ(sqlite3_step(stmt), SQLITE_DONE) << sqlite3_errmsg(db);
    sqlite3_reset(stmt);
  }
  sqlite3_finalize(stmt);
  Exec(db, "COMMIT");
}

std::vector<Doc> LoadMessages() {
  std::vector<Doc> docs;
  std::ifstream in("data/demo/messages.jsonl");
  EXPECT_TRUE(in.good()) << "run from the repository root";
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(line, ec);
    if (ec || !v.is_object()) continue;
    const auto& o = v.as_object();
    auto field = [&](const char* k) {
      const auto* p = o.if_contains(k);
      return p && p->is_string() ? std::string(p->as_string()) : std::string();
    };
    docs.push_back({static_cast<int64_t>(docs.size() + 1), field("title"), field("content")});
  }
  return docs;
}

std::vector<Doc> EnglishDocs() {
  const std::vector<std::pair<std::string, std::string>> texts = {
      {"Street light broken", "The street light near Gate 3 has been broken for a week."},
      {"Noise complaint", "NOISE from the construction site after 11pm, every night."},
      {"Water leak", "Ｗａｔｅｒ is leaking from the ceiling of Building ３; please send someone."},
      {"Elevator", "The elevator in block B is stuck again. Elevators here are old."},
      {"Parking", "Illegal parking blocks the fire lane; parking enforcement needed."},
      {"Café terrace", "The café on Main St. puts tables on the sidewalk."},
      {"CAFE music", "Loud music from the cafe until 2am."},
      {"KTV", "The KTV on the 2nd floor is too loud at night (ktv noise)."},
      {"App problem", "The 12345 app crashes when I upload a photo. APP version 3.2."},
      {"WiFi", "Public wifi in the library does not work; Wi-Fi password unknown."},
      {"Garbage", "Garbage is not collected on time in our community."},
      {"Bus stop", "The bus stop sign fell down; buses do not stop here."},
      {"Mixed 混合", "路灯 broken 3号楼 light，噪音 noise"},
      {"Tree", "A tree fell on the road after the storm; road blocked."},
      {"Heating", "No heating in the apartment since Monday; heating company unreachable."},
  };
  std::vector<Doc> docs;
  int64_t id = 100001;
  for (const auto& [t, c] : texts) docs.push_back({id++, t, c});
  return docs;
}

std::set<int64_t> MatchIds(sqlite3* db, const std::string& user_query) {
  const auto expr = BuildMatchExpression(user_query);
  EXPECT_TRUE(expr.ok()) << user_query;
  if (!expr.ok()) return {};
  const Rows rows = Query(db, "SELECT rowid FROM t WHERE t MATCH ?", {*expr});
  EXPECT_EQ(rows.rc, SQLITE_OK) << *expr << ": " << rows.error;
  std::set<int64_t> ids;
  for (const auto& v : rows.values) ids.insert(std::stoll(v));
  return ids;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
// Whole-word occurrence of an all-letter or all-digit ASCII word in normalised text: the
// neighbours must not be of the word's own kind (letters and digits are separate words).
bool ContainsWord(const std::string& text, const std::string& word) {
  const bool number = !word.empty() && IsDigit(word[0]);
  auto same_kind = [&](char c) { return number ? IsDigit(c) : IsLetter(c); };
  for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    const bool left = at == 0 || !same_kind(text[at - 1]);
    const std::size_t after = at + word.size();
    const bool right = after >= text.size() || !same_kind(text[after]);
    if (left && right) return true;
  }
  return false;
}

class Fts5Corpus : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = OpenMemoryDb().release();
    Exec(db_, "CREATE VIRTUAL TABLE t USING fts5(title, content, tokenize='hotline')");
    docs_ = new std::vector<Doc>(LoadMessages());
    for (Doc& d : EnglishDocs()) docs_->push_back(std::move(d));
    Insert(db_, "t", *docs_);
    // The reference scan: instr() over the normalised text of both columns.
    sqlite3_create_function(
        db_, "hotline_normalize", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
        [](sqlite3_context* ctx, int, sqlite3_value** argv) {
          const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
          const std::string out = Normalize(p ? p : "");
          sqlite3_result_text(ctx, out.data(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
        },
        nullptr, nullptr);
  }
  static void TearDownTestSuite() {
    sqlite3_close(db_);
    db_ = nullptr;
    delete docs_;
    docs_ = nullptr;
  }

  static sqlite3* db_;
  static std::vector<Doc>* docs_;
};
sqlite3* Fts5Corpus::db_ = nullptr;
std::vector<Doc>* Fts5Corpus::docs_ = nullptr;

struct Score {
  std::size_t truth = 0, found = 0, hit = 0;
  double Recall() const { return truth == 0 ? 1.0 : double(hit) / double(truth); }
  double Precision() const { return found == 0 ? 1.0 : double(hit) / double(found); }
};

Score Compare(const std::set<int64_t>& found, const std::set<int64_t>& truth) {
  Score s;
  s.truth = truth.size();
  s.found = found.size();
  for (int64_t id : found) s.hit += truth.count(id);
  return s;
}

TEST_F(Fts5Corpus, ChineseRecallAgainstInstrScan) {
  ASSERT_GE(docs_->size(), 3000u);
  const std::vector<std::string> queries = {
      // 1 character
      "水",
      "电",
      "噪",
      "灯",
      "路",
      "车",
      "楼",
      "费",
      "狗",
      "臭",
      // 2 characters
      "路灯",
      "噪音",
      "停车",
      "物业",
      "学校",
      "拆迁",
      "电梯",
      "小区",
      "施工",
      "油烟",
      "违建",
      "垃圾",
      "投诉",
      "供水",
      "漏水",
      "补偿",
      "教师",
      "工资",
      "医保",
      "公交",
      // 3 characters
      "居委会",
      "开发商",
      "停车场",
      "业委会",
      "房产证",
      "幼儿园",
      "自来水",
      "夜宵城",
      // 4 characters
      "噪音扰民",
      "油烟排放",
      "拆迁补偿",
      "违章建筑",
      "物业管理",
      "交通安全",
      "城市管理",
      "公共交通",
      // mixed and numbers
      "3号楼",
      "2013",
      "12345",
  };
  std::size_t total_truth = 0, total_hit = 0, total_found = 0;
  for (const std::string& q : queries) {
    const std::set<int64_t> found = MatchIds(db_, q);
    const Rows truth_rows =
        Query(db_,
              "SELECT rowid FROM t WHERE instr(hotline_normalize(title || ' ' || content), "
              "hotline_normalize(?)) > 0",
              {q});
    ASSERT_EQ(truth_rows.rc, SQLITE_OK) << truth_rows.error;
    std::set<int64_t> truth;
    for (const auto& v : truth_rows.values) truth.insert(std::stoll(v));
    // Numbers are words: the reference for an all-digit query is a whole-number match.
    if (std::all_of(q.begin(), q.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      std::erase_if(truth, [&](int64_t id) {
        const auto d = std::find_if(docs_->begin(), docs_->end(),
                                    [&](const Doc& doc) { return doc.id == id; });
        return !ContainsWord(Normalize(d->title + " " + d->content), q);
      });
    }
    const Score s = Compare(found, truth);
    std::printf("  %-10s truth %5zu  fts %5zu  recall %6.2f%%  precision %6.2f%%\n", q.c_str(),
                s.truth, s.found, 100 * s.Recall(), 100 * s.Precision());
    EXPECT_GE(s.Recall(), 0.99) << q;
    EXPECT_GE(s.Precision(), 0.99) << q;
    total_truth += s.truth;
    total_found += s.found;
    total_hit += s.hit;
  }
  std::printf("  ALL        truth %5zu  fts %5zu  recall %6.2f%%  precision %6.2f%%\n", total_truth,
              total_found, 100.0 * double(total_hit) / double(total_truth),
              100.0 * double(total_hit) / double(total_found));
}

TEST_F(Fts5Corpus, EnglishRecallAgainstWordScan) {
  const std::vector<std::string> queries = {
      "light", "noise",    "water", "elevator",   "parking", "cafe", "ktv", "app",
      "wifi",  "building", "CAFÉ",  "Ｎｏｉｓｅ", "cbd",     "km",   "kv",  "mg"};
  for (const std::string& q : queries) {
    const std::set<int64_t> found = MatchIds(db_, q);
    const std::string nq = Normalize(q);
    std::set<int64_t> truth;
    std::set<int64_t> substring;
    for (const Doc& d : *docs_) {
      const std::string text = Normalize(d.title + " " + d.content);
      if (ContainsWord(text, nq)) truth.insert(d.id);
      if (text.find(nq) != std::string::npos) substring.insert(d.id);
    }
    const Score s = Compare(found, truth);
    const Score sub = Compare(found, substring);
    std::printf(
        "  %-10s truth %4zu  fts %4zu  recall %6.2f%%  precision %6.2f%%  (substring truth %4zu, "
        "recall %6.2f%%)\n",
        q.c_str(), s.truth, s.found, 100 * s.Recall(), 100 * s.Precision(), sub.truth,
        100 * sub.Recall());
    EXPECT_GT(s.truth, 0u) << q;
    EXPECT_GE(s.Recall(), 0.99) << q;
    EXPECT_GE(s.Precision(), 0.99) << q;
  }
}

TEST_F(Fts5Corpus, TraditionalQueryFindsSimplifiedText) {
  const auto simplified = MatchIds(db_, "路灯");
  EXPECT_FALSE(simplified.empty());
  EXPECT_EQ(MatchIds(db_, "路燈"), simplified);
  EXPECT_EQ(MatchIds(db_, "噪音擾民"), MatchIds(db_, "噪音扰民"));
}

TEST_F(Fts5Corpus, HostileQueriesNeverError) {
  const std::vector<std::string> hostile = {
      "\"",          "\"\"\"",
      "水\"",        "AND",
      "OR OR",       "NOT",
      "水 NOT",      "*",
      "水*",         "^水",
      "title:水",    "content : 水",
      "{title}:水",  "-title:水",
      "+水",         "NEAR(水 电, 2)",
      "NEAR",        "(",
      ")",           "((水)",
      "水 OR (电",   ":",
      "::",          "'",
      "' OR 1=1 --", "\\",
      "%",           "_",
      "\x01\x02",    "水\xC3",
      "rowid:1",     "t:水",
      "* OR *",      "水 AND",
      "AND 水",      "水 + 电",
      "\"水\" \"电", "水 NEAR/3 电",
  };
  for (const std::string& q : hostile) {
    const auto expr = BuildMatchExpression(q);
    if (!expr.ok()) continue;
    const Rows rows = Query(db_, "SELECT rowid FROM t WHERE t MATCH ?", {*expr});
    EXPECT_EQ(rows.rc, SQLITE_OK) << q << " → " << *expr << ": " << rows.error;
  }
  // Random queries over an alphabet of syntax characters, operators, CJK and Latin.
  const std::vector<std::string> alphabet = {"\"",    "'",       "*",
                                             "^",     ":",       "(",
                                             ")",     "{",       "}",
                                             "+",     "-",       ",",
                                             " ",     " ",       "AND",
                                             "OR",    "NOT",     "NEAR",
                                             "title", "content", "水",
                                             "路灯",  "噪",      "a",
                                             "KTV",   "１",      "　",
                                             "“",     "”",       "\\",
                                             "/",     "\xE2",    std::string(1, '\0'),
                                             "臺",    "0"};
  std::mt19937 rng(12345);
  int valid = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string q;
    const int n = 1 + static_cast<int>(rng() % 12);
    for (int k = 0; k < n; ++k) q += alphabet[rng() % alphabet.size()];
    const auto expr = BuildMatchExpression(q);
    if (!expr.ok()) {
      EXPECT_TRUE(expr.status().IsInvalid());
      continue;
    }
    ++valid;
    const Rows rows = Query(db_, "SELECT count(*) FROM t WHERE t MATCH ?", {*expr});
    ASSERT_EQ(rows.rc, SQLITE_OK) << q << " → " << *expr << ": " << rows.error;
  }
  EXPECT_GT(valid, 1000);
}

TEST_F(Fts5Corpus, Bm25OrdersByRelevance) {
  const auto expr = BuildMatchExpression("噪音");
  ASSERT_TRUE(expr.ok());
  const Rows rows =
      Query(db_, "SELECT bm25(t) FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT 50", {*expr});
  ASSERT_EQ(rows.rc, SQLITE_OK) << rows.error;
  ASSERT_GT(rows.values.size(), 10u);
  std::vector<double> scores;
  for (const auto& v : rows.values) scores.push_back(std::stod(v));
  EXPECT_TRUE(std::is_sorted(scores.begin(), scores.end()));
  EXPECT_LT(scores.front(), 0.0);  // FTS5's bm25: more relevant = more negative
}

TEST(Fts5Tokenizer, RankingHighlightAndSnippet) {
  Db db = OpenMemoryDb();
  Exec(db.get(), "CREATE VIRTUAL TABLE t USING fts5(title, content, tokenize='hotline')");
  Insert(
      db.get(), "t",
      {{1, "小区路燈不亮", "小区路燈不亮，晚上很黑，老人容易摔倒。"},
       {2, "噪音", "楼下噪音扰民严重，噪音每天到凌晨，噪音！"},
       {3, "其他问题", "我们小区的情况比较复杂，有很多问题需要解决，其中也有楼下噪音扰民的问题。"},
       {4, "Café", "The Café on Main St. is loud; 3号楼电梯坏了"},
       {5, "水", "自来水管爆了，到处是水。"}});
  struct Case {
    std::string query;
    std::string want;  // highlight(t, 1, '[', ']') of the best match
  };
  const Case cases[] = {
      {"路灯", "小区[路燈]不亮，晚上很黑，老人容易摔倒。"},
      {"路燈 不亮", "小区[路燈][不亮]，晚上很黑，老人容易摔倒。"},
      {"\"路灯不亮\"", "小区[路燈不亮]，晚上很黑，老人容易摔倒。"},
      {"噪音扰民", "楼下[噪音扰民]严重，噪音每天到凌晨，噪音！"},
      {"cafe", "The [Café] on Main St. is loud; 3号楼电梯坏了"},
      {"3号楼", "The Café on Main St. is loud; [3号楼]电梯坏了"},
      {"爆", "自来水管[爆]了，到处是水。"},
  };
  for (const Case& c : cases) {
    const auto expr = BuildMatchExpression(c.query);
    ASSERT_TRUE(expr.ok()) << c.query;
    const Rows rows = Query(db.get(),
                            "SELECT highlight(t, 1, '[', ']') FROM t WHERE t MATCH ? "
                            "ORDER BY bm25(t) LIMIT 1",
                            {*expr});
    ASSERT_EQ(rows.rc, SQLITE_OK) << rows.error;
    ASSERT_EQ(rows.values.size(), 1u) << c.query;
    EXPECT_EQ(rows.values[0], c.want) << c.query;
  }
  // bm25: the document about noise (title and three mentions) beats the one mentioning it once.
  const Rows ranked = Query(db.get(), "SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t)",
                            {*BuildMatchExpression("噪音")});
  ASSERT_EQ(ranked.values, (std::vector<std::string>{"2", "3"}));
  // snippet(): original text around the hit, with markers and ellipses.
  const Rows snip = Query(db.get(), "SELECT snippet(t, 1, '[', ']', '…', 6) FROM t WHERE t MATCH ?",
                          {*BuildMatchExpression("问题需要")});
  ASSERT_EQ(snip.values.size(), 1u);
  EXPECT_NE(snip.values[0].find("[问题需要]"), std::string::npos) << snip.values[0];
  EXPECT_NE(snip.values[0].find("…"), std::string::npos) << snip.values[0];
  // Single characters are found with one-character highlights, even inside words.
  const Rows water = Query(db.get(), "SELECT highlight(t, 1, '[', ']') FROM t WHERE t MATCH ?",
                           {*BuildMatchExpression("水")});
  EXPECT_EQ(water.values, (std::vector<std::string>{"自来[水]管爆了，到处是[水]。"}));
}

TEST(Fts5Tokenizer, ArgumentsAndDetailModes) {
  Db db = OpenMemoryDb();
  const Rows bad =
      Query(db.get(), "CREATE VIRTUAL TABLE x USING fts5(a, tokenize='hotline bogus')", {});
  EXPECT_NE(bad.rc, SQLITE_OK);
  // detail=column cannot run phrase queries: the tables must use detail=full (the default).
  Exec(db.get(), "CREATE VIRTUAL TABLE c USING fts5(a, tokenize='hotline', detail=column)");
  Exec(db.get(), "INSERT INTO c(a) VALUES ('路灯不亮')");
  EXPECT_EQ(
      Query(db.get(), "SELECT rowid FROM c WHERE c MATCH ?", {*BuildMatchExpression("水")}).rc,
      SQLITE_OK);
  EXPECT_NE(
      Query(db.get(), "SELECT rowid FROM c WHERE c MATCH ?", {*BuildMatchExpression("路灯")}).rc,
      SQLITE_OK);
  // A connection without the registration cannot use the table.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &raw), SQLITE_OK);
  Db plain(raw);
  EXPECT_NE(Query(plain.get(), "CREATE VIRTUAL TABLE t USING fts5(a, tokenize='hotline')", {}).rc,
            SQLITE_OK);
  EXPECT_TRUE(RegisterTokenizer(plain.get()).ok());
  EXPECT_TRUE(RegisterTokenizer(plain.get()).ok());  // re-registering replaces, harmlessly
}

}  // namespace
}  // namespace hotline::search
