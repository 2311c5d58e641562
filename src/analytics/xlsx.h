// Excel (.xlsx) output through libxlsxwriter: sheets with Chinese headers, numbers as numbers,
// times as Excel dates with a display format, column widths and a frozen header row. Streams
// rows to disk (constant_memory mode), so 100,000 rows use little memory; rows must be added in
// order, one sheet after another.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "src/common/clock.h"
#include "src/common/status.h"
#include "src/common/time.h"

namespace hotline::analytics {

struct XlsxColumn {
  enum class Type { kText, kInt, kNumber, kPercent, kDateTime, kDate };
  std::string header;
  Type type = Type::kText;
  double width = 12;
};

using XlsxCell = std::variant<std::monostate, std::string, int64_t, double, TimePoint>;

// Not thread-safe; one writer per file.
class XlsxWriter {
 public:
  // Creates `path` (overwrites). Times are shown in `tz`.
  static Result<std::unique_ptr<XlsxWriter>> Create(const std::string& path, TimeZone tz);
  ~XlsxWriter();
  XlsxWriter(const XlsxWriter&) = delete;
  XlsxWriter& operator=(const XlsxWriter&) = delete;

  // Starts a sheet (name: at most 31 characters; []:*?/\ are replaced) and writes its header row.
  Status AddSheet(const std::string& name, const std::vector<XlsxColumn>& columns);
  // Optional title lines above the header are not supported: the header is row 1 (frozen).
  Status AddRow(const std::vector<XlsxCell>& cells);
  // Writes the file. REQUIRES: called once; the writer is unusable afterwards.
  Status Close();

 private:
  struct Impl;
  explicit XlsxWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Runs fill() on a writer for a temporary file under `tmp_dir` and returns the file's bytes (for
// an HTTP download); the file is removed.
Result<std::string> RenderXlsx(const std::string& tmp_dir, TimeZone tz,
                               const std::function<Status(XlsxWriter&)>& fill);

inline constexpr const char* kXlsxContentType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

}  // namespace hotline::analytics
