// Staff side of published letters (信件公开): the editor's draft, publish and unpublish.
// Thin: parse → workflow::Letters → encode. The public side is in handlers/public.cc.
#include "src/workflow/letters.h"

#include "src/api/handlers/common.h"
#include "src/common/time.h"

namespace hotline::api {
namespace bj = boost::json;
namespace http = boost::beast::http;

namespace {

bj::object EncodeStaffLetter(const workflow::Engine& engine, const store::PublishedLetter& l) {
  return bj::object{
      {"id", l.id},
      {"title", l.title},
      {"question", l.question},
      {"reply", l.reply},
      {"published", !l.unpublished_at.has_value()},
      {"published_at", FormatRfc3339(l.published_at, engine.tz())},
      {"published_by", l.published_by},
      {"unpublished_at",
       l.unpublished_at ? bj::value(FormatRfc3339(*l.unpublished_at, engine.tz())) : nullptr},
      {"version", l.version},
      {"public_url", "/public/letters/" + l.id}};
}

bj::object EncodeText(const workflow::LetterText& t) {
  return bj::object{{"title", t.title}, {"question", t.question}, {"reply", t.reply}};
}

}  // namespace

void RegisterLetterRoutes(Router& r, Context& ctx) {
  auto letters = std::make_shared<workflow::Letters>(ctx.store, ctx.engine.clock(), ctx.engine);

  r.Add(http::verb::get, "/api/v1/cases/{id}/letter", [&ctx, letters](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      auto ed = letters->Editor(p.actor, std::string(req.Param("id").value_or("")));
      if (!ed.ok()) return ErrorResponse(ed.status());
      return Ok(bj::object{
          {"letter", ed->letter ? bj::value(EncodeStaffLetter(ctx.engine, *ed->letter)) : nullptr},
          {"draft", EncodeText(ed->draft)},
          {"can_publish", ed->can_publish},
          {"refusal", ed->refusal}});
    });
  });

  r.Add(http::verb::post, "/api/v1/cases/{id}/letter/publish", [&ctx, letters](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      auto body = json::ParseObject(req.body);
      if (!body.ok()) return ErrorResponse(body.status());
      workflow::LetterText text;
      for (auto [field, out, max] : {std::tuple{"title", &text.title, size_t(100)},
                                     std::tuple{"question", &text.question, size_t(5000)},
                                     std::tuple{"reply", &text.reply, size_t(5000)}}) {
        auto v = json::ReqString(*body, field, max);
        if (!v.ok()) return ErrorResponse(v.status());
        *out = std::move(v).value();
      }
      auto res =
          letters->Publish(p.actor, std::string(req.Param("id").value_or("")), std::move(text));
      if (!res.ok()) return ErrorResponse(res.status());
      if (!res->letter) {
        // Refused: what was found where, and a draft with every finding replaced.
        bj::array found;
        for (const auto& f : res->findings)
          found.push_back(bj::object{{"field", f.field},
                                     {"kind", f.finding.kind},
                                     {"text", f.finding.text},
                                     {"offset", f.finding.offset},
                                     {"length", f.finding.length}});
        std::string first = res->findings.front().field;
        return Json(
            422, bj::object{
                     {"error",
                      bj::object{{"code", "personal_data"},
                                 {"message",
                                  "the text still contains personal data (phone numbers, ID "
                                  "numbers, email addresses or the citizen's name); see "
                                  "details.findings, or use details.draft"},
                                 {"details", bj::object{{"field", first},
                                                        {"findings", std::move(found)},
                                                        {"draft", EncodeText(res->redacted)}}}}}});
      }
      return Ok(EncodeStaffLetter(ctx.engine, *res->letter));
    });
  });

  r.Add(http::verb::post, "/api/v1/cases/{id}/letter/unpublish", [&ctx, letters](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      auto body = json::ParseObject(req.body);
      if (!body.ok()) return ErrorResponse(body.status());
      auto reason = json::ReqString(*body, "reason", 500);
      if (!reason.ok()) return ErrorResponse(reason.status());
      auto l = letters->Unpublish(p.actor, std::string(req.Param("id").value_or("")), *reason);
      if (!l.ok()) return ErrorResponse(l.status());
      return Ok(EncodeStaffLetter(ctx.engine, *l));
    });
  });
}

}  // namespace hotline::api
