// Case search (CaseQuery::text) as every store backend must provide it: what is found and what
// is not, filters and data scope, ranking, highlights, phone fragments only when allowed, the
// index following updates and failed writes, and a database from before the index.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <set>

#include "src/search/fts5_tokenizer.h"
#include "src/store/sqlite/case_search_sql.h"
#include "src/store/sqlite/fts5_segment.h"
#include "src/store/sqlite/migrations.h"
#include "tests/fakes/test_city.h"

namespace hotline::testing {
namespace {

using namespace hotline::domain;
using store::CaseQuery;
using store::WriteTx;

TimePoint T(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

Case MakeCase(std::string title, std::string content, TimePoint created) {
  Case c;
  c.type = CaseType::kComplaint;
  c.channel = Channel::kPhone;
  c.status = CaseStatus::kNew;
  c.title = std::move(title);
  c.content = std::move(content);
  c.location = {"江城市江东区五一大道197号", "3", std::nullopt, std::nullopt};
  c.created_at = created;
  c.updated_at = created;
  return c;
}

class CaseSearch : public ::testing::Test {
 protected:
  void SetUp() override { store_ = OpenTestStore(dir_.db()); }

  Case Insert(Case c) {
    Status st = store_->Write([&](WriteTx& tx) { return tx.InsertCase(c, 480); });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return c;
  }
  Result<store::CasePage> Search(CaseQuery q) {
    if (q.now == TimePoint{}) q.now = T("2026-11-28T10:00:00+08:00");
    auto tx = store_->Read();
    if (!tx.ok()) return tx.status();
    return (*tx)->ListCases(q);
  }
  // The ids found for `text` (every page), in order.
  std::vector<std::string> Ids(const std::string& text, CaseQuery q = {}) {
    q.text = text;
    std::vector<std::string> out;
    for (int guard = 0; guard < 100; ++guard) {
      auto page = Search(q);
      EXPECT_TRUE(page.ok()) << text << ": " << page.status().ToString();
      if (!page.ok()) break;
      for (const auto& c : page->items) out.push_back(c.id);
      if (page->next_cursor.empty()) break;
      q.cursor = page->next_cursor;
    }
    return out;
  }
  std::set<std::string> IdSet(const std::string& text, CaseQuery q = {}) {
    auto v = Ids(text, q);
    return {v.begin(), v.end()};
  }
  // FTS5's own check that the index matches the text of every case (`with_content`; while cases
  // wait in the search backlog, only that the index is well formed).
  void ExpectIndexConsistent(bool with_content = true) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2(dir_.db().c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
    ASSERT_TRUE(search::RegisterTokenizer(db).ok());
    ASSERT_TRUE(store::sqlite::RegisterCaseSearchFunctions(db).ok());
    char* err = nullptr;
    int rc = sqlite3_exec(db,
                          with_content
                              ? "INSERT INTO case_fts(case_fts, rank) VALUES('integrity-check', 1)"
                              : "INSERT INTO case_fts(case_fts, rank) VALUES('integrity-check', 0)",
                          nullptr, nullptr, &err);
    EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
  }

  TempDir dir_;
  std::unique_ptr<store::sqlite::SqliteStore> store_;
};

TEST_F(CaseSearch, FindsEveryIndexedFieldAndOnlyMatchingCases) {
  const TimePoint t = T("2026-11-20T10:00:00+08:00");
  Case lamp = Insert(MakeCase("路灯不亮", "小区门口的路灯坏了一个月。", t));
  Case water = Insert(MakeCase("停水", "昨天开始没有自来水。", t));
  Case noise = MakeCase("夜间施工", "楼下工地每晚施工。", t);
  noise.reply = "经核查，已责令施工单位停止夜间噪音作业。";
  noise.location.address = "江城市临江区梅溪湖路8号";
  noise = Insert(noise);

  EXPECT_EQ(IdSet("路灯"), std::set<std::string>{lamp.id});
  EXPECT_EQ(IdSet("水"), std::set<std::string>{water.id});          // one character
  EXPECT_EQ(IdSet("噪音"), std::set<std::string>{noise.id});        // only in the reply
  EXPECT_EQ(IdSet("梅溪湖"), std::set<std::string>{noise.id});      // only in the address
  EXPECT_EQ(IdSet(water.number), std::set<std::string>{water.id});  // the case number
  EXPECT_EQ(IdSet("五一大道").size(), 2u);
  EXPECT_TRUE(IdSet("垃圾").empty());
}

TEST_F(CaseSearch, FoldsLatinAndTraditionalAndKeepsNumbers) {
  const TimePoint t = T("2026-11-20T10:00:00+08:00");
  Case a = Insert(MakeCase("WiFi 信号差", "Café 门口 ＡＢＣ 公司 3号楼 路灯", t));
  EXPECT_EQ(IdSet("wifi"), std::set<std::string>{a.id});
  EXPECT_EQ(IdSet("CAFE"), std::set<std::string>{a.id});
  EXPECT_EQ(IdSet("abc"), std::set<std::string>{a.id});
  EXPECT_EQ(IdSet("路燈"), std::set<std::string>{a.id});  // traditional finds simplified
  EXPECT_EQ(IdSet("3号楼"), std::set<std::string>{a.id});
  EXPECT_TRUE(IdSet("4号楼").empty());
}

TEST_F(CaseSearch, PhrasesAndOperators) {
  const TimePoint t = T("2026-11-20T10:00:00+08:00");
  Case a = Insert(MakeCase("噪音扰民", "广场舞噪音扰民", t));
  Case b = Insert(MakeCase("扰民", "噪音很大，严重扰民", t));
  Case c = Insert(MakeCase("路灯", "路灯不亮", t));
  EXPECT_EQ(IdSet("\"噪音扰民\""), std::set<std::string>{a.id});
  EXPECT_EQ(IdSet("噪音 扰民"), (std::set<std::string>{a.id, b.id}));
  EXPECT_EQ(IdSet("噪音 AND 扰民"), (std::set<std::string>{a.id, b.id}));
  EXPECT_EQ(IdSet("广场舞 OR 路灯"), (std::set<std::string>{a.id, c.id}));
  EXPECT_EQ(IdSet("噪音 NOT 广场舞"), std::set<std::string>{b.id});
  for (const char* bad : {"", "NOT", "(((", "\"", "***", "AND OR"}) {
    CaseQuery q;
    q.text = bad;
    if (q.text.empty()) continue;
    auto page = Search(q);
    ASSERT_FALSE(page.ok()) << bad;
    EXPECT_TRUE(page.status().IsInvalid()) << bad;
  }
  // Syntax of FTS5 is literal text: never an error, never a column filter.
  for (const char* odd :
       {"title:路灯", "{title}: x", "路灯*", "NEAR(路灯 不亮)", "-content:水", "^路灯"}) {
    CaseQuery q;
    q.text = odd;
    EXPECT_TRUE(Search(q).ok()) << odd;
  }
}

TEST_F(CaseSearch, CombinesWithFiltersAndDataScope) {
  Case old_new = MakeCase("路灯", "路灯不亮", T("2026-10-01T10:00:00+08:00"));
  old_new = Insert(old_new);
  Case recent = MakeCase("路灯", "路灯不亮", T("2026-11-20T10:00:00+08:00"));
  recent.status = CaseStatus::kDispatched;
  recent.location.district_id = "4";
  Assignment a;
  a.id = "a1";
  a.unit_id = "9";
  a.role = AssignmentRole::kLead;
  a.assigned_at = recent.created_at;
  a.due_at = a.warn_at = a.sign_due_at = a.contact_due_at =
      recent.created_at + std::chrono::hours(72);
  recent.assignments = {a};
  recent = Insert(recent);

  CaseQuery q;
  q.statuses = {CaseStatus::kDispatched};
  EXPECT_EQ(IdSet("路灯", q), std::set<std::string>{recent.id});
  q = {};
  q.district_id = "3";
  EXPECT_EQ(IdSet("路灯", q), std::set<std::string>{old_new.id});
  q = {};
  q.from = T("2026-11-01T00:00:00+08:00");
  EXPECT_EQ(IdSet("路灯", q), std::set<std::string>{recent.id});
  q = {};
  q.to = T("2026-11-01T00:00:00+08:00");
  EXPECT_EQ(IdSet("路灯", q), std::set<std::string>{old_new.id});
  q = {};
  q.scope_unit_ids = std::vector<std::string>{"9"};
  EXPECT_EQ(IdSet("路灯", q), std::set<std::string>{recent.id});
  q.scope_unit_ids = std::vector<std::string>{"8"};
  EXPECT_TRUE(IdSet("路灯", q).empty());
  q = {};
  q.unit_ids = {"9"};
  EXPECT_EQ(IdSet("路灯", q), std::set<std::string>{recent.id});
  // Every sort order, with the total counted under the filters.
  for (auto sort : {CaseQuery::Sort::kCreatedAsc, CaseQuery::Sort::kDueAsc,
                    CaseQuery::Sort::kUpdatedDesc, CaseQuery::Sort::kCreatedDesc}) {
    q = {};
    q.sort = sort;
    q.text = "路灯";
    auto page = Search(q);
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->total, 2);
    EXPECT_EQ(page->items.size(), 2u);
    q.district_id = "4";
    page = Search(q);
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->total, 1);
  }
}

TEST_F(CaseSearch, RanksByRelevanceAndRecency) {
  const TimePoint t = T("2026-11-20T10:00:00+08:00");
  Case weak = Insert(
      MakeCase("小区环境", "门口有一盏路灯，楼道很脏，垃圾很多，绿化带被占用，车辆乱停。", t));
  Case strong =
      Insert(MakeCase("路灯不亮", "路灯坏了，路灯杆也歪了。", t - std::chrono::hours(24 * 30)));
  auto ids = Ids("路灯");
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[0], strong.id);  // in the title and three times, though a month older
  // The same text: the newer case first; a much older one last.
  Case old_copy = Insert(MakeCase("噪音扰民", "广场舞噪音扰民", T("2024-01-01T10:00:00+08:00")));
  Case new_copy = Insert(MakeCase("噪音扰民", "广场舞噪音扰民", t));
  Case older_id_newer_date = MakeCase("噪音扰民", "广场舞噪音扰民", t - std::chrono::hours(24));
  older_id_newer_date = Insert(older_id_newer_date);
  ids = Ids("噪音扰民");
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_EQ(ids[0], new_copy.id);
  EXPECT_EQ(ids[2], old_copy.id);
}

