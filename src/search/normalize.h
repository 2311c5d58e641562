// Text normalisation for search: the one definition of "the same text" used by the index, the
// queries and any reference scan.
//
// Every code point is folded on its own, so a folded character always maps back to the byte range
// of the original character it came from (the tokenizer relies on this for highlight/snippet
// offsets):
//   1. NFKC + case folding (ICU NFKC_Casefold): full-width → half-width (ＡＢＣ１２３ → abc123), ①
//   → 1,
//      ß → ss, default-ignorable characters (U+200B, soft hyphen, …) fold away;
//   2. accent removal: after canonical decomposition, non-spacing marks on a Latin base are dropped
//      (Café → cafe), and the generic combining diacritics (U+0300–036F and relatives) on any base
//      or stand-alone (so "e" + U+0301 folds like "é", and Greek ά → α); other scripts keep their
//      marks (Devanagari vowel signs are letters in effect);
//   3. traditional → simplified Chinese with ICU's "Traditional-Simplified" transliterator (臺灣
//   路燈 →
//      台湾 路灯).
// Step 3 is not run per call: ICU's transliterator is slow-ish and not thread-safe, and under ICU
// 72 it is a pure one-code-point-to-one-code-point map over the BMP ideograph blocks (2,853 code
// points change; no supplementary ideograph does). The fold table is therefore computed once, on
// first use (about 0.1–0.2 s: transliterator creation plus one pass over the CJK blocks), and is
// immutable afterwards. Per-code-point folding differs from whole-string ICU processing only where
// ICU would compose across characters (e.g. a decomposed Hangul jamo sequence stays decomposed) —
// harmless because index and queries fold identically.
//
// Thread-safety: everything here is safe to call concurrently; the table is a function-local static
// (thread-safe initialisation), read-only afterwards.
#pragma once

#include <string>
#include <string_view>

namespace hotline::search {

// Appends the folded form of code point `cp` to `*out` as UTF-8 (nothing if it folds away).
// REQUIRES: cp is a Unicode scalar value (≤ 0x10FFFF, not a surrogate).
void AppendFolded(char32_t cp, std::string* out);

// The folded text: the concatenation of AppendFolded over every code point of `utf8`. Bytes that
// are not well-formed UTF-8 are replaced by U+FFFD.
std::string Normalize(std::string_view utf8);

// Character classes the tokenizer splits on, for a folded code point.
enum class CharClass : unsigned char {
  kSeparator,  // space, punctuation, symbols, emoji, controls: ends a token
  kWord,  // letters and digits of space-separated scripts (Latin, Cyrillic, …) and their marks
  kCjk,   // Han ideographs, kana, Hangul: indexed as characters and bigrams
};
CharClass ClassOf(char32_t cp);

// The fold of one code point, as the tokenizer consumes it.
struct FoldedChar {
  std::string_view utf8;  // folded text: empty, one code point, or (rarely, e.g. ½ → 1⁄2) several
  CharClass cls;          // the class of the folded code point; meaningful only when `single`
  bool single;            // utf8 holds exactly one code point
};
// For BMP code points the view points into the process-wide table (valid for the life of the
// process); for supplementary ones it points into *scratch, which is overwritten by the call.
// REQUIRES: cp is a Unicode scalar value; scratch != nullptr.
FoldedChar Fold(char32_t cp, std::string* scratch);

// Whether ICU's Traditional-Simplified transliterator changes `cp` on its own (the precomputed
// set).
bool IsTraditional(char32_t cp);

// Reference path for tests and measurement: ICU's Traditional-Simplified transliterator applied to
// the whole string, nothing else. Slow (one shared transliterator behind a mutex); never on a hot
// path.
std::string TransliterateTraditionalForTest(std::string_view utf8);

}  // namespace hotline::search
