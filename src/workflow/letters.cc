#include "src/workflow/letters.h"

#include "src/common/json.h"

namespace hotline::workflow {
namespace bj = boost::json;
using namespace hotline::domain;

namespace {

bool Blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

Status CheckField(const std::string& value, const char* field, size_t max_chars) {
  if (Blank(value)) return Status::Invalid(std::string(field) + " is required", field);
  if (json::Utf8Length(value) > max_chars)
    return Status::Invalid(
        std::string(field) + " is longer than " + std::to_string(max_chars) + " characters", field);
  for (unsigned char ch : value)
    if (ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\r')
      return Status::Invalid(std::string(field) + " contains control characters", field);
  return Status::Ok();
}

// The lead unit that gave the reply (the last lead assignment that replied, else the last lead).
std::string LeadUnit(const Case& c) {
  std::string unit;
  for (const auto& a : c.assignments)
    if (a.role == AssignmentRole::kLead && (a.replied_at || unit.empty())) unit = a.unit_id;
  return unit;
}

Status Publishable(const Case& c) {
  if (c.status != CaseStatus::kClosed)
    return Status::IllegalTransition("only a closed case can be published (this one is " +
                                     std::string(Name(c.status)) + ")");
  if (c.confidential)
    return Status::IllegalTransition("a confidential case (保密件) is never published");
  return Status::Ok();
}

}  // namespace

Letters::Letters(store::Store& store, const Clock& clock, Engine& engine)
    : store_(store), clock_(clock), engine_(engine) {}

bool Letters::MayPublish(const Actor& actor) { return actor.Has(Role::kReviewer); }

Result<LetterEditor> Letters::Editor(const Actor& actor, const std::string& case_id) {
  HOTLINE_ASSIGN_OR_RETURN(Case c, engine_.Get(actor, case_id));
  HOTLINE_ASSIGN_OR_RETURN(auto tx, store_.Read());
  LetterEditor ed;
  auto row = tx->GetPublishedLetterByCase(c.id);
  if (row.ok()) {
    ed.letter = *row;
    ed.draft = {row->title, row->question, row->reply};
  } else if (!row.status().IsNotFound()) {
    return row.status();
  } else {
    ed.draft = {
        RedactPersonalData(c.title, c.citizen), RedactPersonalData(c.content, c.citizen),
        RedactPersonalData(c.reply_to_citizen.empty() ? c.reply : c.reply_to_citizen, c.citizen)};
  }
  Status st =
      MayPublish(actor) ? Publishable(c) : Status::Forbidden("your role may not publish letters");
  ed.can_publish = st.ok();
  if (!st.ok()) ed.refusal = st.message();
  return ed;
}

Status Letters::AppendCaseEvent(store::WriteTx& tx, Case& c, const Actor& actor,
                                const std::string& action, bj::object data, TimePoint now) {
  Event e;
  e.case_id = c.id;
  e.at = now;
  e.actor_id = actor.user_id;
  e.actor_name = actor.name;
  e.actor_unit_id = actor.unit_id;
  e.action = action;
  e.data = std::move(data);
  HOTLINE_RETURN_IF_ERROR(tx.AppendEvent(e));
  c.last_seq = e.seq;
  c.last_hash = e.hash;
  const int64_t read_version = c.version;
  c.version = read_version + 1;
  c.updated_at = now;
  return tx.UpdateCase(c, read_version);
}

Result<PublishOutcome> Letters::Publish(const Actor& actor, const std::string& case_id,
                                        LetterText text) {
  if (!MayPublish(actor)) return Status::Forbidden("your role may not publish letters");
  HOTLINE_RETURN_IF_ERROR(CheckField(text.title, "title", 100));
  HOTLINE_RETURN_IF_ERROR(CheckField(text.question, "question", 5000));
  HOTLINE_RETURN_IF_ERROR(CheckField(text.reply, "reply", 5000));
  HOTLINE_RETURN_IF_ERROR(engine_.Get(actor, case_id).status());
  PublishOutcome out;
  const TimePoint now = clock_.Now();
  Status st = store_.Write([&](store::WriteTx& tx) -> Status {
    out = PublishOutcome{};
    HOTLINE_ASSIGN_OR_RETURN(Case c, tx.GetCase(case_id));
    HOTLINE_RETURN_IF_ERROR(Publishable(c));
    const std::pair<const char*, const std::string*> fields[] = {
        {"title", &text.title}, {"question", &text.question}, {"reply", &text.reply}};
    for (const auto& [name, value] : fields)
      for (auto& f : FindPersonalData(*value, c.citizen))
        out.findings.push_back({name, std::move(f)});
    if (!out.findings.empty()) {
      out.redacted = {RedactPersonalData(text.title, c.citizen),
                      RedactPersonalData(text.question, c.citizen),
                      RedactPersonalData(text.reply, c.citizen)};
      return Status::Ok();  // nothing written
    }
    store::PublishedLetter l;
    l.case_id = c.id;
    l.type = std::string(Name(c.type));
    l.category_id = c.category_id;
    l.district_id = c.location.district_id;
    l.unit_id = LeadUnit(c);
    l.title = text.title;
    l.question = text.question;
    l.reply = text.reply;
    l.received_at = c.created_at;
    l.replied_at = c.closed_at;
    l.published_at = now;
    l.published_by = actor.user_id;
    HOTLINE_RETURN_IF_ERROR(tx.PutPublishedLetter(l));
    c.published = true;
    HOTLINE_RETURN_IF_ERROR(AppendCaseEvent(
        tx, c, actor, "publish",
        bj::object{{"letter_id", l.id}, {"title", l.title}, {"version", l.version}}, now));
    out.letter = std::move(l);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<store::PublishedLetter> Letters::Unpublish(const Actor& actor, const std::string& case_id,
                                                  const std::string& reason) {
  if (!MayPublish(actor)) return Status::Forbidden("your role may not unpublish letters");
  if (Blank(reason)) return Status::Invalid("reason is required", "reason");
  if (json::Utf8Length(reason) > 500)
    return Status::Invalid("reason is longer than 500 characters", "reason");
  HOTLINE_RETURN_IF_ERROR(engine_.Get(actor, case_id).status());
  store::PublishedLetter out;
  const TimePoint now = clock_.Now();
  Status st = store_.Write([&](store::WriteTx& tx) -> Status {
    HOTLINE_ASSIGN_OR_RETURN(Case c, tx.GetCase(case_id));
    auto l = tx.GetPublishedLetterByCase(c.id);
    if (!l.ok())
      return l.status().IsNotFound() ? Status::NotFound("this case has no published letter")
                                     : l.status();
    if (l->unpublished_at) return Status::IllegalTransition("this letter is not published");
    l->unpublished_at = now;
    HOTLINE_RETURN_IF_ERROR(tx.PutPublishedLetter(*l));
    c.published = false;
    HOTLINE_RETURN_IF_ERROR(AppendCaseEvent(
        tx, c, actor, "unpublish", bj::object{{"letter_id", l->id}, {"reason", reason}}, now));
    out = std::move(l).value();
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace hotline::workflow
