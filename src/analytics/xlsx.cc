#include "src/analytics/xlsx.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "src/common/crypto.h"

namespace hotline::analytics {

struct XlsxWriter::Impl {
  lxw_workbook* wb = nullptr;
  lxw_worksheet* ws = nullptr;
  lxw_format* header = nullptr;
  lxw_format* datetime = nullptr;
  lxw_format* date = nullptr;
  lxw_format* percent = nullptr;
  lxw_format* number = nullptr;
  std::vector<XlsxColumn> columns;
  lxw_row_t row = 0;
  TimeZone tz;
  std::string tmpdir;
  std::vector<std::string> sheet_names;
};

XlsxWriter::XlsxWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

XlsxWriter::~XlsxWriter() {
  // An unclosed workbook still owns memory and temp files; closing frees them.
  if (impl_ && impl_->wb) workbook_close(impl_->wb);
}

Result<std::unique_ptr<XlsxWriter>> XlsxWriter::Create(const std::string& path, TimeZone tz) {
  auto impl = std::make_unique<Impl>();
  impl->tz = tz;
  impl->tmpdir = std::filesystem::path(path).parent_path().string();
  if (impl->tmpdir.empty()) impl->tmpdir = ".";
  lxw_workbook_options opts{};
  opts.constant_memory = LXW_TRUE;
  opts.tmpdir = impl->tmpdir.data();
  opts.use_zip64 = LXW_TRUE;
  impl->wb = workbook_new_opt(path.c_str(), &opts);
  if (!impl->wb) return Status::Unavailable("cannot create the workbook " + path);
  impl->header = workbook_add_format(impl->wb);
  format_set_bold(impl->header);
  format_set_bg_color(impl->header, 0xDDEBF7);
  format_set_border(impl->header, LXW_BORDER_THIN);
  format_set_text_wrap(impl->header);
  impl->datetime = workbook_add_format(impl->wb);
  format_set_num_format(impl->datetime, "yyyy-mm-dd hh:mm");
  impl->date = workbook_add_format(impl->wb);
  format_set_num_format(impl->date, "yyyy-mm-dd");
  impl->percent = workbook_add_format(impl->wb);
  format_set_num_format(impl->percent, "0.0%");
  impl->number = workbook_add_format(impl->wb);
  format_set_num_format(impl->number, "General");
  return std::unique_ptr<XlsxWriter>(new XlsxWriter(std::move(impl)));
}

Status XlsxWriter::AddSheet(const std::string& name, const std::vector<XlsxColumn>& columns) {
  if (!impl_->wb) return Status::Internal("workbook already closed");
  std::string n = name;
  for (char& ch : n)
    if (std::string_view("[]:*?/\\").find(ch) != std::string_view::npos) ch = '_';
  // At most 31 characters (not bytes): cut on a UTF-8 boundary.
  size_t chars = 0, cut = n.size();
  for (size_t i = 0; i < n.size(); ++i)
    if ((static_cast<unsigned char>(n[i]) & 0xC0) != 0x80 && ++chars > 31) {
      cut = i;
      break;
    }
  n.resize(cut);
  if (n.empty()) n = "Sheet" + std::to_string(impl_->sheet_names.size() + 1);
  impl_->sheet_names.push_back(n);
  impl_->ws = workbook_add_worksheet(impl_->wb, impl_->sheet_names.back().c_str());
  if (!impl_->ws) return Status::Invalid("bad or duplicate sheet name " + n, "sheet");
  impl_->columns = columns;
  impl_->row = 0;
  for (size_t i = 0; i < columns.size(); ++i) {
    lxw_format* f = nullptr;
    switch (columns[i].type) {
      case XlsxColumn::Type::kDateTime:
        f = impl_->datetime;
        break;
      case XlsxColumn::Type::kDate:
        f = impl_->date;
        break;
      case XlsxColumn::Type::kPercent:
        f = impl_->percent;
        break;
      case XlsxColumn::Type::kNumber:
        f = impl_->number;
        break;
      default:
        break;
    }
    worksheet_set_column(impl_->ws, lxw_col_t(i), lxw_col_t(i), columns[i].width, f);
  }
  worksheet_freeze_panes(impl_->ws, 1, 0);
  for (size_t i = 0; i < columns.size(); ++i)
    worksheet_write_string(impl_->ws, 0, lxw_col_t(i), columns[i].header.c_str(), impl_->header);
  impl_->row = 1;
  return Status::Ok();
}

Status XlsxWriter::AddRow(const std::vector<XlsxCell>& cells) {
  if (!impl_->ws) return Status::Internal("AddRow before AddSheet");
  for (size_t i = 0; i < cells.size() && i < impl_->columns.size(); ++i) {
    const auto col = lxw_col_t(i);
    const auto& cell = cells[i];
    lxw_error err = LXW_NO_ERROR;
    if (auto* s = std::get_if<std::string>(&cell)) {
      if (!s->empty())
        err = worksheet_write_string(impl_->ws, impl_->row, col, s->c_str(), nullptr);
    } else if (auto* n = std::get_if<int64_t>(&cell)) {
      err = worksheet_write_number(impl_->ws, impl_->row, col, double(*n), nullptr);
    } else if (auto* d = std::get_if<double>(&cell)) {
      lxw_format* f = impl_->columns[i].type == XlsxColumn::Type::kPercent  ? impl_->percent
                      : impl_->columns[i].type == XlsxColumn::Type::kNumber ? impl_->number
                                                                            : nullptr;
      err = worksheet_write_number(impl_->ws, impl_->row, col, *d, f);
    } else if (auto* t = std::get_if<TimePoint>(&cell)) {
      // Excel serial date: days since 1899-12-30 in local time.
      double local_ms = double(ToUnixMillis(*t)) + double(impl_->tz.offset_minutes) * 60000.0;
      double serial = local_ms / 86400000.0 + 25569.0;
      lxw_format* f =
          impl_->columns[i].type == XlsxColumn::Type::kDate ? impl_->date : impl_->datetime;
      err = worksheet_write_number(impl_->ws, impl_->row, col, serial, f);
    }
    if (err != LXW_NO_ERROR)
      return Status::Internal(std::string("xlsx write failed: ") + lxw_strerror(err));
  }
  ++impl_->row;
  return Status::Ok();
}

Status XlsxWriter::Close() {
  if (!impl_->wb) return Status::Internal("workbook already closed");
  lxw_error err = workbook_close(impl_->wb);
  impl_->wb = nullptr;
  impl_->ws = nullptr;
  if (err != LXW_NO_ERROR)
    return Status::Unavailable(std::string("cannot write the workbook: ") + lxw_strerror(err));
  return Status::Ok();
}

Result<std::string> RenderXlsx(const std::string& tmp_dir, TimeZone tz,
                               const std::function<Status(XlsxWriter&)>& fill) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(tmp_dir, ec);
  fs::path path = fs::path(tmp_dir) / ("export-" + RandomHex(8) + ".xlsx");
  std::string bytes;
  {
    HOTLINE_ASSIGN_OR_RETURN(auto w, XlsxWriter::Create(path.string(), tz));
    Status st = fill(*w);
    if (st.ok()) st = w->Close();
    if (!st.ok()) {
      fs::remove(path, ec);
      return st;
    }
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  bytes = ss.str();
  fs::remove(path, ec);
  if (bytes.empty()) return Status::Internal("the workbook came out empty");
  return bytes;
}

}  // namespace hotline::analytics
