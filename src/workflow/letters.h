// Published letters (信件公开): staff choose a closed case and publish it with edited public text.
//
// The text is the staff's (title, question, reply); the server refuses it while it still holds
// personal data: the patterns of workflow/redact.h, checked also against the case's sealed
// personal data (the citizen's name). The refusal carries the findings and an automatically
// redacted draft. Publishing and unpublishing append "publish" / "unpublish" events to the case
// (its hash-chained history, read by the audit trail) in the same transaction as the letter row,
// and set the case's `published` flag. Only reviewers (审核员, who already check every reply
// before it reaches the citizen) publish; a confidential case (保密件) is never published.
//
// Thread-safe: like the engine, many threads may call it; writes are serialised by the store.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "src/common/clock.h"
#include "src/store/store.h"
#include "src/workflow/engine.h"
#include "src/workflow/redact.h"

namespace hotline::workflow {

struct LetterText {
  std::string title;
  std::string question;
  std::string reply;
};

struct FieldFinding {
  std::string field;  // title | question | reply
  PiiFinding finding;
};

// The staff editor's starting point for a case.
struct LetterEditor {
  std::optional<store::PublishedLetter> letter;  // the current row (published or not), if any
  LetterText draft;  // the current text if there is a row, else the case's own words redacted
  bool can_publish = false;
  std::string refusal;  // why not, when !can_publish
};

// The outcome of a publish attempt that was well-formed and allowed: either the letter, or the
// personal data found (and nothing was written).
struct PublishOutcome {
  std::optional<store::PublishedLetter> letter;
  std::vector<FieldFinding> findings;
  LetterText redacted;  // the submitted text with every finding replaced
};

class Letters {
 public:
  Letters(store::Store& store, const Clock& clock, Engine& engine);

  Result<LetterEditor> Editor(const Actor& actor, const std::string& case_id);
  // Errors: Forbidden (role), NotFound, IllegalTransition (not closed, or confidential),
  // Invalid (a field empty or too long: title 100, question and reply 5000 characters).
  Result<PublishOutcome> Publish(const Actor& actor, const std::string& case_id, LetterText text);
  // Errors: Forbidden, NotFound (never published), IllegalTransition (already unpublished),
  // Invalid (reason missing or longer than 500 characters).
  Result<store::PublishedLetter> Unpublish(const Actor& actor, const std::string& case_id,
                                           const std::string& reason);

  static bool MayPublish(const Actor& actor);

 private:
  Status AppendCaseEvent(store::WriteTx& tx, domain::Case& c, const Actor& actor,
                         const std::string& action, boost::json::object data, TimePoint now);

  store::Store& store_;
  const Clock& clock_;
  Engine& engine_;
};

}  // namespace hotline::workflow
