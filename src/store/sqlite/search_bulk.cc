#include "src/store/sqlite/search_bulk.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>

#include "src/search/fts5_tokenizer.h"
#include "src/store/sqlite/case_search_sql.h"
#include "src/store/sqlite/fts5_segment.h"

namespace hotline::store::sqlite {
namespace {

constexpr int kColumns = kCaseSearchColumns;
constexpr int kDefaultPageSize = 4050;  // FTS5's default 'pgsz'

// One thread's postings: per term (with its index prefix byte), the doclist of the rows added
// since the last run, in FTS5's doclist format (rowid, then rowid deltas; each with its
// position list's size and the list).
//
// Memory latency is what costs here (hundreds of thousands of distinct bigrams): a row's tokens
// are buffered, then resolved with the slots of the tokens 16 ahead prefetched; a slot holds the
// token itself (every CJK character and bigram has at most 8 bytes) and the term's state for the
// current row, so a token costs one cache line. The row's positions go to one array, linked per
// term, and become position lists once per row and term, appended to the term's doclist.
class Postings {
 public:
  Postings() { slots_.assign(size_t{1} << 16, Slot{}); }
  ~Postings() {
    for (auto& s : slots_) std::free(s.data);
    for (auto& [key, s] : long_) std::free(s.data);
  }
  Postings(const Postings&) = delete;
  Postings& operator=(const Postings&) = delete;

  void Add(int col, int pos, std::string_view token) {
    if (token.size() > fts5::kMaxTokenBytes) token = token.substr(0, fts5::kMaxTokenBytes);
    Pending p;
    p.col = static_cast<uint32_t>(col);
    p.pos = static_cast<uint32_t>(pos);
    p.len = static_cast<uint32_t>(token.size());
    if (token.size() <= 8) {
      std::memcpy(&p.key, token.data(), token.size());
      p.hash = Mix(p.key + p.len);
    } else {
      p.key = long_text_.size();
      long_text_.append(token);
    }
    pending_.push_back(p);
  }

  void EndRow(int64_t rowid) {
    // Resolve the row's tokens (their slots are on their way to the cache).
    if ((used_ + pending_.size()) * 2 > slots_.size()) Grow(used_ + pending_.size());
    if (scratch_.size() < pending_.size() * 12 + 64) scratch_.resize(pending_.size() * 12 + 64);
    constexpr size_t kSlotsAhead = 16;
    const size_t mask = slots_.size() - 1;
    for (size_t k = 0; k < std::min(kSlotsAhead, pending_.size()); ++k)
      __builtin_prefetch(&slots_[pending_[k].hash & mask], 1);
    for (size_t k = 0; k < pending_.size(); ++k) {
      if (k + kSlotsAhead < pending_.size())
        __builtin_prefetch(&slots_[pending_[k + kSlotsAhead].hash & mask], 1);
      const Pending& p = pending_[k];
      Slot* s =
          p.len <= 8 ? FindShort(p) : FindLong(std::string_view(long_text_).substr(p.key, p.len));
      const auto e = static_cast<uint32_t>(positions_.size());
      positions_.push_back({p.col, p.pos, 0});
      if (s->row != row_) {
        s->row = row_;
        touched_.push_back({s, e});
      } else {
        positions_[s->tail].next = e;
      }
      s->tail = e;
    }
    constexpr size_t kAhead = 8;
    for (size_t i = 0; i < std::min(kAhead, touched_.size()); ++i)
      __builtin_prefetch(touched_[i].first->data + touched_[i].first->size, 1);
    for (size_t i = 0; i < touched_.size(); ++i) {
      if (i + kAhead < touched_.size()) {
        const Slot* ahead = touched_[i + kAhead].first;
        __builtin_prefetch(ahead->data + ahead->size, 1);
      }
      Slot& t = *touched_[i].first;
      // The position list into scratch_ (its size is only known at the end).
      uint8_t* q = scratch_.data();
      uint32_t col = 0, prev = 0;
      for (uint32_t e = touched_[i].second;; e = positions_[e].next) {
        const Position& p = positions_[e];
        if (p.col != col) {
          *q++ = 0x01;
          q += fts5::PutVarint(q, p.col);
          col = p.col;
          prev = 0;
        }
        const uint32_t v = p.pos - prev + 2;
        if (v < 0x80)
          *q++ = static_cast<uint8_t>(v);
        else
          q += fts5::PutVarint(q, v);
        prev = p.pos;
        if (p.next == 0) break;
      }
      const auto n = static_cast<size_t>(q - scratch_.data());
      uint8_t* out = Reserve(t, n + 20);
      uint8_t* w = out;
      w += fts5::PutVarint(w, static_cast<uint64_t>(t.has_rows ? rowid - t.last_rowid : rowid));
      w += fts5::PutVarint(w, uint64_t{n} * 2);
      std::memcpy(w, scratch_.data(), n);
      w += n;
      t.size += static_cast<uint32_t>(w - out);
      bytes_ += static_cast<size_t>(w - out);
      t.last_rowid = rowid;
      t.has_rows = true;
    }
    touched_.clear();
    positions_.clear();
    pending_.clear();
    long_text_.clear();
    ++row_;
  }

