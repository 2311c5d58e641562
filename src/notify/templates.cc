#include "src/notify/templates.h"

#include <functional>

#include "src/common/json.h"

namespace hotline::notify {

namespace {

struct DefaultText {
  std::string_view key;
  std::string_view lang;
  std::string_view subject;
  std::string_view body;
};

// The built-in texts. An admin's edit replaces one (key, lang); deleting the edit restores these.
const DefaultText kDefaults[] = {
    {"case_received", "zh-CN", "您的诉求已受理（工单 {case_number}）",
     "【12345】您反映的问题已受理，工单编号{case_number}，查询码{query_code}。"
     "凭编号和查询码可在网上查询办理进度，请妥善保管查询码。"},
    {"case_received", "en", "Your request has been received (case {case_number})",
     "[12345] Your request has been received. Case number {case_number}, query code "
     "{query_code}. Use both to follow the case online; keep the code private."},
    {"reply_ready", "zh-CN", "您的诉求已有答复（工单 {case_number}）",
     "【12345】您反映的问题（工单编号{case_number}）已有答复，请凭编号和查询码在网上查看并评价。"},
    {"reply_ready", "en", "Your request has a reply (case {case_number})",
     "[12345] Your request (case {case_number}) has a reply. Read and rate it online with the "
     "case number and your query code."},
    {"unit_dispatched", "zh-CN", "新工单 {case_number}：{title}",
     "【12345】{unit}：工单{case_number}「{title}」已派至贵单位（{role}），请于{sign_due}前签收，"
     "{due}前办结反馈。"},
    {"unit_dispatched", "en", "New case {case_number}: {title}",
     "[12345] {unit}: case {case_number} \"{title}\" has been assigned to you ({role}). Sign for "
     "it by {sign_due} and reply by {due}."},
    {"unit_warning", "zh-CN", "工单即将到期 {case_number}：{title}",
     "【12345】{unit}：工单{case_number}「{title}」将于{due}到期，请抓紧办理。"},
    {"unit_warning", "en", "Case due soon {case_number}: {title}",
     "[12345] {unit}: case {case_number} \"{title}\" is due at {due}. Please act now."},
    {"unit_overdue", "zh-CN", "工单已超期 {case_number}：{title}",
     "【12345】{unit}：工单{case_number}「{title}」已于{due}超期，请立即办理并反馈。"},
    {"unit_overdue", "en", "Case overdue {case_number}: {title}",
     "[12345] {unit}: case {case_number} \"{title}\" was due at {due} and is overdue. Reply "
     "at once."},
    {"leader_escalated", "zh-CN", "紧急上报 工单 {case_number}：{title}",
     "【12345】紧急上报：工单{case_number}「{title}」（承办单位：{unit}）需要领导关注。说明：{"
     "note}"},
    {"leader_escalated", "en", "Escalated: case {case_number}: {title}",
     "[12345] Escalated: case {case_number} \"{title}\" (unit: {unit}) needs your attention. "
     "Note: {note}"},
};

// Splits text into literal runs and placeholder names; an error for a stray or unclosed brace.
Status ForEachPlaceholder(std::string_view text,
                          const std::function<Status(std::string_view)>& fn) {
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '}') return Status::Invalid("a '}' without its '{'");
    if (text[i] != '{') {
      ++i;
      continue;
    }
    size_t end = text.find_first_of("{}", i + 1);
    if (end == std::string_view::npos || text[end] != '}')
      return Status::Invalid("a '{' is not closed by '}'");
    HOTLINE_RETURN_IF_ERROR(fn(text.substr(i + 1, end - i - 1)));
    i = end + 1;
  }
  return Status::Ok();
}

}  // namespace

const std::vector<TemplateSpec>& TemplateSpecs() {
  static const std::vector<TemplateSpec> kSpecs = {
      {"case_received",
       "citizen",
       "受理短信（市民）",
       "Case received (citizen)",
       {"case_number", "query_code", "title"}},
      {"reply_ready",
       "citizen",
       "答复提醒（市民）",
       "Reply ready (citizen)",
       {"case_number", "query_code", "title"}},
      {"unit_dispatched",
       "unit",
       "派单通知（承办单位）",
       "Case dispatched (unit)",
       {"case_number", "title", "unit", "role", "sign_due", "due", "urgent"}},
      {"unit_warning",
       "unit",
       "到期预警（承办单位）",
       "Due soon (unit)",
       {"case_number", "title", "unit", "due"}},
      {"unit_overdue",
       "unit",
       "超期提醒（承办单位）",
       "Overdue (unit)",
       {"case_number", "title", "unit", "due"}},
      {"leader_escalated",
       "leader",
       "紧急上报（领导）",
       "Escalation (leaders)",
       {"case_number", "title", "unit", "note"}},
  };
  return kSpecs;
}

