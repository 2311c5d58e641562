#include "src/knowledge/csv.h"

#include "src/common/json.h"

namespace hotline::knowledge {

namespace {

bool NeedsGuard(std::string_view v) {
  if (v.empty()) return false;
  char c = v[0];
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

bool ValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    for (size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size()) return false;
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += n + 1;
  }
  return true;
}

std::string Unguard(std::string v) {
  if (v.size() >= 2 && v[0] == '\'' && NeedsGuard(std::string_view(v).substr(1))) v.erase(0, 1);
  return v;
}

}  // namespace

std::string CsvField(std::string_view value) {
  std::string v;
  if (NeedsGuard(value)) v += '\'';
  v += value;
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char ch : v) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
  return out;
}

std::string WriteCsv(const std::vector<CsvRow>& rows) {
  std::string out = "\xEF\xBB\xBF";
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i) out += ',';
      out += CsvField(row[i]);
    }
    out += "\r\n";
  }
  return out;
}

Result<std::vector<CsvRow>> ParseCsv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (!ValidUtf8(text)) return Status::Invalid("the CSV file is not UTF-8 text", "body");
  if (text.find('\0') != std::string_view::npos)
    return Status::Invalid("the CSV file holds a NUL byte", "body");
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string field;
  size_t line = 1;
  size_t i = 0;
  bool row_has_content = false;  // a field was started on this row (blank lines are skipped)
  auto where = [&] { return " (line " + std::to_string(line) + ")"; };
  auto end_field = [&]() -> Status {
    if (row.size() >= kCsvMaxFields)
      return Status::Invalid(
          "a CSV row has more than " + std::to_string(kCsvMaxFields) + " fields" + where(), "body");
    row.push_back(Unguard(std::move(field)));
    field.clear();
    return Status::Ok();
  };
  auto end_row = [&]() -> Status {
    if (row_has_content) {
      HOTLINE_RETURN_IF_ERROR(end_field());
      if (rows.size() >= kCsvMaxRows)
        return Status::TooLarge("the CSV file has more than " + std::to_string(kCsvMaxRows) +
                                " rows");
      rows.push_back(std::move(row));
    }
    row.clear();
    field.clear();
    row_has_content = false;
    return Status::Ok();
  };
  while (i < text.size()) {
    char ch = text[i];
    if (ch == '"') {
      if (!field.empty())
        return Status::Invalid("a quote inside an unquoted CSV field" + where(), "body");
      row_has_content = true;
      ++i;
      bool closed = false;
      while (i < text.size()) {
        char q = text[i];
        if (q == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        if (q == '\n') ++line;
        field += q;
        ++i;
      }
      if (!closed) return Status::Invalid("a quoted CSV field is never closed" + where(), "body");
      if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
        return Status::Invalid("text after a closing quote in a CSV field" + where(), "body");
      continue;
    }
    if (ch == ',') {
      row_has_content = true;
      HOTLINE_RETURN_IF_ERROR(end_field());
      ++i;
      continue;
    }
    if (ch == '\r' || ch == '\n') {
      HOTLINE_RETURN_IF_ERROR(end_row());
      if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++i;
      ++line;
      continue;
    }
    row_has_content = true;
    field += ch;
    ++i;
  }
  HOTLINE_RETURN_IF_ERROR(end_row());
  return rows;
}

}  // namespace hotline::knowledge