  std::size_t bytes() const { return bytes_ + slots_.size() * sizeof(Slot); }
  bool empty() const { return bytes_ == 0; }

  // Every term with rows, in byte order: varint(term size) term varint(doclist size) doclist.
  // Empties the doclists.
  void TakeRun(std::string& out) {
    std::vector<std::pair<std::string, Slot*>> with;
    for (auto& s : slots_)
      if (s.has_rows) {
        char bytes[8];
        std::memcpy(bytes, &s.key, 8);
        with.emplace_back(std::string(1, fts5::kMainIndexPrefix) + std::string(bytes, s.len), &s);
      }
    for (auto& [token, s] : long_)
      if (s.has_rows) with.emplace_back(std::string(1, fts5::kMainIndexPrefix) + token, &s);
    std::sort(with.begin(), with.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    out.clear();
    out.reserve(bytes_ + with.size() * 16);
    for (auto& [key, s] : with) {
      fts5::AppendVarint(out, key.size());
      out += key;
      fts5::AppendVarint(out, s->size);
      out.append(reinterpret_cast<const char*>(s->data), s->size);
      // The buffer is kept for the next slice (the same terms come back; fresh memory would be
      // faulted in and zeroed again), unless it is one of a rare term's.
      if (s->cap > 4096) {
        s->size = 0;
      } else {
        std::free(s->data);
        s->data = nullptr;
        s->size = s->cap = 0;
      }
      s->has_rows = false;
    }
    bytes_ = 0;
  }

 private:
  // A term: its token (up to 8 bytes here; longer ones are keys of long_), its state in the
  // current row, and its doclist (a malloc'd buffer, freed by Postings: slots move when the
  // table grows).
  struct alignas(64) Slot {
    uint64_t key = 0;
    uint32_t len = 0;   // 0: empty (short slots)
    uint32_t row = 0;   // the last row the term was seen in
    uint32_t tail = 0;  // its last position in that row
    uint32_t size = 0, cap = 0;
    uint8_t* data = nullptr;
    int64_t last_rowid = 0;
    bool has_rows = false;
  };
  struct Pending {
    uint64_t key = 0;  // the token, or (longer than 8 bytes) its offset in long_text_
    uint64_t hash = 0;
    uint32_t len = 0, col = 0, pos = 0;
  };
  struct Position {
    uint32_t col, pos, next;  // next: 0 ends the term's list (entry 0 is always a head)
  };

  static uint64_t Mix(uint64_t x) {
    x ^= x >> 33;
    x *= 0xFF51AFD7ED558CCDULL;
    x ^= x >> 33;
    return x;
  }

  static uint8_t* Reserve(Slot& s, size_t more) {
    if (s.size + more > s.cap) {
      const size_t c = std::max<size_t>({size_t{s.cap} * 2, s.size + more, 32});
      if (c > UINT32_MAX) throw std::bad_alloc();
      auto* p = static_cast<uint8_t*>(std::realloc(s.data, c));
      if (p == nullptr) throw std::bad_alloc();
      s.data = p;
      s.cap = static_cast<uint32_t>(c);
    }
    return s.data + s.size;
  }

  Slot* FindShort(const Pending& p) {
    const size_t mask = slots_.size() - 1;
    for (size_t i = p.hash & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.len == 0) {
        s.key = p.key;
        s.len = p.len;
        ++used_;
        return &s;
      }
      if (s.key == p.key && s.len == p.len) return &s;
    }
  }

