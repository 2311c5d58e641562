// minimal_server: the ceiling of this machine for HTTP benchmarks.
//
// A bare Boost.Beast HTTP/1.1 server with the same I/O model as api::Server (N I/O threads running
// one io_context, a strand and a beast::tcp_stream per connection, keep-alive, TCP_NODELAY, one
// request at a time per connection) that answers every request with {"status":"ok"}. It has no
// router, no worker pool, no metrics and no logging, so `wrk` against it measures the machine and
// the Beast/Asio plumbing alone; compare the hotline server's numbers with it.
//
// Usage: minimal_server PORT [IO_THREADS=2] [HOST=127.0.0.1]
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

constexpr std::string_view kBody = R"({"status":"ok"})";
constexpr std::chrono::seconds kTimeout{30};

class Session : public std::enable_shared_from_this<Session> {
 public:
  explicit Session(tcp::socket socket) : stream_(std::move(socket)) {}

  void Start() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Session::DoRead, shared_from_this()));
  }

 private:
  void DoRead() {
    req_ = {};
    stream_.expires_after(kTimeout);
    http::async_read(stream_, buffer_, req_,
                     beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, std::size_t) {
    if (ec) return Close();
    res_ = {};
    res_.version(req_.version());
    res_.result(http::status::ok);
    res_.set(http::field::server, "minimal");
    res_.set(http::field::content_type, "application/json; charset=utf-8");
    res_.keep_alive(req_.keep_alive());
    res_.body() = kBody;
    res_.prepare_payload();
    stream_.expires_after(kTimeout);
    http::async_write(stream_, res_,
                      beast::bind_front_handler(&Session::OnWrite, shared_from_this()));
  }

  void OnWrite(beast::error_code ec, std::size_t) {
    if (ec || !res_.keep_alive()) return Close();
    DoRead();
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> req_;
  http::response<http::string_body> res_;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, tcp::endpoint endpoint) : ioc_(ioc), acceptor_(ioc) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
  }

  void Accept() {
    acceptor_.async_accept(net::make_strand(ioc_),
                           beast::bind_front_handler(&Listener::OnAccept, shared_from_this()));
  }

 private:
  void OnAccept(beast::error_code ec, tcp::socket socket) {
    if (!ec) {
      socket.set_option(tcp::no_delay(true), ec);
      std::make_shared<Session>(std::move(socket))->Start();
    }
    Accept();
  }

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s PORT [IO_THREADS=2] [HOST=127.0.0.1]\n", argv[0]);
    return 2;
  }
  const auto port = static_cast<unsigned short>(std::atoi(argv[1]));
  const int threads = argc > 2 ? std::max(1, std::atoi(argv[2])) : 2;
  const char* host = argc > 3 ? argv[3] : "127.0.0.1";

  net::io_context ioc(threads);
  try {
    std::make_shared<Listener>(ioc, tcp::endpoint(net::ip::make_address(host), port))->Accept();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "minimal_server: %s\n", e.what());
    return 1;
  }
  net::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code, int) { ioc.stop(); });
  std::printf("minimal_server listening on %s:%u with %d I/O threads\n", host, port, threads);
  std::fflush(stdout);

  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : pool) t.join();
  return 0;
}
