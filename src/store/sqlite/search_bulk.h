// Bulk indexing of cases for search: many cases into case_fts at once, as one new FTS5 segment
// written directly (fts5_segment.h) instead of row by row through FTS5.
//
// FTS5 indexes a row by adding each token to an in-memory hash, writing that out as a small
// segment every `hashsize` bytes and merging segments again and again; for CJK text (a single
// character and a bigram per character, ~1,000 tokens per case) that costs ~0.3 CPU ms per case.
// Here each of `threads` threads reads a slice of the cases from a snapshot of its own, tokenizes
// them with the same tokenizer (search::TokenizeDocument, so the index holds exactly what an
// INSERT would put there), and appends each row's positions to per-term doclists in memory,
// writing them to a sorted run file when they pass a memory budget. Linking — in one write
// transaction of the store — merges the runs term by term (runs cover ascending rowid ranges, so
// a term's doclists are concatenated, not merged) into one segment, inserts the rows' %_docsize
// entries, adds them to the averages record and puts the segment in the structure record.
//
// A case that changed between its snapshot and the link (its version differs; it is in the
// search backlog, so the store did not index the change) is left out of the segment and stays in
// the backlog, to be indexed by IndexSearchBacklog as it is then. Linking requires that the rows
// have no index entries yet (the backlog's promise) and fails, changing nothing, if a row already
// has a %_docsize entry.
//
// Thread-safety: Collect runs its own threads and connections; Link must run on the writer's
// connection inside a transaction that holds no other write to case_fts (FTS5 caches the
// structure and averages records per connection while it writes; see SqliteStore).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "src/common/status.h"
#include "src/store/sqlite/db.h"

namespace hotline::store::sqlite {

struct SearchBulkOptions {
  int threads = 2;
  // Postings held in memory (all threads together) before a thread writes a run file.
  std::size_t memory_bytes = std::size_t{768} << 20;
  // Where run files go: emptied and created by Collect; the files are removed when the build is
  // destroyed.
  std::string temp_dir;
};

class SearchBulkBuild {
 public:
  ~SearchBulkBuild();
  SearchBulkBuild(const SearchBulkBuild&) = delete;
  SearchBulkBuild& operator=(const SearchBulkBuild&) = delete;

  // Reads and tokenizes cases from..to (ids, inclusive) of the database at `db_path`.
  static Result<std::unique_ptr<SearchBulkBuild>> Collect(const std::string& db_path, int64_t from,
                                                          int64_t to,
                                                          const SearchBulkOptions& options);

  struct Linked {
    int64_t indexed = 0;            // rows now in the index
    std::vector<int64_t> left_out;  // changed or gone since they were read
  };
  // Writes the segment into case_fts on `writer` (inside its transaction; see the header).
  Result<Linked> Link(Db& writer);

 private:
  struct Part;
  SearchBulkBuild() = default;
  // One thread's share of Collect; `shared`: the threads' common state (search_bulk.cc).
  Status CollectSlices(const std::string& db_path, const SearchBulkOptions& options,
                       std::size_t budget, void* shared);
  int64_t from_ = 0, to_ = 0;
  std::vector<std::unique_ptr<Part>> parts_;  // ascending id slices
};

}  // namespace hotline::store::sqlite
