// Importing messages into cases: exactly once (Message-ID or content hash), attachments stored
// content-addressed with their events, personal data sealed, malformed messages create nothing.
#include "src/mail/importer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "src/mail/maildir.h"
#include "tests/fakes/test_city.h"

namespace hotline::mail {
namespace {
namespace fs = std::filesystem;
using hotline::testing::TestCity;

std::string Fixture(const std::string& name) {
  std::ifstream in("tests/mail/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class ImporterTest : public ::testing::Test {
 protected:
  ImporterTest() : importer_(city_.store(), city_.engine(), city_.dir()) {}
  int64_t Cases() { return *(*city_.store().Read())->CountCases(); }
  TestCity city_;
  MailImporter importer_;
};

TEST_F(ImporterTest, AMessageBecomesOneEmailCase) {
  auto r = importer_.Import(Fixture("gb2312_qp.eml"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_FALSE(r->already);
  auto tx = std::move(city_.store().Read()).value();
  auto c = *tx->GetCase(r->case_id);
  EXPECT_EQ(c.number, r->case_number);
  EXPECT_EQ(c.channel, domain::Channel::kEmail);
  EXPECT_EQ(c.type, domain::CaseType::kComplaint);  // "投诉" in the subject
  EXPECT_EQ(c.title, "投诉：小区路灯不亮");
  EXPECT_NE(c.content.find("路灯坏了一个星期"), std::string::npos);
  EXPECT_EQ(c.citizen.name, "张三");
  EXPECT_EQ(c.citizen.email, "zhangsan@example.cn");
  EXPECT_EQ(c.citizen.phone, "13812345678");  // found in the text
  EXPECT_EQ(c.created_by, "email");
  auto imported = *tx->GetMailImport("mid:20261128091500.1234@example.cn");
  ASSERT_TRUE(imported.has_value());
  EXPECT_EQ(imported->case_id, c.id);
}

TEST_F(ImporterTest, ImportingTheSameMessageAgainMakesNothing) {
  auto first = importer_.Import(Fixture("gbk_alternative.eml"));
  ASSERT_TRUE(first.ok());
  int64_t n = Cases();
  auto again = importer_.Import(Fixture("gbk_alternative.eml"));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->already);
  EXPECT_EQ(again->case_number, first->case_number);
  EXPECT_EQ(Cases(), n);
  // Without a Message-ID the raw content is the key.
  auto a = importer_.Import(Fixture("no_message_id.eml"));
  auto b = importer_.Import(Fixture("no_message_id.eml"));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_FALSE(a->already);
  EXPECT_TRUE(b->already);
  EXPECT_EQ(a->case_id, b->case_id);
  EXPECT_EQ(Cases(), n + 1);
}

TEST_F(ImporterTest, AttachmentsAreStoredWithTheCaseInTheSameWrite) {
  auto r = importer_.Import(Fixture("attachments.eml"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->attachments, 2);
  auto tx = std::move(city_.store().Read()).value();
  auto list = *tx->ListAttachments(r->case_id);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].name, "现场照片.jpg");
  EXPECT_EQ(list[0].content_type, "image/jpeg");
  fs::path file = fs::path(city_.dir()) / "files" / list[0].sha256.substr(0, 2) / list[0].sha256;
  ASSERT_TRUE(fs::exists(file));
  EXPECT_EQ(int64_t(fs::file_size(file)), list[0].size);
  auto events = *tx->ListEvents(r->case_id);
  std::vector<std::string> actions;
  for (const auto& e : events) actions.push_back(e.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"register", "comment", "attach", "attach"}));
  EXPECT_EQ((*tx->GetCase(r->case_id)).type, domain::CaseType::kReport);
}

TEST_F(ImporterTest, MalformedMessagesCreateNothing) {
  for (const char* f : {"malformed_multipart.eml", "malformed_no_from.eml", "not_mail.eml"}) {
    auto r = importer_.Import(Fixture(f));
    EXPECT_FALSE(r.ok()) << f;
    EXPECT_TRUE(r.status().IsInvalid()) << f;
  }
  EXPECT_EQ(Cases(), 0);
}

TEST_F(ImporterTest, MaildirMovesAfterTheCommitAndACrashBeforeTheMoveDuplicatesNothing) {
  const std::string md = city_.dir() + "/Maildir";
  MaildirWatcher w(importer_, md);
  ASSERT_TRUE(w.ScanOnce().ok());  // creates new/ cur/ tmp/
  fs::copy_file("tests/mail/gb2312_qp.eml", md + "/new/1764300000.M1P1.host");
  fs::copy_file("tests/mail/not_mail.eml", md + "/new/1764300001.M2P1.host");
  auto r = w.ScanOnce();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->imported, 1);
  EXPECT_EQ(r->rejected, 1);
  EXPECT_TRUE(fs::exists(md + "/cur/1764300000.M1P1.host:2,S"));
  EXPECT_TRUE(fs::exists(md + "/cur/1764300001.M2P1.host:2,F"));
  EXPECT_TRUE(fs::is_empty(md + "/new"));
  // A crash between the commit and the move: the file is back in new/ — it is moved, not imported.
  fs::copy_file("tests/mail/gb2312_qp.eml", md + "/new/1764300000.M1P1.host");
  r = w.ScanOnce();
  EXPECT_EQ(r->imported, 0);
  EXPECT_EQ(r->already, 1);
  EXPECT_EQ(Cases(), 1);
}

}  // namespace
}  // namespace hotline::mail
