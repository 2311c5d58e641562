// KPIs, assessment, reports and Excel exports: parse → analytics → encode (JSON or .xlsx).
#include <boost/json.hpp>

#include "src/analytics/assessment.h"
#include "src/analytics/kpi.h"
#include "src/analytics/report.h"
#include "src/analytics/rollup.h"
#include "src/analytics/xlsx.h"
#include "src/api/encode.h"
#include "src/api/handlers/common.h"
#include "src/common/time.h"

namespace hotline::api {
namespace bj = boost::json;
namespace http = boost::beast::http;
using namespace hotline::domain;
using analytics::XlsxCell;
using analytics::XlsxColumn;
using T = analytics::XlsxColumn::Type;

namespace {

constexpr int kMaxSpanDays = 3 * 366;

// Every signed-in role but the auditor reads KPIs; unit users only their subtree.
bool MayReadKpis(const Principal& p) {
  return !(p.actor.roles.size() == 1 && p.actor.Has(Role::kAuditor));
}
bool CentreReader(const Principal& p) {
  return HasAny(p, {Role::kLeader, Role::kSupervisor, Role::kAdmin, Role::kDispatcher,
                    Role::kReviewer, Role::kCallback, Role::kAgent});
}

bool WantsXlsx(const Request& req) {
  auto f = req.Query("format");
  return f && *f == "xlsx";
}

Status CheckFormat(const Request& req) {
  auto f = req.Query("format");
  if (f && !f->empty() && *f != "xlsx" && *f != "json")
    return Status::Invalid("format must be json or xlsx", "format");
  return Status::Ok();
}

Response XlsxResponse(const std::string& bytes, const std::string& filename) {
  Response r = Text(200, bytes, analytics::kXlsxContentType);
  // RFC 6266/5987: an ASCII fallback name and the UTF-8 name.
  std::string enc;
  for (unsigned char ch : filename) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.') {
      enc += char(ch);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", ch);
      enc += buf;
    }
  }
  r.headers.emplace_back("Content-Disposition",
                         "attachment; filename=\"export.xlsx\"; filename*=UTF-8''" + enc);
  return r;
}

Result<Date> ParseDateParam(const Request& req, std::string_view name, Date fallback) {
  auto s = req.Query(name);
  if (!s || s->empty()) return fallback;
  auto d = ParseDate(*s);
  if (!d.ok())
    return Status::Invalid(std::string(name) + " must be a date like 2026-11-28",
                           std::string(name));
  return *d;
}

Result<analytics::KpiRequest> ParseKpiRequest(Context& ctx, const Request& req, const Principal& p,
                                              const workflow::Directory& dir) {
  analytics::KpiRequest r;
  const Date today = LocalDate(ctx.engine.clock().Now(), ctx.engine.tz());
  HOTLINE_ASSIGN_OR_RETURN(r.to, ParseDateParam(req, "to", today));
  HOTLINE_ASSIGN_OR_RETURN(
      r.from,
      ParseDateParam(req, "from", Date(std::chrono::sys_days(r.to) - std::chrono::days(29))));
  if (std::chrono::sys_days(r.from) > std::chrono::sys_days(r.to))
    return Status::Invalid("from must not be after to", "from");
  if ((std::chrono::sys_days(r.to) - std::chrono::sys_days(r.from)).count() > kMaxSpanDays)
    return Status::Invalid("the period may span at most three years", "from");
  if (auto g = req.Query("group_by"); g && !g->empty()) {
    auto gb = analytics::ParseGroupBy(*g);
    if (!gb)
      return Status::Invalid(
          "group_by must be unit, district, category, channel, type, day, week, month or none",
          "group_by");
    r.group_by = *gb;
  }
  if (auto s = req.Query("unit_id"); s && !s->empty()) {
    if (!dir.FindUnit(std::string(*s))) return Status::Invalid("unit_id is not a unit", "unit_id");
    r.unit_id = std::string(*s);
  }
  if (auto s = req.Query("category_id"); s && !s->empty()) {
    const Category* c = dir.FindCategory(std::string(*s));
    if (!c) return Status::Invalid("category_id is not a category", "category_id");
    if (c->level > analytics::kRollupCategoryLevels)
      return Status::Invalid("KPIs are kept by category down to level " +
                                 std::to_string(analytics::kRollupCategoryLevels) +
                                 " of the tree: choose the parent category",
                             "category_id");
    r.category_id = std::string(*s);
  }
  if (auto s = req.Query("district_id"); s && !s->empty()) {
    const Unit* u = dir.FindUnit(std::string(*s));
    if (!u || u->kind != UnitKind::kDistrict)
      return Status::Invalid("district_id is not a district", "district_id");
    r.district_id = std::string(*s);
  }
  if (auto s = req.Query("channel"); s && !s->empty()) {
    auto c = ParseChannel(*s);
    if (!c) return Status::Invalid("channel is not a channel", "channel");
    r.channel = int(*c);
  }
  if (auto s = req.Query("type"); s && !s->empty()) {
    auto t = ParseCaseType(*s);
    if (!t) return Status::Invalid("type is not a case type", "type");
    r.type = int(*t);
  }
  r.scope_unit_ids = ctx.engine.ScopeUnits(p.actor);
  if (r.scope_unit_ids && !r.unit_id.empty() && !dir.InSubtree(p.actor.unit_id, r.unit_id))
    return Status::Make(Code::kPermissionDenied, "out_of_scope",
                        "unit_id is outside your unit's subtree");
  return r;
}

