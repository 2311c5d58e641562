#include "src/analytics/report.h"

#include <algorithm>
#include <boost/json.hpp>

#include "src/analytics/counters.h"
#include "src/analytics/kpi.h"
#include "src/analytics/rollup.h"

namespace hotline::analytics {
namespace bj = boost::json;
using Col = XlsxColumn;
using T = XlsxColumn::Type;

namespace {

bj::value Opt(std::optional<double> v) {
  if (!v) return nullptr;
  return std::round(*v * 10000.0) / 10000.0;
}

std::optional<double> Change(double cur, double prev) {
  if (prev == 0) return std::nullopt;
  return (cur - prev) / prev;
}

Result<KpiTable> Table(store::ReadTx& tx, const workflow::Directory& dir, Date from, Date to,
                       GroupBy g) {
  KpiRequest r;
  r.from = from;
  r.to = to;
  r.group_by = g;
  return QueryKpiTable(tx, dir, r);
}

class VolumeSection : public ReportSection {
 public:
  Result<ReportTable> Build(store::ReadTx& tx, const workflow::Directory& dir,
                            const ReportPeriod& p) const override {
    HOTLINE_ASSIGN_OR_RETURN(auto cur, Table(tx, dir, p.from, p.to, GroupBy::kNone));
    HOTLINE_ASSIGN_OR_RETURN(auto prev, Table(tx, dir, p.prev_from, p.prev_to, GroupBy::kNone));
    ReportTable t;
    t.id = "volume";
    t.title = "受理概况";
    t.note = "本期与上一期（" + FormatDate(p.prev_from) + " 至 " + FormatDate(p.prev_to) + "）比较";
    t.columns = {{"指标", T::kText, 22},
                 {"本期", T::kNumber, 12},
                 {"上期", T::kNumber, 12},
                 {"环比变化", T::kPercent, 12}};
    t.keys = {"metric", "current", "previous", "change"};
    auto count = [&](const char* label, int i) {
      int64_t a = cur.total.counters[i], b = prev.total.counters[i];
      t.rows.push_back(
          {bj::value(label), bj::value(a), bj::value(b), Opt(Change(double(a), double(b)))});
    };
    count("受理量", kReceived);
    int64_t va = cur.total.counters[kReceived] - cur.total.counters[kExcluded];
    int64_t vb = prev.total.counters[kReceived] - prev.total.counters[kExcluded];
    t.rows.push_back(
        {bj::value("有效受理"), bj::value(va), bj::value(vb), Opt(Change(double(va), double(vb)))});
    count("直接答复", kAnswered);
    count("派单", kDispatched);
    count("办结", kClosed);
    count("退单申请", kReturned);
    count("超期", kOverdue);
    count("重复诉求", kRepeated);
    for (const char* k :
         {"satisfaction_rate", "resolution_rate", "on_time_rate", "response_rate"}) {
      auto info = std::find_if(KpiList().begin(), KpiList().end(),
                               [&](const KpiInfo& i) { return std::string_view(i.key) == k; });
      auto a = RateByKey(cur.total.rates, k), b = RateByKey(prev.total.rates, k);
      auto pct = [](std::optional<double> v) -> bj::value {
        if (!v) return nullptr;
        return std::round(*v * 1000.0) / 10.0;
      };
      std::optional<double> ch;
      if (a && b) ch = *a - *b;  // percentage points, as a fraction
      t.rows.push_back({bj::value(std::string(info->label) + "(%)"), pct(a), pct(b), Opt(ch)});
    }
    return t;
  }
};

// Top groups by received, with share and change.
class TopSection : public ReportSection {
 public:
  TopSection(std::string id, std::string title, std::string head, GroupBy g, size_t top)
      : id_(std::move(id)), title_(std::move(title)), head_(std::move(head)), g_(g), top_(top) {}
  Result<ReportTable> Build(store::ReadTx& tx, const workflow::Directory& dir,
                            const ReportPeriod& p) const override {
    HOTLINE_ASSIGN_OR_RETURN(auto cur, Table(tx, dir, p.from, p.to, g_));
    HOTLINE_ASSIGN_OR_RETURN(auto prev, Table(tx, dir, p.prev_from, p.prev_to, g_));
    ReportTable t;
    t.id = id_;
    t.title = title_;
    t.note = "按受理量排序，前 " + std::to_string(top_) + " 位";
    t.columns = {{head_, T::kText, 24},
                 {"受理量", T::kInt, 10},
                 {"占比", T::kPercent, 10},
                 {"上期", T::kInt, 10},
                 {"环比变化", T::kPercent, 12}};
    t.keys = {"name", "received", "share", "previous", "change"};
    auto groups = cur.groups;
    std::stable_sort(groups.begin(), groups.end(), [](const KpiGroup& a, const KpiGroup& b) {
      return a.counters[kReceived] > b.counters[kReceived];
    });
    const double total = double(cur.total.counters[kReceived]);
    for (const auto& g : groups) {
      if (t.rows.size() >= top_ || g.counters[kReceived] == 0) break;
      int64_t before = 0;
      for (const auto& x : prev.groups)
        if (x.key == g.key) before = x.counters[kReceived];
      double n = double(g.counters[kReceived]);
      t.rows.push_back({bj::value(g.label), bj::value(g.counters[kReceived]),
                        Opt(total > 0 ? std::optional<double>(n / total) : std::nullopt),
                        bj::value(before), Opt(Change(n, double(before)))});
    }
    return t;
  }

