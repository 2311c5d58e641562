#include "src/app/report_cli.h"

#include <cstdio>
#include <filesystem>

#include "src/analytics/report.h"
#include "src/analytics/rollup.h"
#include "src/analytics/xlsx.h"
#include "src/app/runtime.h"
#include "src/common/time.h"
#include "src/hotspots/report_sections.h"

namespace hotline::app {

int ReportCommand(const std::string& data, const std::string& kind_text,
                  const std::string& date_text, const std::string& out) {
  auto bad = [](const std::string& msg) {
    std::fprintf(stderr, "hotline report: %s\n", msg.c_str());
    return 2;
  };
  auto kind = analytics::ParseReportKind(kind_text);
  if (!kind) return bad("the report is daily, weekly or monthly, not \"" + kind_text + "\"");
  auto date = ParseDate(date_text);
  if (!date.ok()) return bad("--date must be a date like 2026-11-27, not \"" + date_text + "\"");
  std::filesystem::path out_path(out);
  if (out_path.extension() != ".xlsx") return bad("--out must name an .xlsx file");
  std::error_code ec;
  if (out_path.has_parent_path() && !std::filesystem::is_directory(out_path.parent_path(), ec))
    return bad("the folder of --out does not exist: " + out_path.parent_path().string());
  auto rt = OpenRuntime(data, false);
  if (!rt.ok()) {
    std::fprintf(stderr, "hotline report: %s\n", rt.status().message().c_str());
    return 1;
  }
  Runtime& r = **rt;
  auto dir = r.directory->Get();
  const auto period = analytics::PeriodOf(*kind, *date);
  analytics::ReportBuilder builder;  // as the server's: built-in sections, then the hot sections
  for (auto& s : hotspots::ReportSections(*r.store, *r.clock)) builder.AddSection(std::move(s));
  auto rep = analytics::GetOrBuildReport(*r.store, *dir, builder, period, r.clock->Now());
  if (!rep.ok()) {
    std::fprintf(stderr, "hotline report: %s\n", rep.status().message().c_str());
    return 1;
  }
  auto w = analytics::XlsxWriter::Create(out, dir->tz());
  Status st = w.ok() ? analytics::WriteReportXlsx(*rep, **w) : w.status();
  if (st.ok()) st = (*w)->Close();
  if (!st.ok()) {
    std::fprintf(stderr, "hotline report: %s\n", st.message().c_str());
    return 1;
  }
  std::printf("%s → %s\n", period.title.c_str(), out.c_str());
  return 0;
}

int KpiRebuild(const std::string& data) {
  auto rt = OpenRuntime(data, false);
  if (!rt.ok()) {
    std::fprintf(stderr, "hotline kpi rebuild: %s\n", rt.status().message().c_str());
    return 1;
  }
  auto n = analytics::RebuildRollups(*(*rt)->store, *(*rt)->rollup);
  if (!n.ok()) {
    std::fprintf(stderr, "hotline kpi rebuild: %s\n", n.status().message().c_str());
    return 1;
  }
  std::printf("KPI rollups rebuilt from %lld events\n", static_cast<long long>(*n));
  return 0;
}

}  // namespace hotline::app