TEST_F(CaseSearch, HighlightsTheMatchedWordsOfEachField) {
  Case c = MakeCase("路灯不亮", "小区门口的路灯坏了一个月，晚上出行很不方便。",
                    T("2026-11-20T10:00:00+08:00"));
  c.citizen = {"张三", "13912345678", "", ""};
  c = Insert(c);
  CaseQuery q;
  q.text = "路灯";
  auto page = Search(q);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->highlights.size(), 1u);
  const auto& fields = page->highlights[0];
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0].field, "title");
  EXPECT_EQ(fields[0].segments,
            (std::vector<store::HighlightSegment>{{"路灯", true}, {"不亮", false}}));
  EXPECT_EQ(fields[1].field, "content");
  std::string joined, hits;
  for (const auto& s : fields[1].segments) {
    joined += s.text;
    if (s.hit) hits += s.text;
  }
  EXPECT_EQ(joined, c.content);
  EXPECT_EQ(hits, "路灯");
  // The citizen's name and number are not indexed and never highlighted.
  EXPECT_TRUE(IdSet("张三").empty());
}

TEST_F(CaseSearch, PhoneFragmentsOnlyWhenAllowedAndNeverStoredInClear) {
  const TimePoint t = T("2026-11-20T10:00:00+08:00");
  Case a = MakeCase("咨询", "社保卡办理", t);
  a.citizen = {"李四", "139-1234-5678", "", ""};
  a = Insert(a);
  Case b = MakeCase("咨询", "医保报销", t);
  b.citizen = {"王五", "13800001111", "", ""};
  b = Insert(b);
  CaseQuery allowed;
  allowed.text_phone_fragments = true;
  EXPECT_EQ(IdSet("5678", allowed), std::set<std::string>{a.id});
  EXPECT_EQ(IdSet("1234 5678", allowed), std::set<std::string>{a.id});
  EXPECT_EQ(IdSet("13912345678", allowed), std::set<std::string>{a.id});
  EXPECT_EQ(IdSet("0000", allowed), std::set<std::string>{b.id});
  EXPECT_TRUE(IdSet("9999", allowed).empty());
  EXPECT_TRUE(IdSet("5679", allowed).empty());
  CaseQuery denied;  // text_phone_fragments = false
  EXPECT_TRUE(IdSet("5678", denied).empty());
  EXPECT_TRUE(IdSet("13912345678", denied).empty());
  // Neither the whole number nor any fragment of it is anywhere in the files in clear.
  store_.reset();
  for (const char* file : {"/hotline.db", "/hotline.db-wal"}) {
    std::ifstream in(dir_.path() + file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(bytes.find("12345678"), std::string::npos) << file;
    EXPECT_EQ(bytes.find("00001111"), std::string::npos) << file;
  }
}

TEST_F(CaseSearch, UpdatesReindexAndFailedWritesLeaveNoTrace) {
  Case c = Insert(MakeCase("路灯不亮", "路灯坏了", T("2026-11-20T10:00:00+08:00")));
  EXPECT_EQ(IdSet("路灯"), std::set<std::string>{c.id});
  // The unit replies: found by the reply; the content change replaces the old words.
  Case next = c;
  next.version = c.version + 1;
  next.title = "井盖缺失";
  next.content = "人行道井盖缺失";
  next.reply = "已安排维修人员更换井盖。";
  ASSERT_TRUE(store_->Write([&](WriteTx& tx) { return tx.UpdateCase(next, c.version); }).ok());
  EXPECT_TRUE(IdSet("路灯").empty());
  EXPECT_EQ(IdSet("维修人员"), std::set<std::string>{c.id});
  EXPECT_EQ(IdSet("井盖"), std::set<std::string>{c.id});
  // A status-only update keeps the entry.
  Case status_only = next;
  status_only.version = next.version + 1;
  status_only.status = CaseStatus::kClosed;
  ASSERT_TRUE(
      store_->Write([&](WriteTx& tx) { return tx.UpdateCase(status_only, next.version); }).ok());
  EXPECT_EQ(IdSet("井盖"), std::set<std::string>{c.id});
  // A stale update changes nothing.
  Case stale = next;
  stale.content = "垃圾清运";
  Status st = store_->Write([&](WriteTx& tx) { return tx.UpdateCase(stale, c.version); });
  EXPECT_TRUE(st.IsConflict()) << st.ToString();
  EXPECT_TRUE(IdSet("垃圾").empty());
  // A write that fails after inserting and updating leaves neither entry behind.
  st = store_->Write([&](WriteTx& tx) -> Status {
    Case extra = MakeCase("噪音", "工地噪音", T("2026-11-21T10:00:00+08:00"));
    extra.citizen = {"赵六", "13722223333", "", ""};
    HOTLINE_RETURN_IF_ERROR(tx.InsertCase(extra, 480));
    Case changed = status_only;
    changed.version = status_only.version + 1;
    changed.content = "噪音";
    HOTLINE_RETURN_IF_ERROR(tx.UpdateCase(changed, status_only.version));
    return Status::Invalid("rolled back on purpose");
  });
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(IdSet("噪音").empty());
  CaseQuery phones;
  phones.text_phone_fragments = true;
  EXPECT_TRUE(IdSet("2222", phones).empty());
  EXPECT_EQ(IdSet("井盖"), std::set<std::string>{c.id});
  store_.reset();
  ExpectIndexConsistent();
}

// Filters with a query (issue 5: the filters are index terms, migration 0015): for random
// combinations of status, district, category and registration dates, the ranked search returns
// exactly the query's matches that pass the filters (a brute-force filter of the unfiltered
// results), in the unfiltered ranking's order, with the same total — also after cases close,
// reopen and move to another district or category, and with a range that cuts days in half.
TEST_F(CaseSearch, FiltersGiveExactlyTheQueryMatchesThatPassThem) {
  std::mt19937_64 rng(11);
  const CaseStatus statuses[] = {CaseStatus::kNew, CaseStatus::kDispatched, CaseStatus::kInProgress,
                                 CaseStatus::kClosed, CaseStatus::kInvalid};
  const char* districts[] = {"3", "4", "5"};
  const char* categories[] = {"", "c1", "c2"};
  const char* texts[] = {"路灯不亮", "小区路灯坏了", "噪音扰民", "路灯和噪音"};
  const TimePoint base = T("2025-10-15T00:00:00+08:00");
  std::vector<Case> cases;
  for (int i = 0; i < 240; ++i) {
    // Registration times in random order of ids (imports with past dates), 14 months.
    Case c = MakeCase(texts[rng() % 4], texts[rng() % 4],
                      base + std::chrono::minutes(int64_t(rng() % (60 * 24 * 420))));
    c.status = statuses[rng() % 5];
    c.location.district_id = districts[rng() % 3];
    c.category_id = categories[rng() % 3];
    cases.push_back(Insert(c));
  }
  // Some cases change status kind, district or category afterwards.
  for (int i = 0; i < 60; ++i) {
    Case& c = cases[rng() % cases.size()];
    Case next = c;
    next.version = c.version + 1;
    next.status = statuses[rng() % 5];
    if (rng() % 3 == 0) next.location.district_id = districts[rng() % 3];
    if (rng() % 3 == 0) next.category_id = categories[rng() % 3];
    ASSERT_TRUE(store_->Write([&](WriteTx& tx) { return tx.UpdateCase(next, c.version); }).ok());
    c = next;
  }
  std::map<std::string, const Case*> by_id;
  for (const auto& c : cases) by_id[c.id] = &c;
  for (const char* word : {"路灯", "噪音"}) {
    const std::vector<std::string> all = Ids(word, {});
    for (int round = 0; round < 120; ++round) {
      CaseQuery q;
      q.limit = 7;
      if (rng() % 2) {
        q.statuses = {statuses[rng() % 5]};
        if (rng() % 3 == 0) q.statuses.push_back(statuses[rng() % 5]);
      }
      if (rng() % 3 == 0) q.district_id = districts[rng() % 3];
      if (rng() % 3 == 0) q.category_ids = {categories[1 + rng() % 2]};
      if (rng() % 2) q.from = base + std::chrono::minutes(int64_t(rng() % (60 * 24 * 420)));
      if (rng() % 3 == 0)
        q.to = base + std::chrono::hours(24 * int64_t(rng() % 430));  // midnight in UTC+8
      std::vector<std::string> want;
      for (const auto& id : all) {
        const Case& c = *by_id.at(id);
        if (!q.statuses.empty() &&
            std::find(q.statuses.begin(), q.statuses.end(), c.status) == q.statuses.end())
          continue;
        if (!q.district_id.empty() && c.location.district_id != q.district_id) continue;
        if (!q.category_ids.empty() && c.category_id != q.category_ids[0]) continue;
        if (q.from && c.created_at < *q.from) continue;
        if (q.to && c.created_at >= *q.to) continue;
        want.push_back(id);
      }
      EXPECT_EQ(Ids(word, q), want) << word << " round " << round;
      q.text = word;
      auto page = Search(q);
      ASSERT_TRUE(page.ok());
      EXPECT_EQ(page->total, int64_t(want.size())) << word << " round " << round;
    }
  }
  store_.reset();
  ExpectIndexConsistent();
}

// A bulk load in kDeferred mode leaves its cases out of the index and in the search backlog (same
// transaction); IndexSearchBacklog catches up in chunks; updates of cases still waiting do not
// touch the index; cases written normally meanwhile are indexed at once.
TEST_F(CaseSearch, DeferredBulkLoadIsIndexedFromTheBacklog) {
  auto backlog = [&] {
    auto tx = store_->Read();
    EXPECT_TRUE(tx.ok());
    return *(*tx)->SearchBacklog();
  };
  ASSERT_TRUE(store_
                  ->Write([](WriteTx& tx) {
                    return tx.SetSearchIndexMode(WriteTx::SearchIndexMode::kDeferred);
                  })
                  .ok());
  std::vector<Case> bulk;
  for (int batch = 0; batch < 3; ++batch) {
    ASSERT_TRUE(store_
                    ->Write([&](WriteTx& tx) -> Status {
                      for (int i = 0; i < 10; ++i) {
                        Case c = MakeCase("积水 " + std::to_string(batch * 10 + i),
                                          "小区门口道路积水", T("2026-11-20T10:00:00+08:00"));
                        HOTLINE_RETURN_IF_ERROR(tx.InsertCase(c, 480));
                        bulk.push_back(c);
                      }
                      return Status::Ok();
                    })
                    .ok());
  }
  // A failed bulk batch leaves neither cases nor backlog behind.
  Status failed = store_->Write([&](WriteTx& tx) -> Status {
    Case c = MakeCase("积水", "回滚", T("2026-11-20T10:00:00+08:00"));
    HOTLINE_RETURN_IF_ERROR(tx.InsertCase(c, 480));
    return Status::Invalid("rolled back on purpose");
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(backlog(), 30);
  EXPECT_TRUE(IdSet("积水").empty());
  ASSERT_TRUE(store_
                  ->Write([](WriteTx& tx) {
                    return tx.SetSearchIndexMode(WriteTx::SearchIndexMode::kNormal);
                  })
                  .ok());
  // Written normally after the load: indexed at once.
  Case live = Insert(MakeCase("路面积水", "下雨后路面积水", T("2026-11-21T10:00:00+08:00")));
  EXPECT_EQ(IdSet("积水"), std::set<std::string>{live.id});
  // A waiting case changes: the index is not touched now, and gets the new text later.
  Case changed = bulk[3];
  changed.version = bulk[3].version + 1;
  changed.content = "井盖缺失";
  ASSERT_TRUE(
      store_->Write([&](WriteTx& tx) { return tx.UpdateCase(changed, bulk[3].version); }).ok());
  EXPECT_TRUE(IdSet("井盖").empty());
  int64_t left = -1;
  int chunks = 0;
  // Newest first: after one chunk, the 7 most recent of the load are found, the older ones not yet.
  ASSERT_TRUE(store_
                  ->Write([&](WriteTx& tx) -> Status {
                    HOTLINE_ASSIGN_OR_RETURN(left, tx.IndexSearchBacklog(7));
                    return Status::Ok();
                  })
                  .ok());
  ++chunks;
  EXPECT_EQ(left, 23);
  {
    std::set<std::string> first{live.id};
    for (size_t i = bulk.size() - 7; i < bulk.size(); ++i) first.insert(bulk[i].id);
    EXPECT_EQ(IdSet("积水"), first);
  }
  while (left != 0 && chunks < 100) {
    ASSERT_TRUE(store_
                    ->Write([&](WriteTx& tx) -> Status {
                      HOTLINE_ASSIGN_OR_RETURN(left, tx.IndexSearchBacklog(7));
                      return Status::Ok();
                    })
                    .ok());
    ++chunks;
  }
  EXPECT_EQ(chunks, 5);  // 30 cases, 7 at a time
  EXPECT_EQ(backlog(), 0);
  // The many small segments the chunks wrote are merged in bounded steps until nothing is left.
  bool more = true;
  int merges = 0;
  while (more && merges < 100) {
    ASSERT_TRUE(store_
                    ->Write([&](WriteTx& tx) -> Status {
                      HOTLINE_ASSIGN_OR_RETURN(more, tx.MergeSearchIndex(10));
                      return Status::Ok();
                    })
                    .ok());
    ++merges;
  }
  EXPECT_FALSE(more);
  EXPECT_GT(merges, 1);
  std::set<std::string> want{live.id};
  for (const auto& c : bulk) want.insert(c.id);
  EXPECT_EQ(IdSet("积水"), want);
  EXPECT_EQ(IdSet("井盖"), std::set<std::string>{bulk[3].id});
  // Once indexed, updates reindex as usual.
  Case again = changed;
  again.version = changed.version + 1;
  again.content = "路灯不亮";
  ASSERT_TRUE(
      store_->Write([&](WriteTx& tx) { return tx.UpdateCase(again, changed.version); }).ok());
  EXPECT_TRUE(IdSet("井盖").empty());
  EXPECT_EQ(IdSet("路灯"), std::set<std::string>{bulk[3].id});
  store_.reset();
  ExpectIndexConsistent();
}

TEST_F(CaseSearch, PagesPastTheRankedPoolInDateOrder) {
  // More matches than the ranked pool (1,000): every match exactly once over the pages.
  ASSERT_TRUE(store_
                  ->Write([&](WriteTx& tx) -> Status {
                    TimePoint t = T("2026-01-01T10:00:00+08:00");
                    for (int i = 0; i < 1130; ++i) {
                      Case c = MakeCase("路灯", i % 3 == 0 ? "路灯 路灯 路灯" : "门口路灯",
                                        t + std::chrono::minutes(i));
                      HOTLINE_RETURN_IF_ERROR(tx.InsertCase(c, 480));
                    }
                    return Status::Ok();
                  })
                  .ok());
  CaseQuery q;
  q.limit = 300;
  auto ids = Ids("路灯", q);
  EXPECT_EQ(ids.size(), 1130u);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 1130u);
  q.text = "路灯";
  auto first = Search(q);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->total, 1130);
  CaseQuery bad = q;
  bad.cursor = "r:x";
  EXPECT_TRUE(Search(bad).status().IsInvalid());
  bad.cursor = "12:34";
  EXPECT_TRUE(Search(bad).status().IsInvalid());
}

// A data directory from before migration 0002: opening it indexes every case (through the search
// backlog since 0015) and its phone.
TEST(CaseSearchMigration, IndexesExistingCases) {
  TempDir dir;
  {
    auto db = store::sqlite::Db::Open(dir.db(), store::sqlite::Db::Mode::kWriter);
    ASSERT_TRUE(db.ok());
    const auto& all = store::sqlite::Migrations();
    ASSERT_GE(all.size(), 2u);
    ASSERT_TRUE((*db)->Exec(all[0].sql).ok());
    ASSERT_TRUE(
        (*db)
            ->Exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT "
                   "NOT NULL, applied_at TEXT NOT NULL DEFAULT '');"
                   "INSERT INTO schema_migrations(version, name) VALUES (1, '0001_initial')")
            .ok());
    PiiCipher cipher = TestCipher();
    auto st = (*db)->Prepare(
        "t",
        "INSERT INTO cases(id, number, status, type, channel, created_at, updated_at, version, "
        "title, content, doc, phone_hash, citizen) VALUES (7, '2611200001', 'closed', 'help', "
        "'phone', 0, 0, 3, '停水', '整栋楼停水三天', ?1, ?2, ?3)");
    ASSERT_TRUE(st.ok());
    (*st)->Bind(
        1, std::string(R"({"reply":"已恢复供水","reply_to_citizen":"已恢复供水",)"
                       R"("location":{"address":"江城市临江区梅溪湖路8号"},"assignments":[]})"));
    (*st)->Bind(2, cipher.KeyedHash("13512345678"));
    (*st)->BindBlob(3, cipher.Seal(R"({"name":"钱七","phone":"13512345678"})"));
    ASSERT_TRUE((*st)->Exec().ok());
  }
  auto store = OpenTestStore(dir.db());
  // Migration 0015 rebuilds the index through the search backlog, as `hotline serve` does in
  // the background.
  {
    auto tx = store->Read();
    ASSERT_TRUE(tx.ok());
    EXPECT_EQ(*(*tx)->SearchBacklog(), 1);
  }
  ASSERT_TRUE(store
                  ->Write([](WriteTx& tx) -> Status {
                    int64_t left = 1;
                    while (left > 0) {
                      HOTLINE_ASSIGN_OR_RETURN(left, tx.IndexSearchBacklog(100));
                    }
                    return Status::Ok();
                  })
                  .ok());
  auto tx = store->Read();
  ASSERT_TRUE(tx.ok());
  for (const char* text : {"停水", "恢复供水", "梅溪湖", "2611200001"}) {
    CaseQuery q;
    q.text = text;
    auto page = (*tx)->ListCases(q);
    ASSERT_TRUE(page.ok()) << text;
    ASSERT_EQ(page->items.size(), 1u) << text;
    EXPECT_EQ(page->items[0].id, "7");
  }
  CaseQuery q;
  q.text = "5678";
  q.text_phone_fragments = true;
  auto page = (*tx)->ListCases(q);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
}

