// The FTS5 segment writer against FTS5 itself: a table whose index this writer wrote must pass
// FTS5's integrity-check and hold, and answer, exactly what FTS5 writes for the same rows — with
// pages small enough that doclists span many pages and their doclist indexes need several levels.
#include "src/store/sqlite/fts5_segment.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace hotline::store::sqlite::fts5 {
namespace {

TEST(Fts5Varint, RoundTripsSqliteVarints) {
  for (uint64_t v : {uint64_t{0}, uint64_t{1}, uint64_t{127}, uint64_t{128}, uint64_t{16383},
                     uint64_t{16384}, uint64_t{2097151}, uint64_t{1} << 35, uint64_t{1} << 56,
                     (uint64_t{1} << 56) - 1, ~uint64_t{0}}) {
    std::string s;
    AppendVarint(s, v);
    uint64_t back = 0;
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    EXPECT_EQ(GetVarint(p, p + s.size(), &back), int(s.size())) << v;
    EXPECT_EQ(back, v);
    EXPECT_EQ(GetVarint(p, p + s.size() - 1, &back), 0) << "truncated " << v;
  }
}

TEST(Fts5Doclist, ReadsRowsAndRefusesATruncatedOne) {
  std::string doclist;
  AppendVarint(doclist, 300);  // rowid 300, poslist {2, 3}
  AppendVarint(doclist, 4);
  doclist += "\x04\x03";
  AppendVarint(doclist, 5);  // rowid 305, poslist {2}
  AppendVarint(doclist, 2);
  doclist += "\x04";
  DoclistReader rows(doclist);
  ASSERT_TRUE(*rows.Next());
  EXPECT_EQ(rows.rowid(), 300);
  EXPECT_EQ(rows.poslist(), "\x04\x03");
  ASSERT_TRUE(*rows.Next());
  EXPECT_EQ(rows.rowid(), 305);
  EXPECT_EQ(rows.previous_rowid(), 300);
  EXPECT_EQ(rows.row_bytes(), std::string("\x05\x02\x04", 3));
  EXPECT_FALSE(*rows.Next());
  DoclistReader cut(std::string_view(doclist).substr(0, doclist.size() - 1));
  ASSERT_TRUE(*cut.Next());
  EXPECT_FALSE(cut.Next().ok());
}

TEST(Fts5Structure, DecodesWhatItEncodes) {
  Structure s;
  s.cookie = 0x01020304;
  s.write_counter = 77;
  s.levels.push_back({0, {{1, 1, 10}, {3, 1, 2}}});
  s.levels.push_back({});
  s.levels.push_back({0, {{2, 1, 900}}});
  auto back = DecodeStructure(EncodeStructure(s));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->cookie, s.cookie);
  EXPECT_EQ(back->write_counter, 77u);
  ASSERT_EQ(back->levels.size(), 3u);
  EXPECT_EQ(back->levels[2].segments[0].last, 900);
  EXPECT_EQ(FreeSegmentId(s), 4);
  EXPECT_FALSE(DecodeStructure("\x01\x02").ok());
  EXPECT_FALSE(DecodeStructure(std::string("\0\0\0\0\xff\x00\x00\x01", 8)).ok());  // V2
}

class Db {
 public:
  explicit Db(const std::string& path) { EXPECT_EQ(sqlite3_open(path.c_str(), &db_), SQLITE_OK); }
  ~Db() { sqlite3_close(db_); }
  void Exec(const std::string& sql) {
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK)
        << sql << ": " << (err ? err : "");
    sqlite3_free(err);
  }
  // Every row of `sql`, columns separated by '|'.
  std::string Rows(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr), SQLITE_OK)
        << sql << ": " << sqlite3_errmsg(db_);
    std::string out;
    while (sqlite3_step(st) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        const auto* t = sqlite3_column_text(st, c);
        out += t ? reinterpret_cast<const char*>(t) : "NULL";
        out += '|';
      }
      out += '\n';
    }
    sqlite3_finalize(st);
    return out;
  }
  std::string Blob(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr), SQLITE_OK);
    std::string out;
    if (sqlite3_step(st) == SQLITE_ROW)
      out.assign(static_cast<const char*>(sqlite3_column_blob(st, 0)),
                 size_t(sqlite3_column_bytes(st, 0)));
    sqlite3_finalize(st);
    return out;
  }
  void Put(const std::string& sql, int64_t a, std::string_view blob, int64_t c = -1) {
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr), SQLITE_OK);
    sqlite3_bind_int64(st, 1, a);
    sqlite3_bind_blob(st, 2, blob.data(), int(blob.size()), SQLITE_TRANSIENT);
    if (c >= 0) sqlite3_bind_int64(st, 3, c);
    EXPECT_EQ(sqlite3_step(st), SQLITE_DONE) << sqlite3_errmsg(db_);
    sqlite3_finalize(st);
  }

 private:
  sqlite3* db_ = nullptr;
};

