#include "src/workflow/sla.h"

#include <boost/json.hpp>
#include <chrono>
#include <tuple>

namespace hotline::workflow {
namespace {

namespace json = boost::json;

struct UnitSuffix {
  DurationUnit unit;
  std::string_view suffix;
};
// Longer suffixes first: "wh" and "wd" end in 'h' and 'd'.
constexpr UnitSuffix kSuffixes[] = {
    {DurationUnit::kWorkingHours, "wh"}, {DurationUnit::kWorkingDays, "wd"},
    {DurationUnit::kMinutes, "m"},       {DurationUnit::kHours, "h"},
    {DurationUnit::kDays, "d"},
};

bool ValidId(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string_view Sv(json::string_view s) { return {s.data(), s.size()}; }

SlaPolicy Fallback() {
  SlaPolicy p;
  p.id = "fallback";
  p.name = "兜底时限";
  p.sign = {2, DurationUnit::kWorkingHours};
  p.contact = {24, DurationUnit::kHours};
  p.resolve = {10, DurationUnit::kWorkingDays};
  p.callback = {2, DurationUnit::kWorkingDays};
  return p;
}

bool IsCatchAll(const SlaPolicy& p) {
  return !p.type.has_value() && !p.urgent.has_value() && p.category_id.empty();
}

Result<SlaDuration> DurationField(const json::object& obj, std::string_view key) {
  const json::value* v = obj.if_contains(json::string_view(key.data(), key.size()));
  if (v == nullptr) return Status::Invalid("missing", std::string(key));
  if (!v->is_string())
    return Status::Invalid("expected a duration such as \"2wh\"", std::string(key));
  auto d = ParseDuration(Sv(v->get_string()));
  if (!d.ok()) return Status::Invalid(d.status().message(), std::string(key));
  return *d;
}

}  // namespace

Result<SlaDuration> ParseDuration(std::string_view text) {
  for (const UnitSuffix& u : kSuffixes) {
    if (text.size() <= u.suffix.size() || !text.ends_with(u.suffix)) continue;
    std::string_view digits = text.substr(0, text.size() - u.suffix.size());
    if (digits.size() > 5) break;
    int64_t amount = 0;
    for (char c : digits) {
      if (c < '0' || c > '9')
        return Status::Invalid("not a duration: expected e.g. 30m, 24h, 2wh, 3wd, 7d");
      amount = amount * 10 + (c - '0');
    }
    if (amount > kMaxDurationAmount) break;
    return SlaDuration{amount, u.unit};
  }
  if (text.empty()) return Status::Invalid("empty duration");
  return Status::Invalid("not a duration: expected 0..10000 followed by m, h, wh, wd or d");
}

std::string FormatDuration(SlaDuration d) {
  for (const UnitSuffix& u : kSuffixes) {
    if (u.unit == d.unit) return std::to_string(d.amount) + std::string(u.suffix);
  }
  return std::to_string(d.amount) + "m";
}

TimePoint AddDuration(const WorkCalendar& calendar, TimePoint start, SlaDuration d,
                      bool clock_24x7) {
  using std::chrono::hours;
  using std::chrono::minutes;
  switch (d.unit) {
    case DurationUnit::kMinutes:
      return start + minutes(d.amount);
    case DurationUnit::kHours:
      return start + hours(d.amount);
    case DurationUnit::kDays:
      return start + hours(24 * d.amount);
    case DurationUnit::kWorkingHours:
      if (clock_24x7) return start + hours(d.amount);
      return calendar.AddMinutes(start, 60 * d.amount, ClockKind::kWorking);
    case DurationUnit::kWorkingDays:
      if (clock_24x7) return start + hours(24 * d.amount);
      return calendar.AddWorkingDays(start, d.amount);
  }
  return start;
}

Status ValidatePolicy(const SlaPolicy& p) {
  if (!ValidId(p.id)) return Status::Invalid("expected 1..64 of A-Z a-z 0-9 _ . -", "id");
  if (p.name.empty() || p.name.size() > 200)
    return Status::Invalid("expected 1..200 bytes", "name");
  if (!p.category_id.empty() && !ValidId(p.category_id))
    return Status::Invalid("expected empty (any) or 1..64 of A-Z a-z 0-9 _ . -", "category_id");
  const std::pair<const SlaDuration*, const char*> durations[] = {{&p.sign, "sign"},
                                                                  {&p.contact, "contact"},
                                                                  {&p.resolve, "resolve"},
                                                                  {&p.callback, "callback"}};
  for (auto [d, field] : durations) {
    if (d->amount < 1 || d->amount > kMaxDurationAmount)
      return Status::Invalid("a time limit must be 1..10000 units", field);
  }
  return Status::Ok();
}

json::value PolicyToJson(const SlaPolicy& p) {
  json::object o;
  o["id"] = p.id;
  o["name"] = p.name;
  if (p.type) {
    std::string_view type = domain::Name(*p.type);
    o["type"] = json::string_view(type.data(), type.size());
  } else {
    o["type"] = nullptr;
  }
  if (p.urgent) {
    o["urgent"] = *p.urgent;
  } else {
    o["urgent"] = nullptr;
  }
  o["category_id"] = p.category_id;
  o["sign"] = FormatDuration(p.sign);
  o["contact"] = FormatDuration(p.contact);
  o["resolve"] = FormatDuration(p.resolve);
  o["callback"] = FormatDuration(p.callback);
  o["clock_24x7"] = p.clock_24x7;
  return o;
}

Result<SlaPolicy> PolicyFromJson(const json::value& v) {
  const json::object* obj = v.if_object();
  if (obj == nullptr) return Status::Invalid("expected a JSON object");
  static constexpr std::string_view kKeys[] = {"id",          "name",      "type",    "urgent",
                                               "category_id", "sign",      "contact", "resolve",
                                               "callback",    "clock_24x7"};
  for (const auto& kv : *obj) {
    bool known = false;
    for (std::string_view k : kKeys) known = known || Sv(kv.key()) == k;
    if (!known) return Status::Invalid("unknown field", std::string(Sv(kv.key())));
  }

  SlaPolicy p;
  auto string_field = [&](std::string_view key, bool required, std::string* out) -> Status {
    const json::value* f = obj->if_contains(json::string_view(key.data(), key.size()));
    if (f == nullptr || (!required && f->is_null())) {
      return required ? Status::Invalid("missing", std::string(key)) : Status::Ok();
    }
    if (!f->is_string()) return Status::Invalid("expected a string", std::string(key));
    *out = std::string(Sv(f->get_string()));
    return Status::Ok();
  };
  HOTLINE_RETURN_IF_ERROR(string_field("id", true, &p.id));
  HOTLINE_RETURN_IF_ERROR(string_field("name", true, &p.name));
  HOTLINE_RETURN_IF_ERROR(string_field("category_id", false, &p.category_id));

  if (const json::value* t = obj->if_contains("type"); t != nullptr && !t->is_null()) {
    if (!t->is_string()) return Status::Invalid("expected a case type or null", "type");
    auto type = domain::ParseCaseType(Sv(t->get_string()));
    if (!type) return Status::Invalid("unknown case type", "type");
    p.type = *type;
  }
  if (const json::value* u = obj->if_contains("urgent"); u != nullptr && !u->is_null()) {
    if (!u->is_bool()) return Status::Invalid("expected true, false or null", "urgent");
    p.urgent = u->get_bool();
  }
  if (const json::value* c = obj->if_contains("clock_24x7"); c != nullptr) {
    if (!c->is_bool()) return Status::Invalid("expected true or false", "clock_24x7");
    p.clock_24x7 = c->get_bool();
  }
  HOTLINE_ASSIGN_OR_RETURN(p.sign, DurationField(*obj, "sign"));
  HOTLINE_ASSIGN_OR_RETURN(p.contact, DurationField(*obj, "contact"));
  HOTLINE_ASSIGN_OR_RETURN(p.resolve, DurationField(*obj, "resolve"));
  HOTLINE_ASSIGN_OR_RETURN(p.callback, DurationField(*obj, "callback"));
  HOTLINE_RETURN_IF_ERROR(ValidatePolicy(p));
  return p;
}

std::vector<SlaPolicy> DefaultPolicies() {
  using domain::CaseType;
  using U = DurationUnit;
  const SlaDuration sign{2, U::kWorkingHours}, contact{24, U::kHours}, callback{2, U::kWorkingDays};
  auto normal = [&](std::string id, std::string name, CaseType type, int64_t resolve_wd) {
    return SlaPolicy{
        std::move(id), type,  false,          "", sign, contact, {resolve_wd, U::kWorkingDays},
        callback,      false, std::move(name)};
  };
  std::vector<SlaPolicy> out;
  out.push_back(SlaPolicy{"urgent",
                          std::nullopt,
                          true,
                          "",
                          {30, U::kMinutes},
                          {2, U::kHours},
                          {24, U::kHours},
                          callback,
                          true,
                          "紧急诉求"});
  out.push_back(normal("consultation", "咨询类", CaseType::kConsultation, 3));
  out.push_back(normal("help", "求助类", CaseType::kHelp, 3));
  out.push_back(normal("complaint", "投诉类", CaseType::kComplaint, 10));
  out.push_back(normal("report", "举报类", CaseType::kReport, 10));
  out.push_back(normal("suggestion", "建议类", CaseType::kSuggestion, 15));
  out.push_back(normal("praise", "表扬类", CaseType::kPraise, 5));
  SlaPolicy fallback = Fallback();
  fallback.id = "default";
  fallback.name = "默认时限";
  out.push_back(std::move(fallback));
  return out;
}

PolicyTable::PolicyTable(std::vector<SlaPolicy> policies) : policies_(std::move(policies)) {
  bool has_catch_all = false;
  for (const SlaPolicy& p : policies_) has_catch_all = has_catch_all || IsCatchAll(p);
  if (!has_catch_all) policies_.push_back(Fallback());
}

const SlaPolicy& PolicyTable::Select(domain::CaseType type, bool urgent,
                                     const std::vector<std::string>& category_path) const {
  const SlaPolicy* best = nullptr;
  std::tuple<size_t, int, int> best_score;
  for (const SlaPolicy& p : policies_) {
    if (p.type && *p.type != type) continue;
    if (p.urgent && *p.urgent != urgent) continue;
    size_t category_rank = 0;  // 0: any category; else higher for a deeper (leaf-nearer) match
    if (!p.category_id.empty()) {
      size_t i = 0;
      while (i < category_path.size() && category_path[i] != p.category_id) ++i;
      if (i == category_path.size()) continue;
      category_rank = category_path.size() - i;
    }
    std::tuple<size_t, int, int> score{category_rank, p.type ? 1 : 0, p.urgent ? 1 : 0};
    if (best == nullptr || score > best_score) {
      best = &p;
      best_score = score;
    }
  }
  return *best;  // the catch-all always matches
}

const SlaPolicy* PolicyTable::Find(std::string_view id) const {
  for (const SlaPolicy& p : policies_) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

Deadlines ComputeDeadlines(const WorkCalendar& calendar, const SlaPolicy& policy, TimePoint start) {
  return Deadlines{AddDuration(calendar, start, policy.sign, policy.clock_24x7),
                   AddDuration(calendar, start, policy.contact, policy.clock_24x7),
                   AddDuration(calendar, start, policy.resolve, policy.clock_24x7)};
}

TimePoint CallbackDue(const WorkCalendar& calendar, const SlaPolicy& policy, TimePoint from) {
  return AddDuration(calendar, from, policy.callback, policy.clock_24x7);
}

TimePoint WarnAt(const WorkCalendar& calendar, bool clock_24x7, TimePoint start, TimePoint due) {
  ClockKind clock = clock_24x7 ? ClockKind::kNatural : ClockKind::kWorking;
  Millis total = calendar.Elapsed(start, due, clock);
  if (total.count() == 0 && clock == ClockKind::kWorking) {
    clock = ClockKind::kNatural;
    total = calendar.Elapsed(start, due, clock);
  }
  const Millis warn{(total.count() * kWarnPercent + 99) / 100};
  return calendar.Advance(start, warn, clock);
}

domain::SlaState SlaStateAt(const WorkCalendar& calendar, bool clock_24x7, TimePoint start,
                            TimePoint due, TimePoint now) {
  if (now > due) return domain::SlaState::kOverdue;
  if (now >= WarnAt(calendar, clock_24x7, start, due)) return domain::SlaState::kWarning;
  return domain::SlaState::kOk;
}

TimePoint ExtendByPause(const WorkCalendar& calendar, bool clock_24x7, TimePoint due,
                        TimePoint paused_at, TimePoint resumed_at) {
  const ClockKind clock = clock_24x7 ? ClockKind::kNatural : ClockKind::kWorking;
  return calendar.Advance(due, calendar.Elapsed(paused_at, resumed_at, clock), clock);
}

}  // namespace hotline::workflow
