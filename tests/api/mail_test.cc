// The email channel against the real binary: `hotline import-mail` prints the case number per
// file, says "already imported" on a second run and creates nothing for a malformed message;
// `hotline serve --maildir` imports what arrives in new/ and moves it to cur/ with :2,S. The
// imported case is an email case whose sender is answered by email.
#include "tests/api/harness.h"

namespace hotline::apitest {
namespace {

// Runs the binary, returns (exit code, stdout+stderr).
std::pair<int, std::string> RunCapture(const std::vector<std::string>& args,
                                       const std::string& log) {
  std::filesystem::remove(log);
  int rc = Server::Run(args, log);
  std::ifstream in(log);
  std::stringstream ss;
  ss << in.rdbuf();
  return {rc, ss.str()};
}

class MailTest : public ApiTest {
 protected:
  static inline std::string maildir_;

  static void SetUpTestSuite() {
    ::signal(SIGPIPE, SIG_IGN);
    server_ = new Server;
    tokens_ = new std::map<std::string, std::string>;
    units_ = new std::map<std::string, std::string>;
    char tmpl[] = "/tmp/hotline-mail-XXXXXX";
    server_->dir = ::mkdtemp(tmpl);
    server_->log_path = server_->dir + "/server.log";
    maildir_ = server_->dir + "/Maildir";
    const std::string data = server_->dir + "/data";
    ASSERT_EQ(Server::Run({HOTLINE_BINARY, "demo", "--data", data, "--cases", "5"},
                          server_->dir + "/demo.log"),
              0);
    // The CLI runs before the server (one process at a time on the database in this test).
    server_->port = FreePort();
    server_->pid = ::fork();
    if (server_->pid == 0) {
      int fd = ::open(server_->log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      std::string listen = "127.0.0.1:" + std::to_string(server_->port);
      ::execl(HOTLINE_BINARY, HOTLINE_BINARY, "serve", "--data", data.c_str(), "--listen",
              listen.c_str(), "--workers", "4", "--maildir", maildir_.c_str(),
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 200; ++i) {
      if (DoRequest(server_->port, http::verb::get, "/healthz").status == 200) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL() << "server did not start: " << server_->Log();
  }

  static std::string Data() { return server_->dir + "/data"; }
};

TEST_F(MailTest, ImportMailPrintsTheCaseNumberAndImportsEachMessageOnce) {
  auto [rc, out] = RunCapture({HOTLINE_BINARY, "import-mail", "--data", Data(),
                               "tests/mail/gb2312_qp.eml", "tests/mail/attachments.eml"},
                              server_->dir + "/import1.log");
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("tests/mail/gb2312_qp.eml: case "), std::string::npos) << out;
  EXPECT_NE(out.find("tests/mail/attachments.eml: case "), std::string::npos) << out;
  EXPECT_NE(out.find("(2 attachments)"), std::string::npos) << out;
  std::string number = out.substr(out.find(": case ") + 7, 10);
  // Again: nothing new.
  auto [rc2, out2] =
      RunCapture({HOTLINE_BINARY, "import-mail", "--data", Data(), "tests/mail/gb2312_qp.eml"},
                 server_->dir + "/import2.log");
  EXPECT_EQ(rc2, 0) << out2;
  EXPECT_NE(out2.find("already imported as case " + number), std::string::npos) << out2;
  // A malformed message: a clear error, exit 1, nothing created.
  auto [rc3, out3] = RunCapture(
      {HOTLINE_BINARY, "import-mail", "--data", Data(), "tests/mail/malformed_no_from.eml"},
      server_->dir + "/import3.log");
  EXPECT_EQ(rc3, 1);
  EXPECT_NE(out3.find("no From address"), std::string::npos) << out3;
  EXPECT_NE(out3.find("nothing created"), std::string::npos) << out3;
  // The server sees the imported case: channel email, the sender's name, the attachments.
  auto list = Get("agent", "/api/v1/cases?channel=email&limit=10");
  ASSERT_EQ(list.status, 200) << list.body;
  bool found = false;
  for (const auto& v : list.obj().at("items").as_array()) {
    const auto& c = v.as_object();
    if (Str(c, "number") != number) continue;
    found = true;
    EXPECT_EQ(Str(c, "title"), "投诉：小区路灯不亮");
    EXPECT_EQ(Str(c, "type"), "complaint");
    EXPECT_EQ(Str(c.at("citizen").as_object(), "name"), "张三");
  }
  EXPECT_TRUE(found) << list.body;
  auto help = RunCapture({HOTLINE_BINARY, "import-mail", "--help"}, server_->dir + "/help.log");
  EXPECT_NE(help.second.find("--data"), std::string::npos);
}

TEST_F(MailTest, TheMaildirWatcherImportsNewMessagesAndMovesThem) {
  std::filesystem::create_directories(maildir_ + "/tmp");
  std::filesystem::create_directories(maildir_ + "/new");
  std::filesystem::copy_file("tests/mail/big5_html.eml", maildir_ + "/tmp/1764300100.M1P9.test");
  std::filesystem::rename(maildir_ + "/tmp/1764300100.M1P9.test",
                          maildir_ + "/new/1764300100.M1P9.test");
  std::filesystem::copy_file("tests/mail/malformed_multipart.eml",
                             maildir_ + "/new/1764300101.M2P9.test");
  bool moved = false;
  for (int i = 0; i < 150 && !moved; ++i) {
    moved = std::filesystem::exists(maildir_ + "/cur/1764300100.M1P9.test:2,S") &&
            std::filesystem::exists(maildir_ + "/cur/1764300101.M2P9.test:2,F");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(moved) << server_->Log();
  auto list = Get("agent", "/api/v1/cases?channel=email&limit=50");
  int big5 = 0;
  for (const auto& v : list.obj().at("items").as_array())
    if (Str(v.as_object(), "title") == "居住證辦理諮詢") ++big5;
  EXPECT_EQ(big5, 1) << list.body;
  EXPECT_NE(server_->Log().find("rejected"), std::string::npos);
}

}  // namespace
}  // namespace hotline::apitest
