// The email fixtures under tests/mail/ (hand-made: GB2312/GBK/BIG5 encoded words, quoted-printable
// and base64 bodies, multipart/alternative, attachments, no Message-ID, malformed messages).
#include "src/mail/parse.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace hotline::mail {
namespace {

std::string Fixture(const std::string& name) {
  std::ifstream in("tests/mail/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(ParseMailTest, Gb2312EncodedWordsAndQuotedPrintableBody) {
  auto m = ParseMail(Fixture("gb2312_qp.eml"));
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->subject, "投诉：小区路灯不亮");
  EXPECT_EQ(m->from_name, "张三");
  EXPECT_EQ(m->from_address, "zhangsan@example.cn");
  EXPECT_EQ(m->message_id, "20261128091500.1234@example.cn");
  EXPECT_NE(m->text.find("小区门口的路灯坏了一个星期"), std::string::npos) << m->text;
  EXPECT_NE(m->text.find("13812345678"), std::string::npos);
  ASSERT_TRUE(m->date.has_value());
  EXPECT_TRUE(m->attachments.empty());
}

TEST(ParseMailTest, GbkAlternativePrefersThePlainText) {
  auto m = ParseMail(Fixture("gbk_alternative.eml"));
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->subject, "关于增设红绿灯的建议");
  EXPECT_EQ(m->from_name, "Li Si");
  EXPECT_EQ(m->text, "建议在人民路与解放路路口增设红绿灯，早晚高峰车流很大，行人过马路很危险。");
  EXPECT_TRUE(m->attachments.empty());
}

TEST(ParseMailTest, Big5HtmlBecomesText) {
  auto m = ParseMail(Fixture("big5_html.eml"));
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->subject, "居住證辦理諮詢");
  EXPECT_EQ(m->from_name, "陳先生");
  EXPECT_EQ(m->text, "請問辦理居住證需要哪些材料？\n謝謝 & 祝好");
}

TEST(ParseMailTest, AttachmentsAreDecodedWithTheirNames) {
  auto m = ParseMail(Fixture("attachments.eml"));
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->subject, "举报：河道有人倾倒建筑垃圾");
  EXPECT_EQ(m->from_name, "");
  EXPECT_NE(m->text.find("浏阳河马王堆段"), std::string::npos);
  ASSERT_EQ(m->attachments.size(), 2u);
  EXPECT_EQ(m->attachments[0].name, "现场照片.jpg");
  EXPECT_EQ(m->attachments[0].content_type, "image/jpeg");
  EXPECT_EQ(m->attachments[0].data.substr(0, 3), "\xFF\xD8\xFF");
  EXPECT_EQ(m->attachments[0].data.size(), 4u + 21 * 20 + 2);
  EXPECT_EQ(m->attachments[1].name, "时间记录.txt");
  EXPECT_EQ(m->attachments[1].data, "11月25日 23:40\n11月26日 00:15\n");
}

TEST(ParseMailTest, AMessageWithoutMessageIdStillParses) {
  auto m = ParseMail(Fixture("no_message_id.eml"));
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->message_id, "");
  EXPECT_EQ(m->from_name, "赵女士");
  EXPECT_EQ(m->text, "社保卡丢了，在哪里补办？需要带什么证件？");
}

TEST(ParseMailTest, MalformedMessagesGetAClearError) {
  const struct {
    const char* file;
    const char* words;
  } kCases[] = {
      {"malformed_multipart.eml", "boundary"},
      {"malformed_no_from.eml", "From"},
      {"not_mail.eml", "not an email message"},
  };
  for (const auto& c : kCases) {
    auto m = ParseMail(Fixture(c.file));
    ASSERT_FALSE(m.ok()) << c.file;
    EXPECT_TRUE(m.status().IsInvalid()) << c.file;
    EXPECT_NE(m.status().message().find(c.words), std::string::npos)
        << c.file << ": " << m.status().message();
  }
  EXPECT_FALSE(ParseMail("").ok());
}

TEST(HtmlToTextTest, TagsEntitiesAndBlankRuns) {
  EXPECT_EQ(HtmlToText("<p>一</p><p>二<br/>三</p>"), "一\n二\n三");
  EXPECT_EQ(HtmlToText("a&lt;b&gt;&#20320;&#x597D;"), "a<b>你好");
  EXPECT_EQ(HtmlToText("<script>alert(1)</script>正文   内容"), "正文 内容");
}

}  // namespace
}  // namespace hotline::mail
