#include "src/api/server.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "src/api/errors.h"
#include "src/api/response_head.h"

namespace hotline::api {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

namespace {

constexpr std::string_view kUnmatched = "unmatched";
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr size_t kLingerMaxBytes = 1 << 20;
constexpr std::chrono::seconds kLingerTimeout{2};

bool IsSaneRequestId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string_view MethodLabel(http::verb method) {
  if (method == http::verb::unknown) return "OTHER";
  return std::string_view(http::to_string(method));
}

// True for errors that mean "the bytes were not valid HTTP" (as opposed to the peer going away, a
// timeout, or a limit we answer with a specific status).
bool IsMalformed(const beast::error_code& ec) {
  if (ec.category() != beast::http::make_error_code(http::error::bad_method).category()) {
    return false;
  }
  return ec != http::error::end_of_stream && ec != http::error::partial_message &&
         ec != http::error::need_more && ec != http::error::body_limit &&
         ec != http::error::header_limit && ec != http::error::buffer_overflow;
}

bool HasCrOrLf(std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos; }

// The handler threads. A fixed set of threads running posted jobs in FIFO order; unlike
// asio::thread_pool, a post wakes a sleeping worker only when no wake-up is already under way, and
// a worker that takes a job passes the wake-up on only if more jobs wait. Under CPU-bound load the
// few awake workers keep running instead of all threads taking turns on the cores (measured: ~40%
// more requests/s with 32 threads on 2 cores); when handlers block (a database commit), queued jobs
// still each get a thread after one wake-up in turn. Thread-safe.
class WorkerPool {
 public:
  explicit WorkerPool(size_t threads) {
    threads_.reserve(threads);
    for (size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { Run(); });
  }
  ~WorkerPool() { Join(); }

  // Queues `job`. After Join() the job is dropped (destroyed, never run).
  void Post(std::function<void()> job) {
    std::unique_lock lock(mu_);
    if (stopping_) {
      lock.unlock();
      return;  // `job` is destroyed here, outside the lock.
    }
    jobs_.push_back(std::move(job));
    if (idle_ == 0 || wake_pending_) return;
    wake_pending_ = true;
    lock.unlock();
    cv_.notify_one();
  }

  // Runs every job already posted, then stops and joins the threads. Idempotent.
  // REQUIRES: not called from a worker.
  void Join() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
  }

 private:
  void Run() {
    std::unique_lock lock(mu_);
    while (true) {
      while (jobs_.empty() && !stopping_) {
        ++idle_;
        cv_.wait(lock);
        --idle_;
        wake_pending_ = false;
      }
      if (jobs_.empty()) return;  // Stopping, and nothing left to run.
      std::function<void()> job = std::move(jobs_.front());
      jobs_.pop_front();
      if (!jobs_.empty() && idle_ > 0 && !wake_pending_) {
        wake_pending_ = true;
        cv_.notify_one();
      }
      lock.unlock();
      job();
      job = nullptr;  // Destroy the job's captures outside the lock too.
      lock.lock();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;  // GUARDED_BY(mu_)
  size_t idle_ = 0;                         // GUARDED_BY(mu_): workers waiting for a job.
  bool wake_pending_ = false;               // GUARDED_BY(mu_): notified, not yet awake.
  bool stopping_ = false;                   // GUARDED_BY(mu_)
  std::vector<std::thread> threads_;
};

}  // namespace

class Server::Impl {
 public:
  class Session;

  Impl(ServerConfig config, Router& router, Metrics& metrics)
      : config_(std::move(config)),
        router_(router),
        metrics_(metrics),
        connections_gauge_(metrics.GetGauge("hotline_http_connections", "Open HTTP connections.")),
        pool_(static_cast<size_t>(std::max(1, config_.worker_threads))),
        request_id_prefix_(std::random_device{}()),
        iocs_(MakeIoContexts(std::max(1, config_.io_threads))),
        acceptor_(net::make_strand(*iocs_.front())) {}

  Status Start();
  uint16_t port() const { return port_.load(); }
  void Stop();
  void Wait();

