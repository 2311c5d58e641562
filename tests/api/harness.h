// Black-box API test harness (header-only): seeds a demo city in a fresh temp dir, runs the real
// `hotline serve` binary on a free port once per test suite, and talks to it over HTTP.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace hotline::apitest {
namespace bj = boost::json;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace asio = boost::asio;

struct HttpResult {
  int status = 0;
  std::multimap<std::string, std::string> headers;  // lower-case names
  std::string body;
  bj::value json;  // null when the body is not JSON

  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
  std::string ErrorCode() const {
    if (!json.is_object()) return "";
    const auto* e = json.as_object().if_contains("error");
    if (!e || !e->is_object()) return "";
    const auto* c = e->as_object().if_contains("code");
    return c && c->is_string() ? std::string(c->as_string()) : "";
  }
  std::string ErrorField() const {
    if (!json.is_object()) return "";
    const auto* e = json.as_object().if_contains("error");
    if (!e || !e->is_object()) return "";
    const auto* d = e->as_object().if_contains("details");
    if (!d || !d->is_object()) return "";
    const auto* f = d->as_object().if_contains("field");
    return f && f->is_string() ? std::string(f->as_string()) : "";
  }
  const bj::object& obj() const {
    static const bj::object kEmpty;
    return json.is_object() ? json.as_object() : kEmpty;
  }
};

inline std::string Str(const bj::value& v) {
  return v.is_string() ? std::string(v.as_string()) : std::string();
}
inline std::string Str(const bj::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v ? Str(*v) : std::string();
}
inline int64_t Int(const bj::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  if (!v) return -1;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return int64_t(v->as_uint64());
  return -1;
}

inline HttpResult DoRequest(uint16_t port, http::verb method, const std::string& target,
                            const std::string& body = "",
                            const std::vector<std::pair<std::string, std::string>>& headers = {},
                            bool json_content_type = true) {
  HttpResult out;
  asio::io_context ioc;
  asio::ip::tcp::socket sock(ioc);
  beast::error_code ec;
  sock.connect({asio::ip::make_address("127.0.0.1"), port}, ec);
  if (ec) return out;
  http::request<http::string_body> req{method, target, 11};
  req.set(http::field::host, "127.0.0.1");
  req.set(http::field::connection, "close");
  if (!body.empty() && json_content_type) req.set(http::field::content_type, "application/json");
  for (const auto& [k, v] : headers) req.set(k, v);
  req.body() = body;
  req.prepare_payload();
  http::write(sock, req, ec);  // may fail (413 closes early); read the answer anyway
  beast::flat_buffer buf;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 << 20);
  http::read(sock, buf, parser, ec);
  if (ec && !parser.is_header_done()) return out;
  auto& res = parser.get();
  out.status = int(res.result_int());
  for (const auto& f : res) {
    std::string name(f.name_string());
    for (auto& ch : name) ch = char(std::tolower(static_cast<unsigned char>(ch)));
    out.headers.emplace(name, std::string(f.value()));
  }
  out.body = res.body();
  boost::system::error_code jec;
  auto v = bj::parse(out.body, jec);
  if (!jec) out.json = std::move(v);
  return out;
}

inline uint16_t FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  uint16_t port = ntohs(a.sin_port);
  ::close(fd);
  return port;
}

// One running server with its own data directory.
struct Server {
  std::string dir;
  std::string log_path;
  uint16_t port = 0;
  pid_t pid = -1;

