#include "src/workflow/engine.h"

#include <algorithm>

#include "src/common/crypto.h"
#include "src/common/json.h"
#include "src/workflow/transitions.h"

namespace hotline::workflow {
namespace bj = boost::json;
using namespace hotline::domain;

namespace {

constexpr size_t kNoteMax = 2000;
constexpr size_t kReplyMax = 10000;

std::string Str(std::string_view v) { return std::string(v); }

// Reads an RFC 3339 time field.
Result<TimePoint> ReqTime(const bj::object& body, std::string_view key) {
  HOTLINE_ASSIGN_OR_RETURN(std::string text, json::ReqString(body, key, 64));
  auto t = ParseRfc3339(text);
  if (!t.ok()) return Status::Invalid(Str(key) + " " + t.status().message(), Str(key));
  return *t;
}

bool Contains(const std::vector<CaseStatus>& v, CaseStatus s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

bool Actor::Has(Role r) const { return std::find(roles.begin(), roles.end(), r) != roles.end(); }

bool Actor::IsUnitUser() const {
  return std::all_of(roles.begin(), roles.end(),
                     [](Role r) { return r == Role::kHandler || r == Role::kUnitAdmin; }) &&
         !roles.empty();
}

Actor Actor::System() { return Actor{"system", "系统", {}, ""}; }

Actor PublicActor() { return Actor{"public", "市民", {}, ""}; }

bool QueryCodeMatches(const std::string& expected, const std::string& given) {
  if (expected.empty()) return false;
  unsigned char diff = expected.size() == given.size() ? 0 : 1;
  for (size_t i = 0; i < expected.size(); ++i)
    diff |= static_cast<unsigned char>(expected[i] ^ (i < given.size() ? given[i] : 0));
  return diff == 0;
}

bool CitizenMayRate(const Case& c, const std::vector<Event>& events) {
  if (c.status != CaseStatus::kCallbackPending && c.status != CaseStatus::kAnswered) return false;
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    if (it->action == "approve_reply" || it->action == "answer") return true;
    if (it->action == "citizen_rating") return false;
  }
  return true;
}

// What one command changed: the events of the case, and other cases it touched (merge).
struct Engine::Change {
  std::vector<Event> events;
  std::vector<std::pair<Case, std::vector<Event>>> others;  // with the version they were read at
  std::vector<int64_t> other_versions;
  void Add(const Actor& a, std::string action, bj::object data) {
    Event e;
    e.actor_id = a.user_id;
    e.actor_name = a.name;
    e.actor_unit_id = a.unit_id;
    e.action = std::move(action);
    e.data = std::move(data);
    events.push_back(std::move(e));
  }
};

Engine::Engine(store::Store& store, const Clock& clock, DirectoryHolder& directory,
               EngineOptions options)
    : store_(store), clock_(clock), directory_(directory), options_(options) {}

void Engine::AddListener(CaseListener l) {
  std::lock_guard lock(listeners_mu_);
  listeners_.push_back(std::move(l));
}

void Engine::Notify(const std::vector<std::pair<Case, Event>>& done) {
  std::vector<CaseListener> ls;
  {
    std::lock_guard lock(listeners_mu_);
    ls = listeners_;
  }
  for (const auto& [c, e] : done)
    for (const auto& l : ls) l(c, e);
}

std::optional<std::vector<std::string>> Engine::ScopeUnits(const Actor& actor) const {
  if (!actor.IsUnitUser()) return std::nullopt;
  return directory_.Get()->Subtree(actor.unit_id);
}

bool Engine::CanRead(const Actor& actor, const Case& c) const {
  static const Role kCentreReaders[] = {Role::kAgent,      Role::kDispatcher, Role::kReviewer,
                                        Role::kCallback,   Role::kSupervisor, Role::kLeader};
  for (Role r : kCentreReaders)
    if (actor.Has(r)) return true;
  if (!actor.Has(Role::kHandler) && !actor.Has(Role::kUnitAdmin)) return false;
  auto dir = directory_.Get();
  for (const auto& a : c.assignments)
    if (dir->InSubtree(actor.unit_id, a.unit_id)) return true;
  return false;
}

bool Engine::SeesPersonalData(const Actor& actor, const Case& c) const {
  if (actor.Has(Role::kAgent) || actor.Has(Role::kCallback)) return true;
  if (c.confidential) return false;
  if (!actor.Has(Role::kHandler) && !actor.Has(Role::kUnitAdmin)) return false;
  // The unit that must contact the citizen sees the number while it holds the case.
  auto dir = directory_.Get();
  for (const auto& a : c.assignments)
    if (a.Active() && dir->InSubtree(actor.unit_id, a.unit_id)) return true;
  return false;
}

namespace {

// The actor's unit holds this assignment: a handler its own unit's, a unit admin its subtree's.
bool Holds(const Actor& actor, const Directory& dir, const Assignment& a) {
  if (actor.Has(Role::kHandler) && a.unit_id == actor.unit_id) return true;
  return actor.Has(Role::kUnitAdmin) && dir.InSubtree(actor.unit_id, a.unit_id);
}

// The actor may decide on a return or extension of this assignment.
bool Decides(const Actor& actor, const Directory& dir, const Assignment& a) {
  if (a.dispatched_by_unit.empty() || a.dispatched_by_unit == dir.centre_id())
    return actor.Has(Role::kDispatcher);
  return actor.Has(Role::kUnitAdmin) && dir.InSubtree(actor.unit_id, a.dispatched_by_unit);
}

// The assignment of the actor's unit that an action works on.
Assignment* MyAssignment(const Actor& actor, const Directory& dir, Case& c,
                         std::initializer_list<AssignmentStatus> statuses, bool lead_only,
                         const std::string& wanted_id) {
  Assignment* lead = c.LeadAssignment();
  Assignment* best = nullptr;
  for (auto& a : c.assignments) {
    if (!wanted_id.empty() && a.id != wanted_id) continue;
    if (std::find(statuses.begin(), statuses.end(), a.status) == statuses.end()) continue;
    if (!Holds(actor, dir, a)) continue;
    // Only the deepest lead acts as lead; a sub-centre that passed the case on waits.
    if (a.role == AssignmentRole::kLead && &a != lead) continue;
    if (lead_only && a.role != AssignmentRole::kLead) continue;
    if (!best || a.unit_id == actor.unit_id) best = &a;
  }
  return best;
}

Assignment* DecidableAssignment(const Actor& actor, const Directory& dir, Case& c,
                                bool want_return) {
  for (auto& a : c.assignments) {
    if (!a.Active()) continue;
    bool pending = want_return ? a.status == AssignmentStatus::kReturnRequested
                               : (a.extension && a.extension->status == ExtensionStatus::kPending);
    if (pending && Decides(actor, dir, a)) return &a;
  }
  return nullptr;
}

bool HasPending(const Case& c, bool want_return) {
  return std::any_of(c.assignments.begin(), c.assignments.end(), [&](const Assignment& a) {
    return a.Active() && (want_return ? a.status == AssignmentStatus::kReturnRequested
                                      : a.extension && a.extension->status ==
                                                           ExtensionStatus::kPending);
  });
}

const SlaPolicy& PolicyOf(const Directory& dir, const Case& c) {
  return dir.policies().Select(c.type, c.urgent, dir.CategoryPath(c.category_id));
}

void SetDeadlines(const Directory& dir, const Case& c, Assignment& a, TimePoint now) {
  const SlaPolicy& p = PolicyOf(dir, c);
  Deadlines d = ComputeDeadlines(dir.calendar(), p, now);
  a.clock_24x7 = p.clock_24x7 || c.urgent;
  a.assigned_at = now;
  a.sign_due_at = d.sign_due;
  a.contact_due_at = d.contact_due;
  a.due_at = d.due;
  a.warn_at = WarnAt(dir.calendar(), a.clock_24x7, now, d.due);
  a.sla_emitted = SlaState::kOk;
}

// Gives the last lead unit the case again (reject_reply, reopen): signed, with a fresh limit.
Assignment* ReactivateLead(const Directory& dir, Case& c, TimePoint now) {
  Assignment* last = nullptr;
  for (auto& a : c.assignments)
    if (a.role == AssignmentRole::kLead &&
        (a.status == AssignmentStatus::kDone || a.status == AssignmentStatus::kReplied))
      last = &a;
  if (!last) return nullptr;
  for (auto& a : c.assignments)
    if (a.role == AssignmentRole::kLead && a.status == AssignmentStatus::kReplied && &a != last)
      a.status = AssignmentStatus::kDone;
  SetDeadlines(dir, c, *last, now);
  last->status = AssignmentStatus::kSigned;
  last->signed_at = now;
  last->replied_at.reset();
  last->extension.reset();
  return last;
}

std::string NewAssignmentId(const Case& c) { return "a" + std::to_string(c.assignments.size() + 1); }

bj::object AssignmentRef(const Assignment& a) {
  return bj::object{{"assignment", a.id}, {"unit_id", a.unit_id}, {"role", Name(a.role)}};
}

// Checks everything that does not need the request body: role, scope, status, and whether the
// actor's unit holds the assignment the action needs.
Status Authorize(const Actor& actor, const Directory& dir, const Case& cc, const Transition& t,
                 const std::function<bool(const Case&)>& can_read) {
  Case& c = const_cast<Case&>(cc);  // the lookups below do not modify
  bool role_ok = std::any_of(t.roles.begin(), t.roles.end(), [&](Role r) { return actor.Has(r); });
  if (!role_ok)
    return Status::Forbidden("your role may not " + Str(t.action) + " a case");
  if (!can_read(c)) return Status::Make(Code::kPermissionDenied, "out_of_scope",
                                        "this case is not in your unit's scope");
  if (!Contains(t.from, c.status))
    return Status::IllegalTransition("cannot " + Str(t.action) + " a case that is " +
                                     Str(Label(c.status)) + " (" + Str(Name(c.status)) + ")");
  const std::string_view a = t.action;
  auto unit_needs = [&](std::initializer_list<AssignmentStatus> st, bool lead_only) -> Status {
    if (MyAssignment(actor, dir, c, st, lead_only, {})) return Status::Ok();
    return Status::IllegalTransition("your unit holds no assignment of this case that can " +
                                     Str(a) + " now");
  };
  if (a == "sign") return unit_needs({AssignmentStatus::kPending}, false);
  if (a == "record_contact") return unit_needs({AssignmentStatus::kSigned}, false);
  if (a == "return")
    return unit_needs({AssignmentStatus::kPending, AssignmentStatus::kSigned}, true);
  if (a == "request_extension") return unit_needs({AssignmentStatus::kSigned}, true);
  if (a == "reply") return unit_needs({AssignmentStatus::kSigned}, false);
  if (a == "approve_return" || a == "reject_return") {
    if (!HasPending(c, true)) return Status::IllegalTransition("no return is waiting for a decision");
    if (!DecidableAssignment(actor, dir, c, true))
      return Status::Forbidden("the return was requested from a dispatch that is not yours to decide");
  }
  if (a == "approve_extension" || a == "reject_extension") {
    if (!HasPending(c, false))
      return Status::IllegalTransition("no extension request is waiting for a decision");
    if (!DecidableAssignment(actor, dir, c, false))
      return Status::Forbidden("the extension was requested on a dispatch that is not yours to decide");
  }
  if (a == "dispatch") {
    if (c.status == CaseStatus::kNew) {
      if (!actor.Has(Role::kDispatcher))
        return Status::Forbidden("only the centre's dispatcher dispatches a new case");
    } else {
      const Assignment* lead = c.LeadAssignment();
      const Unit* u = dir.FindUnit(actor.unit_id);
      if (!actor.Has(Role::kUnitAdmin) || !u || !u->can_dispatch)
        return Status::Forbidden("only a sub-centre dispatches a case on to its sub-units");
      if (!lead || lead->unit_id != actor.unit_id || lead->status != AssignmentStatus::kSigned)
        return Status::IllegalTransition(
            "your unit must hold the signed lead assignment to dispatch it on");
    }
  }
  if (t.scope == Scope::kCentreOrUnit && a == "comment") return Status::Ok();
  if (a == "urge") {
    if (!c.LeadAssignment()) return Status::IllegalTransition("no unit holds this case to urge");
  }
  return Status::Ok();
}

}  // namespace

std::vector<std::string> Engine::AllowedActions(const Actor& actor, const Case& c) const {
  std::vector<std::string> out;
  auto dir = directory_.Get();
  auto can_read = [&](const Case& x) { return CanRead(actor, x); };
  const bool readable = CanRead(actor, c);
  for (const auto& t : Transitions()) {
    // The cheap refusals first, so that no error text is built for the common "no".
    if (!readable || !Contains(t.from, c.status)) continue;
    if (std::none_of(t.roles.begin(), t.roles.end(), [&](Role r) { return actor.Has(r); })) continue;
    if (Authorize(actor, *dir, c, t, can_read).ok()) out.emplace_back(t.action);
  }
  return out;
}

Status Engine::Apply(const Actor& actor, const Directory& dir, store::WriteTx& tx, Case& c,
                     const std::string& action, const bj::object& body, Change& ch) {
  const TimePoint now = clock_.Now();
  const auto& cal = dir.calendar();
  std::string wanted_assignment;
  if (auto r = json::OptString(body, "assignment_id", 16); r.ok() && r->has_value())
    wanted_assignment = **r;

  if (action == "answer") {
    HOTLINE_ASSIGN_OR_RETURN(std::string reply, json::ReqString(body, "reply", kReplyMax));
    HOTLINE_ASSIGN_OR_RETURN(auto kb, json::OptString(body, "kb_article_id", 64));
    bj::object data{{"reply", reply}, {"kb_article_id", kb.value_or("")}};
    if (kb && !kb->empty()) {
      // Answered with a knowledge article: it must be live today, and its usage count goes up in
      // this same transaction.
      auto article = tx.GetArticle(*kb);
      if (!article.ok()) {
        if (article.status().IsNotFound())
          return Status::Unprocessable("kb_article_id is not a knowledge article", "kb_article_id");
        return article.status();
      }
      if (!article->LiveOn(FormatDate(LocalDate(now, options_.tz))))
        return Status::Unprocessable(
            "knowledge article " + *kb + " is not published or not valid today", "kb_article_id");
      HOTLINE_RETURN_IF_ERROR(tx.IncrementArticleUsage(*kb));
      data["kb_article_title"] = article->content.title;
      data["kb_article_rev"] = article->live_rev;
    }
    c.status = CaseStatus::kAnswered;
    c.reply_to_citizen = reply;
    c.kb_article_id = kb.value_or("");
    c.callback_due_at = CallbackDue(cal, PolicyOf(dir, c), now);
    ch.Add(actor, action, std::move(data));
    return Status::Ok();
  }

  if (action == "dispatch") {
    HOTLINE_ASSIGN_OR_RETURN(std::string lead_id, json::ReqString(body, "lead_unit_id", 32));
    HOTLINE_ASSIGN_OR_RETURN(auto co_ids, json::OptStringArray(body, "co_unit_ids", 20, 32));
    HOTLINE_ASSIGN_OR_RETURN(auto note, json::OptString(body, "note", kNoteMax));
    const Unit* lead_unit = dir.FindUnit(lead_id);
    if (!lead_unit || lead_unit->disabled)
      return Status::Unprocessable("lead_unit_id is not an active unit", "lead_unit_id");
    if (lead_unit->kind == UnitKind::kCentre)
      return Status::Unprocessable("a case cannot be dispatched to the hotline centre itself",
                                   "lead_unit_id");
    for (const auto& id : co_ids) {
      const Unit* u = dir.FindUnit(id);
      if (!u || u->disabled || u->kind == UnitKind::kCentre)
        return Status::Unprocessable("co_unit_ids holds " + id + ", not an active unit",
                                     "co_unit_ids");
      if (id == lead_id)
        return Status::Unprocessable("the lead unit cannot also co-handle", "co_unit_ids");
    }
    std::string by = dir.centre_id();
    std::string parent;
    if (c.status == CaseStatus::kInProgress) {  // second-level dispatch by a sub-centre
      Assignment* mine = c.LeadAssignment();
      by = actor.unit_id;
      parent = mine->id;
      if (lead_id == actor.unit_id || !dir.InSubtree(actor.unit_id, lead_id))
        return Status::Unprocessable("a sub-centre dispatches only to units below it",
                                     "lead_unit_id");
      for (const auto& id : co_ids)
        if (!dir.InSubtree(actor.unit_id, id))
          return Status::Unprocessable("a sub-centre dispatches only to units below it",
                                       "co_unit_ids");
    }
    bj::array units;
    auto add = [&](const std::string& unit, AssignmentRole role) {
      Assignment a;
      a.id = NewAssignmentId(c);
      a.unit_id = unit;
      a.role = role;
      a.dispatched_by_unit = by;
      a.parent_assignment = parent;
      SetDeadlines(dir, c, a, now);
      if (!parent.empty()) {
        // The sub-unit works within the sub-centre's own limit.
        const Assignment* p = c.FindAssignment(parent);
        if (p && p->due_at < a.due_at) {
          a.due_at = p->due_at;
          a.warn_at = WarnAt(cal, a.clock_24x7, now, a.due_at);
        }
      }
      units.push_back(bj::object{{"assignment", a.id},
                                 {"unit_id", unit},
                                 {"role", Name(role)},
                                 {"sign_due_at", FormatRfc3339(a.sign_due_at, options_.tz)},
                                 {"due_at", FormatRfc3339(a.due_at, options_.tz)}});
      c.assignments.push_back(std::move(a));
    };
    add(lead_id, AssignmentRole::kLead);
    for (const auto& id : co_ids) add(id, AssignmentRole::kCo);
    if (c.status == CaseStatus::kNew) {
      c.status = CaseStatus::kDispatched;
      c.due_at = c.assignments[c.assignments.size() - 1 - co_ids.size()].due_at;
    }
    ch.Add(actor, action,
           {{"units", std::move(units)}, {"note", note.value_or("")}, {"by_unit", by}});
    return Status::Ok();
  }

  if (action == "recall") {
    HOTLINE_ASSIGN_OR_RETURN(std::string reason, json::ReqString(body, "reason", kNoteMax));
    for (auto& a : c.assignments)
      if (a.Active()) a.status = AssignmentStatus::kRecalled;
    c.status = CaseStatus::kNew;
    c.due_at.reset();
    ch.Add(actor, action, {{"reason", reason}});
    return Status::Ok();
  }

  if (action == "sign") {
    Assignment* a = MyAssignment(actor, dir, c, {AssignmentStatus::kPending}, false, wanted_assignment);
    if (!a) return Status::IllegalTransition("your unit has nothing to sign on this case");
    a->status = AssignmentStatus::kSigned;
    a->signed_at = now;
    if (a->role == AssignmentRole::kLead && c.status == CaseStatus::kDispatched)
      c.status = CaseStatus::kInProgress;
    bj::object d = AssignmentRef(*a);
    d["on_time"] = now <= a->sign_due_at;
    ch.Add(actor, action, std::move(d));
    return Status::Ok();
  }

  if (action == "record_contact") {
    HOTLINE_ASSIGN_OR_RETURN(std::string note, json::ReqString(body, "note", kNoteMax));
    Assignment* a = MyAssignment(actor, dir, c, {AssignmentStatus::kSigned}, false, wanted_assignment);
    if (!a) return Status::IllegalTransition("your unit must sign the case before contacting");
    bool first = !a->contacted_at;
    if (first) a->contacted_at = now;
    bj::object d = AssignmentRef(*a);
    d["note"] = note;
    d["first"] = first;
    if (first) d["on_time"] = now <= a->contact_due_at;
    ch.Add(actor, action, std::move(d));
    return Status::Ok();
  }

  if (action == "return") {
    HOTLINE_ASSIGN_OR_RETURN(std::string reason, json::ReqString(body, "reason", kNoteMax));
    Assignment* a = MyAssignment(actor, dir, c,
                                 {AssignmentStatus::kPending, AssignmentStatus::kSigned}, true,
                                 wanted_assignment);
    if (!a) return Status::IllegalTransition("only the lead unit can return a case");
    a->return_reason = reason;
    a->status = AssignmentStatus::kReturnRequested;
    a->paused_at = now;
    c.status = CaseStatus::kReturnRequested;
    bj::object d = AssignmentRef(*a);
    d["reason"] = reason;
    ch.Add(actor, action, std::move(d));
    return Status::Ok();
  }

  if (action == "approve_return" || action == "reject_return") {
    Assignment* a = DecidableAssignment(actor, dir, c, true);
    HOTLINE_ASSIGN_OR_RETURN(auto note, json::OptString(body, "note", kNoteMax));
    if (action == "reject_return" && !note)
      return Status::Invalid("note is required: say why the unit must keep the case", "note");
    bj::object d = AssignmentRef(*a);
    d["note"] = note.value_or("");
    bool sub = !a->parent_assignment.empty();
    if (action == "approve_return") {
      a->status = AssignmentStatus::kReturned;
      a->paused_at.reset();
      if (sub) {
        // The sub-centre takes the case back and handles or re-dispatches it itself.
        c.status = CaseStatus::kInProgress;
        for (auto& x : c.assignments)
          if (x.parent_assignment == a->parent_assignment && x.Active())
            x.status = AssignmentStatus::kReturned;
      } else {
        for (auto& x : c.assignments)
          if (x.Active()) x.status = AssignmentStatus::kReturned;
        c.status = CaseStatus::kNew;
        c.due_at.reset();
      }
    } else {
      TimePoint paused = a->paused_at.value_or(now);
      a->due_at = ExtendByPause(cal, a->clock_24x7, a->due_at, paused, now);
      a->sign_due_at = ExtendByPause(cal, a->clock_24x7, a->sign_due_at, paused, now);
      a->contact_due_at = ExtendByPause(cal, a->clock_24x7, a->contact_due_at, paused, now);
      a->warn_at = ExtendByPause(cal, a->clock_24x7, a->warn_at, paused, now);
      a->paused_at.reset();
      a->status = a->signed_at ? AssignmentStatus::kSigned : AssignmentStatus::kPending;
      if (a->parent_assignment.empty()) c.due_at = a->due_at;
      c.status = (a->signed_at || sub) ? CaseStatus::kInProgress : CaseStatus::kDispatched;
      d["due_at"] = FormatRfc3339(a->due_at, options_.tz);
    }
    ch.Add(actor, action, std::move(d));
    return Status::Ok();
  }

  if (action == "request_extension") {
    HOTLINE_ASSIGN_OR_RETURN(TimePoint until, ReqTime(body, "until"));
    HOTLINE_ASSIGN_OR_RETURN(std::string reason, json::ReqString(body, "reason", kNoteMax));
    Assignment* a = MyAssignment(actor, dir, c, {AssignmentStatus::kSigned}, true, wanted_assignment);
    if (!a) return Status::IllegalTransition("only the lead unit asks for an extension");
    if (a->extension && a->extension->status == ExtensionStatus::kPending)
      return Status::Conflict("extension_pending", "an extension request is already waiting");
    if (until <= a->due_at)
      return Status::Unprocessable("until must be later than the current due time " +
                                       FormatRfc3339(a->due_at, options_.tz),
                                   "until");
    if (until > a->due_at + std::chrono::days(90))
      return Status::Unprocessable("an extension may add at most 90 days", "until");
    a->extension = Extension{until, reason, ExtensionStatus::kPending, ""};
    bj::object d = AssignmentRef(*a);
    d["until"] = FormatRfc3339(until, options_.tz);
    d["reason"] = reason;
    ch.Add(actor, action, std::move(d));
    return Status::Ok();
  }

  if (action == "approve_extension" || action == "reject_extension") {
    Assignment* a = DecidableAssignment(actor, dir, c, false);
    HOTLINE_ASSIGN_OR_RETURN(auto note, json::OptString(body, "note", kNoteMax));
    if (action == "reject_extension" && !note)
      return Status::Invalid("note is required: say why the extension is refused", "note");
    bj::object d = AssignmentRef(*a);
    d["note"] = note.value_or("");
    a->extension->note = note.value_or("");
    if (action == "approve_extension") {
      TimePoint old_due = a->due_at;
      a->extension->status = ExtensionStatus::kApproved;
      a->due_at = a->extension->until;
      a->warn_at = WarnAt(cal, a->clock_24x7, a->assigned_at, a->due_at);
      if (now < a->due_at) a->sla_emitted = now >= a->warn_at ? SlaState::kWarning : SlaState::kOk;
      if (a->parent_assignment.empty()) c.due_at = a->due_at;
      d["from"] = FormatRfc3339(old_due, options_.tz);
      d["due_at"] = FormatRfc3339(a->due_at, options_.tz);
    } else {
      a->extension->status = ExtensionStatus::kRejected;
    }
    ch.Add(actor, action, std::move(d));
    return Status::Ok();
  }

  if (action == "reply") {
    HOTLINE_ASSIGN_OR_RETURN(std::string reply, json::ReqString(body, "reply", kReplyMax));
    HOTLINE_ASSIGN_OR_RETURN(auto resolved, json::OptBool(body, "resolved"));
    if (!resolved) return Status::Invalid("resolved is required (true or false)", "resolved");
    Assignment* a = MyAssignment(actor, dir, c, {AssignmentStatus::kSigned}, false, wanted_assignment);
    if (!a) return Status::IllegalTransition("your unit must sign the case before replying");
    a->status = AssignmentStatus::kReplied;
    a->replied_at = now;
    a->reply = reply;
    bj::object d = AssignmentRef(*a);
    d["reply"] = reply;
    d["resolved"] = *resolved;
    d["on_time"] = now <= a->due_at;
    if (a->role == AssignmentRole::kLead) {
      // A sub-unit's reply is the sub-centre's reply too.
      for (Assignment* p = c.FindAssignment(a->parent_assignment); p;
           p = c.FindAssignment(p->parent_assignment)) {
        p->status = AssignmentStatus::kReplied;
        p->replied_at = now;
        p->reply = reply;
      }
      c.reply = reply;
      c.reply_resolved = *resolved;
      c.status = CaseStatus::kReplied;
    }
    ch.Add(actor, action, std::move(d));
    return Status::Ok();
  }

  if (action == "approve_reply") {
    HOTLINE_ASSIGN_OR_RETURN(auto text, json::OptString(body, "reply_to_citizen", kReplyMax));
    c.reply_to_citizen = text && !text->empty() ? *text : c.reply;
    for (auto& a : c.assignments)
      if (a.Active()) a.status = AssignmentStatus::kDone;
    c.status = CaseStatus::kCallbackPending;
    c.callback_due_at = CallbackDue(cal, PolicyOf(dir, c), now);
    ch.Add(actor, action, {{"reply_to_citizen", c.reply_to_citizen}});
    // Merged duplicates follow their parent: their citizens get the same reply.
    store::CaseQuery q;
    q.parent_id = c.id;
    q.limit = 500;
    q.count_total = false;
    HOTLINE_ASSIGN_OR_RETURN(auto children, tx.ListCases(q));
    for (auto& child : children.items) {
      int64_t v = child.version;
      child.reply_to_citizen = c.reply_to_citizen;
      Event e;
      e.actor_id = actor.user_id;
      e.actor_name = actor.name;
      e.actor_unit_id = actor.unit_id;
      e.action = "parent_replied";
      e.data = {{"parent_id", c.id}, {"parent_number", c.number}};
      ch.others.push_back({std::move(child), {std::move(e)}});
      ch.other_versions.push_back(v);
    }
    return Status::Ok();
  }

  if (action == "reject_reply") {
    HOTLINE_ASSIGN_OR_RETURN(std::string note, json::ReqString(body, "note", kNoteMax));
    Assignment* a = ReactivateLead(dir, c, now);
    if (!a) return Status::Internal("a replied case without a lead assignment");
    c.status = CaseStatus::kInProgress;
    c.due_at = a->due_at;
    bj::object d = AssignmentRef(*a);
    d["note"] = note;
    d["due_at"] = FormatRfc3339(a->due_at, options_.tz);
    ch.Add(actor, action, std::move(d));
    return Status::Ok();
  }

  if (action == "callback") {
    HOTLINE_ASSIGN_OR_RETURN(std::string sat_text, json::ReqString(body, "satisfaction", 32));
    auto sat = ParseSatisfaction(sat_text);
    if (!sat)
      return Status::Invalid("satisfaction must be satisfied, basically_satisfied or unsatisfied",
                             "satisfaction");
    HOTLINE_ASSIGN_OR_RETURN(auto resolved, json::OptBool(body, "resolved"));
    if (!resolved) return Status::Invalid("resolved is required (true or false)", "resolved");
    HOTLINE_ASSIGN_OR_RETURN(auto note, json::OptString(body, "note", kNoteMax));
    HOTLINE_ASSIGN_OR_RETURN(auto reopen, json::OptBool(body, "reopen"));
    bool do_reopen = reopen.value_or(false);
    if (do_reopen && *sat != Satisfaction::kUnsatisfied && *resolved)
      return Status::Unprocessable(
          "a case is reopened only when the citizen is unsatisfied or it is not resolved",
          "reopen");
    c.rating = Rating{*sat, *resolved, note.value_or(""), "phone"};
    bj::object d{{"satisfaction", Name(*sat)},
                 {"resolved", *resolved},
                 {"note", note.value_or("")},
                 {"on_time", !c.callback_due_at || now <= *c.callback_due_at},
                 {"reopen", do_reopen}};
    if (do_reopen) {
      ++c.reopen_count;
      Assignment* a = ReactivateLead(dir, c, now);
      c.status = a ? CaseStatus::kInProgress : CaseStatus::kNew;
      c.due_at = a ? std::optional<TimePoint>(a->due_at) : std::nullopt;
      if (a) d["assignment"] = a->id;
    } else {
      c.status = CaseStatus::kClosed;
      c.closed_at = now;
    }
    ch.Add(actor, action, std::move(d));
    return Status::Ok();
  }

  if (action == "close") {
    HOTLINE_ASSIGN_OR_RETURN(auto note, json::OptString(body, "note", kNoteMax));
    c.status = CaseStatus::kClosed;
    c.closed_at = now;
    ch.Add(actor, action, {{"note", note.value_or("")}});
    return Status::Ok();
  }

  if (action == "reopen") {
    HOTLINE_ASSIGN_OR_RETURN(std::string reason, json::ReqString(body, "reason", kNoteMax));
    const int window = dir.settings().reopen_window_days;
    if (c.closed_at && now > *c.closed_at + std::chrono::days(window))
      return Status::Make(Code::kConflict, "reopen_window_passed",
                          "a case can be reopened only within " + std::to_string(window) +
                              " days of closing");
    ++c.reopen_count;
    Assignment* a = ReactivateLead(dir, c, now);
    c.status = a ? CaseStatus::kInProgress : CaseStatus::kNew;
    c.due_at = a ? std::optional<TimePoint>(a->due_at) : std::nullopt;
    c.closed_at.reset();
    ch.Add(actor, action, {{"reason", reason}});
    return Status::Ok();
  }

  if (action == "merge") {
    HOTLINE_ASSIGN_OR_RETURN(std::string parent_id, json::ReqString(body, "parent_id", 32));
    if (parent_id == c.id)
      return Status::Unprocessable("a case cannot be merged into itself", "parent_id");
    auto parent = tx.GetCase(parent_id);
    if (!parent.ok())
      return Status::Unprocessable("parent_id " + parent_id + " is not a case", "parent_id");
    if (parent->status == CaseStatus::kMerged || parent->status == CaseStatus::kInvalid ||
        parent->status == CaseStatus::kTransferred)
      return Status::Unprocessable("the parent case is " + Str(Label(parent->status)) +
                                       " and cannot take duplicates",
                                   "parent_id");
    c.status = CaseStatus::kMerged;
    c.parent_id = parent_id;
    if (!parent->reply_to_citizen.empty()) c.reply_to_citizen = parent->reply_to_citizen;
    ch.Add(actor, action, {{"parent_id", parent_id}, {"parent_number", parent->number}});
    Event e;
    e.actor_id = actor.user_id;
    e.actor_name = actor.name;
    e.actor_unit_id = actor.unit_id;
    e.action = "merged_child";
    e.data = {{"child_id", c.id}, {"child_number", c.number}};
    int64_t v = parent->version;
    ch.others.push_back({std::move(parent).value(), {std::move(e)}});
    ch.other_versions.push_back(v);
    return Status::Ok();
  }

  if (action == "transfer") {
    HOTLINE_ASSIGN_OR_RETURN(std::string to, json::ReqString(body, "to", 16));
    auto target = ParseTransferTarget(to);
    if (!target) return Status::Invalid("to must be 110, 119, 120, 122 or other", "to");
    HOTLINE_ASSIGN_OR_RETURN(std::string note, json::ReqString(body, "note", kNoteMax));
    c.status = CaseStatus::kTransferred;
    c.transfer_to = to;
    c.closed_at = now;
    ch.Add(actor, action, {{"to", to}, {"note", note}});
    return Status::Ok();
  }

  if (action == "invalidate") {
    HOTLINE_ASSIGN_OR_RETURN(std::string reason, json::ReqString(body, "reason", kNoteMax));
    c.status = CaseStatus::kInvalid;
    c.closed_at = now;
    ch.Add(actor, action, {{"reason", reason}});
    return Status::Ok();
  }

  if (action == "urge") {
    HOTLINE_ASSIGN_OR_RETURN(std::string note, json::ReqString(body, "note", kNoteMax));
    Assignment* a = c.LeadAssignment();
    ++a->urge_count;
    ++c.urge_count;
    bj::object d = AssignmentRef(*a);
    d["note"] = note;
    d["count"] = a->urge_count;
    ch.Add(actor, action, std::move(d));
    return Status::Ok();
  }

  if (action == "supervise") {
    HOTLINE_ASSIGN_OR_RETURN(std::string note, json::ReqString(body, "note", kNoteMax));
    HOTLINE_ASSIGN_OR_RETURN(TimePoint due, ReqTime(body, "due_at"));
    if (due <= now) return Status::Unprocessable("due_at must be in the future", "due_at");
    c.supervisions.push_back({note, due, now});
    const Assignment* a = c.LeadAssignment();
    ch.Add(actor, action,
           {{"note", note},
            {"due_at", FormatRfc3339(due, options_.tz)},
            {"unit_id", a ? a->unit_id : ""}});
    return Status::Ok();
  }

  if (action == "escalate") {
    HOTLINE_ASSIGN_OR_RETURN(std::string note, json::ReqString(body, "note", kNoteMax));
    c.escalated = true;
    ch.Add(actor, action, {{"note", note}});
    return Status::Ok();
  }

  if (action == "comment") {
    HOTLINE_ASSIGN_OR_RETURN(std::string note, json::ReqString(body, "note", kNoteMax));
    ch.Add(actor, action, {{"note", note}});
    return Status::Ok();
  }

  if (action == "update_citizen") {
    HOTLINE_ASSIGN_OR_RETURN(const bj::object* cit, json::OptObject(body, "citizen"));
    if (!cit) return Status::Invalid("citizen is required", "citizen");
    bj::array fields;
    auto set = [&](const char* key, std::string& dst, size_t max) -> Status {
      HOTLINE_ASSIGN_OR_RETURN(auto v, json::OptString(*cit, key, max));
      if (v && *v != dst) {
        dst = *v;
        fields.emplace_back(key);  // which fields changed; never their values
      }
      return Status::Ok();
    };
    HOTLINE_RETURN_IF_ERROR(set("name", c.citizen.name, 64));
    HOTLINE_RETURN_IF_ERROR(set("phone", c.citizen.phone, 32));
    HOTLINE_RETURN_IF_ERROR(set("id_number", c.citizen.id_number, 32));
    HOTLINE_RETURN_IF_ERROR(set("email", c.citizen.email, 128));
    ch.Add(actor, action, {{"fields", std::move(fields)}});
    return Status::Ok();
  }

  return Status::NotFound("unknown action " + action);
}

Result<Case> Engine::Act(const Actor& actor, const std::string& case_id, const std::string& action,
                         int64_t version, const bj::object& body) {
  const Transition* t = FindTransition(action);
  if (!t) return Status::NotFound("there is no action called " + action);
  auto dir = directory_.Get();
  Case result;
  std::vector<std::pair<Case, Event>> done;
  auto can_read = [&](const Case& x) { return CanRead(actor, x); };
  Status st = store_.Write([&](store::WriteTx& tx) -> Status {
    done.clear();
    HOTLINE_ASSIGN_OR_RETURN(Case c, tx.GetCase(case_id));
    if (!CanRead(actor, c) && !actor.Has(Role::kAdmin) && !actor.Has(Role::kAuditor))
      return Status::Make(Code::kPermissionDenied, "out_of_scope",
                          "this case is not in your unit's scope");
    // Role and scope first (403), then the version (409 stale), then the status (409).
    Status auth = Authorize(actor, *dir, c, *t, can_read);
    if (!auth.ok() && !auth.IsConflict()) return auth;
    if (c.version != version)
      return Status::StaleVersion("case " + c.number + " has changed since you read it (now version " +
                                  std::to_string(c.version) + ", you sent " +
                                  std::to_string(version) + "): reload and try again");
    HOTLINE_RETURN_IF_ERROR(auth);
    Change ch;
    HOTLINE_RETURN_IF_ERROR(Apply(actor, *dir, tx, c, action, body, ch));
    const TimePoint now = clock_.Now();
    auto commit = [&](Case& x, std::vector<Event>& events, int64_t read_version) -> Status {
      for (auto& e : events) {
        e.case_id = x.id;
        e.at = now;
        HOTLINE_RETURN_IF_ERROR(tx.AppendEvent(e));
        x.last_seq = e.seq;
        x.last_hash = e.hash;
      }
      x.version = read_version + 1;
      x.updated_at = now;
      HOTLINE_RETURN_IF_ERROR(tx.UpdateCase(x, read_version));
      if (observer_)
        for (auto& e : events) HOTLINE_RETURN_IF_ERROR(observer_(tx, x, e));
      for (auto& e : events) done.emplace_back(x, e);
      return Status::Ok();
    };
    HOTLINE_RETURN_IF_ERROR(commit(c, ch.events, version));
    for (size_t i = 0; i < ch.others.size(); ++i)
      HOTLINE_RETURN_IF_ERROR(commit(ch.others[i].first, ch.others[i].second, ch.other_versions[i]));
    if (in_tx_hook_) HOTLINE_RETURN_IF_ERROR(in_tx_hook_(tx, done));
    result = std::move(c);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  Notify(done);
  return result;
}

Result<Case> Engine::Register(const Actor& actor, NewCase in, const std::string& idempotency_key,
                              const std::string& idempotency_scope) {
  auto dir = directory_.Get();
  if (in.content.find_first_not_of(" \t\r\n") == std::string::npos)
    return Status::Invalid("content is required: the citizen's own words", "content");
  if (!in.category_id.empty() && !dir->FindCategory(in.category_id))
    return Status::Unprocessable("category_id is not a category", "category_id");
  if (!in.location.district_id.empty()) {
    const Unit* d = dir->FindUnit(in.location.district_id);
    if (!d || d->kind != UnitKind::kDistrict)
      return Status::Unprocessable("location.district_id is not a district", "location.district_id");
  }
  if (in.title.empty()) {
    // A title from the first sentence of the citizen's words, at most 30 characters.
    std::string t;
    size_t chars = 0;
    for (size_t i = 0; i < in.content.size() && chars < 30;) {
      unsigned char ch = in.content[i];
      size_t len = ch < 0x80 ? 1 : ch < 0xE0 ? 2 : ch < 0xF0 ? 3 : 4;
      std::string piece = in.content.substr(i, len);
      if (piece == "。" || piece == "！" || piece == "？" || piece == "\n") break;
      t += piece;
      i += len;
      ++chars;
    }
    in.title = t;
  }
  const TimePoint now = clock_.Now();
  const std::string scope = idempotency_scope.empty() ? actor.user_id : idempotency_scope;
  Case result;
  bool replayed = false;
  std::vector<std::pair<Case, Event>> done;
  Status st = store_.Write([&](store::WriteTx& tx) -> Status {
    done.clear();
    if (!idempotency_key.empty()) {
      HOTLINE_ASSIGN_OR_RETURN(auto prior, tx.GetIdempotency(scope, idempotency_key));
      if (prior) {
        HOTLINE_ASSIGN_OR_RETURN(result, tx.GetCase(prior->result_id));
        replayed = true;
        return Status::Ok();
      }
    }
    Case c;
    c.type = in.type;
    c.channel = in.channel;
    c.title = in.title;
    c.content = in.content;
    c.category_id = in.category_id;
    c.urgent = in.urgent;
    c.confidential = in.confidential;
    c.citizen = in.citizen;
    c.location = in.location;
    c.call_id = in.call_id;
    c.status = CaseStatus::kNew;
    c.created_by = actor.user_id;
    c.created_at = in.created_at.value_or(now);
    c.updated_at = c.created_at;
    c.query_code = RandomDigits(6);
    HOTLINE_RETURN_IF_ERROR(tx.InsertCase(c, options_.tz.offset_minutes));
    Event e;
    e.case_id = c.id;
    e.at = c.created_at;
    e.actor_id = actor.user_id;
    e.actor_name = actor.name;
    e.actor_unit_id = actor.unit_id;
    e.action = "register";
    e.data = {{"number", c.number},
              {"type", Name(c.type)},
              {"channel", Name(c.channel)},
              {"category_id", c.category_id},
              {"urgent", c.urgent},
              {"confidential", c.confidential}};
    HOTLINE_RETURN_IF_ERROR(tx.AppendEvent(e));
    c.last_seq = e.seq;
    c.last_hash = e.hash;
    if (in.in_tx) HOTLINE_RETURN_IF_ERROR(in.in_tx(tx, c));
    if (observer_) HOTLINE_RETURN_IF_ERROR(observer_(tx, c, e));
    if (!idempotency_key.empty())
      HOTLINE_RETURN_IF_ERROR(tx.PutIdempotency({scope, idempotency_key, c.id, now}));
    done.emplace_back(c, e);
    if (in_tx_hook_) HOTLINE_RETURN_IF_ERROR(in_tx_hook_(tx, done));
    result = std::move(c);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (!replayed) Notify(done);
  return result;
}

Result<Case> Engine::RateByCitizen(const std::string& number, const std::string& code,
                                   Satisfaction satisfaction, bool resolved) {
  // One message for an unknown number and a wrong code, so numbers cannot be probed.
  const Status not_found = Status::NotFound("no case with this number and query code");
  const Actor pub = PublicActor();
  Case result;
  std::vector<std::pair<Case, Event>> done;
  Status st = store_.Write([&](store::WriteTx& tx) -> Status {
    done.clear();
    auto found = tx.GetCaseByNumber(number);
    if (!found.ok()) return found.status().IsNotFound() ? not_found : found.status();
    Case c = std::move(found).value();
    if (!QueryCodeMatches(c.query_code, code)) return not_found;
    if (c.status != CaseStatus::kCallbackPending && c.status != CaseStatus::kAnswered)
      return Status::IllegalTransition("this case has no reply to rate yet");
    HOTLINE_ASSIGN_OR_RETURN(auto events, tx.ListEvents(c.id));
    if (!CitizenMayRate(c, events))
      return Status::IllegalTransition("this reply has already been rated");
    const TimePoint now = clock_.Now();
    c.rating = Rating{satisfaction, resolved, "", "web"};
    Event e;
    e.case_id = c.id;
    e.at = now;
    e.actor_id = pub.user_id;
    e.actor_name = pub.name;
    e.actor_unit_id = pub.unit_id;
    e.data = {{"satisfaction", Name(satisfaction)},
              {"resolved", resolved},
              {"source", "web"},
              {"on_time", !c.callback_due_at || now <= *c.callback_due_at}};
    if (satisfaction == Satisfaction::kUnsatisfied) {
      e.action = "citizen_rating";  // a callback agent calls back and decides on reopening
    } else {
      e.action = "callback";
      e.data["note"] = "";
      e.data["reopen"] = false;
      c.status = CaseStatus::kClosed;
      c.closed_at = now;
    }
    HOTLINE_RETURN_IF_ERROR(tx.AppendEvent(e));
    c.last_seq = e.seq;
    c.last_hash = e.hash;
    const int64_t read_version = c.version;
    c.version = read_version + 1;
    c.updated_at = now;
    HOTLINE_RETURN_IF_ERROR(tx.UpdateCase(c, read_version));
    if (observer_) HOTLINE_RETURN_IF_ERROR(observer_(tx, c, e));
    done.emplace_back(c, e);
    if (in_tx_hook_) HOTLINE_RETURN_IF_ERROR(in_tx_hook_(tx, done));
    result = std::move(c);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  Notify(done);
  return result;
}

Result<Case> Engine::Get(const Actor& actor, const std::string& case_id) {
  HOTLINE_ASSIGN_OR_RETURN(auto tx, store_.Read());
  HOTLINE_ASSIGN_OR_RETURN(Case c, tx->GetCase(case_id));
  if (!CanRead(actor, c))
    return Status::Make(Code::kPermissionDenied, "out_of_scope",
                        "this case is not in your unit's scope");
  return c;
}

Result<std::vector<Event>> Engine::Events(const Actor& actor, const std::string& case_id) {
  HOTLINE_ASSIGN_OR_RETURN(auto tx, store_.Read());
  HOTLINE_ASSIGN_OR_RETURN(Case c, tx->GetCase(case_id));
  if (!CanRead(actor, c))
    return Status::Make(Code::kPermissionDenied, "out_of_scope",
                        "this case is not in your unit's scope");
  return tx->ListEvents(case_id);
}

Result<store::CasePage> Engine::List(const Actor& actor, store::CaseQuery q) {
  static const Role kCentreReaders[] = {Role::kAgent,    Role::kDispatcher, Role::kReviewer,
                                        Role::kCallback, Role::kSupervisor, Role::kLeader};
  bool centre = std::any_of(std::begin(kCentreReaders), std::end(kCentreReaders),
                            [&](Role r) { return actor.Has(r); });
  if (!centre) {
    if (!actor.Has(Role::kHandler) && !actor.Has(Role::kUnitAdmin))
      return Status::Forbidden("your role does not read cases");
    q.scope_unit_ids = directory_.Get()->Subtree(actor.unit_id);
  }
  q.now = clock_.Now();
  HOTLINE_ASSIGN_OR_RETURN(auto tx, store_.Read());
  return tx->ListCases(q);
}

Result<int> Engine::SweepSla() {
  const TimePoint now = clock_.Now();
  auto dir = directory_.Get();
  std::vector<std::string> ids;
  {
    HOTLINE_ASSIGN_OR_RETURN(auto tx, store_.Read());
    HOTLINE_ASSIGN_OR_RETURN(ids, tx->CasesDueForSlaCheck(now, 2000));
  }
  int written = 0;
  const Actor sys = Actor::System();
  for (size_t start = 0; start < ids.size(); start += 200) {
    std::vector<std::pair<Case, Event>> done;
    int batch_written = 0;
    Status st = store_.Write([&](store::WriteTx& tx) -> Status {
      done.clear();
      batch_written = 0;
      for (size_t i = start; i < std::min(ids.size(), start + 200); ++i) {
        HOTLINE_ASSIGN_OR_RETURN(Case c, tx.GetCase(ids[i]));
        std::vector<Event> events;
        for (auto& a : c.assignments) {
          if (!a.Active() || a.paused_at || a.status == AssignmentStatus::kReplied) continue;
          SlaState s = now > a.due_at ? SlaState::kOverdue
                       : now >= a.warn_at ? SlaState::kWarning
                                          : SlaState::kOk;
          if (int(s) <= int(a.sla_emitted)) continue;
          a.sla_emitted = s;
          Event e;
          e.case_id = c.id;
          e.at = now;
          e.actor_id = sys.user_id;
          e.actor_name = sys.name;
          e.action = s == SlaState::kOverdue ? "sla_overdue" : "sla_warning";
          e.data = {{"assignment", a.id},
                    {"unit_id", a.unit_id},
                    {"role", Name(a.role)},
                    {"due_at", FormatRfc3339(a.due_at, options_.tz)}};
          events.push_back(std::move(e));
        }
        for (auto& e : events) {
          HOTLINE_RETURN_IF_ERROR(tx.AppendEvent(e));
          c.last_seq = e.seq;
          c.last_hash = e.hash;
          done.emplace_back(c, e);
        }
        // SLA bookkeeping does not bump the version: it must not make a user's edit stale.
        HOTLINE_RETURN_IF_ERROR(tx.UpdateCase(c, c.version));
        if (observer_)
          for (auto& e : events) HOTLINE_RETURN_IF_ERROR(observer_(tx, c, e));
        batch_written += int(events.size());
      }
      if (in_tx_hook_) HOTLINE_RETURN_IF_ERROR(in_tx_hook_(tx, done));
      return Status::Ok();
    });
    if (!st.ok()) return st;
    written += batch_written;
    Notify(done);
  }
  return written;
}

}  // namespace hotline::workflow
