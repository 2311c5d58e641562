// Writing an FTS5 index segment directly, for bulk indexing (search_bulk.h).
//
// FTS5 (SQLite 3.40) keeps an index as segments in its %_data table: leaf pages of about `pgsz`
// bytes holding terms in byte order, each followed by its doclist (rowids ascending, each with a
// position list), a doclist index for doclists that span many pages, and one %_idx row per leaf
// page that starts a term. A "structure record" (%_data id 10) lists the segments by level and an
// "averages record" (id 1) holds the row count and each column's token total. The format is the
// one ext/fts5/fts5_index.c describes in its header comment; this writer follows the rules its
// own segment writer uses when it merges segments (where a page ends, when a doclist index is
// kept), so FTS5 reads, merges and integrity-checks what it writes like its own segments.
//
// Only what bulk indexing needs: a detail=full index without prefix indexes, the "legacy"
// structure record (not contentless_delete tables). Numbers are SQLite varints.
//
// Thread-safety: a SegmentWriter is for one thread; the free functions are pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "src/common/status.h"

namespace hotline::store::sqlite::fts5 {

// SQLite's varint: 1-9 bytes, 7 bits per byte most significant first, the ninth byte 8 bits.
int PutVarint(uint8_t* out, uint64_t v);  // out has room for 9 bytes; returns the bytes written
inline void AppendVarint(std::string& out, uint64_t v) {
  if (v <= 0x7F) {
    out.push_back(static_cast<char>(v));
    return;
  }
  uint8_t buf[9];
  out.append(reinterpret_cast<const char*>(buf), static_cast<size_t>(PutVarint(buf, v)));
}
// Reads a varint from [p, end); returns its length, or 0 if it runs past `end`.
int GetVarint(const uint8_t* p, const uint8_t* end, uint64_t* v);

// %_data ids of the records.
inline constexpr int64_t kAveragesId = 1;
inline constexpr int64_t kStructureId = 10;
int64_t SegmentPageId(int segid, int pgno);
int64_t DoclistIndexPageId(int segid, int height, int pgno);
// The byte the main index puts before every term (FTS5_MAIN_PREFIX).
inline constexpr char kMainIndexPrefix = '0';
// The longest token FTS5 indexes (FTS5_MAX_TOKEN_SIZE); longer ones are cut to this.
inline constexpr std::size_t kMaxTokenBytes = 32768;

// Walks the rows of an FTS5 doclist: the first rowid as is, then deltas; each followed by its
// position list's size field (bytes × 2) and the list.
class DoclistReader {
 public:
  explicit DoclistReader(std::string_view doclist)
      : p_(reinterpret_cast<const uint8_t*>(doclist.data())), end_(p_ + doclist.size()) {}
  // Steps to the next row: true, false at the end, or Internal if the doclist is malformed.
  Result<bool> Next();
  int64_t rowid() const { return rowid_; }
  int64_t previous_rowid() const { return previous_; }  // 0 for the first row
  std::string_view poslist() const { return poslist_; }
  std::string_view row_bytes() const { return row_; }  // the row as encoded (delta, size, list)

 private:
  const uint8_t* p_;
  const uint8_t* end_;
  int64_t rowid_ = 0, previous_ = 0;
  std::string_view poslist_, row_;
};

// Receives what a SegmentWriter writes.
class SegmentSink {
 public:
  virtual ~SegmentSink() = default;
  virtual Status Data(int64_t id, std::string_view block) = 0;                  // a %_data row
  virtual Status Idx(int segid, std::string_view term, int64_t pgno_flag) = 0;  // a %_idx row
};

// Writes one segment: Term, then its rows; the next Term; … then Finish.
class SegmentWriter {
 public:
  // REQUIRES: 1 <= segid <= 65535; pgsz is the table's page size (FTS5 'pgsz', default 4050).
  SegmentWriter(int segid, int pgsz, SegmentSink& sink);

  // Starts the doclist of `term` (with its index prefix byte). Terms strictly ascending in
  // memcmp order (a prefix before the longer term); every term gets at least one Row.
  Status Term(std::string_view term);
  // One row of the current term: rowids strictly ascending within a term; `poslist` is the
  // position list without its size field (column 0's offsets, then 0x01 column offsets …, each
  // offset as varint(delta + 2)).
  Status Row(int64_t rowid, std::string_view poslist);
  // The rows of an FTS5 doclist (the first rowid as is, then deltas; each followed by its
  // position list's size field and the list), as Row would append them one by one; rows that
  // fit on the current page are copied as they are. The first rowid must exceed the last one.
  Status Doclist(std::string_view doclist);
  // Writes what is left; returns the segment's last page (pages are 1..last), 0 if it is empty.
  Result<int> Finish();

 private:
  struct DoclistIndexLevel {
    int pgno = 0;
    bool prev_valid = false;
    int64_t prev = 0;
    std::string buf;
  };
  Status FlushLeaf();
  Status FlushBtree();
  Status FlushDoclistIndex(bool* written);
  Status DoclistIndexAppend(int64_t rowid);
  Status AppendPoslist(std::string_view poslist);

  const int segid_;
  const int pgsz_;
  SegmentSink& sink_;
  std::string page_;   // the leaf being filled, from its 4-byte header
  std::string pgidx_;  // its footer: the offsets of the terms on it
  int prev_pgidx_ = 0;
  int pgno_ = 1;
  std::string prev_term_;
  bool first_term_in_page_ = true;
  bool first_rowid_in_page_ = false;
  bool first_rowid_in_doclist_ = false;
  int64_t prev_rowid_ = 0;
  int empty_pages_ = 0;  // term-less leaves since the last %_idx entry
  std::vector<DoclistIndexLevel> dlidx_;
  std::string bt_term_;  // the %_idx entry waiting for its doclist index flag
  int bt_page_ = 1;
  bool failed_ = false;
};

// The structure record, "legacy" format: a 4-byte cookie, then varints.
struct Structure {
  struct Segment {
    int id = 0;
    int first = 0;
    int last = 0;
  };
  struct Level {
    int merge = 0;
    std::vector<Segment> segments;  // oldest first
  };
  uint32_t cookie = 0;
  uint64_t write_counter = 0;
  std::vector<Level> levels;
};
// Internal for a V2 record (contentless_delete tables) or a malformed one.
Result<Structure> DecodeStructure(std::string_view record);
std::string EncodeStructure(const Structure& s);
// The lowest segment id no segment uses (FTS5 allocates them the same way), 0 if none is left.
int FreeSegmentId(const Structure& s);

// The averages record: rows, then each column's token total. An empty record is all zeros.
Result<std::vector<int64_t>> DecodeAverages(std::string_view record, int columns);
std::string EncodeAverages(const std::vector<int64_t>& values);

}  // namespace hotline::store::sqlite::fts5