  Slot* FindLong(std::string_view token) {
    auto it = long_.find(std::string(token));
    if (it != long_.end()) return &it->second;
    Slot s;
    s.len = static_cast<uint32_t>(token.size());
    return &long_.emplace(std::string(token), s).first->second;
  }

  // Room for `need` slots at half load; the buffered tokens' hashes stay valid (full hashes).
  void Grow(size_t need) {
    size_t n = slots_.size();
    while (need * 2 > n) n *= 2;
    std::vector<Slot> slots(n);
    const size_t mask = n - 1;
    for (const Slot& s : slots_) {
      if (s.len == 0) continue;
      size_t i = Mix(s.key + s.len) & mask;
      while (slots[i].len != 0) i = (i + 1) & mask;
      slots[i] = s;
    }
    slots_ = std::move(slots);
  }

  std::vector<Slot> slots_;
  size_t used_ = 0;
  std::unordered_map<std::string, Slot> long_;  // node-based: its Slots do not move
  std::vector<Pending> pending_;
  std::string long_text_;
  std::vector<Position> positions_;
  std::vector<std::pair<Slot*, uint32_t>> touched_;  // term, its first position in the row
  std::vector<uint8_t> scratch_;
  uint32_t row_ = 1;
  std::size_t bytes_ = 0;
};

struct ColumnSink {
  Postings* postings;
  int col;
  int size;  // positions so far (FTS5's szCol)
};

int AddToken(void* ctx, std::string_view token, int /*start*/, int /*end*/, bool colocated) {
  auto* c = static_cast<ColumnSink*>(ctx);
  if (!colocated || c->size == 0) ++c->size;
  c->postings->Add(c->col, c->size - 1, token);
  return 0;
}

// A run: bytes in memory or a mapped file.
class Run {
 public:
  Run() = default;
  Run(const Run&) = delete;
  Run& operator=(const Run&) = delete;
  ~Run() {
    if (map_ != nullptr) munmap(map_, size_);
    if (!path_.empty()) {
      std::error_code ec;
      std::filesystem::remove(path_, ec);
    }
  }
  static Result<std::unique_ptr<Run>> Keep(std::string bytes) {
    auto r = std::make_unique<Run>();
    r->mem_ = std::move(bytes);
    return r;
  }
  static Result<std::unique_ptr<Run>> Spill(const std::string& path, const std::string& bytes) {
    auto r = std::make_unique<Run>();
    r->path_ = path;
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) return Status::Internal("cannot write " + path);
    const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    if (std::fclose(f) != 0 || !ok) return Status::Internal("cannot write " + path);
    r->size_ = bytes.size();
    return r;
  }
  Status Map() {
    if (path_.empty() || map_ != nullptr || size_ == 0) return Status::Ok();
    const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Status::Internal("cannot open " + path_);
    void* p = mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (p == MAP_FAILED) return Status::Internal("cannot map " + path_);
    (void)madvise(p, size_, MADV_SEQUENTIAL);
    map_ = p;
    return Status::Ok();
  }
  std::string_view bytes() const {
    if (!path_.empty()) return {static_cast<const char*>(map_), map_ == nullptr ? 0 : size_};
    return mem_;
  }

