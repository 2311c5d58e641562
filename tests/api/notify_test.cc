// Notifications end to end, against real servers the test starts: the real `hotline serve`, a
// local HTTP SMS gateway (tests/servers/sms_gateway.py) and a local SMTP server (aiosmtpd,
// tests/servers/smtp_sink.py). Registration texts the citizen the case number and query code,
// dispatch tells the unit's duty officer by SMS and email, escalation tells the leaders, a failing
// gateway is retried, and a kill -9 between commit and delivery — or in the middle of a send —
// loses no message and delivers none twice.
#include "tests/api/harness.h"

namespace hotline::apitest {
namespace {

struct Child {
  pid_t pid = -1;
  bool Start(const std::vector<std::string>& args, const std::string& log) {
    pid = ::fork();
    if (pid == 0) {
      int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      std::vector<char*> argv;
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execvp(argv[0], argv.data());
      ::_exit(127);
    }
    return pid > 0;
  }
  void Kill(int sig) {
    if (pid <= 0) return;
    ::kill(pid, sig);
    int st;
    ::waitpid(pid, &st, 0);
    pid = -1;
  }
};

std::vector<bj::object> ReadJsonLines(const std::string& path) {
  std::vector<bj::object> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    boost::system::error_code ec;
    auto v = bj::parse(line, ec);
    if (!ec && v.is_object()) out.push_back(v.as_object());
  }
  return out;
}

template <typename Pred>
bool WaitFor(Pred pred, int seconds = 20) {
  for (int i = 0; i < seconds * 10; ++i) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return pred();
}

bool FileExists(const std::string& p) { return std::filesystem::exists(p); }
void Touch(const std::string& p, const std::string& text = "") { std::ofstream(p) << text; }

class NotifyTest : public ApiTest {
 protected:
  static inline std::string data_, gw_dir_, smtp_dir_;
  static inline uint16_t gw_port_ = 0, smtp_port_ = 0;
  static inline Child* gateway_ = nullptr;
  static inline Child* smtp_ = nullptr;

  static void SetUpTestSuite() {
    ::signal(SIGPIPE, SIG_IGN);
    server_ = new Server;
    tokens_ = new std::map<std::string, std::string>;
    units_ = new std::map<std::string, std::string>;
    gateway_ = new Child;
    smtp_ = new Child;
    char tmpl[] = "/tmp/hotline-notify-XXXXXX";
    server_->dir = ::mkdtemp(tmpl);
    server_->log_path = server_->dir + "/server.log";
    data_ = server_->dir + "/data";
    gw_dir_ = server_->dir + "/gateway";
    smtp_dir_ = server_->dir + "/smtp";
    std::filesystem::create_directories(gw_dir_);
    std::filesystem::create_directories(smtp_dir_);
    Touch(server_->dir + "/sms.key", "test-gateway-key\n");
    ASSERT_EQ(Server::Run({HOTLINE_BINARY, "demo", "--data", data_, "--cases", "10"},
                          server_->dir + "/demo.log"),
              0);
    gw_port_ = FreePort();
    smtp_port_ = FreePort();
    ASSERT_TRUE(StartGateway());
    ASSERT_TRUE(smtp_->Start({"/usr/bin/python3", "tests/servers/smtp_sink.py", "--port",
                              std::to_string(smtp_port_), "--dir", smtp_dir_},
                             server_->dir + "/smtp.log"));
    ASSERT_TRUE(WaitFor([] { return FileExists(smtp_dir_ + "/ready"); }))
        << "the SMTP server did not start (python3-aiosmtpd installed?)";
    ASSERT_TRUE(Launch()) << server_->Log();
  }

  static void TearDownTestSuite() {
    if (gateway_) gateway_->Kill(SIGTERM);
    if (smtp_) smtp_->Kill(SIGTERM);
    delete gateway_;
    delete smtp_;
    gateway_ = smtp_ = nullptr;
    ApiTest::TearDownTestSuite();
  }

  static bool StartGateway() {
    std::filesystem::remove(gw_dir_ + "/ready");
    if (!gateway_->Start({"/usr/bin/python3", "tests/servers/sms_gateway.py", "--port",
                          std::to_string(gw_port_), "--dir", gw_dir_, "--key", "test-gateway-key"},
                         server_->dir + "/gateway.log"))
      return false;
    return WaitFor([] { return FileExists(gw_dir_ + "/ready"); });
  }

