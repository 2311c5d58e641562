// The email channel: one RFC 5322 message becomes one case, exactly once.
//
// The message's key ("mid:<Message-ID>", or "sha256:<hash of the raw bytes>" when it has none) is
// recorded in mail_imports inside the same store write that registers the case (NewCase::in_tx),
// with its attachments and their "attach" events. Importing the same message again — a second
// run, or a maildir file that was imported but not yet moved when the process died — finds the key
// and makes nothing. The case: channel email, citizen = the sender (name, address, and a mobile
// number if the text holds one; sealed like all personal data), title = subject, content =
// subject + text, type guessed from the words (投诉 complaint, 举报 report, 建议 suggestion,
// 表扬/感谢 praise, 求助 help, else consultation). Attachments are stored content-addressed
// under DIR/files like uploads, with the same 10 MiB limit; a larger one is left out and named in
// the import event.
//
// Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "src/common/clock.h"
#include "src/mail/parse.h"
#include "src/store/store.h"
#include "src/workflow/engine.h"

namespace hotline::mail {

inline constexpr size_t kMaxAttachmentBytes = 10 << 20;  // as for uploads (api/handlers/cases.cc)
inline constexpr size_t kMaxAttachments = 20;

struct ImportOutcome {
  std::string case_id;
  std::string case_number;
  bool already = false;  // imported before: nothing was created now
  int attachments = 0;
  int skipped_attachments = 0;
};

// The actor of imported messages: user id "email", name 邮件接入.
workflow::Actor MailActor();

class MailImporter {
 public:
  // data_dir: the data directory (attachments go to its files/, through files::Put).
  MailImporter(store::Store& store, workflow::Engine& engine, std::string data_dir);

  // Imports one raw message. Invalid (nothing created) for a message that cannot be read; a known
  // message gives already = true and the case it became.
  Result<ImportOutcome> Import(std::string_view raw);

 private:
  store::Store& store_;
  workflow::Engine& engine_;
  std::string data_dir_;
};

}  // namespace hotline::mail