 private:
  std::string mem_;
  std::string path_;
  void* map_ = nullptr;
  size_t size_ = 0;
};

// Walks a run's terms.
struct RunCursor {
  const uint8_t* p = nullptr;
  const uint8_t* end = nullptr;
  std::string_view term;
  std::string_view doclist;
  bool done = false;

  Status Next() {
    if (p >= end) {
      done = true;
      return Status::Ok();
    }
    uint64_t n = 0;
    int k = fts5::GetVarint(p, end, &n);
    if (k == 0 || n > uint64_t(end - p - k)) return Status::Internal("corrupt search run");
    term = {reinterpret_cast<const char*>(p + k), n};
    p += k + n;
    k = fts5::GetVarint(p, end, &n);
    if (k == 0 || n > uint64_t(end - p - k)) return Status::Internal("corrupt search run");
    doclist = {reinterpret_cast<const char*>(p + k), n};
    p += k + n;
    return Status::Ok();
  }
};

// The segment's pages and %_idx rows, straight into the tables.
class TableSink final : public fts5::SegmentSink {
 public:
  explicit TableSink(Db& db) : db_(db) {}
  Status Data(int64_t id, std::string_view block) override {
    HOTLINE_ASSIGN_OR_RETURN(auto st, db_.Prepare("search_bulk.data",
                                                  "INSERT INTO case_fts_data(id, block) "
                                                  "VALUES(?1, ?2)"));
    st->Bind(1, id).BindBlob(2, block);
    return st->Exec();
  }
  Status Idx(int segid, std::string_view term, int64_t pgno_flag) override {
    HOTLINE_ASSIGN_OR_RETURN(auto st, db_.Prepare("search_bulk.idx",
                                                  "INSERT INTO case_fts_idx(segid, term, pgno) "
                                                  "VALUES(?1, ?2, ?3)"));
    st->Bind(1, int64_t{segid}).BindBlob(2, term).Bind(3, pgno_flag);
    return st->Exec();
  }

 private:
  Db& db_;
};

// The segment's records, handed from the thread that encodes them to the one that inserts them
// (the writer's), in batches, at most kMaxBatches waiting.
class Handoff final : public fts5::SegmentSink {
 public:
  struct Record {
    int64_t id = 0;     // %_data id, or (idx) the segment id
    int64_t pgno = -1;  // -1: a %_data row; else a %_idx row's pgno field
    std::string bytes;  // block, or term
  };

  Status Data(int64_t id, std::string_view block) override {
    return Add({id, -1, std::string(block)});
  }
  Status Idx(int segid, std::string_view term, int64_t pgno_flag) override {
    return Add({segid, pgno_flag, std::string(term)});
  }
  // The encoder is done (with its result); hands over what is left.
  void Close(Status st) {
    std::unique_lock lock(mu_);
    if (!batch_.empty()) ready_.push_back(std::move(batch_));
    batch_.clear();
    done_ = true;
    encoder_status_ = std::move(st);
    cv_.notify_all();
  }
  // The inserter failed: the encoder stops at its next record.
  void Abort() {
    std::unique_lock lock(mu_);
    aborted_ = true;
    cv_.notify_all();
  }
  // Next batch for the inserter; false once the encoder is done and everything was taken.
  bool Take(std::vector<Record>* out) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !ready_.empty() || done_; });
    if (ready_.empty()) return false;
    *out = std::move(ready_.front());
    ready_.pop_front();
    cv_.notify_all();
    return true;
  }
  Status encoder_status() {
    std::unique_lock lock(mu_);
    return encoder_status_;
  }

 private:
  static constexpr size_t kBatch = 256, kMaxBatches = 16;
  Status Add(Record r) {
    batch_.push_back(std::move(r));
    if (batch_.size() < kBatch) return Status::Ok();
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return ready_.size() < kMaxBatches || aborted_; });
    if (aborted_) return Status::Internal("search bulk: the insert failed");
    ready_.push_back(std::move(batch_));
    batch_.clear();
    cv_.notify_all();
    return Status::Ok();
  }

  std::vector<Record> batch_;  // the encoder's, not yet handed over
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::vector<Record>> ready_;  // GUARDED_BY(mu_)
  bool done_ = false;                      // GUARDED_BY(mu_)
  bool aborted_ = false;                   // GUARDED_BY(mu_)
  Status encoder_status_;                  // GUARDED_BY(mu_)
};

