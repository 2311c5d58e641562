// Black-box tests of api::Server over real TCP sockets, using Beast's client side.
#include "src/api/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "src/api/errors.h"

namespace hotline::api {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;
using HttpResponse = http::response<http::string_body>;
using HttpRequest = http::request<http::string_body>;

// A blocking HTTP/1.1 client with a timeout on every operation (async ops run to completion on a
// private io_context; beast::tcp_stream enforces the timeout).
class TestClient {
 public:
  explicit TestClient(uint16_t port, std::chrono::milliseconds timeout = 5s)
      : stream_(ioc_), timeout_(timeout) {
    stream_.expires_after(timeout_);
    stream_.async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port),
                          [this](beast::error_code ec) { connect_ec_ = ec; });
    Run();
  }

  beast::error_code connect_error() const { return connect_ec_; }

  beast::error_code Write(const HttpRequest& req) {
    beast::error_code result;
    stream_.expires_after(timeout_);
    http::async_write(stream_, req, [&](beast::error_code ec, size_t) { result = ec; });
    Run();
    return result;
  }

  beast::error_code WriteRaw(std::string bytes) {
    beast::error_code result;
    stream_.expires_after(timeout_);
    net::async_write(stream_, net::buffer(bytes),
                     [&](beast::error_code ec, size_t) { result = ec; });
    Run();
    return result;
  }

  beast::error_code Read(HttpResponse& res, bool head = false) {
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 << 20);
    parser.skip(head);
    beast::error_code result;
    stream_.expires_after(timeout_);
    http::async_read(stream_, buffer_, parser, [&](beast::error_code ec, size_t) { result = ec; });
    Run();
    if (!result) res = parser.release();
    return result;
  }

  HttpResponse Do(http::verb method, std::string target, std::string body = {},
                  std::vector<std::pair<std::string, std::string>> headers = {}) {
    HttpRequest req{method, target, 11};
    req.set(http::field::host, "127.0.0.1");
    for (auto& [k, v] : headers) req.set(k, v);
    if (!body.empty() || method == http::verb::post) {
      req.body() = std::move(body);
      req.prepare_payload();
    }
    HttpResponse res;
    EXPECT_FALSE(Write(req)) << target;
    const beast::error_code ec = Read(res, method == http::verb::head);
    EXPECT_FALSE(ec) << target << ": " << ec.message();
    return res;
  }

  // Reads raw bytes until `acc` contains `needle`. Returns the error that stopped it, if any.
  beast::error_code ReadUntil(std::string& acc, std::string_view needle) {
    // Bytes Beast's parser buffered past the last message.
    acc.append(beast::buffers_to_string(buffer_.data()));
    buffer_.consume(buffer_.size());
    while (acc.find(needle) == std::string::npos) {
      char buf[4096];
      beast::error_code result;
      size_t got = 0;
      stream_.expires_after(timeout_);
      stream_.async_read_some(net::buffer(buf), [&](beast::error_code ec, size_t n) {
        result = ec;
        got = n;
      });
      Run();
      acc.append(buf, got);
      if (result) return result;
    }
    return {};
  }

  // True when the server has closed the connection (EOF or reset) within the timeout.
  bool ClosedByServer() {
    std::string ignored;
    const beast::error_code ec = ReadUntil(ignored, "\x01never\x02");
    return ec == net::error::eof || ec == net::error::connection_reset;
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

 private:
  void Run() {
    ioc_.restart();
    ioc_.run();
  }

  net::io_context ioc_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::chrono::milliseconds timeout_;
  beast::error_code connect_ec_;
};

boost::json::value JsonBody(const HttpResponse& res) { return boost::json::parse(res.body()); }
std::string ErrorCode(const HttpResponse& res) {
  return std::string(JsonBody(res).at("error").at("code").as_string());
}

