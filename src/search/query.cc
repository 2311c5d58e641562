#include "src/search/query.h"

#include <unicode/uchar.h>

#include <vector>

#include "src/search/tokenizer.h"
#include "src/search/utf8.h"

namespace hotline::search {
namespace {

enum class Kind { kTerm, kAnd, kOr, kNot };

struct Item {
  Kind kind;
  std::string text;  // kTerm only
};

bool IsQuote(char32_t c) { return c == U'"' || c == U'\u201C' || c == U'\u201D' || c == U'\uFF02'; }
bool IsParen(char32_t c) { return c == U'(' || c == U')' || c == U'\uFF08' || c == U'\uFF09'; }
bool IsSpace(char32_t c) {
  return c == utf8::kInvalid || u_isUWhiteSpace(static_cast<UChar32>(c)) ||
         u_charType(static_cast<UChar32>(c)) == U_CONTROL_CHAR;
}

bool HasTokens(std::string_view text) { return !Tokenize(text, Mode::kQuery).empty(); }

void PushWord(std::string word, std::vector<Item>* items) {
  if (word == "AND") {
    items->push_back({Kind::kAnd, {}});
  } else if (word == "OR") {
    items->push_back({Kind::kOr, {}});
  } else if (word == "NOT") {
    items->push_back({Kind::kNot, {}});
  } else if (HasTokens(word)) {
    items->push_back({Kind::kTerm, std::move(word)});
  }
}

// Splits the query into terms, phrases and operators. Returns the items in order.
std::vector<Item> Lex(std::string_view q) {
  std::vector<Item> items;
  std::string word;
  bool in_phrase = false;
  std::string phrase;
  for (std::size_t pos = 0; pos < q.size();) {
    const std::size_t from = pos;
    const char32_t c = utf8::Decode(q, &pos);
    const std::string_view raw = q.substr(from, pos - from);
    if (in_phrase) {
      if (IsQuote(c)) {
        if (HasTokens(phrase)) items.push_back({Kind::kTerm, std::move(phrase)});
        phrase.clear();
        in_phrase = false;
      } else {
        phrase.append(IsSpace(c) ? std::string_view(" ") : raw);
      }
      continue;
    }
    if (IsQuote(c) || IsSpace(c) || IsParen(c)) {
      if (!word.empty()) PushWord(std::move(word), &items);
      word.clear();
      in_phrase = IsQuote(c);
      continue;
    }
    word.append(raw);
  }
  if (in_phrase && HasTokens(phrase)) items.push_back({Kind::kTerm, std::move(phrase)});
  if (!word.empty()) PushWord(std::move(word), &items);
  return items;
}

void AppendString(std::string_view text, std::string* out) {
  out->push_back('"');
  for (char ch : text) {
    if (ch == '"') out->push_back('"');
    out->push_back(ch);
  }
  out->push_back('"');
}

}  // namespace

Result<std::string> BuildMatchExpression(std::string_view user_query) {
  if (user_query.size() > kMaxQueryBytes) {
    return Status::Invalid("search query is longer than " + std::to_string(kMaxQueryBytes) +
                           " bytes");
  }
  std::string out;
  std::size_t terms = 0;
  const char* pending = nullptr;  // operator waiting for its right operand
  bool drop_next_term = false;    // operand of a NOT that had no left operand
  for (Item& item : Lex(user_query)) {
    switch (item.kind) {
      case Kind::kAnd:
      case Kind::kOr:
      case Kind::kNot:
        if (out.empty()) {
          if (item.kind == Kind::kNot) drop_next_term = true;
          continue;
        }
        pending = item.kind == Kind::kAnd ? "AND" : item.kind == Kind::kOr ? "OR" : "NOT";
        continue;
      case Kind::kTerm:
        if (drop_next_term) {
          drop_next_term = false;
          continue;
        }
        if (++terms > kMaxQueryTerms) {
          return Status::Invalid("search query has more than " + std::to_string(kMaxQueryTerms) +
                                 " terms");
        }
        if (!out.empty()) {
          out += ' ';
          out += pending != nullptr ? pending : "AND";
          out += ' ';
        }
        AppendString(item.text, &out);
        pending = nullptr;
        continue;
    }
  }
  if (out.empty()) return Status::Invalid("search query has no searchable words");
  return out;
}

std::string MatchOnlyExpression(std::string_view match) {
  std::string out;
  bool in_string = false;
  for (std::size_t i = 0; i < match.size(); ++i) {
    const char ch = match[i];
    out.push_back(ch);
    if (ch != '"') continue;
    if (!in_string) {
      out.push_back('\x1f');  // fts5_tokenizer.h: kMatchOnlyMarker
      in_string = true;
    } else if (i + 1 < match.size() && match[i + 1] == '"') {
      out.push_back('"');  // a doubled quote inside the string
      ++i;
    } else {
      in_string = false;
    }
  }
  return out;
}

}  // namespace hotline::search
