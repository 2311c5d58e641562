#include "src/api/json_out.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <cstring>

namespace hotline::api {

namespace {

// 0: copied as is; otherwise the character after the backslash ('u' = \u00XX). The same table as
// boost::json's serializer.
constexpr char kEscape[32] = {'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'b', 't', 'n',
                              'u', 'f', 'r', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
                              'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u'};

inline bool NeedsEscape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

// True when some byte of `v` is < 0x20, '"' or '\\' (exact: no false negatives; a false positive
// only sends the bytes through the byte-wise loop).
inline bool HasSpecialByte(uint64_t v) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  auto has_zero = [](uint64_t x) { return (x - kOnes) & ~x & kHigh; };
  const uint64_t below_space = (v - kOnes * 0x20) & ~v & kHigh;
  return (below_space | has_zero(v ^ (kOnes * '"')) | has_zero(v ^ (kOnes * '\\'))) != 0;
}

}  // namespace

void JsonOut::AppendEscaped(std::string& out, std::string_view s) {
  out.reserve(out.size() + s.size() + 2);
  out += '"';
  const char* p = s.data();
  const char* const end = p + s.size();
  while (p < end) {
    const char* run = p;
    // Eight bytes at a time while none of them needs escaping (most text: Chinese, plain ASCII).
    while (end - p >= 8) {
      uint64_t v;
      std::memcpy(&v, p, 8);
      if (HasSpecialByte(v)) break;
      p += 8;
    }
    while (p < end && !NeedsEscape(static_cast<unsigned char>(*p))) ++p;
    out.append(run, size_t(p - run));
    if (p == end) break;
    const auto c = static_cast<unsigned char>(*p++);
    out += '\\';
    if (c == '"' || c == '\\') {
      out += char(c);
    } else if (kEscape[c] != 'u') {
      out += kEscape[c];
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "u00";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  out += '"';
}

void JsonOut::Int(int64_t v) {
  Separate();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, size_t(r.ptr - buf));
}

void JsonOut::Double(double v) {
  Separate();
  // Rare in responses (coordinates): let boost::json format it, so the text matches exactly.
  out_ += boost::json::serialize(boost::json::value(v));
}

}  // namespace hotline::api