std::string GroupHeader(analytics::GroupBy g) {
  switch (g) {
    case analytics::GroupBy::kUnit:
      return "单位";
    case analytics::GroupBy::kDistrict:
      return "区域";
    case analytics::GroupBy::kCategory:
      return "诉求分类";
    case analytics::GroupBy::kChannel:
      return "渠道";
    case analytics::GroupBy::kType:
      return "类型";
    case analytics::GroupBy::kDay:
      return "日期";
    case analytics::GroupBy::kWeek:
      return "周（周一）";
    case analytics::GroupBy::kMonth:
      return "月份";
    case analytics::GroupBy::kNone:
      return "范围";
  }
  return "分组";
}

Status WriteKpiSheet(const analytics::KpiTable& t, analytics::XlsxWriter& w) {
  std::vector<XlsxColumn> cols = {{GroupHeader(t.group_by), T::kText, 24}};
  for (const auto& k : analytics::KpiList())
    cols.push_back({k.label, k.percent ? T::kPercent : T::kNumber, 12});
  for (int i = 0; i < store::kKpiCounters; ++i)
    cols.push_back({analytics::CounterLabel(i), T::kInt, 10});
  HOTLINE_RETURN_IF_ERROR(w.AddSheet("KPI " + FormatDate(t.from) + "~" + FormatDate(t.to), cols));
  auto row = [&](const analytics::KpiGroup& g) {
    std::vector<XlsxCell> cells;
    cells.reserve(1 + analytics::KpiList().size() + store::kKpiCounters);
    cells.emplace_back(std::in_place_type<std::string>, g.label);
    for (const auto& k : analytics::KpiList()) {
      auto v = analytics::RateByKey(g.rates, k.key);
      if (v)
        cells.emplace_back(std::in_place_type<double>, *v);
      else
        cells.emplace_back(std::in_place_type<std::monostate>);
    }
    for (int i = 0; i < store::kKpiCounters; ++i)
      cells.emplace_back(std::in_place_type<int64_t>, g.counters[i]);
    return cells;
  };
  for (const auto& g : t.groups) HOTLINE_RETURN_IF_ERROR(w.AddRow(row(g)));
  return w.AddRow(row(t.total));
}

std::string TmpDir(Context& ctx) { return ctx.data_dir + "/tmp"; }

const analytics::ReportBuilder& Builder(Context& ctx) {
  static const analytics::ReportBuilder kDefault;
  return ctx.reports ? *ctx.reports : kDefault;
}

Result<int> MonthParam(Context& ctx, const Request& req) {
  auto s = req.Query("month");
  if (!s || s->empty())
    return analytics::DayNumber(ctx.engine.clock().Now(), ctx.engine.tz()) / 100;
  auto m = analytics::ParseMonth(*s);
  if (!m) return Status::Invalid("month must be like 2026-11", "month");
  return *m;
}