  // ---- For sessions ----
  using SendFn = std::function<void(Response)>;
  const ServerConfig& config() const { return config_; }
  const Router& router() const { return router_; }
  bool stopping() const { return stopping_.load(std::memory_order_relaxed); }
  // Answers `req` for its route `match`: a 404/405, or the handler's response, run inline
  // (inline_ok routes) or on the worker pool (503 when the pool's queue is full). Calls `send`
  // exactly once, on the calling thread or on a worker thread.
  void Handle(Router::Match match, Request req, SendFn send);
  std::string NextRequestId() {
    return fmt::format("{:08x}{:010x}", request_id_prefix_,
                       next_request_id_.fetch_add(1, std::memory_order_relaxed));
  }
  Metrics& metrics() { return metrics_; }
  void Register(const std::shared_ptr<Session>& session);
  void Unregister(Session* session);

 private:
  static std::vector<std::unique_ptr<net::io_context>> MakeIoContexts(int n) {
    std::vector<std::unique_ptr<net::io_context>> v;
    // Hint 1: each is run by one thread (posts from other threads are still safe).
    for (int i = 0; i < n; ++i) v.push_back(std::make_unique<net::io_context>(1));
    return v;
  }
  void RunIo(net::io_context& ioc);
  void MaybeAccept();
  void OnAccept(beast::error_code ec, tcp::socket socket);
  // Posts `fn` to every live session. REQUIRES: sessions_mu_ not held.
  template <typename Fn>
  void ForEachSession(Fn fn);

  const ServerConfig config_;
  const Router& router_;
  Metrics& metrics_;
  Gauge& connections_gauge_;
  WorkerPool pool_;
  std::vector<std::thread> io_threads_;

  std::atomic<uint16_t> port_{0};
  std::atomic<bool> stopping_{false};
  std::atomic<size_t> queued_{0};
  std::atomic<size_t> connections_{0};
  std::atomic<bool> accept_paused_{false};
  const uint32_t request_id_prefix_;
  std::atomic<uint64_t> next_request_id_{1};

  std::mutex sessions_mu_;
  std::condition_variable sessions_cv_;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions_;  // GUARDED_BY(sessions_mu_)

  std::mutex lifecycle_mu_;
  std::condition_variable lifecycle_cv_;
  bool started_ = false;  // GUARDED_BY(lifecycle_mu_)
  bool stopped_ = false;  // GUARDED_BY(lifecycle_mu_)

  // Declared last, destroyed first: handlers still queued in an io_context (holding sessions) are
  // destroyed while everything a session touches on its way out is still alive.
  // One io_context per I/O thread, each run by its own thread; a new connection goes to the next
  // one in turn and stays there. Measured against one io_context shared by the I/O threads (as
  // bench/minimal_server does): fewer lock hand-offs and wake-ups between the threads (asio's
  // scheduler and reactor locks, the reactor interrupt) per request (docs/benchmarks.md).
  std::vector<std::unique_ptr<net::io_context>> iocs_;
  size_t next_ioc_ = 0;  // the acceptor's strand only
  std::vector<net::executor_work_guard<net::io_context::executor_type>> work_;
  tcp::acceptor acceptor_;  // Used on its strand only.
};

// One connection. Every member function runs on the connection's strand (the executor of stream_),
// except the constructor; nothing here is touched by another thread, so there are no locks.
class Server::Impl::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Impl& server, tcp::socket socket)
      : server_(server), stream_(std::move(socket)), ping_timer_(stream_.get_executor()) {
    beast::error_code ec;
    const tcp::endpoint peer = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_addr_ = peer.address().to_string();
  }

