#include "src/workflow/redact.h"

#include <algorithm>

namespace hotline::workflow {

namespace {

struct Cp {
  char32_t folded;  // full-width ASCII folded to ASCII, U+3000 to ' '
  size_t offset;    // byte offset in the text
  size_t length;    // bytes
};

std::vector<Cp> Decode(std::string_view s) {
  std::vector<Cp> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    size_t len = b < 0x80           ? 1
                 : (b >> 5) == 0x6  ? 2
                 : (b >> 4) == 0xE  ? 3
                 : (b >> 3) == 0x1E ? 4
                                    : 1;
    if (i + len > s.size()) len = 1;
    char32_t cp = len == 1 ? b : b & (0xFF >> (len + 1));
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    if (cp >= 0xFF01 && cp <= 0xFF5E)
      cp -= 0xFEE0;
    else if (cp == 0x3000)
      cp = ' ';
    out.push_back({cp, i, len});
    i += len;
  }
  return out;
}

bool IsDigit(char32_t c) { return c >= '0' && c <= '9'; }
bool IsSpace(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigitSeparator(char32_t c) {
  return c == ' ' || c == '-' || c == '.' || c == 0xB7 || c == '/';
}
bool IsChineseNumeral(char32_t c) {
  static constexpr char32_t kNum[] = {U'零', U'〇', U'一', U'二', U'三', U'四', U'五',
                                      U'六', U'七', U'八', U'九', U'幺', U'两'};
  return std::find(std::begin(kNum), std::end(kNum), c) != std::end(kNum);
}
bool IsEmailLocal(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '.' || c == '_' ||
         c == '%' || c == '+' || c == '-';
}
bool IsEmailDomain(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '.' || c == '-';
}

struct Span {
  size_t begin, end;  // code point indexes [begin, end)
  std::string kind;
  bool given_name = false;
};

class Finder {
 public:
  Finder(const std::vector<Cp>& cps) : cps_(cps), taken_(cps.size(), false) {}

  void Add(size_t b, size_t e, std::string kind, bool given = false) {
    for (size_t i = b; i < e; ++i)
      if (taken_[i]) return;
    for (size_t i = b; i < e; ++i) taken_[i] = true;
    spans_.push_back({b, e, std::move(kind), given});
  }

  // `needle` (code points, spaces removed) matched with optional whitespace between characters.
  void FindName(const std::vector<char32_t>& needle, bool given) {
    if (needle.size() < 2) return;
    for (size_t i = 0; i < cps_.size(); ++i) {
      size_t j = i, k = 0;
      while (j < cps_.size() && k < needle.size()) {
        if (cps_[j].folded == needle[k]) {
          ++j;
          ++k;
        } else if (k > 0 && IsSpace(cps_[j].folded)) {
          ++j;
        } else {
          break;
        }
      }
      if (k == needle.size()) {
        Add(i, j, "name", given);
        i = j - 1;
      }
    }
  }

  void FindEmails() {
    for (size_t i = 0; i < cps_.size(); ++i) {
      if (cps_[i].folded != '@') continue;
      size_t b = i;
      while (b > 0 && IsEmailLocal(cps_[b - 1].folded)) --b;
      size_t e = i + 1;
      while (e < cps_.size() && IsEmailDomain(cps_[e].folded)) ++e;
      while (e > i + 1 && (cps_[e - 1].folded == '.' || cps_[e - 1].folded == '-')) --e;
      bool dot = false;
      for (size_t k = i + 2; k + 1 < e; ++k)
        if (cps_[k].folded == '.') dot = true;
      if (b < i && dot) Add(b, e, "email");
    }
  }

  void FindDigitRuns() {
    for (size_t i = 0; i < cps_.size(); ++i) {
      if (!IsDigit(cps_[i].folded)) continue;
      size_t b = i;
      if (b > 0 && cps_[b - 1].folded == '+') --b;
      std::string digits;
      std::vector<size_t> groups{0};
      size_t e = i;
      while (e < cps_.size()) {
        char32_t c = cps_[e].folded;
        if (IsDigit(c)) {
          digits += char(c);
          ++groups.back();
          ++e;
        } else if (IsDigitSeparator(c) && e + 1 < cps_.size() && IsDigit(cps_[e + 1].folded) &&
                   !digits.empty()) {
          groups.push_back(0);
          ++e;
        } else {
          break;
        }
      }
      bool x_tail = false;
      if (digits.size() == 17 && e < cps_.size() &&
          (cps_[e].folded == 'X' || cps_[e].folded == 'x')) {
        x_tail = true;
        ++e;
      }
      std::string kind = Classify(digits, groups, x_tail);
      if (kind.empty() && digits.size() < 7 && e < cps_.size()) {
        char32_t next = cps_[e].folded;
        char32_t after = e + 1 < cps_.size() ? cps_[e + 1].folded : 0;
        if (next == U'栋' || next == U'幢' || next == U'室' || next == U'户' ||
            (next == U'单' && after == U'元') || (next == U'号' && after == U'楼'))
          kind = "address";
      }
      if (!kind.empty()) Add(kind == "address" ? i : b, e, kind);
      i = e > i ? e - 1 : i;
    }
  }

  void FindChineseNumerals() {
    for (size_t i = 0; i < cps_.size(); ++i) {
      if (!IsChineseNumeral(cps_[i].folded)) continue;
      size_t e = i;
      while (e < cps_.size() && (IsChineseNumeral(cps_[e].folded) || IsSpace(cps_[e].folded))) ++e;
      while (e > i && IsSpace(cps_[e - 1].folded)) --e;
      size_t n = 0;
      for (size_t k = i; k < e; ++k) n += IsChineseNumeral(cps_[k].folded);
      if (n >= 7) Add(i, e, "number");
      i = e;
    }
  }

  std::vector<Span> Take() {
    std::sort(spans_.begin(), spans_.end(),
              [](const Span& a, const Span& b) { return a.begin < b.begin; });
    return std::move(spans_);
  }

 private:
  static std::string Classify(const std::string& d, const std::vector<size_t>& groups,
                              bool x_tail) {
    const size_t n = d.size();
    if (x_tail || n == 18 || (n == 15 && groups.size() == 1)) return "id_number";
    if (n == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9') return "phone";
    if (n == 13 && d.rfind("861", 0) == 0 && d[3] >= '3' && d[3] <= '9') return "phone";
    if (n >= 10 && n <= 12 && d[0] == '0' && d[1] != '0') return "phone";
    if (n < 7) return "";
    // A date (2026-11-28, 2026.11.28, 2026/11/28) is not personal data.
    if (groups.size() == 3 && groups[0] == 4 && groups[1] >= 1 && groups[1] <= 2 &&
        groups[2] >= 1 && groups[2] <= 2)
      return "";
    return "number";
  }

  const std::vector<Cp>& cps_;
  std::vector<bool> taken_;
  std::vector<Span> spans_;
};

std::vector<char32_t> NameNeedle(const std::string& name) {
  std::vector<char32_t> out;
  for (const auto& cp : Decode(name))
    if (!IsSpace(cp.folded) && cp.folded != 0xB7 && cp.folded != '.') out.push_back(cp.folded);
  return out;
}

std::vector<Span> Spans(const std::vector<Cp>& cps, const domain::Citizen& citizen) {
  Finder f(cps);
  auto name = NameNeedle(citizen.name);
  f.FindName(name, false);
  if (name.size() >= 3) f.FindName(std::vector<char32_t>(name.begin() + 1, name.end()), true);
  f.FindEmails();
  f.FindDigitRuns();
  f.FindChineseNumerals();
  return f.Take();
}

}  // namespace

std::vector<PiiFinding> FindPersonalData(std::string_view text, const domain::Citizen& citizen) {
  auto cps = Decode(text);
  std::vector<PiiFinding> out;
  for (const auto& s : Spans(cps, citizen)) {
    size_t b = cps[s.begin].offset;
    size_t e = cps[s.end - 1].offset + cps[s.end - 1].length;
    out.push_back({s.kind, b, e - b, std::string(text.substr(b, e - b))});
  }
  return out;
}

std::string RedactPersonalData(std::string_view text, const domain::Citizen& citizen) {
  auto cps = Decode(text);
  std::string out;
  size_t at = 0;
  for (const auto& s : Spans(cps, citizen)) {
    size_t b = cps[s.begin].offset;
    size_t e = cps[s.end - 1].offset + cps[s.end - 1].length;
    out.append(text.substr(at, b - at));
    if (s.kind == "name") {
      if (s.given_name)
        out += "某";
      else
        out.append(text.substr(b, cps[s.begin].length)).append("某");
    } else if (s.kind == "address") {
      out += "**";
    } else {
      out += "***";
    }
    at = e;
  }
  out.append(text.substr(at));
  return out;
}

}  // namespace hotline::workflow