// ---- Bulk indexing (Store::BulkIndexSearchBacklog; store/sqlite/search_bulk.h) ----

// Everything the index holds: every token instance, each row's token counts, the totals.
std::string IndexDump(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) return "";
  EXPECT_TRUE(search::RegisterTokenizer(db).ok());
  EXPECT_TRUE(store::sqlite::RegisterCaseSearchFunctions(db).ok());
  std::string out;
  auto dump = [&](const char* sql) {
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    while (sqlite3_step(st) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        const auto* text = sqlite3_column_text(st, c);
        out += text != nullptr ? reinterpret_cast<const char*>(text) : "∅";
        out += '|';
      }
      out += '\n';
    }
    sqlite3_finalize(st);
  };
  EXPECT_EQ(
      sqlite3_exec(db, "CREATE VIRTUAL TABLE temp.inst USING fts5vocab(main, case_fts, instance)",
                   nullptr, nullptr, nullptr),
      SQLITE_OK);
  dump("SELECT hex(term), doc, col, offset FROM temp.inst ORDER BY term, doc, col, offset");
  dump("SELECT id, hex(sz) FROM case_fts_docsize ORDER BY id");
  dump("SELECT hex(block) FROM case_fts_data WHERE id = 1");
  sqlite3_close(db);
  return out;
}