  void Start() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Session::DoReadHeader, shared_from_this()));
  }
  // Server stopping: finish what is in flight, then close.
  void Shutdown() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->OnShutdown(); });
  }
  void ForceClose() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Close(); });
  }

 private:
  enum class State {
    kReadingHeader,
    kReadingBody,
    kHandling,
    kWriting,
    kStreaming,
    kLingering,
    kClosed
  };

  // ---- Request / response ----

  void DoReadHeader() {
    if (state_ == State::kClosed) return;
    state_ = State::kReadingHeader;
    method_ = http::verb::unknown;
    version_ = 11;
    keep_alive_ = false;
    close_after_ = false;
    route_ = kUnmatched;
    request_id_.clear();
    if (server_.stopping() && buffer_.size() == 0) return Close();
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(server_.config().header_limit));
    parser_->body_limit(boost::none);  // Set per route once the header is known.
    stream_.expires_after(server_.config().read_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  void OnHeader(beast::error_code ec, size_t) {
    started_ = SteadyClock::now();
    if (ec) return OnReadError(ec);
    const auto& req = parser_->get();
    method_ = req.method();
    version_ = req.version();
    keep_alive_ = req.keep_alive();
    const auto client_id = req["X-Request-Id"];
    request_id_ = IsSaneRequestId(client_id) ? std::string(client_id) : server_.NextRequestId();

    Result<ParsedTarget> target = ParseTarget(req.target());
    if (!target.ok()) return SendError(ErrorResponse(target.status()), !parser_->is_done());
    target_ = std::move(target).value();
    match_ = server_.router().Find(method_, target_.raw_path);
    const size_t limit = match_.kind == Router::Match::Kind::kFound
                             ? match_.options->body_limit
                             : server_.config().default_body_limit;
    // Beast checks a Content-Length against body_limit only while parsing the head (when the
    // limit was still unset), so this check is what enforces the route's limit for such bodies.
    if (const auto length = parser_->content_length(); length && *length > limit) {
      return SendError(TooLarge(limit), /*close=*/true);
    }
    parser_->body_limit(limit);
    if (parser_->is_done()) return OnBody({}, 0);
    state_ = State::kReadingBody;
    if (version_ >= 11 && beast::iequals(req[http::field::expect], "100-continue")) {
      stream_.expires_after(server_.config().write_timeout);
      net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                       [self = shared_from_this()](beast::error_code ec, size_t) {
                         if (ec) return self->Close();
                         self->DoReadBody();
                       });
      return;
    }
    DoReadBody();
  }

  void DoReadBody() {
    stream_.expires_after(server_.config().read_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnBody, shared_from_this()));
  }

  void OnBody(beast::error_code ec, size_t) {
    if (ec == http::error::body_limit) {
      return SendError(TooLarge(match_.kind == Router::Match::Kind::kFound
                                    ? match_.options->body_limit
                                    : server_.config().default_body_limit),
                       /*close=*/true);
    }
    if (ec) return OnReadError(ec);
    state_ = State::kHandling;
    if (match_.kind == Router::Match::Kind::kFound) route_ = match_.pattern;
    Request req = BuildRequest();
    // All the connection knows of handlers: it hands the request over with a send callback.
    server_.Handle(std::move(match_), std::move(req), [self = shared_from_this()](Response res) {
      net::dispatch(self->stream_.get_executor(),
                    [self, res = std::move(res)]() mutable { self->Send(std::move(res)); });
    });
  }

  Request BuildRequest() {
    http::request<http::string_body> msg = parser_->release();
    parser_.reset();
    Request req;
    req.method = method_;
    req.target = std::string(msg.target());
    req.path = std::move(target_.path);
    req.query = std::move(target_.query);
    req.headers.reserve(size_t(std::distance(msg.begin(), msg.end())));
    for (const auto& field : msg) req.headers.emplace_back(field.name_string(), field.value());
    req.body = std::move(msg.body());
    req.remote_addr = remote_addr_;
    req.request_id = request_id_;
    return req;
  }

  void OnReadError(const beast::error_code& ec) {
    if (ec == http::error::header_limit) {
      return SendError(ErrorResponse(431, "header_too_large", "the request header is too large"),
                       /*close=*/true);
    }
    if (IsMalformed(ec)) {
      return SendError(ErrorResponse(Status::Make(Code::kInvalidArgument, "bad_request",
                                                  "malformed HTTP request: " + ec.message())),
                       /*close=*/true);
    }
    // The peer went away, the read timed out (beast has closed the socket), or we are stopping.
    Close();
  }

  Response TooLarge(size_t limit) {
    return ErrorResponse(Status::TooLarge(fmt::format("the request body exceeds {} bytes", limit)));
  }

  // An error found while reading: answered, then (if `close`) the connection is closed, since the
  // rest of the request is unread.
  void SendError(Response res, bool close) {
    if (request_id_.empty()) request_id_ = server_.NextRequestId();
    close_after_ = close;
    Send(std::move(res));
  }

  void Send(Response res) {
    if (state_ == State::kClosed) {
      if (res.stream) res.stream->End();
      return;
    }
    if (res.status < 200 || res.status > 999 || !HeadersOk(res)) {
      spdlog::error("handler {} {} returned an invalid response (status {}) request_id={}",
                    MethodLabel(method_), route_, res.status, request_id_);
      if (res.stream) res.stream->End();
      res = ErrorResponse(Status::Internal("internal error"));
    }
    if (res.stream) return StartStream(std::move(res));
    const bool keep = keep_alive_ && !close_after_ && !server_.stopping();
    // 204 and 304 have no body, hence no Content-Type or Content-Length either.
    const bool bodiless = res.status == 204 || res.status == 304;
    written_status_ = res.status;
    state_ = State::kWriting;
    stream_.expires_after(server_.config().write_timeout);
    if (PlainHeaders(res.headers)) {
      // The usual case: the head written as text (the same bytes as Beast's serializer, see
      // response_head.h), then head and body in one gather write.
      head_.clear();
      AppendResponseHead(&head_, version_, res.status, bodiless ? "" : res.content_type,
                         res.headers, request_id_, keep,
                         bodiless ? std::nullopt : std::optional<size_t>(res.body.size()));
      body_ = std::move(res.body);
      if (bodiless || method_ == http::verb::head) body_.clear();  // Content-Length stays.
      const std::array<net::const_buffer, 2> buffers{net::buffer(head_), net::buffer(body_)};
      net::async_write(stream_, buffers,
                       beast::bind_front_handler(&Session::OnWrite, shared_from_this(), keep));
      return;
    }
    res_ = {};
    res_.version(version_);
    res_.result(res.status);
    res_.set(http::field::server, "hotline");
    if (!res.content_type.empty() && !bodiless) {
      res_.set(http::field::content_type, res.content_type);
    }
    for (auto& [name, value] : res.headers) res_.insert(name, value);
    res_.set("X-Request-Id", request_id_);
    res_.keep_alive(keep);
    if (!bodiless) {
      res_.body() = std::move(res.body);
      res_.prepare_payload();
    }
    if (method_ == http::verb::head) res_.body().clear();  // Content-Length stays.
    http::async_write(stream_, res_,
                      beast::bind_front_handler(&Session::OnWrite, shared_from_this(), keep));
  }

  static bool HeadersOk(const Response& res) {
    for (const auto& [name, value] : res.headers) {
      if (name.empty() || HasCrOrLf(name) || HasCrOrLf(value)) return false;
    }
    return !HasCrOrLf(res.content_type);
  }

  void OnWrite(bool keep, beast::error_code ec, size_t) {
    Record(written_status_);
    res_ = {};
    body_ = std::string();  // an idle connection keeps no body
    if (ec) return Close();
    if (!keep) return LingerClose();
    DoReadHeader();
  }

  void Record(unsigned status) {
    const double seconds = std::chrono::duration<double>(SteadyClock::now() - started_).count();
    if (!metric_counter_ || metric_route_.data() != route_.data() || metric_method_ != method_ ||
        metric_status_ != status) {
      // One lookup per (route, method, status) change on this connection; hits are the norm.
      const std::string method(MethodLabel(method_));
      const std::string route(route_);
      metric_counter_ = &server_.metrics().GetCounter(
          "hotline_http_requests_total", "HTTP requests by method, route pattern and status.",
          {{"method", method}, {"route", route}, {"status", std::to_string(status)}});
      metric_histogram_ = &server_.metrics().GetHistogram(
          "hotline_http_request_duration_seconds",
          "Time from the end of the request head to the response written, by route pattern.",
          {{"method", method}, {"route", route}});
      metric_route_ = route_;
      metric_method_ = method_;
      metric_status_ = status;
    }
    metric_counter_->Inc();
    metric_histogram_->Observe(seconds);
  }

  // ---- Closing ----

  // After a response with "Connection: close": stop sending, then drain what the client still
  // sends (bounded) so that the kernel does not reset the connection before it reads our answer.
  void LingerClose() {
    state_ = State::kLingering;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return Close();
    stream_.expires_after(kLingerTimeout);
    DoLinger();
  }

  void DoLinger() {
    stream_.async_read_some(net::buffer(scratch_),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              self->lingered_ += n;
                              if (ec || self->lingered_ > kLingerMaxBytes) return self->Close();
                              self->DoLinger();
                            });
  }

  void Close() {
    if (state_ == State::kClosed) return;
    state_ = State::kClosed;
    ping_timer_.cancel();
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
    if (source_) source_->End();
  }

  void OnShutdown() {
    switch (state_) {
      case State::kReadingHeader:
        if (buffer_.size() == 0) Close();  // Idle keep-alive connection.
        return;
      case State::kStreaming:
        source_->Close();  // Flush, send the last chunk, then close.
        return;
      default:
        return;  // The response in flight goes out with "Connection: close".
    }
  }

  // ---- Server-sent events ----

  void StartStream(Response res) {
    state_ = State::kStreaming;
    source_ = std::move(res.stream);
    chunked_ = version_ >= 11;
    sse_head_.emplace();
    sse_head_->version(version_);
    sse_head_->result(res.status);
    sse_head_->set(http::field::server, "hotline");
    sse_head_->set(http::field::content_type, "text/event-stream; charset=utf-8");
    sse_head_->set(http::field::cache_control, "no-cache");
    sse_head_->set("X-Accel-Buffering", "no");
    for (auto& [name, value] : res.headers) sse_head_->insert(name, value);
    sse_head_->set("X-Request-Id", request_id_);
    sse_head_->keep_alive(chunked_);
    if (chunked_) sse_head_->chunked(true);
    sse_serializer_.emplace(*sse_head_);
    writing_ = true;
    stream_.expires_after(server_.config().write_timeout);
    http::async_write_header(stream_, *sse_serializer_,
                             beast::bind_front_handler(&Session::OnStreamHead, shared_from_this()));
  }

  void OnStreamHead(beast::error_code ec, size_t) {
    writing_ = false;
    Record(sse_head_->result_int());
    if (ec) return Close();
    std::weak_ptr<Session> weak = weak_from_this();
    auto executor = stream_.get_executor();
    source_->Attach([weak, executor] {
      net::post(executor, [weak] {
        if (auto self = weak.lock()) self->PumpStream();
      });
    });
    // Watch the socket: SSE clients send nothing, so a completed read means the client is gone.
    stream_.expires_never();
    DoStreamRead();
    ArmPing();
    if (server_.stopping()) source_->Close();
    PumpStream();
  }

  void DoStreamRead() {
    stream_.async_read_some(net::buffer(scratch_),
                            [self = shared_from_this()](beast::error_code ec, size_t) {
                              if (self->state_ != State::kStreaming) return;
                              if (ec) return self->Close();
                              self->DoStreamRead();  // Stray bytes: ignored.
                            });
  }

  void ArmPing() {
    ping_timer_.expires_after(server_.config().sse_ping_interval);
    ping_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || self->state_ != State::kStreaming) return;
      if (!self->writing_) {
        self->chunk_ = ": ping\n\n";
        self->WriteChunk();
      }
      self->ArmPing();
    });
  }

  void PumpStream() {
    if (state_ != State::kStreaming) return;
    // A write stuck on a client that does not read is what lets the queue overflow: check for
    // that even while writing, and drop the connection (which cancels the write).
    if (writing_) {
      if (source_->Overflowed()) DropSlowStream();
      return;
    }
    StreamSource::Batch batch = source_->Take();
    if (batch.abort) return DropSlowStream();
    if (!batch.events.empty()) {
      chunk_.clear();
      for (const std::string& event : batch.events) chunk_ += event;
      return WriteChunk();
    }
    if (batch.finish) FinishStream();
  }

  void DropSlowStream() {
    spdlog::warn("event stream {} dropped: the client is not keeping up (request_id={})", route_,
                 request_id_);
    Close();
  }

  void WriteChunk() {
    writing_ = true;
    stream_.expires_after(server_.config().write_timeout);
    auto on_write = [self = shared_from_this()](beast::error_code ec, size_t) {
      self->writing_ = false;
      if (ec) return self->Close();
      self->PumpStream();
    };
    if (chunked_) {
      net::async_write(stream_, http::make_chunk(net::buffer(chunk_)), std::move(on_write));
    } else {
      net::async_write(stream_, net::buffer(chunk_), std::move(on_write));
    }
  }

  // The producer closed the stream and everything is written: end the response, then close (an
  // event stream is the last exchange on its connection).
  void FinishStream() {
    if (!chunked_) return Close();
    writing_ = true;
    stream_.expires_after(server_.config().write_timeout);
    net::async_write(stream_, http::make_chunk_last(),
                     [self = shared_from_this()](beast::error_code, size_t) { self->Close(); });
  }

 public:
  ~Session() {
    if (source_) source_->End();
    server_.Unregister(this);
  }

 private:
  Impl& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::string remote_addr_;
  State state_ = State::kReadingHeader;

  // The request being read or handled.
  std::optional<http::request_parser<http::string_body>> parser_;
  http::verb method_ = http::verb::unknown;
  unsigned version_ = 11;
  bool keep_alive_ = false;
  bool close_after_ = false;
  std::string request_id_;
  ParsedTarget target_;
  Router::Match match_;
  std::string_view route_ = kUnmatched;  // The matched pattern (owned by the Router).
  SteadyClock::time_point started_;
  http::response<http::string_body> res_;  // a response with headers the server owns (rare)
  std::string head_;                       // the response head being written (AppendResponseHead)
  std::string body_;                       // and its body
  unsigned written_status_ = 0;

  // The last metric series used (a connection usually repeats its requests).
  Counter* metric_counter_ = nullptr;
  Histogram* metric_histogram_ = nullptr;
  std::string_view metric_route_;
  http::verb metric_method_ = http::verb::unknown;
  unsigned metric_status_ = 0;

  // Server-sent events.
  std::shared_ptr<StreamSource> source_;
  std::optional<http::response<http::empty_body>> sse_head_;
  std::optional<http::response_serializer<http::empty_body>> sse_serializer_;
  bool chunked_ = true;
  bool writing_ = false;
  std::string chunk_;
  net::steady_timer ping_timer_;

  std::array<char, 4096> scratch_;  // Discarded reads (linger, event-stream watch).
  size_t lingered_ = 0;
};

