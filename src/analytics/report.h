// Reports: the daily briefing (日报), weekly and monthly reports. A report is a list of sections,
// each a small table (title, columns, rows) built from the rollups and the case store; the same
// sections give the console page (JSON) and the Excel download (one sheet per section).
//
// Sections are pluggable (ReportSection): the hot issues, places and surges come from src/hotspots
// (hotspots/report_sections.h) and are added by the app with ReportBuilder::AddSection, so
// analytics does not depend on hotspots.
#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <string>
#include <vector>

#include "src/analytics/xlsx.h"
#include "src/store/store.h"
#include "src/workflow/directory.h"

namespace hotline::analytics {

enum class ReportKind { kDaily, kWeekly, kMonthly };
std::optional<ReportKind> ParseReportKind(std::string_view s);
std::string_view Name(ReportKind k);

struct ReportPeriod {
  ReportKind kind = ReportKind::kDaily;
  Date from{}, to{};            // inclusive local dates
  Date prev_from{}, prev_to{};  // the period before, for the change columns
  std::string key;              // YYYY-MM-DD (daily; weekly: its Monday) or YYYY-MM (monthly)
  std::string title;            // e.g. "12345热线日报 2026-11-27"
};
// The period of the kind that holds `date` (weeks run Monday to Sunday).
ReportPeriod PeriodOf(ReportKind kind, Date date);

// A table of a report. Cells are JSON: strings, numbers or null; a kPercent column holds a
// fraction (0.953), a kDateTime column an RFC 3339 text.
struct ReportTable {
  std::string id;
  std::string title;
  std::string note;  // one line under the title, e.g. how it was counted
  std::vector<XlsxColumn> columns;
  std::vector<std::string> keys;  // JSON keys of the columns
  std::vector<std::vector<boost::json::value>> rows;
  // Optional, one per row when present: what the console links the row to (e.g. {"surge_id": ..,
  // "cases": [{"id", "number"}]}). In the JSON as "links"; not in the Excel download.
  std::vector<boost::json::value> links;
};

class ReportSection {
 public:
  virtual ~ReportSection() = default;
  // Builds the section for the period from a read snapshot. An empty table is fine.
  virtual Result<ReportTable> Build(store::ReadTx& tx, const workflow::Directory& dir,
                                    const ReportPeriod& p) const = 0;
  // A section that gives several tables from one computation overrides this (default: Build).
  virtual Result<std::vector<ReportTable>> BuildTables(store::ReadTx& tx,
                                                       const workflow::Directory& dir,
                                                       const ReportPeriod& p) const;
};

// The built-in sections: volumes and change, top categories, top districts, units with overdue
// cases, unit KPI table, notable cases.
std::vector<std::unique_ptr<ReportSection>> DefaultSections();

class ReportBuilder {
 public:
  ReportBuilder();  // with DefaultSections()
  void AddSection(std::unique_ptr<ReportSection> s);
  // The report as JSON: {kind, period, title, from, to, generated_at, sections: [...]}.
  Result<boost::json::object> Build(store::ReadTx& tx, const workflow::Directory& dir,
                                    const ReportPeriod& p, TimePoint now) const;

 private:
  std::vector<std::unique_ptr<ReportSection>> sections_;
};

// Writes a report (as built by ReportBuilder) to an Excel workbook: a cover sheet, then one
// sheet per section.
Status WriteReportXlsx(const boost::json::object& report, XlsxWriter& w);

// The stored report for the period if there is one, else a freshly built one; a finished period's
// fresh report is stored (idempotent: the same key replaces nothing already there — of two
// concurrent builders the first to store wins and both return its report). The report is built
// from a read snapshot outside any write transaction, so sections may write caches of their own.
Result<boost::json::object> GetOrBuildReport(store::Store& store, const workflow::Directory& dir,
                                             const ReportBuilder& b, const ReportPeriod& p,
                                             TimePoint now);

// The morning briefing: from 07:00 city time, makes sure yesterday's daily report is stored.
// Returns true when it stored one now. Idempotent; call it as often as you like.
Result<bool> RunDailyBriefing(store::Store& store, const workflow::Directory& dir,
                              const ReportBuilder& b, TimePoint now);

}  // namespace hotline::analytics
