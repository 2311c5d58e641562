// The search token stream: what the FTS5 tokenizer "hotline" feeds to the index and to queries.
//
// Text is folded code point by code point (normalize.h: NFKC, case, width, Latin accents,
// traditional → simplified), classified, and split:
//   * a run of word characters (Latin, digits, other space-separated scripts) is ONE token, folded:
//     "Café" → "cafe", "１３８１２３４" → "1381234"; numbers are kept as they are (no stemming, no
//     number parsing, leading zeros kept). A run splits where ASCII digits meet letters, so units
//     and codes glued to numbers are findable on their own: "10kV" → 10 kv, "HL2026" → hl 2026 (as
//     a query phrase "HL2026" still requires both, in order). A word longer than kMaxWordBytes is
//     truncated (identically on both sides);
//   * a run of CJK characters (Han, kana, Hangul) c0 c1 … c(n-1) gives, in kDocument mode, for
//   every
//     position i the single character ci and, COLOCATED with it (same position), the bigram ci
//     c(i+1); the last character has no bigram. Example "路灯坏" → 路 (路灯) 灯 (灯坏) 坏 — three
//     positions.
//   * in kQuery mode a CJK run of length 1 is the character itself; a run of length n ≥ 2 is its
//   n-1
//     bigrams followed by its last character: "噪音扰民" → 噪音 音扰 扰民 民. That is n positions,
//     exactly the positions the run occupies in a document, so as an FTS5 phrase it matches the run
//     wherever it occurs, stays aligned with words around it ("3号楼" → 3 号楼 楼) and highlights
//     the whole run. The trailing character is implied by the last bigram, so it never loses a
//     match.
//   * anything else (space, punctuation, symbols, emoji, control characters, bytes that are not
//     UTF-8) separates tokens and takes no position.
// A query must therefore be given to FTS5 as one phrase per user term: query.h builds that.
//
// Offsets are byte offsets into the ORIGINAL text (start inclusive, end exclusive), covering the
// original characters a token was folded from, so highlight()/snippet() show the text as stored.
// The first token at a position is never colocated and carries the offsets of one character (or one
// word); that is the one FTS5's highlight() uses.
//
// Thread-safety: pure functions; safe to call concurrently.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace hotline::search {

enum class Mode {
  kDocument,  // indexing, and highlight()/snippet() re-tokenisation
  kQuery,     // a phrase of a MATCH expression
  // kQuery without the last token of the phrase when it is the trailing character of a CJK run of
  // two or more characters ("小区" → 小区, "噪音扰民" → 噪音 音扰 扰民; "3号楼" → 3 号楼). In a
  // document a bigram is always followed by its second character, so the phrase matches exactly
  // the same rows, with the same number of instances (the same BM25), but a one-token phrase is
  // read from the index without positions. Not for highlight(): it marks the tokens it matched.
  kQueryMatchOnly,
};

inline constexpr std::size_t kMaxWordBytes = 64;

struct Token {
  std::string text;        // folded UTF-8
  int start = 0;           // byte offset of the first original byte
  int end = 0;             // one past the last original byte
  bool colocated = false;  // same position as the previous token (FTS5_TOKEN_COLOCATED)

  bool operator==(const Token&) const = default;
};

// Called once per token, in order. `token` is valid only during the call. Return 0 to continue;
// any other value stops tokenisation and is returned by TokenizeTo.
using TokenSink = int (*)(void* ctx, std::string_view token, int start, int end, bool colocated);

// Streams the tokens of `text` to `sink` without building a vector (the FTS5 path).
// Returns 0, or the first non-zero value returned by `sink`. May throw std::bad_alloc.
// REQUIRES: text.size() <= INT_MAX.
int TokenizeTo(std::string_view text, Mode mode, TokenSink sink, void* ctx);

// Convenience form for tests and callers outside SQLite.
std::vector<Token> Tokenize(std::string_view text, Mode mode);

}  // namespace hotline::search