// ---- Server::Impl ----

void Server::Impl::Handle(Router::Match match, Request req, SendFn send) {
  switch (match.kind) {
    case Router::Match::Kind::kNotFound:
      return send(NotFoundResponse());
    case Router::Match::Kind::kMethodNotAllowed:
      return send(MethodNotAllowedResponse(std::move(match.allow)));
    case Router::Match::Kind::kFound:
      break;
  }
  req.params = std::move(match.params);
  const Handler* handler = match.handler;
  if (match.options->inline_ok) return send(InvokeHandler(*handler, req, match.pattern));
  if (queued_.fetch_add(1, std::memory_order_relaxed) >= config_.max_queued_requests) {
    queued_.fetch_sub(1, std::memory_order_relaxed);
    Response busy = ErrorResponse(Status::Unavailable("the server is busy; retry shortly"));
    busy.headers.emplace_back("Retry-After", "1");
    return send(std::move(busy));
  }
  pool_.Post([this, handler, route = match.pattern, req = std::move(req),
              send = std::move(send)]() mutable {
    Response res = InvokeHandler(*handler, req, route);
    queued_.fetch_sub(1, std::memory_order_relaxed);
    send(std::move(res));
  });
}

Status Server::Impl::Start() {
  {
    std::lock_guard lock(lifecycle_mu_);
    if (started_) return Status::Internal("Server::Start called twice");
  }
  beast::error_code ec;
  const auto address = net::ip::make_address(config_.host, ec);
  if (ec) return Status::Invalid("not an IP address: " + config_.host, "host");
  const tcp::endpoint endpoint(address, config_.port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    beast::error_code ignored;
    acceptor_.close(ignored);
    return Status::Unavailable(
        fmt::format("cannot listen on {}:{}: {}", config_.host, config_.port, ec.message()));
  }
  port_.store(acceptor_.local_endpoint(ec).port());
  {
    std::lock_guard lock(lifecycle_mu_);
    started_ = true;
  }
  for (auto& ioc : iocs_) work_.emplace_back(ioc->get_executor());
  net::post(acceptor_.get_executor(), [this] { MaybeAccept(); });
  for (auto& ioc : iocs_) {
    io_threads_.emplace_back([this, ioc = ioc.get()] { RunIo(*ioc); });
  }
  spdlog::info("http: listening on {}:{} ({} I/O threads, {} workers)", config_.host, port(),
               config_.io_threads, config_.worker_threads);
  return Status::Ok();
}

