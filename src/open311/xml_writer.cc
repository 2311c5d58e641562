#include "src/open311/xml_writer.h"

#include <cstdio>

namespace hotline::open311 {

namespace {

// Length of the valid UTF-8 sequence at s[i] (no overlongs, surrogates, > U+10FFFF), or 0.
size_t Utf8SeqLen(std::string_view s, size_t i, unsigned* cp) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  auto cont = [&](size_t k) {
    return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
  };
  auto bits = [&](size_t k) {
    return static_cast<unsigned>(static_cast<unsigned char>(s[i + k]) & 0x3F);
  };
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  if (c >= 0xC2 && c <= 0xDF && cont(1)) {
    *cp = ((c & 0x1Fu) << 6) | bits(1);
    return 2;
  }
  if (c >= 0xE0 && c <= 0xEF && cont(1) && cont(2)) {
    *cp = ((c & 0x0Fu) << 12) | (bits(1) << 6) | bits(2);
    if (*cp < 0x800 || (*cp >= 0xD800 && *cp <= 0xDFFF)) return 0;
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4 && cont(1) && cont(2) && cont(3)) {
    *cp = ((c & 0x07u) << 18) | (bits(1) << 12) | (bits(2) << 6) | bits(3);
    if (*cp < 0x10000 || *cp > 0x10FFFF) return 0;
    return 4;
  }
  return 0;
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    unsigned cp = 0;
    size_t n = Utf8SeqLen(s, i, &cp);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string XmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (size_t i = 0; i < s.size();) {
    unsigned cp = 0;
    size_t n = Utf8SeqLen(s, i, &cp);
    if (n == 0) {  // invalid byte: dropped
      ++i;
      continue;
    }
    if (n == 1) {
      char ch = s[i];
      switch (ch) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\'':
          out += "&apos;";
          break;
        default:
          if (cp >= 0x20 || ch == '\t' || ch == '\n' || ch == '\r') out += ch;
      }
    } else if (cp != 0xFFFE && cp != 0xFFFF) {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

XmlWriter::XmlWriter(std::string_view root) {
  out_ = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  Open(root);
}

void XmlWriter::Open(std::string_view name) {
  out_ += '<';
  out_ += name;
  out_ += '>';
  open_.emplace_back(name);
}

void XmlWriter::Close() {
  if (open_.empty()) return;
  out_ += "</";
  out_ += open_.back();
  out_ += '>';
  open_.pop_back();
}

void XmlWriter::Text(std::string_view name, std::string_view text) {
  out_ += '<';
  out_ += name;
  out_ += '>';
  out_ += XmlEscape(text);
  out_ += "</";
  out_ += name;
  out_ += '>';
}

void XmlWriter::Optional(std::string_view name, const std::optional<std::string>& text) {
  Text(name, text ? std::string_view(*text) : std::string_view());
}

void XmlWriter::Number(std::string_view name, double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.7f", v);
  std::string s(buf);
  while (s.size() > 1 && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  Text(name, s);
}

std::string XmlWriter::Finish() && {
  while (!open_.empty()) Close();
  out_ += '\n';
  return std::move(out_);
}

}  // namespace hotline::open311
