// Case facets: the list filters a search combines with (status, district, category, registration
// date) as tokens of the search index, so FTS5 intersects them with the words of a query instead
// of the store reading every matching case row to test the filter (docs/benchmarks.md, "Search
// with filters at 1M").
//
// A facet token is kFacetMarker + key + ':' + value, e.g. "\x1e" "d:19". The index's `facets`
// column holds a case's facet tokens, concatenated (each starts with the marker); the "hotline"
// tokenizer (fts5_tokenizer.h) turns a text that STARTS with the marker into those tokens, one
// position each, and tokenises every other text as words. A user can never type such a token:
// query.h turns control characters into white space, and the store puts facet terms only on the
// `facets` column (`facets : "…"`), so marker-led text in another column is never taken for one.
//
// Registration date tokens are calendar periods in China Standard Time (UTC+8, no daylight
// saving): "y:2026", "m:2026-11", "t:2026-11-28". CoverRange splits a time range into the periods
// that lie wholly inside it (their cases match without reading the case) and the at most two days
// that are only partly inside (their cases must still be tested against the exact bounds).
//
// Thread-safety: pure functions; safe to call concurrently.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotline::search {

inline constexpr char kFacetMarker = '\x1e';

// kFacetMarker + key + ':' + value; marker bytes inside key or value are dropped.
std::string FacetToken(std::string_view key, std::string_view value);

// The year, month and day tokens of a registration time (Unix milliseconds), in that order.
std::vector<std::string> CreatedFacetTokens(int64_t created_ms);

// A time range as calendar facet tokens.
struct DateCover {
  std::vector<std::string> whole;    // periods wholly inside the range
  std::vector<std::string> partial;  // days partly inside: test each case's exact time
};

// Covers [from_ms, to_ms) (either side may be open) for data whose registration times all lie in
// [data_min_ms, data_max_ms]: every case registered inside the range is in exactly one of the
// returned periods, and every case of a `whole` period is inside the range. Periods are as coarse
// as possible (days up to a month boundary, months up to a year boundary, years, then back down),
// so a range of a few months or years is a handful of tokens. Empty when no data can match.
DateCover CoverRange(std::optional<int64_t> from_ms, std::optional<int64_t> to_ms,
                     int64_t data_min_ms, int64_t data_max_ms);

}  // namespace hotline::search