// A run's doclist of `term` into the segment: as it is, or row by row without the rows left
// out. `started`: whether the term has been begun in the segment.
Status AppendRows(fts5::SegmentWriter& writer, std::string_view term, std::string_view doclist,
                  const std::vector<int64_t>& left_out, bool* started) {
  if (left_out.empty()) {
    if (!*started) HOTLINE_RETURN_IF_ERROR(writer.Term(term));
    *started = true;
    return writer.Doclist(doclist);
  }
  fts5::DoclistReader rows(doclist);
  while (true) {
    HOTLINE_ASSIGN_OR_RETURN(bool row, rows.Next());
    if (!row) return Status::Ok();
    if (std::binary_search(left_out.begin(), left_out.end(), rows.rowid())) continue;
    if (!*started) HOTLINE_RETURN_IF_ERROR(writer.Term(term));
    *started = true;
    HOTLINE_RETURN_IF_ERROR(writer.Row(rows.rowid(), rows.poslist()));
  }
}

}  // namespace

// A slice of the cases (ids lo..hi): its rows and their postings as runs, in rowid order.
struct SearchBulkBuild::Part {
  int64_t lo = 0, hi = 0;
  std::vector<int64_t> ids, versions;
  std::string docsizes;               // each row's %_docsize blob, one after another
  std::vector<uint32_t> docsize_end;  // where each row's blob ends
  std::array<int64_t, kColumns> totals{};
  std::vector<std::unique_ptr<Run>> runs;
};

SearchBulkBuild::~SearchBulkBuild() = default;

namespace {

// What the threads share: the next slice to take, and the bytes of runs kept in memory.
struct Shared {
  std::atomic<size_t> next{0};
  std::atomic<std::size_t> in_memory{0};
};

}  // namespace

// One thread: slices, taken in turn until none is left (slices differ in text, so a fixed split
// would leave a thread idle), each read from this thread's snapshot.
Status SearchBulkBuild::CollectSlices(const std::string& db_path, const SearchBulkOptions& options,
                                      std::size_t budget, void* shared_ptr) {
  auto& shared = *static_cast<Shared*>(shared_ptr);
  HOTLINE_ASSIGN_OR_RETURN(auto db, Db::Open(db_path, Db::Mode::kReader, 16384));
  HOTLINE_RETURN_IF_ERROR(db->Exec("BEGIN"));
  HOTLINE_ASSIGN_OR_RETURN(
      auto st, db->Prepare("search_bulk.rows",
                           "SELECT s.id, c.version, s.title, s.content, s.replies, s.address, "
                           "s.number, s.facets FROM case_search_src s JOIN cases c ON c.id = s.id "
                           "WHERE s.id BETWEEN ?1 AND ?2 ORDER BY s.id"));
  Postings postings;
  std::string run;
  while (true) {
    const size_t index = shared.next.fetch_add(1);
    if (index >= parts_.size()) break;
    Part& part = *parts_[index];
    auto spill = [&]() -> Status {
      postings.TakeRun(run);
      const std::size_t held = shared.in_memory.fetch_add(run.size()) + run.size();
      if (options.temp_dir.empty() || held <= options.memory_bytes) {
        HOTLINE_ASSIGN_OR_RETURN(auto r, Run::Keep(std::move(run)));
        part.runs.push_back(std::move(r));
        run = std::string();
      } else {
        shared.in_memory.fetch_sub(run.size());
        const std::string path = options.temp_dir + "/run-" + std::to_string(index) + "-" +
                                 std::to_string(part.runs.size());
        HOTLINE_ASSIGN_OR_RETURN(auto r, Run::Spill(path, run));
        part.runs.push_back(std::move(r));
      }
      return Status::Ok();
    };
    st->Bind(1, part.lo).Bind(2, part.hi);
    while (true) {
      HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      const int64_t id = st->Int(0);
      part.ids.push_back(id);
      part.versions.push_back(st->Int(1));
      std::array<int, kColumns> size{};
      for (int c = 0; c < kColumns; ++c) {
        ColumnSink sink{&postings, c, 0};
        const int rc = search::TokenizeDocument(st->TextView(2 + c), &AddToken, &sink);
        if (rc != 0) return Status::Internal("tokenizing case " + std::to_string(id) + " failed");
        size[size_t(c)] = sink.size;
        part.totals[size_t(c)] += sink.size;
      }
      postings.EndRow(id);
      for (int n : size) fts5::AppendVarint(part.docsizes, static_cast<uint64_t>(n));
      part.docsize_end.push_back(static_cast<uint32_t>(part.docsizes.size()));
      if (postings.bytes() >= budget && !postings.empty()) HOTLINE_RETURN_IF_ERROR(spill());
    }
    st->Reset();
    if (!postings.empty()) HOTLINE_RETURN_IF_ERROR(spill());
  }
  return db->Exec("COMMIT");
}