 private:
  std::string id_, title_, head_;
  GroupBy g_;
  size_t top_;
};

class UnitSection : public ReportSection {
 public:
  explicit UnitSection(bool overdue_only) : overdue_only_(overdue_only) {}
  Result<ReportTable> Build(store::ReadTx& tx, const workflow::Directory& dir,
                            const ReportPeriod& p) const override {
    HOTLINE_ASSIGN_OR_RETURN(auto cur, Table(tx, dir, p.from, p.to, GroupBy::kUnit));
    ReportTable t;
    t.id = overdue_only_ ? "overdue_units" : "unit_kpis";
    t.title = overdue_only_ ? "超期单位" : "单位办理情况";
    t.note = overdue_only_ ? "本期有工单超过办理时限的单位（含下属单位），按超期件数排序"
                           : "各单位（含下属单位）本期办理指标，按派单量排序";
    t.columns = {{"单位", T::kText, 26},
                 {"派单", T::kInt, 8},
                 {"超期", T::kInt, 8},
                 {"办结反馈", T::kInt, 10},
                 {"按时办结率", T::kPercent, 12},
                 {"按时签收率", T::kPercent, 12},
                 {"满意率", T::kPercent, 10},
                 {"退单率", T::kPercent, 10}};
    t.keys = {"unit",         "dispatched",        "overdue",           "replied",
              "on_time_rate", "sign_on_time_rate", "satisfaction_rate", "return_rate"};
    auto groups = cur.groups;
    std::erase_if(groups, [&](const KpiGroup& g) {
      return g.key.empty() || (overdue_only_ && g.counters[kOverdue] == 0);
    });
    std::stable_sort(groups.begin(), groups.end(), [&](const KpiGroup& a, const KpiGroup& b) {
      int i = overdue_only_ ? kOverdue : kDispatched;
      return a.counters[i] > b.counters[i];
    });
    for (const auto& g : groups) {
      if (t.rows.size() >= 20) break;
      t.rows.push_back({bj::value(g.label), bj::value(g.counters[kDispatched]),
                        bj::value(g.counters[kOverdue]), bj::value(g.counters[kReplied]),
                        Opt(g.rates.on_time_rate), Opt(g.rates.sign_on_time_rate),
                        Opt(g.rates.satisfaction_rate), Opt(g.rates.return_rate)});
    }
    return t;
  }