void Server::Impl::RunIo(net::io_context& ioc) {
  using Clock = std::chrono::steady_clock;
  const auto spin = config_.io_spin;
  while (true) {
    try {
      if (spin.count() <= 0) {
        ioc.run();
        return;
      }
      // Poll (ready handlers and a non-blocking look at the sockets) until nothing has happened
      // for `spin`, then block for the next event.
      auto last = Clock::now();
      while (!ioc.stopped()) {
        if (ioc.poll() > 0) {
          last = Clock::now();
        } else if (Clock::now() - last >= spin) {
          if (ioc.run_one() == 0) break;
          last = Clock::now();
        }
      }
      return;
    } catch (const std::exception& e) {
      spdlog::error("http: exception on an I/O thread: {}", e.what());
    }
  }
}

void Server::Impl::MaybeAccept() {
  if (stopping()) return;
  if (connections_.load() >= config_.max_connections) {
    accept_paused_.store(true);
    // A session closing from now on sees the flag and resumes us; one that closed in between
    // did not, so check again and take the flag back.
    if (connections_.load() >= config_.max_connections || !accept_paused_.exchange(false)) return;
  }
  net::io_context& ioc = *iocs_[next_ioc_++ % iocs_.size()];
  acceptor_.async_accept(net::make_strand(ioc), beast::bind_front_handler(&Impl::OnAccept, this));
}

