// Case search, SQL side: the text of a case that the full-text index holds, and the SQL function
// that computes its "replies" part inside SQLite (migration 0002's view case_search_src).
//
// The store computes the same text in C++ when it writes a case (CaseSearchText) and SQLite
// computes it from the stored row (the view, for 'rebuild' and to remove a case's old entries);
// both go through CaseRepliesText, so they agree byte for byte, which FTS5's external-content
// 'delete' requires.
//
// Thread-safety: pure functions; the SQL function keeps no state.
#pragma once

#include <sqlite3.h>

#include <array>
#include <string>
#include <vector>

#include "src/common/status.h"
#include "src/domain/model.h"

namespace hotline::store::sqlite {

// The replies a case is found by: the lead unit's reply, the reply told to the citizen when it
// differs, and every other unit's reply that differs from the lead's, one per line.
std::string CaseRepliesText(const std::string& reply, const std::string& reply_to_citizen,
                            const std::vector<std::string>& assignment_replies);

// The indexed columns in case_fts order: title, content, replies, address, number.
std::array<std::string, 5> CaseSearchText(const domain::Case& c);

// Registers case_replies(doc_json) → CaseRepliesText of the stored case document (empty text
// for a document that is not JSON). Deterministic and innocuous, so views may use it.
// REQUIRES: db is an open connection.
Status RegisterCaseSearchFunctions(sqlite3* db);

}  // namespace hotline::store::sqlite
