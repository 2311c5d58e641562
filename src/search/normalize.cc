#include "src/search/normalize.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "src/search/utf8.h"

namespace hotline::search {
namespace {

// Blocks the Traditional-Simplified transliterator is evaluated on. Under ICU 72 no code point
// outside them changes (checked over every CJK block, including the supplementary extensions).
constexpr std::array<std::pair<char32_t, char32_t>, 3> kT2sRanges = {{
    {0x3400, 0x4DBF},  // CJK Unified Ideographs Extension A
    {0x4E00, 0x9FFF},  // CJK Unified Ideographs
    {0xF900, 0xFAFF},  // CJK Compatibility Ideographs
}};

bool IsGenericDiacritic(UChar32 c) {
  return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
         (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) ||
         (c >= 0xFE20 && c <= 0xFE2F);
}

CharClass ComputeClass(UChar32 c) {
  UErrorCode st = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &st);
  const bool cjk_script = script == USCRIPT_HAN || script == USCRIPT_HIRAGANA ||
                          script == USCRIPT_KATAKANA || script == USCRIPT_HANGUL;
  if (cjk_script && (u_isalpha(c) || u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC))) {
    return CharClass::kCjk;
  }
  if (u_isalnum(c)) return CharClass::kWord;
  const int8_t type = u_charType(c);
  if (type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK) {
    return CharClass::kWord;
  }
  return CharClass::kSeparator;
}

// Steps 1 and 2 of the header: NFKC_Casefold, then accent removal.
std::u32string FoldWithoutT2s(UChar32 cp) {
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(st);
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(st);
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(st);
  if (U_FAILURE(st)) return {static_cast<char32_t>(cp)};  // ICU data missing: identity
  const icu::UnicodeString folded = nfkc_cf->normalize(icu::UnicodeString(cp), st);
  const icu::UnicodeString decomposed = nfd->normalize(folded, st);
  icu::UnicodeString kept;
  bool latin_base = false;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) {
      if (latin_base || IsGenericDiacritic(c)) continue;
    } else {
      UErrorCode sst = U_ZERO_ERROR;
      latin_base = uscript_getScript(c, &sst) == USCRIPT_LATIN;
    }
    kept.append(c);
  }
  const icu::UnicodeString composed = nfc->normalize(kept, st);
  if (U_FAILURE(st)) return {static_cast<char32_t>(cp)};
  std::u32string out;
  for (int32_t i = 0; i < composed.length();) {
    const UChar32 c = composed.char32At(i);
    i += U16_LENGTH(c);
    out.push_back(static_cast<char32_t>(c));
  }
  return out;
}

// The process-wide fold table over the BMP. Immutable once built.
class FoldTable {
 public:
  static const FoldTable& Get() {
    static const FoldTable table;  // built once; C++ guarantees thread-safe initialisation
    return table;
  }

  FoldedChar Lookup(char32_t cp) const {
    const Entry& e = entries_[cp];
    return {std::string_view(pool_.data() + e.offset, e.length), e.cls, e.single};
  }
  bool IsTraditional(char32_t cp) const { return cp < 0x10000 && traditional_[cp]; }

 private:
  struct Entry {
    uint32_t offset = 0;
    uint8_t length = 0;
    CharClass cls = CharClass::kSeparator;
    bool single = false;
  };

  FoldTable() : entries_(0x10000), traditional_(0x10000, false) {
    const std::vector<char32_t> t2s = BuildT2s();
    pool_.reserve(0x10000 * 3);
    for (char32_t cp = 0; cp < 0x10000; ++cp) {
      if (cp >= 0xD800 && cp <= 0xDFFF) continue;  // surrogates never reach the table
      traditional_[cp] = t2s[cp] != cp;
      std::u32string folded = FoldWithoutT2s(static_cast<UChar32>(cp));
      for (char32_t& c : folded) {
        if (c < 0x10000) c = t2s[c];
      }
      Entry& e = entries_[cp];
      e.offset = static_cast<uint32_t>(pool_.size());
      for (char32_t c : folded) utf8::Append(c, &pool_);
      e.length = static_cast<uint8_t>(pool_.size() - e.offset);
      e.single = folded.size() == 1;
      e.cls = e.single ? ComputeClass(static_cast<UChar32>(folded[0])) : CharClass::kSeparator;
    }
  }