void Server::Impl::OnAccept(beast::error_code ec, tcp::socket socket) {
  if (ec) {
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
    spdlog::warn("http: accept failed: {}", ec.message());
    // Out of descriptors and the like: back off a little instead of spinning.
    auto timer = std::make_shared<net::steady_timer>(acceptor_.get_executor(),
                                                     std::chrono::milliseconds(50));
    timer->async_wait([this, timer](beast::error_code) { MaybeAccept(); });
    return;
  }
  beast::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  auto session = std::make_shared<Session>(*this, std::move(socket));
  Register(session);
  session->Start();
  MaybeAccept();
}

void Server::Impl::Register(const std::shared_ptr<Session>& session) {
  connections_.fetch_add(1);
  connections_gauge_.Inc();
  std::lock_guard lock(sessions_mu_);
  sessions_.emplace(session.get(), session);
}

void Server::Impl::Unregister(Session* session) {
  {
    std::lock_guard lock(sessions_mu_);
    sessions_.erase(session);
    if (sessions_.empty()) sessions_cv_.notify_all();
  }
  connections_gauge_.Dec();
  connections_.fetch_sub(1);
  if (!stopping() && accept_paused_.exchange(false)) {
    net::post(acceptor_.get_executor(), [this] { MaybeAccept(); });
  }
}