// The overdue heat table: overdue events by unit (children of the root) × ISO week.
Result<bj::object> OverdueHeat(Context& ctx, store::ReadTx& tx, const workflow::Directory& dir,
                               analytics::KpiRequest r) {
  using namespace std::chrono;
  sys_days first(r.from), last(r.to);
  first -= days((weekday(first).c_encoding() + 6) % 7);
  bj::array weeks;
  std::map<std::string, std::pair<std::string, bj::array>> units;  // key → (label, counts)
  std::vector<std::string> order;
  int w = 0;
  for (sys_days mon = first; mon <= last && w < 27; mon += days(7), ++w) {
    r.from = Date(mon);
    r.to = Date(mon + days(6));
    r.group_by = analytics::GroupBy::kUnit;
    HOTLINE_ASSIGN_OR_RETURN(auto t, analytics::QueryKpiTable(tx, dir, r));
    weeks.push_back(bj::value(FormatDate(r.from)));
    for (const auto& g : t.groups) {
      if (g.key.empty()) continue;
      auto [it, fresh] = units.try_emplace(g.key, g.label, bj::array{});
      if (fresh) order.push_back(g.key);
      while (int(it->second.second.size()) < w) it->second.second.push_back(0);
      it->second.second.push_back(g.counters[18]);  // overdue
    }
  }
  bj::array rows;
  for (const auto& k : order) {
    auto& [label, counts] = units[k];
    while (counts.size() < weeks.size()) counts.push_back(0);
    int64_t sum = 0;
    for (const auto& c : counts) sum += c.as_int64();
    if (sum == 0) continue;
    rows.push_back(
        bj::object{{"unit_id", k}, {"label", label}, {"counts", counts}, {"total", sum}});
  }
  return bj::object{{"weeks", std::move(weeks)}, {"rows", std::move(rows)}};
}

}  // namespace

Response ExportCasesXlsx(Context& ctx, const Principal& p, store::CaseQuery q) {
  constexpr int64_t kMaxRows = 200000;
  auto dir = ctx.directory.Get();
  const TimeZone tz = ctx.engine.tz();
  q.limit = 500;
  q.count_total = false;
  auto bytes = analytics::RenderXlsx(TmpDir(ctx), tz, [&](analytics::XlsxWriter& w) -> Status {
    HOTLINE_RETURN_IF_ERROR(w.AddSheet("工单", {{"工单编号", T::kText, 14},
                                                {"登记时间", T::kDateTime, 17},
                                                {"类型", T::kText, 8},
                                                {"渠道", T::kText, 8},
                                                {"诉求分类", T::kText, 16},
                                                {"区域", T::kText, 10},
                                                {"标题", T::kText, 36},
                                                {"状态", T::kText, 10},
                                                {"主办单位", T::kText, 20},
                                                {"办理时限", T::kDateTime, 17},
                                                {"办结时间", T::kDateTime, 17},
                                                {"紧急", T::kText, 6},
                                                {"满意度", T::kText, 10},
                                                {"重办次数", T::kInt, 8},
                                                {"市民", T::kText, 10},
                                                {"联系电话", T::kText, 14}}));
    int64_t n = 0;
    while (n < kMaxRows) {
      HOTLINE_ASSIGN_OR_RETURN(auto page, ctx.engine.List(p.actor, q));
      for (const auto& c : page.items) {
        // Masking exactly as EncodeCase does for the JSON list.
        std::string name, phone;
        if (ctx.engine.SeesPersonalData(p.actor, c)) {
          name = c.citizen.name;
          phone = c.citizen.phone;
        } else if (!(c.confidential && p.actor.IsUnitUser())) {
          name = MaskName(c.citizen.name);
          phone = MaskPhone(c.citizen.phone);
        }
        const Category* cat = dir->FindCategory(c.category_id);
        const Unit* dist = dir->FindUnit(c.location.district_id);
        std::string lead = analytics::OutcomeUnit(c);
        const Unit* lu = dir->FindUnit(lead);
        std::vector<XlsxCell> row{
            c.number,
            c.created_at,
            std::string(Label(c.type)),
            std::string(Label(c.channel)),
            cat ? cat->name : std::string(),
            dist ? dist->name : std::string(),
            c.title,
            std::string(Label(c.status)),
            lu ? lu->name : std::string(),
            c.due_at ? XlsxCell(*c.due_at) : XlsxCell(std::monostate{}),
            c.closed_at ? XlsxCell(*c.closed_at) : XlsxCell(std::monostate{}),
            std::string(c.urgent ? "是" : "否"),
            c.rating ? std::string(Label(c.rating->satisfaction)) : std::string(),
            int64_t(c.reopen_count),
            name,
            phone};
        HOTLINE_RETURN_IF_ERROR(w.AddRow(row));
        if (++n >= kMaxRows) break;
      }
      if (page.next_cursor.empty()) break;
      q.cursor = page.next_cursor;
    }
    return Status::Ok();
  });
  if (!bytes.ok()) return ErrorResponse(bytes.status());
  return XlsxResponse(*bytes,
                      "工单导出-" + FormatDate(LocalDate(ctx.engine.clock().Now(), tz)) + ".xlsx");
}