// Text of every kind the tokenizer handles: CJK characters and bigrams, Latin words (some longer
// than 8 bytes), numbers, full-width forms, punctuation, long runs that give a term many pages.
std::string RandomText(std::mt19937& rng, int words) {
  static const std::vector<std::string> pieces = {"路灯",   "不亮",        "小区",
                                                  "门口",   "噪音",        "扰民",
                                                  "积水",   "物业",        "收费",
                                                  "停车",   "广场舞",      "营业执照",
                                                  "水",     "电",          "路",
                                                  "的",     "了",          "，",
                                                  "。",     "Wi-Fi",       "ＡＢＣ",
                                                  "café",   "elevator",    "maintenance",
                                                  "2026",   "13800138000", "10kV",
                                                  "HL2026", "臺灣",        "學校",
                                                  "😀",      "a",           "internationalization"};
  std::string s;
  for (int i = 0; i < words; ++i) {
    s += pieces[rng() % pieces.size()];
    if (rng() % 4 == 0) s += ' ';
  }
  return s;
}

TEST_F(CaseSearch, BulkIndexWritesWhatFts5Writes) {
  std::mt19937 rng(20261129);
  auto write = [&](auto fn) {
    Status st = store_->Write(fn);
    ASSERT_TRUE(st.ok()) << st.ToString();
  };
  // Some cases indexed as they are written: the index has a segment and totals already.
  std::vector<Case> live;
  for (int i = 0; i < 20; ++i)
    live.push_back(Insert(MakeCase(RandomText(rng, 3), RandomText(rng, 20),
                                   T("2026-11-01T10:00:00+08:00") + std::chrono::hours(i))));
  // A bulk load: cases in the backlog.
  write([](WriteTx& tx) { return tx.SetSearchIndexMode(WriteTx::SearchIndexMode::kDeferred); });
  std::vector<Case> bulk;
  for (int batch = 0; batch < 4; ++batch)
    write([&](WriteTx& tx) -> Status {
      for (int i = 0; i < 150; ++i) {
        Case c = MakeCase(RandomText(rng, 4), RandomText(rng, 5 + int(rng() % 400)),
                          T("2026-10-01T10:00:00+08:00") + std::chrono::minutes(batch * 1000 + i));
        if (i % 7 == 0) c.reply = RandomText(rng, 30);
        if (i % 11 == 0) c.content.clear();
        c.status = i % 3 == 0 ? CaseStatus::kClosed : CaseStatus::kNew;
        HOTLINE_RETURN_IF_ERROR(tx.InsertCase(c, 480));
        bulk.push_back(c);
      }
      return Status::Ok();
    });
  write([](WriteTx& tx) { return tx.SetSearchIndexMode(WriteTx::SearchIndexMode::kNormal); });

  // Too few for the bulk path: nothing happens.
  store::Store::BulkSearchIndexOptions small;
  small.min_cases = 601;
  auto none = store_->BulkIndexSearchBacklog(small);
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_EQ(none->indexed, 0);
  EXPECT_EQ(none->left, 600);

  // Indexed in bulk, with small runs (several per thread); one case changes meanwhile.
  Case changed = bulk[123];
  store::Store::BulkSearchIndexOptions o;
  o.threads = 2;
  o.min_cases = 600;
  o.memory_bytes = 1;  // the smallest runs there are
  o.before_link = [&] {
    Case c = changed;
    c.version = changed.version + 1;
    c.content = "井盖缺失 manhole";
    Status st = store_->Write([&](WriteTx& tx) { return tx.UpdateCase(c, changed.version); });
    EXPECT_TRUE(st.ok()) << st.ToString();
    changed = c;
    // A search on the writer's connection: FTS5 there now holds the structure record in memory.
    st = store_->Write([&](WriteTx& tx) -> Status {
      CaseQuery q;
      q.text = "路灯";
      q.now = T("2026-11-28T10:00:00+08:00");
      return tx.ListCases(q).status();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
  };
  auto r = store_->BulkIndexSearchBacklog(o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->indexed, 599);
  EXPECT_EQ(r->left_out, 1);
  EXPECT_EQ(r->left, 1);  // the changed case waits for IndexSearchBacklog, with its new text
  EXPECT_TRUE(IdSet("井盖").empty());
  {
    SCOPED_TRACE("after the bulk write");
    ExpectIndexConsistent(/*with_content=*/false);  // the changed case waits in the backlog
  }
  // Written normally after the bulk write (FTS5 on the writer must see the new segment, or its
  // next flush would write the old structure back and lose it).
  Case after = Insert(MakeCase("井盖松动", "人行道井盖松动", T("2026-11-27T10:00:00+08:00")));
  write([&](WriteTx& tx) -> Status { return tx.IndexSearchBacklog(100).status(); });
  EXPECT_EQ(IdSet("井盖"), (std::set<std::string>{changed.id, after.id}));
  EXPECT_EQ(IdSet("manhole"), std::set<std::string>{changed.id});
  {
    SCOPED_TRACE("after writes that follow it");
    ExpectIndexConsistent();
  }

  // The same index FTS5 builds from the same cases, to the token, and the same answers.
  std::map<std::string, std::vector<std::string>> answers;
  for (const char* q :
       {"路灯", "水", "小区 噪音", "\"路灯 不亮\"", "maintenance", "internationalization", "cafe",
        "台湾", "2026", "10kv", "营业执照 OR 停车", "物业 NOT 收费"})
    answers[q] = Ids(q);
  EXPECT_FALSE(answers["路灯"].empty());
  const std::string bulk_dump = IndexDump(dir_.db());
  store_.reset();
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2(dir_.db().c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
    ASSERT_TRUE(search::RegisterTokenizer(db).ok());
    ASSERT_TRUE(store::sqlite::RegisterCaseSearchFunctions(db).ok());
    ASSERT_EQ(sqlite3_exec(db, "INSERT INTO case_fts(case_fts) VALUES('rebuild')", nullptr, nullptr,
                           nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  EXPECT_EQ(IndexDump(dir_.db()), bulk_dump);
  store_ = OpenTestStore(dir_.db());
  for (const auto& [q, ids] : answers) EXPECT_EQ(Ids(q), ids) << q;
}

// A bulk write refuses rows that are already in the index (the backlog's promise broken), and
// changes nothing.
TEST_F(CaseSearch, BulkIndexRefusesRowsAlreadyIndexed) {
  ASSERT_TRUE(store_
                  ->Write([](WriteTx& tx) {
                    return tx.SetSearchIndexMode(WriteTx::SearchIndexMode::kDeferred);
                  })
                  .ok());
  for (int i = 0; i < 5; ++i) {
    Case c = MakeCase("积水", "小区门口道路积水", T("2026-11-20T10:00:00+08:00"));
    ASSERT_TRUE(store_->Write([&](WriteTx& tx) { return tx.InsertCase(c, 480); }).ok());
  }
  ASSERT_TRUE(store_
                  ->Write([](WriteTx& tx) {
                    return tx.SetSearchIndexMode(WriteTx::SearchIndexMode::kNormal);
                  })
                  .ok());
  store::Store::BulkSearchIndexOptions o;
  o.min_cases = 1;
  o.before_link = [&] {
    // Indexed behind the bulk build's back (IndexSearchBacklog empties the backlog too, so put
    // the range back as if it had not).
    Status st = store_->Write([](WriteTx& tx) -> Status {
      HOTLINE_RETURN_IF_ERROR(tx.IndexSearchBacklog(100).status());
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok());
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2(dir_.db().c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    ASSERT_EQ(sqlite3_exec(db,
                           "INSERT INTO search_backlog(from_id, to_id) SELECT MIN(id), MAX(id) "
                           "FROM cases",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  };
  auto r = store_->BulkIndexSearchBacklog(o);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("already in the search index"), std::string::npos)
      << r.status().ToString();
  EXPECT_EQ(IdSet("积水").size(), 5u);
  ExpectIndexConsistent();
}

// A bulk write that fails while it writes the segment (here: a page's id is taken) is rolled back
// whole: the cases stay in the backlog, nothing of the segment remains, and the next attempt
// succeeds.
TEST_F(CaseSearch, BulkIndexFailingMidSegmentChangesNothing) {
  auto exec = [&](const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2(dir_.db().c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK)
        << sql << ": " << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
  };
  ASSERT_TRUE(store_
                  ->Write([](WriteTx& tx) {
                    return tx.SetSearchIndexMode(WriteTx::SearchIndexMode::kDeferred);
                  })
                  .ok());
  std::mt19937 rng(5);
  ASSERT_TRUE(store_
                  ->Write([&](WriteTx& tx) -> Status {
                    for (int i = 0; i < 300; ++i) {
                      Case c = MakeCase("积水 " + RandomText(rng, 3), RandomText(rng, 200),
                                        T("2026-11-20T10:00:00+08:00"));
                      HOTLINE_RETURN_IF_ERROR(tx.InsertCase(c, 480));
                    }
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_TRUE(store_
                  ->Write([](WriteTx& tx) {
                    return tx.SetSearchIndexMode(WriteTx::SearchIndexMode::kNormal);
                  })
                  .ok());
  // The bulk write will take the lowest free segment id; its 30th page's id is taken.
  const int64_t taken = store::sqlite::fts5::SegmentPageId(1, 30);
  store::Store::BulkSearchIndexOptions o;
  o.min_cases = 1;
  o.before_link = [&] {
    exec("INSERT INTO case_fts_data(id, block) VALUES(" + std::to_string(taken) + ", x'00')");
  };
  auto r = store_->BulkIndexSearchBacklog(o);
  EXPECT_FALSE(r.ok());
  {
    auto tx = store_->Read();
    ASSERT_TRUE(tx.ok());
    EXPECT_EQ(*(*tx)->SearchBacklog(), 300);
  }
  EXPECT_TRUE(IdSet("积水").empty());
  // Only the planted row has that segment's ids; no %_docsize row was kept.
  std::string count;
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2(dir_.db().c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(
        sqlite3_prepare_v2(db,
                           ("SELECT (SELECT COUNT(*) FROM case_fts_data WHERE id BETWEEN " +
                            std::to_string(store::sqlite::fts5::SegmentPageId(1, 0)) + " AND " +
                            std::to_string(store::sqlite::fts5::SegmentPageId(2, 0) - 1) +
                            "), (SELECT COUNT(*) FROM case_fts_docsize)")
                               .c_str(),
                           -1, &st, nullptr),
        SQLITE_OK);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    count =
        std::to_string(sqlite3_column_int(st, 0)) + "/" + std::to_string(sqlite3_column_int(st, 1));
    sqlite3_finalize(st);
    sqlite3_close(db);
  }
  EXPECT_EQ(count, "1/0");
  exec("DELETE FROM case_fts_data WHERE id = " + std::to_string(taken));
  o.before_link = nullptr;
  r = store_->BulkIndexSearchBacklog(o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->indexed, 300);
  EXPECT_EQ(IdSet("积水").size(), 300u);
  ExpectIndexConsistent();
}

}  // namespace
}  // namespace hotline::testing
