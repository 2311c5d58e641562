#include "src/mail/importer.h"

#include <regex>

#include "src/common/crypto.h"
#include "src/common/file_store.h"
#include "src/common/json.h"

namespace hotline::mail {
namespace bj = boost::json;
using domain::CaseType;

namespace {

CaseType GuessType(const std::string& text) {
  const std::pair<const char*, CaseType> kWords[] = {
      {"投诉", CaseType::kComplaint}, {"举报", CaseType::kReport}, {"建议", CaseType::kSuggestion},
      {"表扬", CaseType::kPraise},    {"感谢", CaseType::kPraise}, {"求助", CaseType::kHelp},
  };
  size_t best = std::string::npos;
  CaseType type = CaseType::kConsultation;
  for (const auto& [word, t] : kWords) {
    size_t at = text.find(word);
    if (at < best) {
      best = at;
      type = t;
    }
  }
  return type;
}

// The first mainland mobile number in the text (digits only), if any.
std::string FindMobile(const std::string& text) {
  static const std::regex kMobile("(^|[^0-9])(1[3-9][0-9]{9})($|[^0-9])");
  std::smatch m;
  if (std::regex_search(text, m, kMobile)) return m[2].str();
  return "";
}

}  // namespace

workflow::Actor MailActor() { return workflow::Actor{"email", "邮件接入", {}, ""}; }

MailImporter::MailImporter(store::Store& store, workflow::Engine& engine, std::string data_dir)
    : store_(store), engine_(engine), data_dir_(std::move(data_dir)) {}

Result<ImportOutcome> MailImporter::Import(std::string_view raw) {
  HOTLINE_ASSIGN_OR_RETURN(ParsedMail m, ParseMail(raw));
  const std::string key = m.message_id.empty() ? "sha256:" + Sha256Hex(raw) : "mid:" + m.message_id;
  {
    HOTLINE_ASSIGN_OR_RETURN(auto tx, store_.Read());
    HOTLINE_ASSIGN_OR_RETURN(auto known, tx->GetMailImport(key));
    if (known)
      return ImportOutcome{known->case_id, known->case_number, true, known->attachments, 0};
  }
  // Files first (content-addressed: a rolled-back import leaves at most an unreferenced file).
  struct Kept {
    const MailAttachment* a;
    std::string sha;
  };
  std::vector<Kept> kept;
  bj::array skipped;
  for (const auto& a : m.attachments) {
    if (a.data.size() > kMaxAttachmentBytes || kept.size() >= kMaxAttachments || a.data.empty()) {
      skipped.push_back(bj::object{{"name", a.name}, {"size", a.data.size()}});
      continue;
    }
    HOTLINE_ASSIGN_OR_RETURN(std::string sha, files::Put(data_dir_, a.data));
    kept.push_back({&a, sha});
  }

  workflow::NewCase in;
  const std::string words = m.subject + "\n" + m.text;
  in.type = GuessType(words);
  in.channel = domain::Channel::kEmail;
  in.title = json::Utf8Prefix(m.subject, 60);
  in.content = m.subject.empty() ? m.text
               : m.text.empty()  ? m.subject
                                 : m.subject + "\n\n" + m.text;
  if (in.content.find_first_not_of(" \t\r\n") == std::string::npos)
    in.content = "（邮件无正文，见附件）";
  in.content = json::Utf8Prefix(in.content, 10000);
  in.citizen.name = json::Utf8Prefix(m.from_name, 64);
  in.citizen.email = m.from_address.substr(0, 128);
  in.citizen.phone = FindMobile(m.text);
  const workflow::Actor actor = MailActor();
  const TimePoint now = engine_.clock().Now();
  ImportOutcome outcome;
  outcome.skipped_attachments = int(skipped.size());
  in.in_tx = [&](store::WriteTx& tx, domain::Case& c) -> Status {
    HOTLINE_ASSIGN_OR_RETURN(auto known, tx.GetMailImport(key));
    if (known)  // imported meanwhile by another process: roll this one back
      return Status::Conflict("already_imported", "already imported as case " + known->case_number);
    domain::Event imported;
    imported.case_id = c.id;
    imported.at = now;
    imported.actor_id = actor.user_id;
    imported.actor_name = actor.name;
    imported.action = "comment";
    imported.data = {{"note", "由电子邮件导入（" + std::to_string(kept.size()) + " 个附件）"},
                     {"source", "email"},
                     {"message_id", m.message_id},
                     {"attachments_skipped", skipped}};
    HOTLINE_RETURN_IF_ERROR(tx.AppendEvent(imported));
    c.last_seq = imported.seq;
    c.last_hash = imported.hash;
    for (const auto& k : kept) {
      store::Attachment a{
          "",    c.id,          k.a->name, k.a->content_type, int64_t(k.a->data.size()),
          k.sha, actor.user_id, now};
      HOTLINE_RETURN_IF_ERROR(tx.PutAttachment(a));
      domain::Event e;
      e.case_id = c.id;
      e.at = now;
      e.actor_id = actor.user_id;
      e.actor_name = actor.name;
      e.action = "attach";
      e.data = {{"attachment_id", a.id}, {"name", a.name}, {"size", a.size}};
      HOTLINE_RETURN_IF_ERROR(tx.AppendEvent(e));
      c.last_seq = e.seq;
      c.last_hash = e.hash;
    }
    return tx.PutMailImport({key, m.message_id, c.id, c.number, int(kept.size()), now});
  };
  auto c = engine_.Register(actor, std::move(in));
  if (!c.ok()) {
    if (c.status().reason() == "already_imported") {
      HOTLINE_ASSIGN_OR_RETURN(auto tx, store_.Read());
      HOTLINE_ASSIGN_OR_RETURN(auto known, tx->GetMailImport(key));
      if (known)
        return ImportOutcome{known->case_id, known->case_number, true, known->attachments, 0};
    }
    return c.status();
  }
  outcome.case_id = c->id;
  outcome.case_number = c->number;
  outcome.attachments = int(kept.size());
  return outcome;
}

}  // namespace hotline::mail
