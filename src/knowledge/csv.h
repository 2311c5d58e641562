// RFC 4180 CSV for the knowledge base's import and export, made for Excel users.
//
// Writing: CRLF line ends, a UTF-8 byte order mark first (so Excel opens Chinese text as UTF-8),
// fields quoted when they hold a comma, quote, CR or LF (quotes doubled), and a cell that starts
// with = + - @ TAB or CR gets a leading apostrophe so a spreadsheet never runs it as a formula
// (CSV injection). Reading undoes exactly that apostrophe, so export → import is lossless.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "src/common/status.h"

namespace hotline::knowledge {

using CsvRow = std::vector<std::string>;

inline constexpr size_t kCsvMaxRows = 10000;
inline constexpr size_t kCsvMaxFields = 64;

// One field as written (quoted and guarded as above).
std::string CsvField(std::string_view value);
// The whole document: BOM, then each row's fields joined by commas, each row ended by CRLF.
std::string WriteCsv(const std::vector<CsvRow>& rows);

// Parses a document. Accepts an optional UTF-8 BOM, CRLF or LF line ends, quoted fields with
// embedded commas, doubled quotes and line breaks; a final line end is optional; blank lines are
// skipped. Invalid (with the line number) on: a quote inside an unquoted field, text after a
// closing quote, an unterminated quote, bytes that are not UTF-8, a NUL, more than kCsvMaxRows
// rows or kCsvMaxFields fields in a row.
Result<std::vector<CsvRow>> ParseCsv(std::string_view text);

}  // namespace hotline::knowledge