class TableSink final : public SegmentSink {
 public:
  explicit TableSink(Db& db) : db_(db) {}
  Status Data(int64_t id, std::string_view block) override {
    db_.Put("INSERT INTO a_data(id, block) VALUES(?1, ?2)", id, block);
    return Status::Ok();
  }
  Status Idx(int segid, std::string_view term, int64_t pgno) override {
    db_.Put("INSERT INTO a_idx(segid, term, pgno) VALUES(?1, ?2, ?3)", segid, term, pgno);
    return Status::Ok();
  }

 private:
  Db& db_;
};

TEST(Fts5Segment, Fts5ReadsAndChecksWhatItWrites) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("fts5_segment_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "t.db").string();
  std::filesystem::remove(path);

  // Rows of two columns over a small vocabulary: frequent words have doclists of many pages.
  std::mt19937 rng(7);
  const std::vector<std::string> words = {"a",  "b",     "lamp", "lamps", "noise", "water",
                                          "zz", "alpha", "al",   "x1",    "road",  "roadwork"};
  struct Row {
    int64_t id;
    std::string x, y;
  };
  std::vector<Row> rows;
  int64_t id = 5;
  for (int i = 0; i < 700; ++i) {
    id += 1 + int64_t(rng() % 3) + (i == 350 ? 100000 : 0);  // gaps, and one large jump
    auto text = [&](int n) {
      std::string s;
      for (int k = 0; k < n; ++k) s += words[rng() % (k % 3 == 0 ? 3 : words.size())] + " ";
      return s;
    };
    rows.push_back({id, text(int(rng() % 6)), text(int(rng() % 40))});
  }
  {
    Db db(path);
    for (const char* t : {"a", "b"}) {
      db.Exec(std::string("CREATE VIRTUAL TABLE ") + t + " USING fts5(x, y)");
      db.Exec(std::string("INSERT INTO ") + t + "(" + t + ", rank) VALUES('pgsz', 64)");
    }
    db.Exec("BEGIN");
    for (const auto& r : rows)
      db.Exec("INSERT INTO b(rowid, x, y) VALUES(" + std::to_string(r.id) + ", '" + r.x + "', '" +
              r.y + "')");
    db.Exec("COMMIT");
  }
  {
    // Table a: the rows' content, and an index written here (the same tokens: lower-case words
    // split on spaces, which is what unicode61 does with this text).
    Db db(path);
    db.Exec("BEGIN");
    std::map<std::string, std::map<int64_t, std::string>> postings;  // term → row → poslist
    std::vector<int64_t> totals(3, 0);
    for (const auto& r : rows) {
      db.Exec("INSERT INTO a_content(id, c0, c1) VALUES(" + std::to_string(r.id) + ", '" + r.x +
              "', '" + r.y + "')");
      std::string docsize;
      int col = 0;
      for (const std::string* text : {&r.x, &r.y}) {
        int pos = 0;
        size_t start = 0;
        std::map<std::string, int> prev;
        while (start < text->size()) {
          size_t end = text->find(' ', start);
          if (end == std::string::npos) end = text->size();
          if (end > start) {
            const std::string term = "0" + text->substr(start, end - start);
            std::string& pl = postings[term][r.id];
            if (col == 1 && prev.find(term) == prev.end()) {
              pl.push_back('\x01');
              AppendVarint(pl, 1);
            }
            const int before = prev.count(term) ? prev[term] : 0;
            AppendVarint(pl, uint64_t(pos - before + 2));
            prev[term] = pos;
            ++pos;
          }
          start = end + 1;
        }
        AppendVarint(docsize, uint64_t(pos));
        totals[size_t(col) + 1] += pos;
        ++col;
      }
      db.Put("INSERT INTO a_docsize(id, sz) VALUES(?1, ?2)", r.id, docsize);
      ++totals[0];
    }
    auto structure = DecodeStructure(db.Blob("SELECT block FROM a_data WHERE id = 10"));
    ASSERT_TRUE(structure.ok()) << structure.status().ToString();
    TableSink sink(db);
    SegmentWriter writer(FreeSegmentId(*structure), 64, sink);
    for (const auto& [term, docs] : postings) {
      ASSERT_TRUE(writer.Term(term).ok());
      // Half the terms row by row, half as whole doclists.
      if (term.size() % 2 == 0) {
        for (const auto& [row, pl] : docs) ASSERT_TRUE(writer.Row(row, pl).ok());
      } else {
        std::string doclist;
        int64_t last = 0;
        for (const auto& [row, pl] : docs) {
          AppendVarint(doclist, uint64_t(row - last));
          AppendVarint(doclist, pl.size() * 2);
          doclist += pl;
          last = row;
        }
        ASSERT_TRUE(writer.Doclist(doclist).ok());
      }
    }
    auto last = writer.Finish();
    ASSERT_TRUE(last.ok());
    ASSERT_GT(*last, 100);
    structure->levels.push_back({0, {{FreeSegmentId(*structure), 1, *last}}});
    db.Put("REPLACE INTO a_data(id, block) VALUES(?1, ?2)", kStructureId,
           EncodeStructure(*structure));
    db.Put("REPLACE INTO a_data(id, block) VALUES(?1, ?2)", kAveragesId, EncodeAverages(totals));
    db.Exec("COMMIT");
    // Doclist indexes of more than one level were written.
    EXPECT_NE(db.Rows("SELECT id FROM a_data WHERE (id >> 31) & 31 >= 1 AND (id >> 36) & 1 = 1"),
              "");
  }
  Db db(path);
  db.Exec("INSERT INTO a(a) VALUES('integrity-check')");
  db.Exec(
      "CREATE VIRTUAL TABLE temp.va USING fts5vocab(main, a, instance);"
      "CREATE VIRTUAL TABLE temp.vb USING fts5vocab(main, b, instance);");
  EXPECT_EQ(db.Rows("SELECT term, doc, col, offset FROM temp.va"),
            db.Rows("SELECT term, doc, col, offset FROM temp.vb"));
  EXPECT_EQ(db.Rows("SELECT * FROM a_docsize"), db.Rows("SELECT * FROM b_docsize"));
  // Queries that seek inside long doclists (AND with a rare word, rowid ranges, descending order)
  // go through the doclist indexes.
  for (const std::string q :
       {"lamp", "lamp AND zz", "a AND x1", "\"a b\"", "road*", "y:noise NOT a", "al OR alpha"})
    for (const std::string tail : {"", " AND rowid > 50000", " AND rowid BETWEEN 300 AND 900"})
      for (const std::string order : {" ORDER BY rowid", " ORDER BY rowid DESC", " ORDER BY rank"})
        EXPECT_EQ(db.Rows("SELECT rowid, bm25(a) FROM a WHERE a MATCH '" + q + "'" + tail + order),
                  db.Rows("SELECT rowid, bm25(b) FROM b WHERE b MATCH '" + q + "'" + tail + order))
            << q << tail << order;
  // FTS5 merges the segment with one of its own.
  db.Exec("INSERT INTO a(rowid, x, y) VALUES(999999999, 'lamp zz', 'water')");
  db.Exec("INSERT INTO b(rowid, x, y) VALUES(999999999, 'lamp zz', 'water')");
  db.Exec("INSERT INTO a(a) VALUES('optimize')");
  db.Exec("INSERT INTO a(a) VALUES('integrity-check')");
  EXPECT_EQ(db.Rows("SELECT rowid FROM a WHERE a MATCH 'lamp AND zz' ORDER BY rowid DESC"),
            db.Rows("SELECT rowid FROM b WHERE b MATCH 'lamp AND zz' ORDER BY rowid DESC"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace hotline::store::sqlite::fts5