  // Starts `args` (argv[0] a path) with stdout and stderr appended to `log`; does not wait.
  static pid_t Spawn(const std::vector<std::string>& args, const std::string& log) {
    pid_t p = ::fork();
    if (p == 0) {
      int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      std::vector<char*> argv;
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    return p;
  }
  // Spawn, then its exit status (-1 if it did not exit normally).
  static int Run(const std::vector<std::string>& args, const std::string& log) {
    const pid_t p = Spawn(args, log);
    int st = 0;
    ::waitpid(p, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  }

  // How the data directory is made: `hotline demo --cases N` unless a test sets another
  // subcommand with its options here (e.g. {"seed", "--cases", "300"}); "--data DIR" is added.
  std::vector<std::string> create;

  // `extra` are more `hotline serve` options (e.g. {"--trusted-proxy", "127.0.0.1"}).
  bool Start(int cases, const std::vector<std::string>& extra = {}) {
    ::signal(SIGPIPE, SIG_IGN);
    char tmpl[] = "/tmp/hotline-api-XXXXXX";
    dir = ::mkdtemp(tmpl);
    log_path = dir + "/server.log";
    std::string data = dir + "/data";
    std::vector<std::string> make = {HOTLINE_BINARY, "demo",    "--data",
                                     data,           "--cases", std::to_string(cases)};
    if (!create.empty()) {
      make = {HOTLINE_BINARY};
      make.insert(make.end(), create.begin(), create.end());
      make.push_back("--data");
      make.push_back(data);
    }
    if (Run(make, dir + "/demo.log") != 0) return false;
    port = FreePort();
    pid = ::fork();
    if (pid == 0) {
      int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      std::string listen = "127.0.0.1:" + std::to_string(port);
      std::vector<std::string> args = {HOTLINE_BINARY, "serve", "--data",    data,
                                       "--listen",     listen,  "--workers", "4"};
      args.insert(args.end(), extra.begin(), extra.end());
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(HOTLINE_BINARY, argv.data());
      ::_exit(127);
    }
    for (int i = 0; i < 200; ++i) {
      auto r = DoRequest(port, http::verb::get, "/healthz");
      if (r.status == 200) return true;
      int st;
      if (::waitpid(pid, &st, WNOHANG) == pid) {
        pid = -1;
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  void Stop() {
    if (pid > 0) {
      ::kill(pid, SIGTERM);
      int st;
      for (int i = 0; i < 100; ++i) {
        if (::waitpid(pid, &st, WNOHANG) == pid) {
          pid = -1;
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      if (pid > 0) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &st, 0);
        pid = -1;
      }
    }
  }

  std::string Log() const {
    std::ifstream in(log_path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  void Remove() {
    std::error_code ec;
    if (!dir.empty()) std::filesystem::remove_all(dir, ec);
  }
};

// Base fixture: one server per test suite (each derived fixture is its own suite).
class ApiTest : public ::testing::Test {
 protected:
  static inline Server* server_ = nullptr;
  static inline std::map<std::string, std::string>* tokens_ = nullptr;
  static inline std::map<std::string, std::string>* units_ = nullptr;  // code -> id

  // More `hotline serve` options for the next suite's server; a fixture sets it in its own
  // SetUpTestSuite before calling ApiTest::SetUpTestSuite (it is cleared after the start).
  static inline std::vector<std::string> serve_args_;

  static void SetUpTestSuite() {
    server_ = new Server;
    tokens_ = new std::map<std::string, std::string>;
    units_ = new std::map<std::string, std::string>;
    auto extra = std::move(serve_args_);
    serve_args_.clear();
    ASSERT_TRUE(server_->Start(40, extra)) << "server did not start; log:\n" << server_->Log();
  }
  static void TearDownTestSuite() {
    if (server_) {
      server_->Stop();
      if (!std::getenv("HOTLINE_KEEP_TEST_DATA")) server_->Remove();
    }
    delete server_;
    delete tokens_;
    delete units_;
    server_ = nullptr;
    tokens_ = nullptr;
    units_ = nullptr;
  }
  void SetUp() override {
    if (!server_ || server_->pid <= 0) GTEST_SKIP() << "no server";
  }

  static HttpResult Raw(http::verb m, const std::string& path, const std::string& body = "",
                        const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    return DoRequest(server_->port, m, path, body, headers);
  }

  static HttpResult LoginRaw(const std::string& user, const std::string& password) {
    return Raw(http::verb::post, "/api/v1/auth/login",
               bj::serialize(bj::object{{"username", user}, {"password", password}}));
  }

  static std::string Login(const std::string& user) {
    auto it = tokens_->find(user);
    if (it != tokens_->end()) return it->second;
    auto r = LoginRaw(user, "demo");
    EXPECT_EQ(r.status, 200) << user << ": " << r.body;
    std::string tok = Str(r.obj(), "token");
    (*tokens_)[user] = tok;
    return tok;
  }

  static HttpResult Get(const std::string& user, const std::string& path) {
    return Raw(http::verb::get, path, "", {{"Authorization", "Bearer " + Login(user)}});
  }
  static HttpResult Post(const std::string& user, const std::string& path, const std::string& body,
                         std::vector<std::pair<std::string, std::string>> headers = {}) {
    headers.emplace_back("Authorization", "Bearer " + Login(user));
    return Raw(http::verb::post, path, body, headers);
  }
  static HttpResult Post(const std::string& user, const std::string& path, const bj::object& body,
                         std::vector<std::pair<std::string, std::string>> headers = {}) {
    return Post(user, path, bj::serialize(body), std::move(headers));
  }

  static std::string UnitId(const std::string& code) {
    if (units_->empty()) {
      auto r = Get("dispatcher", "/api/v1/units");
      const bj::array* items = nullptr;
      if (r.json.is_array())
        items = &r.json.as_array();
      else if (r.json.is_object() && r.obj().contains("items"))
        items = &r.obj().at("items").as_array();
      if (items)
        for (const auto& u : *items)
          (*units_)[Str(u.as_object(), "code")] = Str(u.as_object(), "id");
    }
    auto it = units_->find(code);
    EXPECT_NE(it, units_->end()) << "no unit " << code;
    return it == units_->end() ? "" : it->second;
  }

  // A fresh case registered by the agent.
  static bj::object NewCaseBody(const std::string& content = "路灯不亮，已经三天了",
                                const std::string& phone = "13812345678",
                                const std::string& name = "张三丰") {
    return bj::object{{"type", "complaint"},
                      {"channel", "phone"},
                      {"content", content},
                      {"citizen", bj::object{{"name", name}, {"phone", phone}}},
                      {"location", bj::object{{"address", "江城市人民路1号"}}}};
  }
  static bj::object Register(const bj::object& body, const std::string& user = "agent") {
    auto r = Post(user, "/api/v1/cases", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.obj();
  }
  static bj::object Register() { return Register(NewCaseBody()); }

  static bj::object Case(const std::string& id, const std::string& user = "dispatcher") {
    auto r = Get(user, "/api/v1/cases/" + id);
    EXPECT_EQ(r.status, 200) << user << " GET " << id << ": " << r.body;
    return r.obj();
  }
  static bj::array Events(const std::string& id, const std::string& user = "dispatcher") {
    auto r = Get(user, "/api/v1/cases/" + id + "/events");
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.obj().contains("items") && r.obj().at("items").is_array())
      return r.obj().at("items").as_array();
    return {};
  }
  static std::string LastAction(const std::string& id) {
    auto ev = Events(id);
    return ev.empty() ? "" : Str(ev.back().as_object(), "action");
  }
  static std::string StatusOf(const std::string& id) { return Str(Case(id), "status"); }

  // One action with the current version (read by the dispatcher, who sees every case).
  static HttpResult Act(const std::string& user, const std::string& id, const std::string& action,
                        bj::object body = {}) {
    if (!body.contains("version")) body["version"] = Int(Case(id), "version");
    return Post(user, "/api/v1/cases/" + id + "/actions/" + action, body);
  }
  // The action must succeed: 200, and its event is appended.
  static bj::object ActOk(const std::string& user, const std::string& id, const std::string& action,
                          bj::object body = {}) {
    size_t before = Events(id).size();
    auto r = Act(user, id, action, std::move(body));
    EXPECT_EQ(r.status, 200) << user << " " << action << " on " << id << ": " << r.body;
    auto ev = Events(id);
    EXPECT_GT(ev.size(), before) << action << " appended no event";
    bool found = false;
    for (size_t i = before; i < ev.size(); ++i)
      if (Str(ev[i].as_object(), "action") == action) found = true;
    EXPECT_TRUE(found) << "no '" << action << "' event after " << action;
    return r.obj();
  }
};

}  // namespace hotline::apitest