const TemplateSpec* FindTemplateSpec(std::string_view key) {
  for (const auto& s : TemplateSpecs())
    if (s.key == key) return &s;
  return nullptr;
}

bool IsLang(std::string_view lang) {
  for (auto l : kLangs)
    if (l == lang) return true;
  return false;
}

store::NotifyTemplate DefaultTemplate(std::string_view key, std::string_view lang) {
  for (const auto& d : kDefaults)
    if (d.key == key && d.lang == lang)
      return store::NotifyTemplate{
          std::string(key), std::string(lang), std::string(d.subject), std::string(d.body), "", {}};
  return store::NotifyTemplate{std::string(key), std::string(lang), "", "", "", {}};
}

Status ValidateTemplate(const store::NotifyTemplate& t) {
  const TemplateSpec* spec = FindTemplateSpec(t.key);
  if (!spec) return Status::NotFound("there is no message template called " + t.key);
  if (!IsLang(t.lang)) return Status::Invalid("lang must be zh-CN or en", "lang");
  auto check = [&](std::string_view text, const char* field, size_t max) -> Status {
    if (json::Utf8Length(text) > max)
      return Status::Invalid(
          std::string(field) + " is longer than " + std::to_string(max) + " characters", field);
    Status st = ForEachPlaceholder(text, [&](std::string_view name) -> Status {
      for (auto p : spec->placeholders)
        if (p == name) return Status::Ok();
      std::string allowed;
      for (auto p : spec->placeholders)
        allowed += (allowed.empty() ? "{" : ", {") + std::string(p) + "}";
      return Status::Invalid("{" + std::string(name) +
                             "} is not a placeholder of this template (use " + allowed + ")");
    });
    if (!st.ok()) return Status::Invalid(std::string(field) + ": " + st.message(), field);
    return Status::Ok();
  };
  if (t.body.find_first_not_of(" \t\r\n") == std::string::npos)
    return Status::Invalid("body is required", "body");
  HOTLINE_RETURN_IF_ERROR(check(t.subject, "subject", kSubjectMaxChars));
  if (t.subject.find_first_of("\r\n") != std::string::npos)
    return Status::Invalid("subject must be one line", "subject");
  return check(t.body, "body", kBodyMaxChars);
}

std::string Render(std::string_view text, const std::map<std::string, std::string>& vars) {
  std::string out;
  out.reserve(text.size() + 64);
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find('{', i);
    if (open == std::string_view::npos) break;
    size_t close = text.find('}', open + 1);
    if (close == std::string_view::npos) break;
    out.append(text.substr(i, open - i));
    auto it = vars.find(std::string(text.substr(open + 1, close - open - 1)));
    if (it != vars.end()) out += it->second;
    i = close + 1;
  }
  out.append(text.substr(i));
  return out;
}

TemplateSet::TemplateSet(const std::vector<store::NotifyTemplate>& stored) {
  for (const auto& spec : TemplateSpecs())
    for (auto lang : kLangs)
      map_[{std::string(spec.key), std::string(lang)}] = DefaultTemplate(spec.key, lang);
  for (const auto& t : stored) {
    auto k = std::make_pair(t.key, t.lang);
    if (!map_.count(k)) continue;  // a template this version no longer has
    map_[k] = t;
    custom_[k] = true;
  }
}

const store::NotifyTemplate& TemplateSet::Get(std::string_view key, std::string_view lang) const {
  auto it = map_.find({std::string(key), std::string(lang)});
  if (it == map_.end()) it = map_.find({std::string(key), "zh-CN"});
  return it->second;
}

bool TemplateSet::IsCustom(std::string_view key, std::string_view lang) const {
  return custom_.count({std::string(key), std::string(lang)}) > 0;
}

}  // namespace hotline::notify
