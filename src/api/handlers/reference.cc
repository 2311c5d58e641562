// Reference data reads (everyone logged in) and the stats endpoint.
#include "src/api/encode.h"
#include "src/api/handlers/common.h"
#include "src/common/time.h"

namespace hotline::api {
namespace bj = boost::json;
namespace http = boost::beast::http;
using namespace hotline::domain;

void RegisterReferenceRoutes(Router& r, Context& ctx) {
  r.Add(http::verb::get, "/api/v1/units", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal&) {
      bj::array items;
      for (const auto& u : ctx.directory.Get()->units()) items.push_back(EncodeUnit(u));
      return Ok(bj::object{{"items", std::move(items)}});
    });
  });
  r.Add(http::verb::get, "/api/v1/categories", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal&) {
      bj::array items;
      for (const auto& c : ctx.directory.Get()->categories()) items.push_back(EncodeCategory(c));
      return Ok(bj::object{{"items", std::move(items)}});
    });
  });
  r.Add(http::verb::get, "/api/v1/routing/suggest", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal&) {
      auto dir = ctx.directory.Get();
      std::string cat(req.Query("category_id").value_or(""));
      std::string district(req.Query("district_id").value_or(""));
      if (!cat.empty() && !dir->FindCategory(cat))
        return ErrorResponse(Status::Invalid("category_id is not a category", "category_id"));
      auto s = dir->Suggest(cat, district);
      bj::array co;
      for (const auto& id : s.co_unit_ids) co.emplace_back(id);
      return Ok(bj::object{{"lead_unit_id", s.lead_unit_id.empty() ? bj::value(nullptr) : bj::value(s.lead_unit_id)},
                           {"co_unit_ids", std::move(co)},
                           {"reason", s.reason}});
    });
  });
  r.Add(http::verb::get, "/api/v1/routing-rules", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal&) {
      bj::array items;
      for (const auto& rule : ctx.directory.Get()->routing_rules()) {
        bj::array co;
        for (const auto& id : rule.co_unit_ids) co.emplace_back(id);
        items.push_back(bj::object{{"id", rule.id}, {"category_id", rule.category_id},
                                   {"district_id", rule.district_id}, {"lead_unit_id", rule.lead_unit_id},
                                   {"co_unit_ids", std::move(co)}});
      }
      return Ok(bj::object{{"items", std::move(items)}});
    });
  });
  r.Add(http::verb::get, "/api/v1/sla-policies", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal&) {
      bj::array items;
      for (const auto& p : ctx.directory.Get()->policy_list()) items.push_back(workflow::PolicyToJson(p));
      return Ok(bj::object{{"items", std::move(items)}});
    });
  });
  r.Add(http::verb::get, "/api/v1/calendar", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal&) {
      auto dir = ctx.directory.Get();
      int this_year = int(LocalDate(ctx.engine.clock().Now(), ctx.engine.tz()).year());
      bj::array years, warnings;
      for (int y : dir->calendar().Years()) years.emplace_back(y);
      for (int y : {this_year, this_year + 1})
        if (!dir->calendar().HasYear(y))
          warnings.emplace_back(std::to_string(y) + "年节假日安排尚未录入 (the " + std::to_string(y) +
                                " holiday schedule has not been entered)");
      return Ok(bj::object{{"years", std::move(years)}, {"warnings", std::move(warnings)}});
    });
  });
  r.Add(http::verb::get, "/api/v1/calendar/{year}", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal&) {
      std::string ys(req.Param("year").value_or(""));
      int year = 0;
      if (ys.size() != 4 || ys.find_first_not_of("0123456789") != std::string::npos)
        return ErrorResponse(Status::Invalid("year must be four digits", "year"));
      year = std::stoi(ys);
      auto dir = ctx.directory.Get();
      if (const auto* y = dir->calendar().Year(year)) {
        boost::system::error_code ec;
        auto v = bj::parse(workflow::YearScheduleToJson(*y), ec);
        if (ec || !v.is_object()) return ErrorResponse(Status::Internal("calendar encoding failed"));
        v.as_object()["missing"] = false;
        return Ok(v);
      }
      return Ok(bj::object{{"year", year}, {"source", ""}, {"holidays", bj::array{}},
                           {"make_up_workdays", bj::array{}}, {"missing", true}});
    });
  });

  r.Add(http::verb::get, "/api/v1/stats", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      if (HasAny(p, {Role::kAdmin, Role::kAuditor}) && p.actor.roles.size() == 1)
        return Forbidden("read case statistics");
      store::StatsQuery q;
      std::string by(req.Query("by").value_or("status"));
      static const std::pair<const char*, store::StatsDimension> kDims[] = {
          {"status", store::StatsDimension::kStatus},   {"type", store::StatsDimension::kType},
          {"channel", store::StatsDimension::kChannel}, {"unit", store::StatsDimension::kUnit},
          {"category", store::StatsDimension::kCategory}, {"district", store::StatsDimension::kDistrict},
          {"day", store::StatsDimension::kDay},         {"sla", store::StatsDimension::kSla},
          {"satisfaction", store::StatsDimension::kSatisfaction},
          {"overdue", store::StatsDimension::kOverdue}};
      bool found = false;
      for (const auto& [name, dim] : kDims)
        if (by == name) {
          q.by = dim;
          found = true;
        }
      if (!found)
        return ErrorResponse(Status::Invalid(
            "by must be status, type, channel, unit, category, district, day, sla, satisfaction or "
            "overdue",
            "by"));
      auto from = ParseTimeParam(req, "from");
      auto to = ParseTimeParam(req, "to");
      if (!from.ok()) return ErrorResponse(from.status());
      if (!to.ok()) return ErrorResponse(to.status());
      q.from = *from;
      q.to = *to;
      q.now = ctx.engine.clock().Now();
      q.tz_offset_minutes = ctx.engine.tz().offset_minutes;
      q.scope_unit_ids = ctx.engine.ScopeUnits(p.actor);
      auto tx = ctx.store.Read();
      if (!tx.ok()) return ErrorResponse(tx.status());
      auto counts = (*tx)->Stats(q);
      if (!counts.ok()) return ErrorResponse(counts.status());
      auto dir = ctx.directory.Get();
      bj::array items;
      int64_t total = 0;
      for (const auto& c : *counts) {
        std::string label = c.key;
        switch (q.by) {
          case store::StatsDimension::kStatus:
            if (auto s = ParseCaseStatus(c.key)) label = std::string(Label(*s));
            break;
          case store::StatsDimension::kType:
            if (auto s = ParseCaseType(c.key)) label = std::string(Label(*s));
            break;
          case store::StatsDimension::kChannel:
            if (auto s = ParseChannel(c.key)) label = std::string(Label(*s));
            break;
          case store::StatsDimension::kSla:
            if (auto s = ParseSlaState(c.key)) label = std::string(Label(*s));
            break;
          case store::StatsDimension::kUnit:
          case store::StatsDimension::kOverdue:
          case store::StatsDimension::kDistrict:
            if (const Unit* u = dir->FindUnit(c.key)) label = u->name;
            else if (c.key.empty()) label = "未指定";
            break;
          case store::StatsDimension::kCategory:
            if (const Category* cat = dir->FindCategory(c.key)) label = cat->name;
            else if (c.key.empty()) label = "未分类";
            break;
          case store::StatsDimension::kSatisfaction:
            if (auto s = ParseSatisfaction(c.key)) label = std::string(Label(*s));
            break;
          case store::StatsDimension::kDay:
            break;
        }
        total += c.count;
        items.push_back(bj::object{{"key", c.key}, {"label", label}, {"count", c.count}});
      }
      return Ok(bj::object{{"by", by}, {"items", std::move(items)}, {"total", total}});
    });
  });
}

}  // namespace hotline::api