Result<std::unique_ptr<SearchBulkBuild>> SearchBulkBuild::Collect(
    const std::string& db_path, int64_t from, int64_t to, const SearchBulkOptions& options) {
  if (from > to) return Status::Internal("empty range");
  std::unique_ptr<SearchBulkBuild> build(new SearchBulkBuild());
  build->from_ = from;
  build->to_ = to;
  if (!options.temp_dir.empty()) {
    // The directory is this build's: what is in it was left by one that did not finish.
    std::error_code ec;
    std::filesystem::remove_all(options.temp_dir, ec);
    std::filesystem::create_directories(options.temp_dir, ec);
    if (ec) return Status::Internal("cannot create " + options.temp_dir + ": " + ec.message());
  }
  const int threads = std::clamp(options.threads, 1, 16);
  const int64_t span = to - from + 1;
  // Enough slices for the threads to even out, few enough that each run holds many rows.
  const int64_t slice = std::clamp<int64_t>(span / (threads * 8), 64, 50000);
  for (int64_t lo = from; lo <= to; lo += slice) {
    auto part = std::make_unique<Part>();
    part->lo = lo;
    part->hi = std::min(to, lo + slice - 1);
    build->parts_.push_back(std::move(part));
  }
  const std::size_t budget = std::max<std::size_t>(options.memory_bytes / threads, 64 << 10);
  Shared shared;
  std::vector<Status> status(static_cast<size_t>(threads));
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i)
    pool.emplace_back([&, i] {
      try {
        status[size_t(i)] = build->CollectSlices(db_path, options, budget, &shared);
      } catch (const std::exception& e) {
        status[size_t(i)] = Status::Internal(std::string("search bulk build: ") + e.what());
      }
    });
  for (auto& t : pool) t.join();
  for (const auto& st : status) HOTLINE_RETURN_IF_ERROR(st);
  return build;
}

