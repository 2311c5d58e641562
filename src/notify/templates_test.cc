#include "src/notify/templates.h"

#include <gtest/gtest.h>

#include "src/notify/senders.h"

namespace hotline::notify {
namespace {

store::NotifyTemplate T(std::string key, std::string lang, std::string subject, std::string body) {
  return store::NotifyTemplate{
      std::move(key), std::move(lang), std::move(subject), std::move(body), "", {}};
}

TEST(TemplatesTest, EveryBuiltInTextIsValidInBothLanguages) {
  for (const auto& spec : TemplateSpecs())
    for (auto lang : kLangs) {
      auto t = DefaultTemplate(spec.key, lang);
      EXPECT_FALSE(t.body.empty()) << spec.key << " " << lang;
      EXPECT_TRUE(ValidateTemplate(t).ok())
          << spec.key << " " << lang << ": " << ValidateTemplate(t).message();
    }
}

TEST(TemplatesTest, TheCitizensReceivedTextCarriesNumberAndQueryCode) {
  auto t = DefaultTemplate("case_received", "zh-CN");
  auto text = Render(t.body, {{"case_number", "2611280001"}, {"query_code", "493817"}});
  EXPECT_NE(text.find("2611280001"), std::string::npos);
  EXPECT_NE(text.find("493817"), std::string::npos);
  EXPECT_EQ(text.find('{'), std::string::npos);
}

TEST(TemplatesTest, RenderReplacesEveryPlaceholderAndLeavesTheRest) {
  const struct {
    const char* text;
    const char* want;
  } kCases[] = {
      {"工单{case_number}", "工单2611280001"},
      {"{unit}：{case_number}，{unit}", "市住建局：2611280001，市住建局"},
      {"no placeholders", "no placeholders"},
      {"{missing}!", "!"},
      {"", ""},
  };
  for (const auto& c : kCases)
    EXPECT_EQ(Render(c.text, {{"case_number", "2611280001"}, {"unit", "市住建局"}}), c.want)
        << c.text;
}

TEST(TemplatesTest, ValidationNamesTheFieldAndTheProblem) {
  const struct {
    store::NotifyTemplate t;
    const char* field;  // "" = valid
  } kCases[] = {
      {T("case_received", "zh-CN", "受理 {case_number}", "编号{case_number}查询码{query_code}"),
       ""},
      {T("unit_dispatched", "en", "{case_number}", "{unit} {role} {sign_due} {due} {urgent}"), ""},
      {T("case_received", "zh-CN", "", "编号{case_number}，单位{unit}"),
       "body"},                                                       // not its placeholder
      {T("case_received", "zh-CN", "{query_cod}", "x"), "subject"},   // a typo
      {T("case_received", "zh-CN", "", "编号{case_number"), "body"},  // unclosed
      {T("case_received", "zh-CN", "", "编号case_number}"), "body"},  // stray
      {T("case_received", "zh-CN", "", "  "), "body"},                // empty
      {T("case_received", "zh-CN", "a\nb", "x"), "subject"},          // two lines
      {T("case_received", "fr", "", "x"), "lang"},
      {T("case_received", "zh-CN", "", std::string(1001, 'x')), "body"},
  };
  for (const auto& c : kCases) {
    Status st = ValidateTemplate(c.t);
    if (std::string(c.field).empty()) {
      EXPECT_TRUE(st.ok()) << c.t.body << ": " << st.message();
    } else {
      EXPECT_FALSE(st.ok()) << c.t.subject << " / " << c.t.body;
      EXPECT_EQ(st.field(), c.field) << st.message();
    }
  }
  EXPECT_TRUE(ValidateTemplate(T("no_such_template", "zh-CN", "", "x")).IsNotFound());
}

TEST(TemplatesTest, StoredEditsOverrideTheDefaultsOfTheirLanguageOnly) {
  TemplateSet set(
      {T("reply_ready", "en", "S", "B {case_number}"), T("gone_template", "en", "", "x")});
  EXPECT_EQ(set.Get("reply_ready", "en").body, "B {case_number}");
  EXPECT_TRUE(set.IsCustom("reply_ready", "en"));
  EXPECT_FALSE(set.IsCustom("reply_ready", "zh-CN"));
  EXPECT_EQ(set.Get("reply_ready", "zh-CN").body, DefaultTemplate("reply_ready", "zh-CN").body);
  EXPECT_EQ(set.Get("reply_ready", "xx").lang, "zh-CN");  // unknown language: Chinese
}

TEST(EmailTest, HeadersAreEncodedWordsAndTheBodyIsBase64) {
  store::OutboxMessage m;
  m.id = "ntf-0123456789ab";
  m.recipient = "duty@zjj.gov.cn";
  m.subject = "新工单 2611280001：路灯不亮";
  m.body = "【12345】市住房和城乡建设局：工单2611280001已派至贵单位。";
  std::string mail = BuildEmail(m, "江城12345 <noreply@12345.jiangcheng.gov.cn>",
                                "Sat, 28 Nov 2026 10:00:00 +0000");
  EXPECT_NE(mail.find("Message-ID: <ntf-0123456789ab@12345.jiangcheng.gov.cn>\r\n"),
            std::string::npos);
  EXPECT_NE(mail.find("Subject: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(mail.find("Content-Transfer-Encoding: base64\r\n"), std::string::npos);
  EXPECT_NE(mail.find("To: duty@zjj.gov.cn\r\n"), std::string::npos);
  // No raw 8-bit byte in the headers, and no line longer than 78 characters.
  std::string headers = mail.substr(0, mail.find("\r\n\r\n"));
  for (unsigned char ch : headers) EXPECT_LT(ch, 0x80);
  size_t start = 0;
  while (start < mail.size()) {
    size_t end = mail.find("\r\n", start);
    if (end == std::string::npos) end = mail.size();
    EXPECT_LE(end - start, 78u) << mail.substr(start, end - start);
    start = end + 2;
  }
  // A header injection attempt in the subject stays on one line.
  m.subject = "hi\r\nBcc: victim@example.com";
  mail = BuildEmail(m, "noreply@x.cn", "Sat, 28 Nov 2026 10:00:00 +0000");
  EXPECT_EQ(mail.find("\r\nBcc:"), std::string::npos);
}

}  // namespace
}  // namespace hotline::notify