  // Starts `hotline serve` on the suite's data directory with both senders configured.
  static bool Launch() {
    server_->port = FreePort();
    std::string listen = "127.0.0.1:" + std::to_string(server_->port);
    server_->pid = ::fork();
    if (server_->pid == 0) {
      int fd = ::open(server_->log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      std::string gw = "http://127.0.0.1:" + std::to_string(gw_port_) + "/sms";
      std::string smtp = "smtp://127.0.0.1:" + std::to_string(smtp_port_);
      std::string key = server_->dir + "/sms.key";
      ::execl(HOTLINE_BINARY, HOTLINE_BINARY, "serve", "--data", data_.c_str(), "--listen",
              listen.c_str(), "--workers", "4", "--sms-gateway", gw.c_str(), "--sms-key-file",
              key.c_str(), "--smtp-url", smtp.c_str(), "--smtp-from",
              "江城12345 <noreply@12345.jiangcheng.gov.cn>", "--notify-lease", "3",
              "--notify-retry", "1", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    return WaitFor(
        [] { return DoRequest(server_->port, http::verb::get, "/healthz").status == 200; });
  }

  static void Crash() {
    ::kill(server_->pid, SIGKILL);
    int st;
    ::waitpid(server_->pid, &st, 0);
    server_->pid = -1;
  }

  static std::vector<bj::object> Sms() { return ReadJsonLines(gw_dir_ + "/delivered.jsonl"); }
  static std::vector<bj::object> SmsTo(const std::string& phone) {
    std::vector<bj::object> out;
    for (auto& m : Sms())
      if (Str(m, "to") == phone) out.push_back(m);
    return out;
  }
  static std::vector<bj::object> Mails() { return ReadJsonLines(smtp_dir_ + "/messages.jsonl"); }
  static std::vector<bj::object> MailsTo(const std::string& addr) {
    std::vector<bj::object> out;
    for (auto& m : Mails())
      for (const auto& to : m.at("to").as_array())
        if (Str(to) == addr) out.push_back(m);
    return out;
  }

  static bj::object PublicSubmit(const std::string& phone) {
    bj::object b{{"type", "help"},
                 {"content", "小区门口的路灯坏了一个星期，晚上很危险。"},
                 {"location", bj::object{{"address", "江城市解放路8号"}}},
                 {"consent", true},
                 {"citizen", bj::object{{"name", "李四光"}, {"phone", phone}}}};
    auto r = Raw(http::verb::post, "/api/v1/public/requests", bj::serialize(b));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.obj();
  }

  static bj::object Outbox(const std::string& query = "") {
    auto r = Get("admin", "/api/v1/admin/outbox" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.obj();
  }

  static std::string AddContact(const std::string& unit_code, const std::string& role,
                                const std::string& phone, const std::string& email,
                                const std::string& lang = "zh-CN") {
    auto r = Post("admin", "/api/v1/admin/notification-contacts",
                  bj::object{{"unit_id", UnitId(unit_code)},
                             {"role", role},
                             {"name", role == "leader" ? "王市长" : "值班员"},
                             {"phone", phone},
                             {"email", email},
                             {"lang", lang}});
    EXPECT_EQ(r.status, 201) << r.body;
    return Str(r.obj(), "id");
  }
};

TEST_F(NotifyTest, RegistrationTextsTheCitizenTheNumberAndQueryCodeOnce) {
  auto c = PublicSubmit("13700001111");
  const std::string number = Str(c, "number"), code = Str(c, "query_code");
  ASSERT_EQ(code.size(), 6u);
  ASSERT_TRUE(WaitFor([] { return SmsTo("13700001111").size() >= 1; })) << server_->Log();
  auto sms = SmsTo("13700001111");
  ASSERT_EQ(sms.size(), 1u);
  const std::string text = Str(sms[0], "text");
  EXPECT_NE(text.find(number), std::string::npos) << text;
  EXPECT_NE(text.find(code), std::string::npos) << text;
  EXPECT_NE(text.find("已受理"), std::string::npos) << text;
  // The id the gateway saw is the outbox's message id, and the outbox says sent.
  auto find = [&]() -> bj::object {
    const bj::object o = Outbox();
    for (const auto& v : o.at("items").as_array())
      if (Str(v.as_object(), "case_number") == number) return v.as_object();
    return {};
  };
  ASSERT_TRUE(WaitFor([&] { return Str(find(), "state") == "sent"; })) << bj::serialize(find());
  const bj::object m = find();
  EXPECT_EQ(Str(m, "id"), Str(sms[0], "key"));
  EXPECT_EQ(Str(m, "template_key"), "case_received");
  EXPECT_EQ(Int(m, "attempts"), 1);
  EXPECT_EQ(Str(m, "recipient"), "137****1111");  // masked in the admin's view
  EXPECT_FALSE(m.contains("body"));
  // Neither the query code nor the phone number reaches the log.
  EXPECT_EQ(server_->Log().find(code + "。"), std::string::npos);
  EXPECT_EQ(server_->Log().find("查询码"), std::string::npos);
  EXPECT_EQ(server_->Log().find("13700001111"), std::string::npos);
  // Staff registration of a phone call texts the caller too; a landline gets nothing.
  Register(NewCaseBody("楼上漏水，物业不管", "13700002222", "赵六"));
  EXPECT_TRUE(WaitFor([] { return SmsTo("13700002222").size() == 1; }));
  auto before = Sms().size();
  Register(NewCaseBody("噪音扰民", "0799-86001234", "钱七"));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  for (size_t i = before; i < Sms().size(); ++i) EXPECT_NE(Str(Sms()[i], "to"), "079986001234");
}

TEST_F(NotifyTest, DispatchTellsTheUnitsDutyOfficerBySmsAndEmail) {
  AddContact("zjj", "duty", "13900000001", "duty@zjj.jiangcheng.gov.cn");
  auto c = Register(NewCaseBody("工地夜间施工噪音", "13700003333", "孙八"));
  const std::string id = Str(c, "id"), number = Str(c, "number");
  ActOk("dispatcher", id, "dispatch", {{"lead_unit_id", UnitId("zjj")}});
  ASSERT_TRUE(WaitFor([] { return SmsTo("13900000001").size() == 1; })) << server_->Log();
  EXPECT_NE(Str(SmsTo("13900000001")[0], "text").find(number), std::string::npos);
  ASSERT_TRUE(WaitFor([] { return MailsTo("duty@zjj.jiangcheng.gov.cn").size() == 1; }))
      << server_->Log();
  auto mail = MailsTo("duty@zjj.jiangcheng.gov.cn")[0];
  EXPECT_NE(Str(mail, "subject").find("新工单 " + number), std::string::npos)
      << Str(mail, "subject");
  EXPECT_NE(Str(mail, "body").find("市住房和城乡建设局"), std::string::npos) << Str(mail, "body");
  EXPECT_NE(Str(mail, "body").find("主办"), std::string::npos);
  // Message-ID carries the outbox id.
  auto out = Outbox("?case_id=" + id);
  bool found = false;
  for (const auto& v : out.at("items").as_array()) {
    const auto& m = v.as_object();
    if (Str(m, "kind") == "email")
      found = found || Str(mail, "message_id") == "<" + Str(m, "id") + "@12345.jiangcheng.gov.cn>";
  }
  EXPECT_TRUE(found) << Str(mail, "message_id");
}

TEST_F(NotifyTest, EscalationTellsTheLeadersInTheirLanguage) {
  AddContact("centre", "leader", "13900000009", "", "en");
  auto c = Register(NewCaseBody("燃气泄漏，多户居民被困", "13700004444", "周九"));
  ActOk("supervisor", Str(c, "id"), "escalate", {{"note", "涉及人员安全"}});
  ASSERT_TRUE(WaitFor([] { return SmsTo("13900000009").size() == 1; })) << server_->Log();
  const std::string text = Str(SmsTo("13900000009")[0], "text");
  EXPECT_NE(text.find("Escalated: case " + Str(c, "number")), std::string::npos) << text;
  EXPECT_NE(text.find("涉及人员安全"), std::string::npos) << text;
}

TEST_F(NotifyTest, TemplatesAreEditedWithCheckedPlaceholders) {
  const std::string path = "/api/v1/admin/notification-templates/case_received/zh-CN";
  auto bad = Raw(http::verb::put, path,
                 bj::serialize(bj::object{{"subject", "x"}, {"body", "编号{case_number}，{unit}"}}),
                 {{"Authorization", "Bearer " + Login("admin")}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.ErrorField(), "body");
  auto unclosed =
      Raw(http::verb::put, path, bj::serialize(bj::object{{"body", "编号{case_number"}}),
          {{"Authorization", "Bearer " + Login("admin")}});
  EXPECT_EQ(unclosed.status, 400);
  auto other = Raw(http::verb::put, path, bj::serialize(bj::object{{"body", "x"}}),
                   {{"Authorization", "Bearer " + Login("dispatcher")}});
  EXPECT_EQ(other.status, 403);
  auto ok = Raw(
      http::verb::put, path,
      bj::serialize(bj::object{{"subject", "受理 {case_number}"},
                               {"body", "【江城12345】已受理：{case_number}，查询码{query_code}"}}),
      {{"Authorization", "Bearer " + Login("admin")}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_TRUE(ok.obj().at("custom").as_bool());
  auto c = PublicSubmit("13700005555");
  ASSERT_TRUE(WaitFor([] { return SmsTo("13700005555").size() == 1; }));
  EXPECT_EQ(Str(SmsTo("13700005555")[0], "text"),
            "【江城12345】已受理：" + Str(c, "number") + "，查询码" + Str(c, "query_code"));
  // Reset to the built-in text.
  auto reset = Raw(http::verb::delete_, path, "", {{"Authorization", "Bearer " + Login("admin")}});
  EXPECT_EQ(reset.status, 200);
  EXPECT_FALSE(reset.obj().at("custom").as_bool());
  auto list = Get("admin", "/api/v1/admin/notification-templates");
  EXPECT_EQ(list.obj().at("items").as_array().size(), 12u);  // 6 templates × zh-CN, en
}

TEST_F(NotifyTest, AFailingGatewayIsRetriedUntilItDelivers) {
  Touch(gw_dir_ + "/fail");
  PublicSubmit("13700006666");
  // The gateway refuses (503): the message stays pending with its error and a later attempt.
  ASSERT_TRUE(WaitFor([] {
    auto o = Outbox("?state=pending");
    for (const auto& v : o.at("items").as_array())
      if (Int(v.as_object(), "attempts") >= 2 &&
          Str(v.as_object(), "last_error").find("503") != std::string::npos)
        return true;
    return false;
  })) << server_->Log();
  EXPECT_TRUE(SmsTo("13700006666").empty());
  std::filesystem::remove(gw_dir_ + "/fail");
  ASSERT_TRUE(WaitFor([] { return SmsTo("13700006666").size() == 1; }, 40)) << server_->Log();
  auto m = DoRequest(server_->port, http::verb::get, "/metrics");
  EXPECT_NE(m.body.find("hotline_outbox_messages{state=\"sent\"}"), std::string::npos);
}

TEST_F(NotifyTest, KillBetweenCommitAndDeliveryLosesNothingAndSendsNothingTwice) {
  gateway_->Kill(SIGKILL);  // the gateway is down while cases are registered
  std::vector<std::string> phones;
  for (int i = 0; i < 5; ++i) {
    phones.push_back("1370000770" + std::to_string(i));
    PublicSubmit(phones.back());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  Crash();  // kill -9
  ASSERT_TRUE(StartGateway());
  ASSERT_TRUE(Launch()) << server_->Log();
  for (const auto& p : phones)
    ASSERT_TRUE(WaitFor([&] { return SmsTo(p).size() == 1; }, 40)) << p << "\n" << server_->Log();
  std::this_thread::sleep_for(std::chrono::seconds(2));
  for (const auto& p : phones) EXPECT_EQ(SmsTo(p).size(), 1u) << p;
  EXPECT_TRUE(ReadJsonLines(gw_dir_ + "/duplicates.jsonl").empty());
}

TEST_F(NotifyTest, KillInTheMiddleOfASendRetriesWithTheSameIdempotencyKey) {
  Touch(gw_dir_ + "/delay", "3");
  auto before = ReadJsonLines(gw_dir_ + "/requests.jsonl").size();
  PublicSubmit("13700008888");
  // The gateway has the request (and will deliver it) but the server dies before the answer.
  ASSERT_TRUE(WaitFor([&] { return ReadJsonLines(gw_dir_ + "/requests.jsonl").size() > before; }));
  Crash();
  std::this_thread::sleep_for(std::chrono::seconds(3));
  std::filesystem::remove(gw_dir_ + "/delay");
  ASSERT_EQ(SmsTo("13700008888").size(), 1u);  // delivered once, but the server never heard
  ASSERT_TRUE(Launch()) << server_->Log();
  // After the lease (3 s) the message is sent again with the same key; the gateway delivers it
  // once and recognises the repeat.
  ASSERT_TRUE(WaitFor(
      [] {
        for (const auto& d : ReadJsonLines(gw_dir_ + "/duplicates.jsonl"))
          if (Str(d, "to") == "13700008888") return true;
        return false;
      },
      30))
      << server_->Log();
  EXPECT_EQ(SmsTo("13700008888").size(), 1u);
  auto key = Str(SmsTo("13700008888")[0], "key");
  EXPECT_TRUE(WaitFor([&] {
    const bj::object o = Outbox("?state=sent");
    for (const auto& v : o.at("items").as_array())
      if (Str(v.as_object(), "id") == key) return true;
    return false;
  }));
}

}  // namespace
}  // namespace hotline::apitest