Result<SearchBulkBuild::Linked> SearchBulkBuild::Link(Db& db) {
  Linked out;

  // Rows that changed (or went) since they were read stay out.
  {
    HOTLINE_ASSIGN_OR_RETURN(auto st, db.Prepare("search_bulk.versions",
                                                 "SELECT id, version FROM cases WHERE id BETWEEN "
                                                 "?1 AND ?2 ORDER BY id"));
    st->Bind(1, from_).Bind(2, to_);
    size_t part = 0, k = 0;
    auto advance = [&]() {
      while (part < parts_.size() && k >= parts_[part]->ids.size()) {
        ++part;
        k = 0;
      }
    };
    advance();
    while (true) {
      HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      const int64_t id = st->Int(0), version = st->Int(1);
      while (part < parts_.size() && parts_[part]->ids[k] < id) {
        out.left_out.push_back(parts_[part]->ids[k]);  // gone
        ++k;
        advance();
      }
      if (part < parts_.size() && parts_[part]->ids[k] == id) {
        if (parts_[part]->versions[k] != version) out.left_out.push_back(id);
        ++k;
        advance();
      }
    }
    while (part < parts_.size()) {
      out.left_out.push_back(parts_[part]->ids[k]);
      ++k;
      advance();
    }
  }

  int pgsz = kDefaultPageSize;
  {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db.Prepare("search_bulk.pgsz", "SELECT v FROM case_fts_config WHERE k = 'pgsz'"));
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    if (row && st->Int(0) >= 32) pgsz = static_cast<int>(st->Int(0));
  }
  std::string structure_record, averages_record;
  {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db.Prepare("search_bulk.record", "SELECT block FROM case_fts_data WHERE id = ?1"));
    st->Bind(1, fts5::kStructureId);
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return Status::Internal("case_fts has no structure record");
    structure_record = st->Blob(0);
    st->Reset();
    st->Bind(1, fts5::kAveragesId);
    HOTLINE_ASSIGN_OR_RETURN(row, st->Step());
    if (row) averages_record = st->Blob(0);
  }
  HOTLINE_ASSIGN_OR_RETURN(fts5::Structure structure, fts5::DecodeStructure(structure_record));
  HOTLINE_ASSIGN_OR_RETURN(std::vector<int64_t> averages,
                           fts5::DecodeAverages(averages_record, kColumns));
  const int segid = fts5::FreeSegmentId(structure);
  if (segid == 0) return Status::Internal("case_fts has no free segment id");

  // %_docsize first: a row that already has one is already indexed, and the insert fails.
  {
    HOTLINE_ASSIGN_OR_RETURN(auto st, db.Prepare("search_bulk.docsize",
                                                 "INSERT INTO case_fts_docsize(id, sz) "
                                                 "VALUES(?1, ?2)"));
    for (const auto& p : parts_) {
      uint32_t begin = 0;
      for (size_t i = 0; i < p->ids.size(); ++i) {
        const std::string_view blob =
            std::string_view(p->docsizes).substr(begin, p->docsize_end[i] - begin);
        begin = p->docsize_end[i];
        if (std::binary_search(out.left_out.begin(), out.left_out.end(), p->ids[i])) {
          // Not counted in the averages either.
          const auto* b = reinterpret_cast<const uint8_t*>(blob.data());
          const auto* e = b + blob.size();
          for (int c = 0; c < kColumns && b < e; ++c) {
            uint64_t v = 0;
            b += fts5::GetVarint(b, e, &v);
            averages[size_t(c) + 1] -= static_cast<int64_t>(v);
          }
          continue;
        }
        st->Bind(1, p->ids[i]).BindBlob(2, blob);
        Status s = st->Exec();
        st->Reset();
        if (s.reason() == "constraint")
          return Status::Internal("case " + std::to_string(p->ids[i]) +
                                  " is already in the search index");
        HOTLINE_RETURN_IF_ERROR(s);
        ++out.indexed;
      }
      for (int c = 0; c < kColumns; ++c) averages[size_t(c) + 1] += p->totals[size_t(c)];
    }
    averages[0] += out.indexed;
  }

  // The segment: every run's terms, merged in byte order; for each term its doclists in the
  // runs' rowid order.
  std::vector<RunCursor> cursors;
  for (const auto& p : parts_)
    for (const auto& r : p->runs) {
      HOTLINE_RETURN_IF_ERROR(r->Map());
      RunCursor c;
      c.p = reinterpret_cast<const uint8_t*>(r->bytes().data());
      c.end = c.p + r->bytes().size();
      HOTLINE_RETURN_IF_ERROR(c.Next());
      if (!c.done) cursors.push_back(c);
    }
  // A heap of the runs by (term, run): a term's doclists come out in the runs' order.
  const auto later = [&](size_t a, size_t b) {
    const int cmp = cursors[a].term.compare(cursors[b].term);
    return cmp > 0 || (cmp == 0 && a > b);
  };
  std::vector<size_t> heap;
  for (size_t i = 0; i < cursors.size(); ++i) heap.push_back(i);
  std::make_heap(heap.begin(), heap.end(), later);
  // Encoding on a thread of its own, inserting here (the writer's connection): the two take
  // about the same time.
  Handoff handoff;
  int pages = 0;
  std::thread encoder([&] {
    Status st;
    try {
      st = [&]() -> Status {
        fts5::SegmentWriter writer(segid, pgsz, handoff);
        while (!heap.empty()) {
          const std::string_view term = cursors[heap.front()].term;
          bool started = false;
          while (!heap.empty() && cursors[heap.front()].term == term) {
            std::pop_heap(heap.begin(), heap.end(), later);
            const size_t i = heap.back();
            heap.pop_back();
            RunCursor& c = cursors[i];
            HOTLINE_RETURN_IF_ERROR(AppendRows(writer, term, c.doclist, out.left_out, &started));
            HOTLINE_RETURN_IF_ERROR(c.Next());
            if (!c.done) {
              heap.push_back(i);
              std::push_heap(heap.begin(), heap.end(), later);
            }
          }
        }
        HOTLINE_ASSIGN_OR_RETURN(pages, writer.Finish());
        return Status::Ok();
      }();
    } catch (const std::exception& e) {
      st = Status::Internal(std::string("search bulk: ") + e.what());
    }
    handoff.Close(std::move(st));
  });
  TableSink sink(db);
  Status inserted;
  std::vector<Handoff::Record> batch;
  while (handoff.Take(&batch)) {
    for (const auto& r : batch) {
      if (!inserted.ok()) break;
      inserted =
          r.pgno < 0 ? sink.Data(r.id, r.bytes) : sink.Idx(static_cast<int>(r.id), r.bytes, r.pgno);
    }
    if (!inserted.ok()) {
      handoff.Abort();
      while (handoff.Take(&batch)) {
      }
      break;
    }
  }
  encoder.join();
  HOTLINE_RETURN_IF_ERROR(inserted);
  HOTLINE_RETURN_IF_ERROR(handoff.encoder_status());

  if (pages > 0) {
    // The new segment holds rows older than anything indexed since the load: it goes to a new
    // lowest level (where FTS5's 'optimize' also puts its single merged segment).
    if (structure.levels.empty() || !structure.levels.back().segments.empty())
      structure.levels.emplace_back();
    if (structure.levels.size() > 64) return Status::Internal("case_fts has 64 levels");
    structure.levels.back().segments.push_back({segid, 1, pages});
    HOTLINE_ASSIGN_OR_RETURN(auto st, db.Prepare("search_bulk.write_record",
                                                 "REPLACE INTO case_fts_data(id, block) "
                                                 "VALUES(?1, ?2)"));
    st->Bind(1, fts5::kStructureId).BindBlob(2, fts5::EncodeStructure(structure));
    HOTLINE_RETURN_IF_ERROR(st->Exec());
  }
  {
    HOTLINE_ASSIGN_OR_RETURN(auto st, db.Prepare("search_bulk.write_record",
                                                 "REPLACE INTO case_fts_data(id, block) "
                                                 "VALUES(?1, ?2)"));
    st->Bind(1, fts5::kAveragesId).BindBlob(2, fts5::EncodeAverages(averages));
    HOTLINE_RETURN_IF_ERROR(st->Exec());
  }
  return out;
}

}  // namespace hotline::store::sqlite