 private:
  bool overdue_only_;
};

class NotableSection : public ReportSection {
 public:
  Result<ReportTable> Build(store::ReadTx& tx, const workflow::Directory& dir,
                            const ReportPeriod& p) const override {
    ReportTable t;
    t.id = "notable_cases";
    t.title = "重点工单";
    t.note = "本期登记的紧急件、已上报领导（升级）的工单和被督办的工单";
    t.columns = {{"工单编号", T::kText, 14}, {"登记时间", T::kDateTime, 17},
                 {"类型", T::kText, 8},      {"标题", T::kText, 40},
                 {"状态", T::kText, 10},     {"标记", T::kText, 16}};
    t.keys = {"number", "created_at", "type", "title", "status", "flags"};
    store::CaseQuery q;
    q.from = LocalMidnight(p.from, dir.tz());
    q.to = LocalMidnight(Date(std::chrono::sys_days(p.to) + std::chrono::days(1)), dir.tz());
    q.limit = 500;
    q.count_total = false;
    // Looks at the newest 5,000 cases of the period: a briefing lists a handful, not thousands.
    for (int page = 0; page < 10 && t.rows.size() < 30; ++page) {
      HOTLINE_ASSIGN_OR_RETURN(auto res, tx.ListCases(q));
      for (const auto& c : res.items) {
        if (!(c.urgent || c.escalated || !c.supervisions.empty())) continue;
        std::string flags;
        if (c.urgent) flags += "紧急 ";
        if (c.escalated) flags += "已升级 ";
        if (!c.supervisions.empty()) flags += "督办 ";
        if (!flags.empty()) flags.pop_back();
        t.rows.push_back({bj::value(c.number), bj::value(FormatRfc3339(c.created_at, dir.tz())),
                          bj::value(domain::Label(c.type)), bj::value(c.title),
                          bj::value(domain::Label(c.status)), bj::value(flags)});
        if (t.rows.size() >= 30) break;
      }
      if (res.next_cursor.empty()) break;
      q.cursor = res.next_cursor;
    }
    return t;
  }
};

bj::object TableJson(const ReportTable& t) {
  bj::array cols;
  for (size_t i = 0; i < t.columns.size(); ++i) {
    const char* type = "text";
    switch (t.columns[i].type) {
      case T::kInt:
        type = "int";
        break;
      case T::kNumber:
        type = "number";
        break;
      case T::kPercent:
        type = "percent";
        break;
      case T::kDateTime:
        type = "datetime";
        break;
      case T::kDate:
        type = "date";
        break;
      case T::kText:
        break;
    }
    cols.push_back(bj::object{{"key", i < t.keys.size() ? t.keys[i] : ""},
                              {"label", t.columns[i].header},
                              {"type", type},
                              {"width", t.columns[i].width}});
  }
  bj::array rows;
  for (const auto& r : t.rows) {
    bj::array row;
    for (const auto& v : r) row.push_back(v);
    rows.push_back(std::move(row));
  }
  bj::object out{{"id", t.id},
                 {"title", t.title},
                 {"note", t.note},
                 {"columns", std::move(cols)},
                 {"rows", std::move(rows)}};
  if (!t.links.empty()) {
    bj::array links;
    for (const auto& l : t.links) links.push_back(l);
    out["links"] = std::move(links);
  }
  return out;
}

bool Finished(const ReportPeriod& p, TimePoint now, TimeZone tz) {
  return DayOf(LocalDate(now, tz)) > DayOf(p.to);
}

}  // namespace

std::optional<ReportKind> ParseReportKind(std::string_view s) {
  if (s == "daily") return ReportKind::kDaily;
  if (s == "weekly") return ReportKind::kWeekly;
  if (s == "monthly") return ReportKind::kMonthly;
  return std::nullopt;
}

std::string_view Name(ReportKind k) {
  switch (k) {
    case ReportKind::kDaily:
      return "daily";
    case ReportKind::kWeekly:
      return "weekly";
    case ReportKind::kMonthly:
      return "monthly";
  }
  return "daily";
}

ReportPeriod PeriodOf(ReportKind kind, Date date) {
  using namespace std::chrono;
  ReportPeriod p;
  p.kind = kind;
  sys_days d(date);
  switch (kind) {
    case ReportKind::kDaily:
      p.from = p.to = date;
      p.prev_from = p.prev_to = Date(d - days(1));
      p.key = FormatDate(date);
      p.title = "12345热线日报 " + p.key;
      break;
    case ReportKind::kWeekly: {
      weekday wd(d);
      sys_days monday = d - days((wd.c_encoding() + 6) % 7);
      p.from = Date(monday);
      p.to = Date(monday + days(6));
      p.prev_from = Date(monday - days(7));
      p.prev_to = Date(monday - days(1));
      p.key = FormatDate(p.from);
      p.title = "12345热线周报 " + FormatDate(p.from) + " 至 " + FormatDate(p.to);
      break;
    }
    case ReportKind::kMonthly: {
      year_month ym = date.year() / date.month();
      p.from = Date(ym / day(1));
      p.to = Date(ym / last);
      year_month pm = ym - months(1);
      p.prev_from = Date(pm / day(1));
      p.prev_to = Date(pm / last);
      char buf[16];
      std::snprintf(buf, sizeof buf, "%04d-%02u", int(date.year()), unsigned(date.month()));
      p.key = buf;
      p.title = std::string("12345热线月报 ") + buf;
      break;
    }
  }
  return p;
}

std::vector<std::unique_ptr<ReportSection>> DefaultSections() {
  std::vector<std::unique_ptr<ReportSection>> s;
  s.push_back(std::make_unique<VolumeSection>());
  s.push_back(std::make_unique<TopSection>("top_categories", "诉求分类前十", "诉求分类",
                                           GroupBy::kCategory, 10));
  s.push_back(
      std::make_unique<TopSection>("top_districts", "区域分布", "区域", GroupBy::kDistrict, 20));
  s.push_back(std::make_unique<UnitSection>(true));
  s.push_back(std::make_unique<UnitSection>(false));
  s.push_back(std::make_unique<NotableSection>());
  return s;
}

Result<std::vector<ReportTable>> ReportSection::BuildTables(store::ReadTx& tx,
                                                            const workflow::Directory& dir,
                                                            const ReportPeriod& p) const {
  HOTLINE_ASSIGN_OR_RETURN(auto t, Build(tx, dir, p));
  std::vector<ReportTable> out;
  out.push_back(std::move(t));
  return out;
}

ReportBuilder::ReportBuilder() : sections_(DefaultSections()) {}

void ReportBuilder::AddSection(std::unique_ptr<ReportSection> s) {
  sections_.push_back(std::move(s));
}

Result<bj::object> ReportBuilder::Build(store::ReadTx& tx, const workflow::Directory& dir,
                                        const ReportPeriod& p, TimePoint now) const {
  bj::array sections;
  for (const auto& s : sections_) {
    HOTLINE_ASSIGN_OR_RETURN(auto tables, s->BuildTables(tx, dir, p));
    for (const auto& t : tables) sections.push_back(TableJson(t));
  }
  return bj::object{{"kind", Name(p.kind)},
                    {"period", p.key},
                    {"title", p.title},
                    {"from", FormatDate(p.from)},
                    {"to", FormatDate(p.to)},
                    {"generated_at", FormatRfc3339(now, dir.tz())},
                    {"sections", std::move(sections)}};
}

Status WriteReportXlsx(const bj::object& report, XlsxWriter& w) {
  auto str = [](const bj::value& v) { return v.is_string() ? std::string(v.as_string()) : ""; };
  HOTLINE_RETURN_IF_ERROR(w.AddSheet("概要", {{"项目", T::kText, 16}, {"内容", T::kText, 60}}));
  HOTLINE_RETURN_IF_ERROR(w.AddRow({str(report.at("title")), std::string()}));
  HOTLINE_RETURN_IF_ERROR(
      w.AddRow({std::string("统计期间"), str(report.at("from")) + " 至 " + str(report.at("to"))}));
  HOTLINE_RETURN_IF_ERROR(w.AddRow({std::string("生成时间"), str(report.at("generated_at"))}));
  for (const auto& s : report.at("sections").as_array()) {
    const auto& so = s.as_object();
    HOTLINE_RETURN_IF_ERROR(w.AddRow({str(so.at("title")), str(so.at("note"))}));
  }
  for (const auto& s : report.at("sections").as_array()) {
    const auto& so = s.as_object();
    std::vector<XlsxColumn> cols;
    for (const auto& c : so.at("columns").as_array()) {
      const auto& co = c.as_object();
      std::string type = str(co.at("type"));
      XlsxColumn col{str(co.at("label")), T::kText, co.at("width").to_number<double>()};
      if (type == "int")
        col.type = T::kInt;
      else if (type == "number")
        col.type = T::kNumber;
      else if (type == "percent")
        col.type = T::kPercent;
      else if (type == "datetime")
        col.type = T::kDateTime;
      else if (type == "date")
        col.type = T::kDate;
      cols.push_back(col);
    }
    HOTLINE_RETURN_IF_ERROR(w.AddSheet(str(so.at("title")), cols));
    for (const auto& r : so.at("rows").as_array()) {
      std::vector<XlsxCell> cells;
      const auto& ra = r.as_array();
      for (size_t i = 0; i < ra.size() && i < cols.size(); ++i) {
        const auto& v = ra[i];
        if (v.is_null()) {
          cells.emplace_back(std::monostate{});
        } else if (cols[i].type == T::kDateTime && v.is_string()) {
          auto t = ParseRfc3339(v.as_string());
          if (t.ok())
            cells.emplace_back(*t);
          else
            cells.emplace_back(str(v));
        } else if (v.is_string()) {
          cells.emplace_back(str(v));
        } else if (v.is_int64() && cols[i].type == T::kInt) {
          cells.emplace_back(v.as_int64());
        } else if (v.is_number()) {
          cells.emplace_back(v.to_number<double>());
        } else {
          cells.emplace_back(std::monostate{});
        }
      }
      HOTLINE_RETURN_IF_ERROR(w.AddRow(cells));
    }
  }
  return Status::Ok();
}

Result<bj::object> GetOrBuildReport(store::Store& store, const workflow::Directory& dir,
                                    const ReportBuilder& b, const ReportPeriod& p, TimePoint now) {
  const std::string kind(Name(p.kind));
  bj::object fresh;
  {
    HOTLINE_ASSIGN_OR_RETURN(auto tx, store.Read());
    HOTLINE_ASSIGN_OR_RETURN(auto stored, tx->GetReport(kind, p.key));
    if (stored) {
      boost::system::error_code ec;
      auto v = bj::parse(stored->json, ec);
      if (!ec && v.is_object()) return v.as_object();
    }
    HOTLINE_ASSIGN_OR_RETURN(fresh, b.Build(*tx, dir, p, now));
  }
  if (!Finished(p, now, dir.tz())) return fresh;
  // A finished period: store ours unless a concurrent builder stored one first (then return that).
  bj::object out;
  HOTLINE_RETURN_IF_ERROR(store.Write([&](store::WriteTx& tx) -> Status {
    HOTLINE_ASSIGN_OR_RETURN(auto stored, tx.GetReport(kind, p.key));
    if (stored) {
      boost::system::error_code ec;
      auto v = bj::parse(stored->json, ec);
      if (!ec && v.is_object()) {
        out = v.as_object();
        return Status::Ok();
      }
    }
    out = fresh;
    return tx.PutReport({kind, p.key, bj::serialize(out), now});
  }));
  return out;
}

Result<bool> RunDailyBriefing(store::Store& store, const workflow::Directory& dir,
                              const ReportBuilder& b, TimePoint now) {
  if (LocalMinuteOfDay(now, dir.tz()) < 7 * 60) return false;
  Date yesterday(std::chrono::sys_days(LocalDate(now, dir.tz())) - std::chrono::days(1));
  ReportPeriod p = PeriodOf(ReportKind::kDaily, yesterday);
  {
    HOTLINE_ASSIGN_OR_RETURN(auto tx, store.Read());
    HOTLINE_ASSIGN_OR_RETURN(auto stored, tx->GetReport("daily", p.key));
    if (stored) return false;
  }
  HOTLINE_RETURN_IF_ERROR(GetOrBuildReport(store, dir, b, p, now).status());
  return true;
}

}  // namespace hotline::analytics