  // Identity everywhere except where ICU's Traditional-Simplified maps a single ideograph.
  static std::vector<char32_t> BuildT2s() {
    std::vector<char32_t> map(0x10000);
    for (char32_t cp = 0; cp < 0x10000; ++cp) map[cp] = cp;
    UErrorCode st = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> tr(
        icu::Transliterator::createInstance("Traditional-Simplified", UTRANS_FORWARD, st));
    if (U_FAILURE(st) || !tr) return map;  // no transliterator data: folding stays T/S-sensitive
    // One string "c\nc\n…" for speed; the separator keeps every character out of its neighbours'
    // context, so the result is exactly the per-character mapping.
    icu::UnicodeString all;
    for (const auto& [lo, hi] : kT2sRanges) {
      for (char32_t cp = lo; cp <= hi; ++cp) {
        all.append(static_cast<UChar32>(cp));
        all.append(static_cast<UChar>(u'\n'));
      }
    }
    tr->transliterate(all);
    int32_t pos = 0;
    for (const auto& [lo, hi] : kT2sRanges) {
      for (char32_t cp = lo; cp <= hi; ++cp) {
        const int32_t nl = all.indexOf(static_cast<UChar>(u'\n'), pos);
        if (nl < 0) return map;
        // Only a one-to-one result is taken (all of ICU 72's are); anything else stays as is.
        if (nl > pos && all.countChar32(pos, nl - pos) == 1) {
          map[cp] = static_cast<char32_t>(all.char32At(pos));
        }
        pos = nl + 1;
      }
    }
    return map;
  }

  std::vector<Entry> entries_;
  std::vector<bool> traditional_;
  std::string pool_;
};

}  // namespace

FoldedChar Fold(char32_t cp, std::string* scratch) {
  if (cp < 0x10000) return FoldTable::Get().Lookup(cp);
  scratch->clear();
  const std::u32string folded = FoldWithoutT2s(static_cast<UChar32>(cp));
  for (char32_t c : folded) utf8::Append(c, scratch);
  const bool single = folded.size() == 1;
  return {*scratch, single ? ComputeClass(static_cast<UChar32>(folded[0])) : CharClass::kSeparator,
          single};
}

void AppendFolded(char32_t cp, std::string* out) {
  std::string scratch;
  out->append(Fold(cp, &scratch).utf8);
}

std::string Normalize(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  std::string scratch;
  for (std::size_t pos = 0; pos < utf8.size();) {
    const char32_t cp = utf8::Decode(utf8, &pos);
    out.append(Fold(cp == utf8::kInvalid ? 0xFFFD : cp, &scratch).utf8);
  }
  return out;
}

CharClass ClassOf(char32_t cp) { return ComputeClass(static_cast<UChar32>(cp)); }

bool IsTraditional(char32_t cp) { return FoldTable::Get().IsTraditional(cp); }

std::string TransliterateTraditionalForTest(std::string_view utf8) {
  static std::mutex mu;
  static std::unique_ptr<icu::Transliterator> tr;  // GUARDED_BY(mu)
  std::lock_guard<std::mutex> lock(mu);
  if (!tr) {
    UErrorCode st = U_ZERO_ERROR;
    tr.reset(icu::Transliterator::createInstance("Traditional-Simplified", UTRANS_FORWARD, st));
    if (U_FAILURE(st) || !tr) return std::string(utf8);
  }
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  tr->transliterate(s);
  std::string out;
  s.toUTF8String(out);
  return out;
}

}  // namespace hotline::search
