#include "src/search/fts5_tokenizer.h"

#include <new>
#include <string>
#include <string_view>

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
int TokenizeFacets(std::string_view text, Callback* cb) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(kFacetMarker, start + 1);
    if (end == std::string_view::npos) end = text.size();
    if (end - start > 1) {
      const int rc = cb->x_token(cb->ctx, 0, text.data() + start, static_cast<int>(end - start),
                                 static_cast<int>(start), static_cast<int>(end));
      if (rc != SQLITE_OK) return rc;
    }
    start = end;
  }
  return SQLITE_OK;
}

int TokenizeCb(Fts5Tokenizer* /*tokenizer*/, void* ctx, int flags, const char* text, int n_text,
               int (*x_token)(void*, int, const char*, int, int, int)) {
  if (text == nullptr || n_text <= 0) return SQLITE_OK;
  const Mode mode = (flags & FTS5_TOKENIZE_QUERY) != 0 ? Mode::kQuery : Mode::kDocument;
  Callback cb{ctx, x_token};
  if (text[0] == kFacetMarker)
    return TokenizeFacets(std::string_view(text, static_cast<std::size_t>(n_text)), &cb);
  try {
    return TokenizeTo(std::string_view(text, static_cast<std::size_t>(n_text)), mode, &Forward,
                      &cb);
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  } catch (...) {
    return SQLITE_ERROR;  // no exception may cross into SQLite's C frames
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
  return Status::Ok();
}

}  // namespace hotline::search
