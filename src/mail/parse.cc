#include "src/mail/parse.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>

namespace hotline::mail {

namespace {

template <typename T>
struct GUnref {
  void operator()(T* p) const {
    if (p) g_object_unref(p);
  }
};
template <typename T>
using GPtr = std::unique_ptr<T, GUnref<T>>;

std::string Trim(std::string s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// Valid UTF-8 as is; else read as GB18030 (a superset of GB2312 and GBK).
Result<std::string> ToUtf8(std::string bytes, const char* what) {
  if (g_utf8_validate(bytes.data(), gssize(bytes.size()), nullptr)) return bytes;
  gsize written = 0;
  GError* err = nullptr;
  gchar* out =
      g_convert(bytes.data(), gssize(bytes.size()), "UTF-8", "GB18030", nullptr, &written, &err);
  if (!out) {
    if (err) g_error_free(err);
    return Status::Invalid(std::string(what) + " is in an unknown character set");
  }
  std::string s(out, written);
  g_free(out);
  return s;
}

std::string DecodedContent(GMimePart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (!content) return "";
  GPtr<GMimeStream> mem(g_mime_stream_mem_new());
  g_mime_data_wrapper_write_to_stream(content, mem.get());
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem.get()));
  return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

// The text of a text part in UTF-8, converted from its declared charset.
Result<std::string> PartText(GMimePart* part) {
  std::string raw = DecodedContent(part);
  const char* charset = g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset");
  if (charset && *charset) {
    const char* canon = g_mime_charset_canon_name(charset);
    std::string cs = canon ? canon : charset;
    std::string lower = cs;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    if (lower != "utf-8" && lower != "us-ascii" && lower != "ascii") {
      // GB2312 mail is often really GBK; GB18030 reads both.
      if (lower == "gb2312" || lower == "gbk" || lower == "x-gbk" || lower == "euc-cn")
        cs = "GB18030";
      gsize written = 0;
      GError* err = nullptr;
      gchar* out =
          g_convert(raw.data(), gssize(raw.size()), "UTF-8", cs.c_str(), nullptr, &written, &err);
      if (!out) {
        if (err) g_error_free(err);
        return Status::Invalid("the text is declared as " + std::string(charset) +
                               " but cannot be read in it");
      }
      std::string s(out, written);
      g_free(out);
      return s;
    }
  }
  return ToUtf8(std::move(raw), "the text");
}

struct Walk {
  std::string plain;
  std::string html;
  std::vector<MailAttachment> attachments;
  Status error;
};

void Visit(GMimeObject* parent, GMimeObject* part, gpointer data) {
  auto* w = static_cast<Walk*>(data);
  if (!w->error.ok()) return;
  if (GMIME_IS_MULTIPART(part)) {
    // GMime invents a boundary when the header has none; the parts are then missing.
    if (g_mime_multipart_get_count(GMIME_MULTIPART(part)) == 0)
      w->error = Status::Invalid(
          "a multipart part has no parts (its boundary is missing or wrong): the message is "
          "malformed");
    return;
  }
  if (GMIME_IS_MESSAGE_PART(part)) return;  // a forwarded message: its parts are visited too
  if (!GMIME_IS_PART(part)) return;
  GMimePart* p = GMIME_PART(part);
  GMimeContentType* ct = g_mime_object_get_content_type(part);
  const char* type = ct ? g_mime_content_type_get_media_type(ct) : "text";
  const char* sub = ct ? g_mime_content_type_get_media_subtype(ct) : "plain";
  const char* filename = g_mime_part_get_filename(p);
  const bool is_text =
      g_ascii_strcasecmp(type, "text") == 0 &&
      (g_ascii_strcasecmp(sub, "plain") == 0 || g_ascii_strcasecmp(sub, "html") == 0);
  if (is_text && !g_mime_part_is_attachment(p) && !filename) {
    auto text = PartText(p);
    if (!text.ok()) {
      w->error = text.status();
      return;
    }
    std::string& dst = g_ascii_strcasecmp(sub, "plain") == 0 ? w->plain : w->html;
    if (!dst.empty()) dst += "\n\n";
    dst += *text;
    return;
  }
  MailAttachment a;
  a.name = filename ? filename : "";
  if (a.name.empty()) a.name = std::string("attachment.") + (sub ? sub : "bin");
  if (!g_utf8_validate(a.name.data(), gssize(a.name.size()), nullptr)) {
    auto n = ToUtf8(a.name, "an attachment's name");
    a.name = n.ok() ? *n : "attachment";
  }
  for (auto& ch : a.name)
    if (ch == '/' || ch == '\\' || (unsigned char)ch < 0x20) ch = '_';
  a.content_type = std::string(type ? type : "application") + "/" + (sub ? sub : "octet-stream");
  a.data = DecodedContent(p);
  w->attachments.push_back(std::move(a));
}

}  // namespace

void InitMail() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

std::string HtmlToText(std::string_view html) {
  std::string out;
  size_t i = 0;
  auto lower_at = [&](size_t pos, std::string_view word) {
    if (pos + word.size() > html.size()) return false;
    for (size_t k = 0; k < word.size(); ++k)
      if (std::tolower(static_cast<unsigned char>(html[pos + k])) != word[k]) return false;
    return true;
  };
  while (i < html.size()) {
    char ch = html[i];
    if (ch == '<') {
      for (std::string_view skip : {"script", "style"}) {
        if (lower_at(i + 1, skip)) {
          size_t end = html.find("</", i + 1);
          while (end != std::string_view::npos && !lower_at(end + 2, skip))
            end = html.find("</", end + 2);
          i = end == std::string_view::npos ? html.size() : end;
          break;
        }
      }
      size_t close = html.find('>', i);
      if (close == std::string_view::npos) break;
      std::string_view tag = html.substr(i, close - i + 1);
      std::string t(tag);
      std::transform(t.begin(), t.end(), t.begin(), ::tolower);
      if (t.rfind("<br", 0) == 0 || t.rfind("</p", 0) == 0 || t.rfind("</div", 0) == 0 ||
          t.rfind("</li", 0) == 0 || t.rfind("</tr", 0) == 0 || t.rfind("</h", 0) == 0)
        out += '\n';
      i = close + 1;
      continue;
    }
    if (ch == '&') {
      static const std::pair<std::string_view, std::string_view> kEntities[] = {
          {"&nbsp;", " "}, {"&amp;", "&"},   {"&lt;", "<"},
          {"&gt;", ">"},   {"&quot;", "\""}, {"&#39;", "'"}};
      bool done = false;
      for (const auto& [e, v] : kEntities)
        if (html.substr(i, e.size()) == e) {
          out += v;
          i += e.size();
          done = true;
          break;
        }
      if (done) continue;
      if (i + 2 < html.size() && html[i + 1] == '#') {
        size_t semi = html.find(';', i);
        if (semi != std::string_view::npos && semi - i < 10) {
          std::string num(html.substr(i + 2, semi - i - 2));
          gunichar cp = 0;
          bool ok = !num.empty();
          if (ok && (num[0] == 'x' || num[0] == 'X'))
            cp = gunichar(std::strtoul(num.c_str() + 1, nullptr, 16));
          else if (ok)
            cp = gunichar(std::strtoul(num.c_str(), nullptr, 10));
          if (ok && cp > 0 && g_unichar_validate(cp)) {
            char buf[8];
            int n = g_unichar_to_utf8(cp, buf);
            out.append(buf, size_t(n));
            i = semi + 1;
            continue;
          }
        }
      }
    }
    out += (ch == '\r' || ch == '\t') ? ' ' : ch;
    ++i;
  }
  // Collapse runs of spaces and of blank lines.
  std::string clean;
  int newlines = 0;
  bool space = false;
  for (char ch : out) {
    if (ch == '\n') {
      ++newlines;
      space = false;
      continue;
    }
    if (ch == ' ') {
      space = true;
      continue;
    }
    if (!clean.empty()) {
      if (newlines)
        clean += newlines > 1 ? "\n\n" : "\n";
      else if (space)
        clean += ' ';
    }
    newlines = 0;
    space = false;
    clean += ch;
  }
  return clean;
}

Result<ParsedMail> ParseMail(std::string_view raw) {
  InitMail();
  if (raw.empty()) return Status::Invalid("the file is empty");
  // A message starts with a header line: "Name: value".
  size_t colon = raw.find(':');
  size_t eol = raw.find('\n');
  if (colon == std::string_view::npos || (eol != std::string_view::npos && colon > eol) ||
      colon == 0)
    return Status::Invalid("this is not an email message: it does not start with a header");
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  GMimeParserOptions* opts = g_mime_parser_options_new();
  const char* fallback[] = {"UTF-8", "GB18030", nullptr};
  g_mime_parser_options_set_fallback_charsets(opts, fallback);
  GPtr<GMimeMessage> msg(g_mime_parser_construct_message(parser.get(), opts));
  if (!msg) {
    g_mime_parser_options_free(opts);
    return Status::Invalid("this is not an email message: GMime could not read its headers");
  }
  ParsedMail out;
  InternetAddressList* from = g_mime_message_get_from(msg.get());
  for (int i = 0; from && i < internet_address_list_length(from); ++i) {
    InternetAddress* a = internet_address_list_get_address(from, i);
    if (!INTERNET_ADDRESS_IS_MAILBOX(a)) continue;
    const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a));
    const char* name = internet_address_get_name(a);
    if (!addr || !std::strchr(addr, '@')) continue;
    out.from_address = addr;
    out.from_name = name ? Trim(name) : "";
    break;
  }
  if (out.from_address.empty()) {
    g_mime_parser_options_free(opts);
    return Status::Invalid("the message has no From address: the citizen could not be answered");
  }
  if (const char* subject = g_mime_message_get_subject(msg.get())) out.subject = Trim(subject);
  if (const char* mid = g_mime_message_get_message_id(msg.get())) out.message_id = mid;
  if (GDateTime* d = g_mime_message_get_date(msg.get()))
    out.date = FromUnixMillis(int64_t(g_date_time_to_unix(d)) * 1000);
  GMimeObject* body = g_mime_message_get_mime_part(msg.get());
  Walk w;
  if (body) g_mime_message_foreach(msg.get(), &Visit, &w);
  g_mime_parser_options_free(opts);
  if (!w.error.ok()) return w.error;
  auto subject = ToUtf8(out.subject, "the subject");
  if (!subject.ok()) return subject.status();
  out.subject = *subject;
  auto name = ToUtf8(out.from_name, "the sender's name");
  out.from_name = name.ok() ? *name : "";
  out.text = Trim(!w.plain.empty() ? w.plain : HtmlToText(w.html));
  out.attachments = std::move(w.attachments);
  if (out.text.empty() && out.subject.empty() && out.attachments.empty())
    return Status::Invalid("the message has no subject, no text and no attachments");
  return out;
}

}  // namespace hotline::mail
