// Durability under SIGKILL: a child process performs acknowledged writes and reports each
// acknowledged case id through a pipe; the parent kills it mid-stream, reopens the store, and
// every acknowledged case (with its event chain) must be there.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "src/workflow/audit.h"
#include "tests/fakes/test_city.h"

namespace hotline::testing {
namespace {

using namespace hotline::domain;

[[noreturn]] void ChildWrites(const std::string& db, int fd) {
  try {
    auto store = OpenTestStore(db);
    for (int i = 0;; ++i) {
      std::string id;
      Status st = store->Write([&](store::WriteTx& tx) -> Status {
        Case c;
        c.title = "crash " + std::to_string(i);
        c.content = "x";
        c.citizen.phone = "1380000" + std::to_string(1000 + i % 9000);
        c.created_at = *ParseRfc3339("2026-11-25T10:00:00+08:00");
        c.updated_at = c.created_at;
        HOTLINE_RETURN_IF_ERROR(tx.InsertCase(c, 480));
        for (const char* action : {"register", "comment"}) {
          Event e;
          e.case_id = c.id;
          e.at = c.created_at;
          e.actor_id = "u1";
          e.action = action;
          e.data = {{"i", i}};
          HOTLINE_RETURN_IF_ERROR(tx.AppendEvent(e));
        }
        id = c.id;
        return Status::Ok();
      });
      if (!st.ok()) ::_exit(3);
      std::string line = id + "\n";  // acknowledged: tell the parent
      if (::write(fd, line.data(), line.size()) != ssize_t(line.size())) ::_exit(4);
    }
  } catch (...) {
    ::_exit(2);
  }
}

TEST(CrashTest, AcknowledgedWritesSurviveSigkill) {
  TempDir dir;
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(fds[0]);
    ChildWrites(dir.db(), fds[1]);
  }
  ::close(fds[1]);
  // Wait for the first acknowledged write (opening a fresh store applies every migration, which
  // takes a few fsyncs: slow on a loaded machine), then let the child write for 300 ms more.
  std::string text;
  char buf[4096];
  for (int waited = 0; text.find('\n') == std::string::npos && waited < 200; ++waited) {
    pollfd p{fds[0], POLLIN, 0};
    if (::poll(&p, 1, 50) > 0) {
      ssize_t n = ::read(fds[0], buf, sizeof buf);
      if (n <= 0) break;
      text.append(buf, size_t(n));
    }
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  int wstatus = 0;
  ASSERT_EQ(::waitpid(pid, &wstatus, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(wstatus)) << "the child exited early with status "
                                    << (WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1);
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) text.append(buf, size_t(n));
  ::close(fds[0]);
  std::vector<std::string> ids;
  for (size_t pos = 0, nl; (nl = text.find('\n', pos)) != std::string::npos; pos = nl + 1)
    ids.push_back(text.substr(pos, nl - pos));
  ASSERT_GT(ids.size(), 0u) << "the child acknowledged no write in 10 s";

  auto store = OpenTestStore(dir.db());
  auto tx = store->Read();
  ASSERT_TRUE(tx.ok());
  int missing = 0;
  for (const auto& id : ids) {
    auto c = (*tx)->GetCase(id);
    if (!c.ok()) {
      ++missing;
      ADD_FAILURE() << "acknowledged case " << id << " is lost: " << c.status().ToString();
      continue;
    }
    EXPECT_EQ(c->last_seq, 2) << id;
  }
  EXPECT_EQ(missing, 0) << "of " << ids.size() << " acknowledged";
  EXPECT_GE(*(*tx)->CountCases(), int64_t(ids.size()));
  tx->reset();
  auto report = workflow::VerifyAudit(*store);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->ok()) << (report->problems.empty() ? "" : report->problems[0]);
  EXPECT_GE(report->cases, int64_t(ids.size()));
  EXPECT_GE(report->events, 2 * int64_t(ids.size()));
  std::printf("crash test: %zu acknowledged writes, all present\n", ids.size());
}

}  // namespace
}  // namespace hotline::testing