void RegisterAnalyticsRoutes(Router& r, Context& ctx) {
  r.Add(http::verb::get, "/api/v1/kpis", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      if (!MayReadKpis(p)) return Forbidden("read KPIs");
      if (Status st = CheckFormat(req); !st.ok()) return ErrorResponse(st);
      auto dir = ctx.directory.Get();
      auto kr = ParseKpiRequest(ctx, req, p, *dir);
      if (!kr.ok()) return ErrorResponse(kr.status());
      auto tx = ctx.store.Read();
      if (!tx.ok()) return ErrorResponse(tx.status());
      auto t = analytics::QueryKpiTable(**tx, *dir, *kr);
      if (!t.ok()) return ErrorResponse(t.status());
      if (!WantsXlsx(req)) return Ok(analytics::KpiTableJson(*t));
      auto bytes =
          analytics::RenderXlsx(TmpDir(ctx), ctx.engine.tz(),
                                [&](analytics::XlsxWriter& w) { return WriteKpiSheet(*t, w); });
      if (!bytes.ok()) return ErrorResponse(bytes.status());
      return XlsxResponse(*bytes, "KPI-" + FormatDate(t->from) + "-" + FormatDate(t->to) + ".xlsx");
    });
  });

  r.Add(http::verb::get, "/api/v1/kpis/overdue-heat", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      if (!MayReadKpis(p)) return Forbidden("read KPIs");
      auto dir = ctx.directory.Get();
      auto kr = ParseKpiRequest(ctx, req, p, *dir);
      if (!kr.ok()) return ErrorResponse(kr.status());
      if ((std::chrono::sys_days(kr->to) - std::chrono::sys_days(kr->from)).count() > 26 * 7)
        return ErrorResponse(Status::Invalid("the heat table spans at most 26 weeks", "from"));
      auto tx = ctx.store.Read();
      if (!tx.ok()) return ErrorResponse(tx.status());
      auto heat = OverdueHeat(ctx, **tx, *dir, *kr);
      if (!heat.ok()) return ErrorResponse(heat.status());
      return Ok(*heat);
    });
  });

  r.Add(http::verb::get, "/api/v1/assessment", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      if (!MayReadKpis(p)) return Forbidden("read the assessment");
      auto month = MonthParam(ctx, req);
      if (!month.ok()) return ErrorResponse(month.status());
      auto dir = ctx.directory.Get();
      auto ranking = analytics::MonthRanking(ctx.store, *dir, *month, ctx.engine.clock().Now());
      if (!ranking.ok()) return ErrorResponse(ranking.status());
      return Ok(analytics::RankingJson(*ranking));
    });
  });

  r.Add(http::verb::get, "/api/v1/assessment/{unit_id}", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      if (!MayReadKpis(p)) return Forbidden("read the assessment");
      std::string unit(req.Param("unit_id").value_or(""));
      auto dir = ctx.directory.Get();
      if (!dir->FindUnit(unit)) return ErrorResponse(Status::NotFound("no unit " + unit));
      if (ctx.engine.ScopeUnits(p.actor) && !dir->InSubtree(p.actor.unit_id, unit))
        return ErrorResponse(Status::Make(Code::kPermissionDenied, "out_of_scope",
                                          "this unit is outside your unit's subtree"));
      auto month = MonthParam(ctx, req);
      if (!month.ok()) return ErrorResponse(month.status());
      auto out =
          analytics::UnitAssessmentJson(ctx.store, *dir, unit, *month, ctx.engine.clock().Now());
      if (!out.ok()) return ErrorResponse(out.status());
      return Ok(*out);
    });
  });

  r.Add(http::verb::get, "/api/v1/admin/assessment-config", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      if (!HasAny(p, {Role::kAdmin, Role::kLeader, Role::kSupervisor}))
        return Forbidden("read the assessment config");
      auto tx = ctx.store.Read();
      if (!tx.ok()) return ErrorResponse(tx.status());
      auto cfg = analytics::CurrentAssessmentConfig(**tx);
      if (!cfg.ok()) return ErrorResponse(cfg.status());
      return Ok(analytics::AssessmentConfigJson(*cfg));
    });
  });

  r.Add(http::verb::put, "/api/v1/admin/assessment-config", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      if (!p.actor.Has(Role::kAdmin)) return Forbidden("change the assessment config");
      boost::system::error_code ec;
      auto v = bj::parse(req.body, ec);
      if (ec) return ErrorResponse(Status::Invalid("the body is not JSON", "body"));
      auto cfg = analytics::ParseAssessmentConfig(v);
      if (!cfg.ok()) return ErrorResponse(cfg.status());
      const TimePoint now = ctx.engine.clock().Now();
      Status st = ctx.store.Write([&](store::WriteTx& tx) -> Status {
        bj::object saved = analytics::AssessmentConfigJson(*cfg);
        saved.erase("version");
        store::AssessmentConfigRecord rec{0, bj::serialize(saved), now, p.actor.user_id};
        HOTLINE_RETURN_IF_ERROR(tx.AddAssessmentConfig(rec));
        cfg->version = rec.version;
        Event e;
        e.at = now;
        e.actor_id = p.actor.user_id;
        e.actor_name = p.actor.name;
        e.actor_unit_id = p.actor.unit_id;
        e.action = "assessment_config";
        e.data = analytics::AssessmentConfigJson(*cfg);
        return tx.AppendAdminEvent(e);
      });
      if (!st.ok()) return ErrorResponse(st);
      return Ok(analytics::AssessmentConfigJson(*cfg));
    });
  });

  r.Add(http::verb::get, "/api/v1/reports/{kind}", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      if (!CentreReader(p)) return Forbidden("read the centre's reports");
      if (Status st = CheckFormat(req); !st.ok()) return ErrorResponse(st);
      auto kind = analytics::ParseReportKind(req.Param("kind").value_or(""));
      if (!kind) return ErrorResponse(Status::NotFound("reports are daily, weekly or monthly"));
      const TimePoint now = ctx.engine.clock().Now();
      const Date today = LocalDate(now, ctx.engine.tz());
      // The daily report defaults to yesterday (the morning briefing), the others to now.
      Date fallback = *kind == analytics::ReportKind::kDaily
                          ? Date(std::chrono::sys_days(today) - std::chrono::days(1))
                          : today;
      auto date = ParseDateParam(req, "date", fallback);
      if (!date.ok()) return ErrorResponse(date.status());
      if (std::chrono::sys_days(*date) > std::chrono::sys_days(today))
        return ErrorResponse(Status::Invalid("date is in the future", "date"));
      auto dir = ctx.directory.Get();
      auto period = analytics::PeriodOf(*kind, *date);
      auto rep = analytics::GetOrBuildReport(ctx.store, *dir, Builder(ctx), period, now);
      if (!rep.ok()) return ErrorResponse(rep.status());
      if (!WantsXlsx(req)) return Ok(*rep);
      auto bytes = analytics::RenderXlsx(
          TmpDir(ctx), ctx.engine.tz(),
          [&](analytics::XlsxWriter& w) { return analytics::WriteReportXlsx(*rep, w); });
      if (!bytes.ok()) return ErrorResponse(bytes.status());
      return XlsxResponse(*bytes, period.title + ".xlsx");
    });
  });
}

}  // namespace hotline::api
