// User search text → a safe FTS5 MATCH expression for tables using the "hotline" tokenizer.
//
// Accepted syntax (everything else is literal text):
//   * terms separated by white space (ASCII or Unicode, e.g. the ideographic space U+3000);
//     adjacent terms are ANDed: 路灯 不亮 → "路灯" AND "不亮";
//   * "quoted phrases", also with “…” or ＂…＂; an unbalanced quote runs to the end of the input;
//   * the operators AND, OR, NOT — upper case, as separate words (lower-case "and" is a word).
//     FTS5 precedence applies: NOT binds tighter than AND, AND tighter than OR.
// Rules that keep the result valid whatever the input:
//   * every term and phrase is emitted as an FTS5 string ("…", inner quotes doubled), so * ^ : + -
//     ( ) { } NEAR and column filters (title:x, {title}: x, -content:x) are never syntax: the
//     tokenizer treats them as separators or words. A user can therefore never restrict or widen
//     the columns searched, nor produce a prefix or NEAR query;
//   * parentheses do not group; they separate terms;
//   * a term that yields no token (only punctuation, symbols, emoji) is dropped;
//   * operators without a left operand are dropped — a leading NOT drops its operand too, because
//     FTS5 cannot express "everything except x"; of consecutive operators the last one counts;
//     trailing operators are dropped;
//   * bytes that are not UTF-8 and control characters (including NUL) are treated as white space.
// Each term is one phrase: the tokenizer turns a CJK run into a bigram phrase (tokenizer.h), so
// "噪音扰民" matches exactly the documents containing that substring (after normalisation), and a
// mixed term such as 3号楼 or HL-2026-0001 matches those tokens in sequence.
//
// Thread-safety: pure function; safe to call concurrently.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "src/common/status.h"

namespace hotline::search {

inline constexpr std::size_t kMaxQueryBytes = 1024;
inline constexpr std::size_t kMaxQueryTerms = 32;

// Returns the MATCH expression, e.g. `路灯 不亮 OR "噪音 扰民"` → `"路灯" AND "不亮" OR "噪音
// 扰民"`. Invalid if the query is longer than kMaxQueryBytes, has more than kMaxQueryTerms terms,
// or has no searchable term at all (empty, only punctuation, only operators, only negated terms).
Result<std::string> BuildMatchExpression(std::string_view user_query);

// The same expression for finding and ranking only (not for highlight()/snippet()): every phrase
// marked (a leading U+001F, which user text never contains) so the "hotline" tokenizer leaves out
// the trailing character of a final CJK run (tokenizer.h, Mode::kQueryMatchOnly). Same rows and
// same bm25 as `match`; a two-character word becomes a one-token phrase, read without positions.
// REQUIRES: `match` comes from BuildMatchExpression.
std::string MatchOnlyExpression(std::string_view match);

}  // namespace hotline::search
