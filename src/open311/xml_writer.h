// A small streaming XML writer for the Open311 XML formats: elements with text only, no
// attributes, no namespaces. It escapes &, <, >, " and ', drops characters XML 1.0 cannot carry
// (C0 controls other than tab/CR/LF, U+FFFE/U+FFFF, invalid UTF-8), so any stored text (hostile or
// not) yields a well-formed document.
//
// Usage: XmlWriter w("services"); w.Open("service"); w.Text("service_code", "0101"); w.Close();
// std::string doc = std::move(w).Finish();
// Not thread-safe; one writer per response.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotline::open311 {

// True when `s` is well-formed UTF-8 (no overlongs, surrogates or code points above U+10FFFF).
bool IsValidUtf8(std::string_view s);

// `s` with XML's special characters escaped and characters XML 1.0 cannot hold removed.
std::string XmlEscape(std::string_view s);

class XmlWriter {
 public:
  // Starts the document: the declaration (UTF-8) and the root element.
  explicit XmlWriter(std::string_view root);

  void Open(std::string_view name);  // <name>
  void Close();                      // the innermost open element; REQUIRES: one is open
  // <name>escaped text</name>; an empty text gives <name></name>.
  void Text(std::string_view name, std::string_view text);
  // Text() when the value is present, else an empty element (the Open311 way to say null).
  void Optional(std::string_view name, const std::optional<std::string>& text);
  void Bool(std::string_view name, bool v) { Text(name, v ? "true" : "false"); }
  void Number(std::string_view name, double v);
  void Int(std::string_view name, long long v) { Text(name, std::to_string(v)); }

  // Closes every open element (the root included) and returns the document.
  std::string Finish() &&;

 private:
  std::string out_;
  std::vector<std::string> open_;
};

}  // namespace hotline::open311
