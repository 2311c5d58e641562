// Registration of the "hotline" tokenizer (tokenizer.h) with SQLite FTS5.
//
// After RegisterTokenizer(db) succeeds, `db` accepts
//   CREATE VIRTUAL TABLE t USING fts5(title, content, tokenize='hotline');
// The tokenizer takes no arguments (any argument is an error at CREATE time). Tables must use
// detail=full (the default) for the phrase queries query.h builds; under detail=column or
// detail=none FTS5 rejects multi-token phrases, i.e. every CJK query of two or more characters.
//
// Positions: in documents each CJK character has its own position and the bigram that starts at it
// is emitted with FTS5_TOKEN_COLOCATED at the same position; words take one position each. Queries
// are tokenised in kQuery mode (FTS5_TOKENIZE_QUERY) into bigram phrases aligned with those
// positions — see tokenizer.h. FTS5_TOKENIZE_DOCUMENT and FTS5_TOKENIZE_AUX (highlight, snippet)
// use kDocument mode. Prefix queries (`"ab" *`) work for words only; query.h does not produce them.
//
// A query phrase that starts with kMatchOnlyMarker (query.h, MatchOnlyExpression) is tokenised in
// Mode::kQueryMatchOnly: the same rows and BM25, cheaper, but not for highlight().
//
// Facets: a text that starts with kFacetMarker (facets.h) is not words but a list of facet tokens,
// each from one marker to the next, given to FTS5 unchanged (one position each), in every mode.
//
// The registration is per connection: every connection that reads or writes such a table (the
// writer and each pooled reader) must call it once after opening, before touching the table.
//
// Thread-safety: the tokenizer keeps no mutable state (the fold table is immutable), so a
// connection may be used from any thread SQLite allows; RegisterTokenizer itself must not race
// with other use of the same connection.
#pragma once

#include <sqlite3.h>

#include <string_view>

#include "src/common/status.h"
#include "src/search/tokenizer.h"

namespace hotline::search {

inline constexpr char kTokenizerName[] = "hotline";
inline constexpr char kBm25Name[] = "hotline_bm25";
inline constexpr char kMatchOnlyMarker = '\x1f';

// Registers the tokenizer under kTokenizerName on `db`. Fails with Internal if this SQLite has no
// FTS5 (or an fts5_api older than version 2) or if registration fails. Also builds the fold table
// now, so the first INSERT does not pay for it.
//
// Also registers the FTS5 ranking function hotline_bm25(table, w0, w1, …, wn-1): FTS5's bm25()
// (k1 1.2, b 0.75, the same IDF per phrase, the same arithmetic) over the first n columns only —
// matches in later columns weigh nothing and their tokens do not count in the document length or
// the average length. case_fts's `facets` column (facets.h) is such a column, so the scores are
// exactly those bm25() gave before the column existed.
// REQUIRES: db is an open connection.
Status RegisterTokenizer(sqlite3* db);

// The tokens FTS5 gets from this tokenizer for a column of a document (FTS5_TOKENIZE_DOCUMENT):
// a facets text's facet tokens, any other text's TokenizeTo(kDocument) tokens. Bulk indexing
// (store/sqlite/search_bulk.h) tokenizes through this, so it indexes exactly what an INSERT
// would. Returns 0 or the first non-zero value of `sink`; may throw std::bad_alloc.
int TokenizeDocument(std::string_view text, TokenSink sink, void* ctx);

}  // namespace hotline::search
