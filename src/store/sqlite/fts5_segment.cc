#include "src/store/sqlite/fts5_segment.h"

#include <algorithm>
#include <cstring>

namespace hotline::store::sqlite::fts5 {
namespace {

// %_data ids: segment id, doclist-index flag, height, page number (fts5_index.c, fts5_dri).
constexpr int kPageBits = 31;
constexpr int kHeightBits = 5;
constexpr int kDlidxBits = 1;
constexpr int kMinDoclistIndexPages = 4;  // FTS5_MIN_DLIDX_SIZE
constexpr int kMaxSegmentId = 65535;

void PutU16(std::string& s, size_t at, size_t v) {
  s[at] = static_cast<char>((v >> 8) & 0xFF);
  s[at + 1] = static_cast<char>(v & 0xFF);
}

size_t CommonPrefix(std::string_view a, std::string_view b) {
  const size_t n = std::min(a.size(), b.size());
  size_t i = 0;
  while (i < n && a[i] == b[i]) ++i;
  return i;
}

int VarintLength(const uint8_t* p) {
  for (int i = 0; i < 8; ++i)
    if ((p[i] & 0x80) == 0) return i + 1;
  return 9;
}

}  // namespace

int PutVarint(uint8_t* out, uint64_t v) {
  if (v <= 0x7F) {
    out[0] = static_cast<uint8_t>(v);
    return 1;
  }
  if (v <= 0x3FFF) {
    out[0] = static_cast<uint8_t>(((v >> 7) & 0x7F) | 0x80);
    out[1] = static_cast<uint8_t>(v & 0x7F);
    return 2;
  }
  if ((v & (uint64_t{0xFF000000} << 32)) != 0) {  // more than 56 bits: 8 x 7 bits + 8 bits
    out[8] = static_cast<uint8_t>(v);
    v >>= 8;
    for (int i = 7; i >= 0; --i) {
      out[i] = static_cast<uint8_t>((v & 0x7F) | 0x80);
      v >>= 7;
    }
    return 9;
  }
  uint8_t rev[9];
  int n = 0;
  do {
    rev[n++] = static_cast<uint8_t>((v & 0x7F) | 0x80);
    v >>= 7;
  } while (v != 0);
  rev[0] &= 0x7F;  // the last byte has no continuation bit
  for (int i = 0; i < n; ++i) out[i] = rev[n - 1 - i];
  return n;
}

int GetVarint(const uint8_t* p, const uint8_t* end, uint64_t* v) {
  uint64_t x = 0;
  for (int i = 0; i < 8; ++i) {
    if (p + i >= end) return 0;
    x = (x << 7) | (p[i] & 0x7F);
    if ((p[i] & 0x80) == 0) {
      *v = x;
      return i + 1;
    }
  }
  if (p + 8 >= end) return 0;
  *v = (x << 8) | p[8];
  return 9;
}

Result<bool> DoclistReader::Next() {
  if (p_ >= end_) return false;
  const uint8_t* start = p_;
  uint64_t delta = 0, size = 0;
  int k = GetVarint(p_, end_, &delta);
  if (k == 0) return Status::Internal("malformed FTS5 doclist");
  p_ += k;
  k = GetVarint(p_, end_, &size);
  if (k == 0 || size / 2 > uint64_t(end_ - p_ - k))
    return Status::Internal("malformed FTS5 doclist");
  p_ += k;
  const bool first = row_.empty();
  previous_ = rowid_;
  rowid_ = first ? static_cast<int64_t>(delta) : rowid_ + static_cast<int64_t>(delta);
  poslist_ = {reinterpret_cast<const char*>(p_), size / 2};
  p_ += size / 2;
  row_ = {reinterpret_cast<const char*>(start), static_cast<size_t>(p_ - start)};
  return true;
}

int64_t SegmentPageId(int segid, int pgno) {
  return (int64_t{segid} << (kPageBits + kHeightBits + kDlidxBits)) + pgno;
}

int64_t DoclistIndexPageId(int segid, int height, int pgno) {
  return (int64_t{segid} << (kPageBits + kHeightBits + kDlidxBits)) +
         (int64_t{1} << (kPageBits + kHeightBits)) + (int64_t{height} << kPageBits) + pgno;
}

// ---- SegmentWriter ----

SegmentWriter::SegmentWriter(int segid, int pgsz, SegmentSink& sink)
    : segid_(segid), pgsz_(pgsz), sink_(sink), page_(4, '\0'), dlidx_(1) {
  page_.reserve(static_cast<size_t>(pgsz) + 64);
}

Status SegmentWriter::Term(std::string_view term) {
  if (failed_) return Status::Internal("segment writer failed earlier");
  if (term.empty() || (!prev_term_.empty() && !(prev_term_ < term)))
    return Status::Internal("index terms must be non-empty and ascending");
  const size_t n = term.size();
  if (page_.size() + pgidx_.size() + n + 2 >= static_cast<size_t>(pgsz_) && page_.size() > 4)
    HOTLINE_RETURN_IF_ERROR(FlushLeaf());
  AppendVarint(pgidx_, page_.size() - static_cast<size_t>(prev_pgidx_));
  prev_pgidx_ = static_cast<int>(page_.size());
  size_t prefix = 0;
  if (first_term_in_page_) {
    if (pgno_ != 1) {
      // A leaf after the first one starts with a term: its %_idx key is the shortest prefix of
      // this term that is greater than every term before it.
      size_t key = n;
      if (!prev_term_.empty()) key = 1 + CommonPrefix(prev_term_, term);
      HOTLINE_RETURN_IF_ERROR(FlushBtree());
      bt_term_.assign(term.substr(0, key));
      bt_page_ = pgno_;
    }
  } else {
    prefix = CommonPrefix(prev_term_, term);
    AppendVarint(page_, prefix);
  }
  AppendVarint(page_, n - prefix);
  page_.append(term.substr(prefix));
  prev_term_.assign(term);
  first_term_in_page_ = false;
  first_rowid_in_page_ = false;
  first_rowid_in_doclist_ = true;
  dlidx_[0].pgno = pgno_;
  return Status::Ok();
}

Status SegmentWriter::Row(int64_t rowid, std::string_view poslist) {
  if (failed_) return Status::Internal("segment writer failed earlier");
  if (prev_term_.empty()) return Status::Internal("a row before any term");
  if (!first_rowid_in_doclist_ && rowid <= prev_rowid_)
    return Status::Internal("rowids must ascend within a term");
  if (page_.size() + pgidx_.size() >= static_cast<size_t>(pgsz_))
    HOTLINE_RETURN_IF_ERROR(FlushLeaf());
  if (first_rowid_in_page_) {
    PutU16(page_, 0, page_.size());  // where the first rowid on this page is
    HOTLINE_RETURN_IF_ERROR(DoclistIndexAppend(rowid));
  }
  if (first_rowid_in_doclist_ || first_rowid_in_page_)
    AppendVarint(page_, static_cast<uint64_t>(rowid));
  else
    AppendVarint(page_, static_cast<uint64_t>(rowid) - static_cast<uint64_t>(prev_rowid_));
  prev_rowid_ = rowid;
  first_rowid_in_doclist_ = false;
  first_rowid_in_page_ = false;
  AppendVarint(page_, uint64_t{poslist.size()} * 2);
  return AppendPoslist(poslist);
}

Status SegmentWriter::Doclist(std::string_view doclist) {
  const char* span = nullptr;  // rows to copy as they are
  size_t span_len = 0;
  DoclistReader rows(doclist);
  bool first = true;
  while (true) {
    HOTLINE_ASSIGN_OR_RETURN(bool row, rows.Next());
    if (!row) break;
    const std::string_view bytes = rows.row_bytes();
    // As is: a delta from the row written just before, on this page, with no page break in it.
    if (!first && !first_rowid_in_doclist_ && !first_rowid_in_page_ &&
        rows.previous_rowid() == prev_rowid_ &&
        page_.size() + span_len + pgidx_.size() + bytes.size() < static_cast<size_t>(pgsz_)) {
      if (span_len == 0) span = bytes.data();
      span_len += bytes.size();
      prev_rowid_ = rows.rowid();
    } else {
      if (span_len > 0) page_.append(span, span_len);
      span_len = 0;
      HOTLINE_RETURN_IF_ERROR(Row(rows.rowid(), rows.poslist()));
    }
    first = false;
  }
  if (span_len > 0) page_.append(span, span_len);
  return Status::Ok();
}

// A position list that does not fit is split between pages, only between two varints.
Status SegmentWriter::AppendPoslist(std::string_view poslist) {
  const auto* a = reinterpret_cast<const uint8_t*>(poslist.data());
  size_t n = poslist.size();
  while (page_.size() + pgidx_.size() + n >= static_cast<size_t>(pgsz_)) {
    const int64_t need = int64_t{pgsz_} - int64_t(page_.size()) - int64_t(pgidx_.size());
    size_t copy = 0;
    while (int64_t(copy) < need) copy += static_cast<size_t>(VarintLength(a + copy));
    if (copy > n) return Status::Internal("malformed position list");
    page_.append(reinterpret_cast<const char*>(a), copy);
    a += copy;
    n -= copy;
    HOTLINE_RETURN_IF_ERROR(FlushLeaf());
  }
  if (n > 0) page_.append(reinterpret_cast<const char*>(a), n);
  return Status::Ok();
}

Status SegmentWriter::FlushLeaf() {
  PutU16(page_, 2, page_.size());  // the leaf's size without its footer
  if (first_term_in_page_) {
    // A page without a term: the doclist index notes a page without a rowid as a 0.
    if (first_rowid_in_page_ && !dlidx_[0].buf.empty()) AppendVarint(dlidx_[0].buf, 0);
    ++empty_pages_;
  } else {
    page_ += pgidx_;
  }
  Status st = sink_.Data(SegmentPageId(segid_, pgno_), page_);
  if (!st.ok()) {
    failed_ = true;
    return st;
  }
  page_.assign(4, '\0');
  pgidx_.clear();
  prev_pgidx_ = 0;
  ++pgno_;
  first_term_in_page_ = true;
  first_rowid_in_page_ = true;
  return Status::Ok();
}

// The %_idx row of the last leaf that started with a term, with the flag that says whether its
// last term's doclist has a doclist index (kept once it spans kMinDoclistIndexPages pages).
Status SegmentWriter::FlushBtree() {
  if (bt_page_ == 0) return Status::Ok();
  bool flag = false;
  HOTLINE_RETURN_IF_ERROR(FlushDoclistIndex(&flag));
  Status st = sink_.Idx(segid_, bt_term_, (int64_t{bt_page_} << 1) + (flag ? 1 : 0));
  if (!st.ok()) {
    failed_ = true;
    return st;
  }
  bt_page_ = 0;
  return Status::Ok();
}

Status SegmentWriter::FlushDoclistIndex(bool* written) {
  *written = !dlidx_[0].buf.empty() && empty_pages_ >= kMinDoclistIndexPages;
  for (size_t i = 0; i < dlidx_.size(); ++i) {
    auto& level = dlidx_[i];
    if (level.buf.empty()) break;
    if (*written) {
      Status st =
          sink_.Data(DoclistIndexPageId(segid_, static_cast<int>(i), level.pgno), level.buf);
      if (!st.ok()) {
        failed_ = true;
        return st;
      }
    }
    level.buf.clear();
    level.prev_valid = false;
  }
  empty_pages_ = 0;
  return Status::Ok();
}

// `rowid` is the first on a leaf that continues a doclist: the doclist index gets an entry (a
// b-tree of its own when one page of it is not enough).
Status SegmentWriter::DoclistIndexAppend(int64_t rowid) {
  bool done = false;
  for (size_t i = 0; !done; ++i) {
    if (dlidx_[i].buf.size() >= static_cast<size_t>(pgsz_)) {
      dlidx_[i].buf[0] = 0x01;  // not the root
      Status st = sink_.Data(DoclistIndexPageId(segid_, static_cast<int>(i), dlidx_[i].pgno),
                             dlidx_[i].buf);
      if (!st.ok()) {
        failed_ = true;
        return st;
      }
      if (dlidx_.size() < i + 2) dlidx_.resize(i + 2);
      auto& level = dlidx_[i];
      auto& up = dlidx_[i + 1];
      if (up.buf.empty()) {
        // The full page was the root: a new root above it starts with that page's first rowid.
        const auto* b = reinterpret_cast<const uint8_t*>(level.buf.data());
        const auto* e = b + level.buf.size();
        uint64_t pg = 0, first = 0;
        const int k = GetVarint(b + 1, e, &pg);
        if (k == 0 || GetVarint(b + 1 + k, e, &first) == 0)
          return Status::Internal("doclist index page without a rowid");
        up.pgno = level.pgno;
        AppendVarint(up.buf, 0);
        AppendVarint(up.buf, static_cast<uint64_t>(level.pgno));
        AppendVarint(up.buf, first);
        up.prev_valid = true;
        up.prev = static_cast<int64_t>(first);
      }
      level.buf.clear();
      level.prev_valid = false;
      ++level.pgno;
    } else {
      done = true;
    }
    auto& level = dlidx_[i];
    uint64_t value = 0;
    if (level.prev_valid) {
      value = static_cast<uint64_t>(rowid) - static_cast<uint64_t>(level.prev);
    } else {
      const int child = i == 0 ? pgno_ : dlidx_[i - 1].pgno;
      AppendVarint(level.buf, done ? 0 : 1);
      AppendVarint(level.buf, static_cast<uint64_t>(child));
      value = static_cast<uint64_t>(rowid);
    }
    AppendVarint(level.buf, value);
    level.prev_valid = true;
    level.prev = rowid;
  }
  return Status::Ok();
}

Result<int> SegmentWriter::Finish() {
  if (failed_) return Status::Internal("segment writer failed earlier");
  if (page_.size() > 4) HOTLINE_RETURN_IF_ERROR(FlushLeaf());
  const int last = pgno_ - 1;
  if (pgno_ > 1) HOTLINE_RETURN_IF_ERROR(FlushBtree());
  return last;
}

// ---- Structure and averages records ----

Result<Structure> DecodeStructure(std::string_view record) {
  const auto* p = reinterpret_cast<const uint8_t*>(record.data());
  const auto* end = p + record.size();
  if (record.size() < 4) return Status::Internal("FTS5 structure record too short");
  Structure s;
  s.cookie = (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
  p += 4;
  if (end - p >= 4 && std::memcmp(p, "\xFF\x00\x00\x01", 4) == 0)
    return Status::Internal("FTS5 structure record V2 (contentless_delete) not supported");
  auto next = [&](uint64_t* v) -> bool {
    const int k = GetVarint(p, end, v);
    p += k;
    return k > 0;
  };
  uint64_t levels = 0, segments = 0;
  if (!next(&levels) || !next(&segments) || !next(&s.write_counter) || levels > 64)
    return Status::Internal("malformed FTS5 structure record");
  uint64_t seen = 0;
  for (uint64_t l = 0; l < levels; ++l) {
    uint64_t merge = 0, n = 0;
    if (!next(&merge) || !next(&n) || merge > n || n > 2000)
      return Status::Internal("malformed FTS5 structure record");
    Structure::Level level;
    level.merge = static_cast<int>(merge);
    for (uint64_t i = 0; i < n; ++i) {
      uint64_t id = 0, first = 0, last = 0;
      if (!next(&id) || !next(&first) || !next(&last) || id == 0 || id > kMaxSegmentId)
        return Status::Internal("malformed FTS5 structure record");
      level.segments.push_back(
          {static_cast<int>(id), static_cast<int>(first), static_cast<int>(last)});
    }
    seen += n;
    s.levels.push_back(std::move(level));
  }
  if (seen != segments) return Status::Internal("malformed FTS5 structure record");
  return s;
}

std::string EncodeStructure(const Structure& s) {
  std::string out(4, '\0');
  out[0] = static_cast<char>((s.cookie >> 24) & 0xFF);
  out[1] = static_cast<char>((s.cookie >> 16) & 0xFF);
  out[2] = static_cast<char>((s.cookie >> 8) & 0xFF);
  out[3] = static_cast<char>(s.cookie & 0xFF);
  uint64_t segments = 0;
  for (const auto& l : s.levels) segments += l.segments.size();
  AppendVarint(out, s.levels.size());
  AppendVarint(out, segments);
  AppendVarint(out, s.write_counter);
  for (const auto& l : s.levels) {
    AppendVarint(out, static_cast<uint64_t>(l.merge));
    AppendVarint(out, l.segments.size());
    for (const auto& seg : l.segments) {
      AppendVarint(out, static_cast<uint64_t>(seg.id));
      AppendVarint(out, static_cast<uint64_t>(seg.first));
      AppendVarint(out, static_cast<uint64_t>(seg.last));
    }
  }
  return out;
}

int FreeSegmentId(const Structure& s) {
  std::vector<bool> used(kMaxSegmentId + 1, false);
  for (const auto& l : s.levels)
    for (const auto& seg : l.segments) used[static_cast<size_t>(seg.id)] = true;
  for (int id = 1; id <= kMaxSegmentId; ++id)
    if (!used[static_cast<size_t>(id)]) return id;
  return 0;
}

Result<std::vector<int64_t>> DecodeAverages(std::string_view record, int columns) {
  std::vector<int64_t> v(static_cast<size_t>(columns) + 1, 0);
  const auto* p = reinterpret_cast<const uint8_t*>(record.data());
  const auto* end = p + record.size();
  for (auto& x : v) {
    if (p >= end) break;  // FTS5 reads missing values as 0
    uint64_t u = 0;
    const int k = GetVarint(p, end, &u);
    if (k == 0) return Status::Internal("malformed FTS5 averages record");
    x = static_cast<int64_t>(u);
    p += k;
  }
  return v;
}

std::string EncodeAverages(const std::vector<int64_t>& values) {
  std::string out;
  for (int64_t x : values) AppendVarint(out, static_cast<uint64_t>(x));
  return out;
}

}  // namespace hotline::store::sqlite::fts5
