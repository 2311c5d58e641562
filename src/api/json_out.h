// JsonOut: writes JSON text straight into a std::string, without building a boost::json tree.
//
// For the hot read path (a case read builds ~3.4 KB of JSON per request): the text it writes is
// byte for byte what boost::json::serialize writes for the same values in the same order (same
// string escapes — '"', '\\' and control characters only, \u00XX in lower-case hex, every other
// byte as is —, same integer and double formats), so a response encoded with JsonOut is
// indistinguishable from one built as a boost::json::object. See encode_test.cc.
//
// Usage: commas between members and elements are inserted automatically.
//   std::string s;
//   JsonOut j(&s);
//   j.BeginObject();
//   j.Key("id"); j.String(c.id);
//   j.Key("tags"); j.BeginArray(); j.String("a"); j.EndArray();
//   j.EndObject();
// Nesting is limited to 64 levels. Not thread-safe (one writer, one string).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace hotline::api {

class JsonOut {
 public:
  explicit JsonOut(std::string* out) : out_(*out) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }

  // An object member's name. REQUIRES: inside an object; `key` needs no escaping (the API's keys
  // are ASCII identifiers). The next call writes the member's value.
  void Key(std::string_view key) {
    Separate();
    out_ += '"';
    out_ += key;
    out_ += "\":";
    after_key_ = true;
  }

  void String(std::string_view s) {
    Separate();
    AppendEscaped(out_, s);
  }
  void Int(int64_t v);
  void Bool(bool v) {
    Separate();
    out_ += v ? "true" : "false";
  }
  void Null() {
    Separate();
    out_ += "null";
  }
  // Formatted as boost::json formats doubles (e.g. 28.1 → 2.81E1).
  void Double(double v);
  // A string value, or null when `s` is empty (the API's "absent id" convention).
  void StringOrNull(std::string_view s) {
    if (s.empty()) {
      Null();
    } else {
      String(s);
    }
  }
  // An already-encoded JSON value (REQUIRES: valid JSON text), e.g. a time written by the caller.
  void Raw(std::string_view json) {
    Separate();
    out_ += json;
  }

  // Appends `s` as a JSON string literal (quotes included), escaped as boost::json does.
  static void AppendEscaped(std::string& out, std::string_view s);

 private:
  void Open(char c) {
    Separate();
    out_ += c;
    ++depth_;
    first_ |= uint64_t{1} << (depth_ & 63);
  }
  void Close(char c) {
    out_ += c;
    --depth_;
  }
  // Before a value or key: a comma unless it is the first in its container or follows a key.
  void Separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    const uint64_t bit = uint64_t{1} << (depth_ & 63);
    if (depth_ == 0) return;
    if (first_ & bit) {
      first_ &= ~bit;
    } else {
      out_ += ',';
    }
  }

  std::string& out_;
  int depth_ = 0;
  uint64_t first_ = 0;  // Bit d: nothing written yet in the container at depth d.
  bool after_key_ = false;
};

}  // namespace hotline::api
