#include "src/search/fts5_tokenizer.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "src/search/facets.h"
#include "src/search/normalize.h"
#include "src/search/tokenizer.h"

namespace hotline::search {
namespace {

// FTS5 needs a non-null Fts5Tokenizer*; the tokenizer has no per-table state, so all tables share
// this one object.
struct Instance {};
Instance kInstance;

struct Callback {
  void* ctx;
  int (*x_token)(void*, int, const char*, int, int, int);
};

int Forward(void* ctx, std::string_view token, int start, int end, bool colocated) {
  auto* cb = static_cast<Callback*>(ctx);
  return cb->x_token(cb->ctx, colocated ? FTS5_TOKEN_COLOCATED : 0, token.data(),
                     static_cast<int>(token.size()), start, end);
}

int Create(void* /*user_data*/, const char** /*args*/, int n_args, Fts5Tokenizer** out) {
  *out = nullptr;
  if (n_args != 0) return SQLITE_ERROR;  // "hotline" takes no options
  *out = reinterpret_cast<Fts5Tokenizer*>(&kInstance);
  return SQLITE_OK;
}

void Delete(Fts5Tokenizer* /*tokenizer*/) {}

// A text that starts with kFacetMarker is a list of facet tokens (facets.h), each from one marker
// to the next, given as they are (documents and queries alike).
int TokenizeFacets(std::string_view text, TokenSink sink, void* ctx) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(kFacetMarker, start + 1);
    if (end == std::string_view::npos) end = text.size();
    if (end - start > 1) {
      const int rc = sink(ctx, text.substr(start, end - start), static_cast<int>(start),
                          static_cast<int>(end), false);
      if (rc != SQLITE_OK) return rc;
    }
    start = end;
  }
  return SQLITE_OK;
}

int TokenizeCb(Fts5Tokenizer* /*tokenizer*/, void* ctx, int flags, const char* text, int n_text,
               int (*x_token)(void*, int, const char*, int, int, int)) {
  if (text == nullptr || n_text <= 0) return SQLITE_OK;
  Mode mode = (flags & FTS5_TOKENIZE_QUERY) != 0 ? Mode::kQuery : Mode::kDocument;
  if (mode == Mode::kQuery && text[0] == kMatchOnlyMarker) {  // query.h: MatchOnlyExpression
    mode = Mode::kQueryMatchOnly;
    ++text;
    --n_text;
  }
  Callback cb{ctx, x_token};
  const std::string_view view(text, static_cast<std::size_t>(n_text));
  if (view[0] == kFacetMarker) return TokenizeFacets(view, &Forward, &cb);
  try {
    return TokenizeTo(view, mode, &Forward, &cb);
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  } catch (...) {
    return SQLITE_ERROR;  // no exception may cross into SQLite's C frames
  }
}

// hotline_bm25: see the header. Per statement (auxdata): the IDF of each phrase and the average
// length of the scored columns; per row: the weighted frequency of each phrase in the scored
// columns and the row's length in them.
struct Bm25Data {
  std::vector<double> idf;
  double avgdl = 0;
  int n_cols = 0;
};

// Counts a phrase's rows, and stops once they are more than half of all rows: from there on the
// IDF is the floor value 1e-6 however many more there are.
struct HitCount {
  int64_t n = 0;
  int64_t stop_above = 0;
};
int CountHit(const Fts5ExtensionApi*, Fts5Context*, void* ctx) {
  auto* c = static_cast<HitCount*>(ctx);
  return ++c->n > c->stop_above ? SQLITE_DONE : SQLITE_OK;
}

void DeleteBm25Data(void* p) { delete static_cast<Bm25Data*>(p); }

