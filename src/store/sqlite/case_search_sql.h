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
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "src/common/status.h"
#include "src/domain/model.h"

namespace hotline::store::sqlite {

// The replies a case is found by: the lead unit's reply, the reply told to the citizen when it
// differs, and every other unit's reply that differs from the lead's, one per line.
std::string CaseRepliesText(const std::string& reply, const std::string& reply_to_citizen,
                            const std::vector<std::string>& assignment_replies);

// The indexed columns in case_fts order: title, content, replies, address, number, facets.
inline constexpr int kCaseSearchColumns = 6;
std::array<std::string, kCaseSearchColumns> CaseSearchText(const domain::Case& c);

// ---- Case search facets (search/facets.h; migration 0015) ----
// The facets column of a case: its status (a closed kind of status by name, every open status as
// "open": open statuses change often and each change would re-index the case; the store tests the
// exact open status on the few cases it finds), district, category and registration period.
std::string CaseFacetsText(std::string_view status, std::string_view district_id,
                           std::string_view category_id, int64_t created_at_ms);
// The status facet value that cases of `status` carry ("closed", …, or "open").
std::string StatusFacetValue(std::string_view status);

// Registers case_replies(doc_json) → CaseRepliesText of the stored case document (empty text
// for a document that is not JSON), and case_facets(status, district_id, category_id,
// created_at) → CaseFacetsText. Deterministic and innocuous, so views may use them.
// REQUIRES: db is an open connection.
Status RegisterCaseSearchFunctions(sqlite3* db);

}  // namespace hotline::store::sqlite