template <typename Fn>
void Server::Impl::ForEachSession(Fn fn) {
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(sessions_mu_);
    live.reserve(sessions_.size());
    for (auto& [ptr, weak] : sessions_) {
      if (auto s = weak.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) fn(*s);
}

void Server::Impl::Stop() {
  {
    std::lock_guard lock(lifecycle_mu_);
    if (!started_ || stopped_ || stopping_.exchange(true)) return;
  }
  net::post(acceptor_.get_executor(), [this] {
    beast::error_code ignored;
    acceptor_.close(ignored);
  });
  ForEachSession([](Session& s) { s.Shutdown(); });
  auto drained = [this] { return sessions_.empty(); };
  bool all_done;
  {
    std::unique_lock lock(sessions_mu_);
    all_done = sessions_cv_.wait_for(lock, config_.drain_timeout, drained);
  }
  if (!all_done) {
    spdlog::warn("http: closing connections still busy after {}s", config_.drain_timeout.count());
    ForEachSession([](Session& s) { s.ForceClose(); });
    std::unique_lock lock(sessions_mu_);
    sessions_cv_.wait_for(lock, config_.drain_timeout, drained);
  }
  pool_.Join();  // Handlers still running finish; their responses go nowhere.
  work_.clear();
  {
    std::unique_lock lock(sessions_mu_);
    if (!sessions_cv_.wait_for(lock, std::chrono::seconds(1), drained))
      for (auto& ioc : iocs_) ioc->stop();
  }
  for (auto& t : io_threads_) t.join();
  io_threads_.clear();
  {
    std::lock_guard lock(lifecycle_mu_);
    stopped_ = true;
  }
  lifecycle_cv_.notify_all();
  spdlog::info("http: stopped");
}

void Server::Impl::Wait() {
  std::unique_lock lock(lifecycle_mu_);
  lifecycle_cv_.wait(lock, [this] { return !started_ || stopped_; });
}

// ---- Server ----

Server::Server(ServerConfig config, Router& router, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(config), router, metrics)) {}
Server::~Server() { Stop(); }
Status Server::Start() { return impl_->Start(); }
uint16_t Server::port() const { return impl_->port(); }
void Server::Stop() { impl_->Stop(); }
void Server::Wait() { impl_->Wait(); }

}  // namespace hotline::api