// Counts down once; lets a test wait for a handler to start and release it.
class Gate {
 public:
  void Open() {
    std::lock_guard lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  bool WaitOpen(std::chrono::milliseconds timeout = 5s) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return open_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

class ServerTest : public testing::Test {
 protected:
  ServerTest() {
    router_.Add(http::verb::get, "/hello", [](Request& req) {
      return Json(200, {{"hello", req.Query("name").value_or("world")}});
    });
    router_.Add(http::verb::get, "/healthz",
                [](Request&) {
                  return Json(200, {{"status", "ok"}});
                },
                {.inline_ok = true});
    router_.Add(http::verb::get, "/echo/{id}", [](Request& req) {
      return Json(200, {{"id", req.params.at("id")},
                        {"path", req.path},
                        {"q", req.Query("q").value_or("")},
                        {"cookie", req.Cookie("sid").value_or("")},
                        {"remote", req.remote_addr},
                        {"request_id", req.request_id}});
    });
    router_.Add(http::verb::post, "/upload",
                [this](Request& req) {
                  ++handled_uploads_;
                  return Json(200, {{"bytes", req.body.size()}});
                },
                {.body_limit = 1024});
    router_.Add(http::verb::get, "/slow", [](Request&) {
      std::this_thread::sleep_for(200ms);
      return Json(200, {{"slept", true}});
    });
    router_.Add(http::verb::get, "/block", [this](Request&) {
      entered_.Open();
      release_.WaitOpen(10s);
      return Json(200, {{"released", true}});
    });
    router_.Add(http::verb::get, "/throw",
                [](Request&) -> Response { throw std::runtime_error("database exploded"); });
    router_.Add(http::verb::delete_, "/echo/{id}",
                [](Request&) { return Text(204, "ignored: 204 has no body"); });
    router_.Add(http::verb::get, "/bad-status", [](Request&) { return Text(1000, "x"); });
    router_.Add(http::verb::get, "/bad-header", [](Request&) {
      Response r = Text(200, "x");
      r.headers.emplace_back("Location", "/a\r\nSet-Cookie: injected=1");
      return r;
    });
    router_.Add(http::verb::get, "/conflict",
                [](Request&) { return ErrorResponse(Status::StaleVersion("version 3 is stale")); });
    router_.Add(http::verb::get, "/events", [this](Request&) {
      auto stream = std::make_shared<StreamSource>(stream_cap_);
      stream->OnClose([this] { stream_closed_.Open(); });
      stream->Push(SseEvent("hello", "first"));
      {
        std::lock_guard lock(mu_);
        stream_ = stream;
      }
      stream_ready_.Open();
      Response r;
      r.stream = stream;
      return r;
    });
  }

  ~ServerTest() override {
    release_.Open();
    if (server_) server_->Stop();
  }

  void StartServer(ServerConfig config = {}) {
    config.port = 0;
    server_ = std::make_unique<Server>(config, router_, metrics_);
    ASSERT_TRUE(server_->Start().ok());
    ASSERT_NE(server_->port(), 0);
  }

  std::shared_ptr<StreamSource> Stream() {
    std::lock_guard lock(mu_);
    return stream_;
  }

  Router router_;
  Metrics metrics_;
  std::unique_ptr<Server> server_;
  std::atomic<int> handled_uploads_{0};
  Gate entered_;
  Gate release_;
  size_t stream_cap_ = StreamSource::kDefaultMaxQueued;
  Gate stream_ready_;
  Gate stream_closed_;
  std::mutex mu_;
  std::shared_ptr<StreamSource> stream_;
};

TEST_F(ServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  StartServer();
  TestClient client(server_->port());
  ASSERT_FALSE(client.connect_error());
  for (int i = 0; i < 3; ++i) {
    HttpResponse res = client.Do(http::verb::get, "/hello?name=%E5%B8%82%E6%B0%91");
    EXPECT_EQ(res.result_int(), 200u);
    EXPECT_TRUE(res.keep_alive());
    EXPECT_EQ(res[http::field::content_type], "application/json; charset=utf-8");
    EXPECT_EQ(res[http::field::server], "hotline");
    EXPECT_FALSE(res["X-Request-Id"].empty());
    EXPECT_EQ(JsonBody(res).at("hello"), "市民");
  }
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  StartServer();
  TestClient client(server_->port());
  ASSERT_FALSE(
      client.WriteRaw("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"
                      "GET /echo/2 HTTP/1.1\r\nHost: x\r\n\r\n"
                      "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  HttpResponse a, b, c;
  ASSERT_FALSE(client.Read(a));
  ASSERT_FALSE(client.Read(b));
  ASSERT_FALSE(client.Read(c));
  EXPECT_EQ(JsonBody(a).at("slept"), true);
  EXPECT_EQ(JsonBody(b).at("id"), "2");
  EXPECT_EQ(JsonBody(c).at("status"), "ok");
}

TEST_F(ServerTest, RequestFieldsReachTheHandler) {
  StartServer();
  TestClient client(server_->port());
  HttpResponse res =
      client.Do(http::verb::get, "/echo/%E6%A1%88?q=%E5%99%AA+%E9%9F%B3", {},
                {{"Cookie", "theme=dark; sid=s3cr3t"}, {"X-Request-Id", "client-id.42"}});
  ASSERT_EQ(res.result_int(), 200u);
  const auto body = JsonBody(res);
  EXPECT_EQ(body.at("id"), "案");
  EXPECT_EQ(body.at("path"), "/echo/案");
  EXPECT_EQ(body.at("q"), "噪 音");
  EXPECT_EQ(body.at("cookie"), "s3cr3t");
  EXPECT_EQ(body.at("remote"), "127.0.0.1");
  EXPECT_EQ(body.at("request_id"), "client-id.42");
  EXPECT_EQ(res["X-Request-Id"], "client-id.42");

  // An unsafe client id is replaced by a generated one.
  res = client.Do(http::verb::get, "/echo/1", {}, {{"X-Request-Id", "bad id\"<script>"}});
  EXPECT_NE(res["X-Request-Id"], "bad id\"<script>");
  EXPECT_EQ(std::string_view(JsonBody(res).at("request_id").as_string()),
            std::string_view(res["X-Request-Id"]));
}

TEST_F(ServerTest, GeneratedRequestIdsAreUnique) {
  StartServer();
  TestClient client(server_->port());
  const std::string a(client.Do(http::verb::get, "/healthz")["X-Request-Id"]);
  const std::string b(client.Do(http::verb::get, "/healthz")["X-Request-Id"]);
  EXPECT_FALSE(a.empty());
  EXPECT_NE(a, b);
}

TEST_F(ServerTest, UnknownPathIs404Json) {
  StartServer();
  TestClient client(server_->port());
  HttpResponse res = client.Do(http::verb::get, "/nope");
  EXPECT_EQ(res.result_int(), 404u);
  EXPECT_EQ(ErrorCode(res), "not_found");
  EXPECT_TRUE(res.keep_alive());
  EXPECT_EQ(client.Do(http::verb::get, "/healthz").result_int(), 200u);  // Still usable.
}

TEST_F(ServerTest, WrongMethodIs405WithAllow) {
  StartServer();
  TestClient client(server_->port());
  HttpResponse res = client.Do(http::verb::delete_, "/hello");
  EXPECT_EQ(res.result_int(), 405u);
  EXPECT_EQ(ErrorCode(res), "method_not_allowed");
  EXPECT_EQ(res[http::field::allow], "GET, HEAD");
}

TEST_F(ServerTest, HeadSendsHeadersOnly) {
  StartServer();
  TestClient client(server_->port());
  HttpResponse res = client.Do(http::verb::head, "/healthz");
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res[http::field::content_length], "15");  // {"status":"ok"}
  EXPECT_TRUE(res.body().empty());
  EXPECT_EQ(client.Do(http::verb::get, "/healthz").body(), R"({"status":"ok"})");
}

TEST_F(ServerTest, HandlerErrorsAndExceptionsAreJson) {
  StartServer();
  TestClient client(server_->port());
  HttpResponse res = client.Do(http::verb::get, "/conflict");
  EXPECT_EQ(res.result_int(), 409u);
  EXPECT_EQ(ErrorCode(res), "stale_version");
  res = client.Do(http::verb::get, "/throw");
  EXPECT_EQ(res.result_int(), 500u);
  EXPECT_EQ(ErrorCode(res), "internal");
  EXPECT_EQ(res.body().find("exploded"), std::string::npos);
  EXPECT_EQ(client.Do(http::verb::get, "/healthz").result_int(), 200u);
}

TEST_F(ServerTest, NoContentHasNoBodyAndKeepsTheConnection) {
  StartServer();
  TestClient client(server_->port());
  HttpResponse res = client.Do(http::verb::delete_, "/echo/1");
  EXPECT_EQ(res.result_int(), 204u);
  EXPECT_TRUE(res.body().empty());
  EXPECT_EQ(res.count(http::field::content_length), 0u);
  EXPECT_EQ(res.count(http::field::content_type), 0u);
  EXPECT_EQ(client.Do(http::verb::get, "/healthz").result_int(), 200u);
}

TEST_F(ServerTest, InvalidResponsesBecome500) {
  StartServer();
  TestClient client(server_->port());
  for (const char* target : {"/bad-status", "/bad-header"}) {
    HttpResponse res = client.Do(http::verb::get, target);
    EXPECT_EQ(res.result_int(), 500u) << target;
    EXPECT_EQ(ErrorCode(res), "internal");
    EXPECT_EQ(res.count(http::field::set_cookie), 0u);
  }
}

TEST_F(ServerTest, BodyWithinLimitIsHandled) {
  StartServer();
  TestClient client(server_->port());
  HttpResponse res = client.Do(http::verb::post, "/upload", std::string(1024, 'x'));
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(JsonBody(res).at("bytes"), 1024);
  EXPECT_EQ(handled_uploads_.load(), 1);
}

TEST_F(ServerTest, BodyOverTheRouteLimitIs413AndNotHandled) {
  StartServer();
  TestClient client(server_->port());
  HttpResponse res = client.Do(http::verb::post, "/upload", std::string(1025, 'x'));
  EXPECT_EQ(res.result_int(), 413u);
  EXPECT_EQ(ErrorCode(res), "payload_too_large");
  EXPECT_FALSE(res.keep_alive());
  EXPECT_TRUE(client.ClosedByServer());
  EXPECT_EQ(handled_uploads_.load(), 0);
}

TEST_F(ServerTest, OversizeIsRefusedBeforeTheBodyIsSent) {
  StartServer();
  TestClient client(server_->port());
  // Announce 10 MB, send none of it: the answer must come from the head alone.
  ASSERT_FALSE(
      client.WriteRaw("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n"
                      "Expect: 100-continue\r\n\r\n"));
  HttpResponse res;
  ASSERT_FALSE(client.Read(res));
  EXPECT_EQ(res.result_int(), 413u);
  EXPECT_EQ(handled_uploads_.load(), 0);
}

TEST_F(ServerTest, ChunkedBodyOverTheLimitIs413) {
  StartServer();
  TestClient client(server_->port());
  std::string raw = "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 4; ++i) raw += "200\r\n" + std::string(512, 'y') + "\r\n";
  raw += "0\r\n\r\n";
  ASSERT_FALSE(client.WriteRaw(raw));
  HttpResponse res;
  ASSERT_FALSE(client.Read(res));
  EXPECT_EQ(res.result_int(), 413u);
  EXPECT_EQ(handled_uploads_.load(), 0);
}

TEST_F(ServerTest, ExpectContinueIsHonoured) {
  StartServer();
  TestClient client(server_->port());
  ASSERT_FALSE(client.WriteRaw(
      "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"));
  std::string got;
  ASSERT_FALSE(client.ReadUntil(got, "\r\n\r\n"));
  EXPECT_EQ(got.rfind("HTTP/1.1 100 Continue\r\n", 0), 0u) << got;
  ASSERT_FALSE(client.WriteRaw("hello"));
  HttpResponse res;
  ASSERT_FALSE(client.Read(res));
  EXPECT_EQ(JsonBody(res).at("bytes"), 5);
}

struct MalformedCase {
  std::string raw;
  unsigned status;
  std::string code;
  bool closes = true;  // False when the request was well framed (only its content was bad).
};

class ServerMalformedTest : public ServerTest, public testing::WithParamInterface<MalformedCase> {};

TEST_P(ServerMalformedTest, IsAnsweredAndClosed) {
  StartServer();
  TestClient client(server_->port());
  ASSERT_FALSE(client.WriteRaw(GetParam().raw));
  HttpResponse res;
  ASSERT_FALSE(client.Read(res));
  EXPECT_EQ(res.result_int(), GetParam().status);
  EXPECT_EQ(ErrorCode(res), GetParam().code);
  if (GetParam().closes) {
    EXPECT_FALSE(res.keep_alive());
    EXPECT_TRUE(client.ClosedByServer());
  } else {
    EXPECT_TRUE(res.keep_alive());
    EXPECT_EQ(client.Do(http::verb::get, "/healthz").result_int(), 200u);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, ServerMalformedTest,
    testing::Values(
        MalformedCase{"GARBAGE\r\n\r\n", 400, "bad_request"},
        MalformedCase{"GET / HTTP/9.9\r\nHost: x\r\n\r\n", 400, "bad_request"},
        MalformedCase{"GET /hello HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", 400,
                      "bad_request"},
        MalformedCase{"GET /hello HTTP/1.1\r\nBad Header: x\r\n\r\n", 400, "bad_request"},
        MalformedCase{"POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "zz\r\n",
                      400, "bad_request"},
        MalformedCase{"GET /hello?q=%zz HTTP/1.1\r\nHost: x\r\n\r\n", 400, "invalid_argument",
                      false},
        MalformedCase{"POST /upload?q=%zz HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc", 400,
                      "invalid_argument"},
        MalformedCase{"GET /hello HTTP/1.1\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n", 431,
                      "header_too_large"}));

TEST_F(ServerTest, StalledRequestIsClosedAfterTheReadTimeout) {
  ServerConfig config;
  config.read_timeout = 1s;
  StartServer(config);
  TestClient client(server_->port());
  ASSERT_FALSE(client.WriteRaw("GET /hello HTT"));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(client.ClosedByServer());
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, 800ms);
  EXPECT_LT(waited, 3s);
}

TEST_F(ServerTest, BlockingHandlersRunOnThePool) {
  ServerConfig config;
  config.io_threads = 2;
  config.worker_threads = 32;
  StartServer(config);
  constexpr int kClients = 20;
  std::vector<std::future<unsigned>> results;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kClients; ++i) {
    results.push_back(std::async(std::launch::async, [port = server_->port()] {
      TestClient client(port);
      return client.Do(http::verb::get, "/slow").result_int();
    }));
  }
  for (auto& r : results) EXPECT_EQ(r.get(), 200u);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  // Serially 20 x 200 ms = 4 s; on the 2 I/O threads alone, 2 s.
  EXPECT_LT(elapsed, 1s) << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()
                         << " ms";
}

TEST_F(ServerTest, FullQueueIs503AndInlineRoutesStillAnswer) {
  ServerConfig config;
  config.worker_threads = 1;
  config.max_queued_requests = 1;
  StartServer(config);
  auto blocked = std::async(std::launch::async, [port = server_->port()] {
    TestClient client(port, 15s);
    return client.Do(http::verb::get, "/block").result_int();
  });
  ASSERT_TRUE(entered_.WaitOpen());
  TestClient other(server_->port());
  HttpResponse res = other.Do(http::verb::get, "/hello");
  EXPECT_EQ(res.result_int(), 503u);
  EXPECT_EQ(ErrorCode(res), "unavailable");
  EXPECT_EQ(res[http::field::retry_after], "1");
  EXPECT_EQ(other.Do(http::verb::get, "/healthz").result_int(), 200u);  // inline_ok
  release_.Open();
  EXPECT_EQ(blocked.get(), 200u);
  EXPECT_EQ(other.Do(http::verb::get, "/hello").result_int(), 200u);  // Capacity is back.
}

TEST_F(ServerTest, ConnectionCapPausesAccepting) {
  ServerConfig config;
  config.max_connections = 2;
  StartServer(config);
  auto a = std::make_unique<TestClient>(server_->port());
  TestClient b(server_->port());
  EXPECT_EQ(a->Do(http::verb::get, "/healthz").result_int(), 200u);
  EXPECT_EQ(b.Do(http::verb::get, "/healthz").result_int(), 200u);
  // The third connection completes in the kernel's backlog but is not served...
  TestClient c(server_->port(), 500ms);
  ASSERT_FALSE(c.connect_error());
  HttpRequest req{http::verb::get, "/healthz", 11};
  req.set(http::field::host, "x");
  ASSERT_FALSE(c.Write(req));
  HttpResponse res;
  EXPECT_EQ(c.Read(res), beast::error::timeout);
  // ...until another one closes.
  a->Close();
  a.reset();
  TestClient d(server_->port(), 5s);
  EXPECT_EQ(d.Do(http::verb::get, "/healthz").result_int(), 200u);
}

TEST_F(ServerTest, EventStreamDeliversPushesPingsAndEnds) {
  ServerConfig config;
  config.sse_ping_interval = 200ms;
  StartServer(config);
  TestClient client(server_->port());
  HttpRequest req{http::verb::get, "/events", 11};
  req.set(http::field::host, "x");
  ASSERT_FALSE(client.Write(req));
  std::string got;
  ASSERT_FALSE(client.ReadUntil(got, "data: first\n\n"));
  EXPECT_EQ(got.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << got;
  EXPECT_NE(got.find("Content-Type: text/event-stream"), std::string::npos) << got;
  EXPECT_NE(got.find("Cache-Control: no-cache"), std::string::npos) << got;
  EXPECT_NE(got.find("Transfer-Encoding: chunked"), std::string::npos) << got;
  EXPECT_NE(got.find("X-Request-Id: "), std::string::npos) << got;
  EXPECT_NE(got.find("event: hello\n"), std::string::npos) << got;

  ASSERT_TRUE(stream_ready_.WaitOpen());
  std::shared_ptr<StreamSource> stream = Stream();
  EXPECT_TRUE(stream->Push(SseEvent("case.updated", R"({"id":"1"})")));
  EXPECT_TRUE(stream->Push(SseEvent("case.updated", R"({"id":"2"})")));
  ASSERT_FALSE(client.ReadUntil(got, R"(data: {"id":"2"})"));
  EXPECT_LT(got.find(R"({"id":"1"})"), got.find(R"({"id":"2"})"));
  ASSERT_FALSE(client.ReadUntil(got, ": ping\n\n"));

  // The producer ends the stream: the last chunk is sent and the callbacks run.
  stream->Close();
  ASSERT_FALSE(client.ReadUntil(got, "\r\n0\r\n\r\n"));
  EXPECT_TRUE(stream_closed_.WaitOpen());
  EXPECT_TRUE(client.ClosedByServer());
  EXPECT_FALSE(stream->Push("late"));
}

TEST_F(ServerTest, EventStreamNoticesTheClientLeaving) {
  StartServer();
  {
    TestClient client(server_->port());
    HttpRequest req{http::verb::get, "/events", 11};
    req.set(http::field::host, "x");
    ASSERT_FALSE(client.Write(req));
    std::string got;
    ASSERT_FALSE(client.ReadUntil(got, "data: first\n\n"));
    client.Close();
  }
  EXPECT_TRUE(stream_closed_.WaitOpen(3s));  // Long before the 15 s ping.
  EXPECT_FALSE(Stream()->Push(SseEvent("x", "y")));
}

TEST_F(ServerTest, SlowEventStreamClientIsDropped) {
  stream_cap_ = 5;
  StartServer();
  TestClient client(server_->port());
  HttpRequest req{http::verb::get, "/events", 11};
  req.set(http::field::host, "x");
  ASSERT_FALSE(client.Write(req));
  ASSERT_TRUE(stream_ready_.WaitOpen());
  // The client reads nothing: once the socket buffers are full, events pile up in the queue.
  const std::string big = SseEvent("blob", std::string(64 * 1024, 'z'));
  std::shared_ptr<StreamSource> stream = Stream();
  int pushed = 0;
  while (pushed < 2000 && stream->Push(big)) {
    ++pushed;
    std::this_thread::sleep_for(1ms);  // Slower than the writer, until the socket is full.
  }
  EXPECT_GT(pushed, 10);    // Megabytes went out before the client's buffers filled up...
  EXPECT_LT(pushed, 2000);  // ...then the queue overflowed and the stream was dropped,
  EXPECT_TRUE(stream_closed_.WaitOpen(1s));  // at once, not after the 30 s write timeout.
}

TEST_F(ServerTest, StopIsGraceful) {
  StartServer();
  const uint16_t port = server_->port();
  TestClient idle(port);
  EXPECT_EQ(idle.Do(http::verb::get, "/healthz").result_int(), 200u);

  auto in_flight = std::async(std::launch::async, [port] {
    TestClient client(port);
    return client.Do(http::verb::get, "/block");
  });
  ASSERT_TRUE(entered_.WaitOpen());
  auto stopped = std::async(std::launch::async, [this] { server_->Stop(); });
  EXPECT_TRUE(idle.ClosedByServer());  // Idle keep-alive connections are closed at once.
  EXPECT_EQ(stopped.wait_for(200ms), std::future_status::timeout);  // Waits for the handler.
  release_.Open();
  HttpResponse res = in_flight.get();
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_FALSE(res.keep_alive());  // Answered with "Connection: close".
  stopped.get();
  server_->Wait();  // Returns: stopped.
  TestClient late(port, 1s);
  EXPECT_TRUE(late.connect_error());
}

TEST_F(ServerTest, StopEndsEventStreams) {
  StartServer();
  TestClient client(server_->port());
  HttpRequest req{http::verb::get, "/events", 11};
  req.set(http::field::host, "x");
  ASSERT_FALSE(client.Write(req));
  std::string got;
  ASSERT_FALSE(client.ReadUntil(got, "data: first\n\n"));
  const auto start = std::chrono::steady_clock::now();
  server_->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_TRUE(stream_closed_.WaitOpen());
  ASSERT_FALSE(client.ReadUntil(got, "\r\n0\r\n\r\n"));
}

TEST_F(ServerTest, RecordsMetricsByRoutePattern) {
  StartServer();
  {
    TestClient client(server_->port());
    client.Do(http::verb::get, "/echo/1");
    client.Do(http::verb::get, "/echo/2");
    client.Do(http::verb::get, "/missing/path");
    client.Do(http::verb::get, "/conflict");
    const std::string text = metrics_.Render();
    EXPECT_NE(text.find("hotline_http_connections 1\n"), std::string::npos) << text;
  }
  std::string text;
  // The connection gauge drops once the server notices the close.
  for (int i = 0; i < 100; ++i) {
    text = metrics_.Render();
    if (text.find("hotline_http_connections 0\n") != std::string::npos) break;
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_NE(text.find("hotline_http_connections 0\n"), std::string::npos) << text;
  EXPECT_NE(
      text.find(
          "hotline_http_requests_total{method=\"GET\",route=\"/echo/{id}\",status=\"200\"} 2\n"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find(
          "hotline_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1\n"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find(
          "hotline_http_requests_total{method=\"GET\",route=\"/conflict\",status=\"409\"} 1\n"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("hotline_http_request_duration_seconds_count{method=\"GET\",route=\"/echo/"
                      "{id}\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("/echo/1"), std::string::npos);  // Never the raw path.
}

TEST(ServerStartTest, ReportsBindFailures) {
  Router router;
  Metrics metrics;
  ServerConfig config;
  config.port = 0;
  Server first(config, router, metrics);
  ASSERT_TRUE(first.Start().ok());
  config.port = first.port();
  Server second(config, router, metrics);
  Status st = second.Start();
  EXPECT_EQ(st.code(), Code::kUnavailable) << st.ToString();
  config.host = "not-an-ip";
  Server third(config, router, metrics);
  EXPECT_TRUE(third.Start().IsInvalid());
  second.Wait();  // Never started: returns at once.
}

}  // namespace
}  // namespace hotline::api
