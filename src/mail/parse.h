// Reading one RFC 5322 email message (MIME) into what a case needs, through GMime: the sender,
// the subject (RFC 2047 encoded words in any charset: GB2312, GBK, GB18030, BIG5, UTF-8 …), the
// text (text/plain preferred, else text/html reduced to text; any charset, converted to UTF-8;
// quoted-printable or base64), the attachments (decoded, with their RFC 2231 file names) and the
// Message-ID. Undeclared 8-bit text is read as UTF-8, else GB18030.
//
// Thread-safe after InitMail().
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/common/clock.h"
#include "src/common/status.h"

namespace hotline::mail {

// Must be called once before ParseMail (g_mime_init). Idempotent.
void InitMail();

struct MailAttachment {
  std::string name;
  std::string content_type;
  std::string data;  // decoded bytes
};

struct ParsedMail {
  std::string message_id;  // without the angle brackets; empty when the message has none
  std::string from_name;   // UTF-8, may be empty
  std::string from_address;
  std::string subject;  // UTF-8
  std::string text;     // UTF-8 body text
  std::vector<MailAttachment> attachments;
  std::optional<TimePoint> date;
};

// Invalid with a clear message for what is not a usable message: no header block, no From
// address, a multipart without its boundary, text in an unknown charset, or neither text nor
// attachments.
Result<ParsedMail> ParseMail(std::string_view raw);

// text/html → plain text: drops script/style, turns <br>, </p>, </div>, </li>, </tr> into line
// breaks, removes the other tags, decodes the common entities and &#NNN;, collapses blank runs.
std::string HtmlToText(std::string_view html);

}  // namespace hotline::mail