void Bm25(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int n_val,
          sqlite3_value** vals) {
  constexpr double k1 = 1.2, b = 0.75;
  auto* data = static_cast<Bm25Data*>(api->xGetAuxdata(fts, 0));
  int rc = SQLITE_OK;
  if (data == nullptr) {
    auto fresh = std::make_unique<Bm25Data>();
    fresh->n_cols = std::min(n_val, api->xColumnCount(fts));
    sqlite3_int64 n_row = 0;
    rc = api->xRowCount(fts, &n_row);
    if (n_row <= 0) n_row = 1;
    sqlite3_int64 n_token = 0;
    for (int c = 0; rc == SQLITE_OK && c < fresh->n_cols; ++c) {
      sqlite3_int64 n = 0;
      rc = api->xColumnTotalSize(fts, c, &n);
      n_token += n;
    }
    fresh->avgdl = double(n_token) / double(n_row);
    const int n_phrase = api->xPhraseCount(fts);
    for (int i = 0; rc == SQLITE_OK && i < n_phrase; ++i) {
      HitCount hits;
      hits.stop_above = n_row / 2 + 1;
      rc = api->xQueryPhrase(fts, i, &hits, &CountHit);
      if (rc == SQLITE_DONE) rc = SQLITE_OK;  // stopped: idf <= 0 below, i.e. the floor
      const double n_hit = double(hits.n);
      double idf = std::log((double(n_row) - n_hit + 0.5) / (n_hit + 0.5));
      if (idf <= 0.0) idf = 1e-6;
      fresh->idf.push_back(idf);
    }
    if (rc != SQLITE_OK) return sqlite3_result_error_code(ctx, rc);
    data = fresh.get();
    rc = api->xSetAuxdata(fts, fresh.release(), &DeleteBm25Data);
    if (rc != SQLITE_OK) return sqlite3_result_error_code(ctx, rc);
  }
  std::vector<double> freq(data->idf.size(), 0.0);
  int n_inst = 0;
  rc = api->xInstCount(fts, &n_inst);
  for (int i = 0; rc == SQLITE_OK && i < n_inst; ++i) {
    int ip = 0, ic = 0, io = 0;
    rc = api->xInst(fts, i, &ip, &ic, &io);
    if (rc == SQLITE_OK && ic < data->n_cols && size_t(ip) < freq.size())
      freq[size_t(ip)] += sqlite3_value_double(vals[ic]);
  }
  sqlite3_int64 n_tok = 0;
  for (int c = 0; rc == SQLITE_OK && c < data->n_cols; ++c) {
    int n = 0;
    rc = api->xColumnSize(fts, c, &n);
    n_tok += n;
  }
  if (rc != SQLITE_OK) return sqlite3_result_error_code(ctx, rc);
  const double d = double(n_tok);
  double score = 0.0;
  for (size_t i = 0; i < freq.size(); ++i)
    score +=
        data->idf[i] * ((freq[i] * (k1 + 1.0)) / (freq[i] + k1 * (1 - b + b * d / data->avgdl)));
  sqlite3_result_double(ctx, -1.0 * score);
}

void Bm25Function(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int n_val,
                  sqlite3_value** vals) {
  try {
    Bm25(api, fts, ctx, n_val, vals);
  } catch (const std::bad_alloc&) {
    sqlite3_result_error_nomem(ctx);  // no exception may cross into SQLite's C frames
  }
}

Result<fts5_api*> GetFts5Api(sqlite3* db) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK) {
    return Status::Internal(std::string("fts5 is not available: ") + sqlite3_errmsg(db));
  }
  fts5_api* api = nullptr;
  sqlite3_bind_pointer(stmt, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  if (api == nullptr) return Status::Internal("fts5 did not return its api pointer");
  if (api->iVersion < 2) return Status::Internal("fts5_api version < 2");
  return api;
}

}  // namespace

Status RegisterTokenizer(sqlite3* db) {
  if (db == nullptr) return Status::Internal("RegisterTokenizer: null connection");
  auto api = GetFts5Api(db);
  if (!api.ok()) return api.status();
  std::string warm;
  AppendFolded(U'\u4E00', &warm);  // build the fold table outside any write transaction
  fts5_tokenizer tokenizer{&Create, &Delete, &TokenizeCb};
  const int rc = (*api)->xCreateTokenizer(*api, kTokenizerName, nullptr, &tokenizer, nullptr);
  if (rc != SQLITE_OK) {
    return Status::Internal(std::string("registering fts5 tokenizer failed: ") +
                            sqlite3_errstr(rc));
  }
  const int rc_fn = (*api)->xCreateFunction(*api, kBm25Name, nullptr, &Bm25Function, nullptr);
  if (rc_fn != SQLITE_OK) {
    return Status::Internal(std::string("registering hotline_bm25 failed: ") +
                            sqlite3_errstr(rc_fn));
  }
  return Status::Ok();
}

int TokenizeDocument(std::string_view text, TokenSink sink, void* ctx) {
  if (text.empty()) return SQLITE_OK;
  if (text[0] == kFacetMarker) return TokenizeFacets(text, sink, ctx);
  return TokenizeTo(text, Mode::kDocument, sink, ctx);
}

}  // namespace hotline::search
