// `hotline seed` sums the KPI rollups of the whole load in memory and writes them at its end (see
// src/app/bulk_seed.h): a seed stopped before then leaves cases in the database without their
// counts. Black box: the real seed, killed half-way, and the real server, which must refuse that
// data directory with a message saying what to do instead of serving wrong KPIs.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "tests/api/harness.h"

namespace hotline::apitest {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

// Waits up to `seconds` for p to end; its exit code, or -1 if it is still running (then killed).
int WaitFor(pid_t p, int seconds) {
  int st = 0;
  for (int i = 0; i < seconds * 20; ++i) {
    if (::waitpid(p, &st, WNOHANG) == p) return WIFEXITED(st) ? WEXITSTATUS(st) : -2;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(p, SIGKILL);
  ::waitpid(p, &st, 0);
  return -1;
}

TEST(SeedInterrupted, ServeRefusesADataDirectoryWhoseSeedDidNotFinish) {
  char tmpl[] = "/tmp/hotline-seed-XXXXXX";
  const std::string dir = ::mkdtemp(tmpl);
  const std::string data = dir + "/data";
  const std::string seed_log = dir + "/seed.log";
  // Far more cases than are written before the kill: the first 100,000 are in (the progress line
  // says so), the rollups of the load are not.
  pid_t seed = Server::Spawn({HOTLINE_BINARY, "seed", "--data", data, "--cases", "3000000",
                              "--batch", "2000", "--assets", "data"},
                             seed_log);
  bool loading = false;
  for (int i = 0; i < 6000 && !loading; ++i) {  // up to 5 minutes on a busy machine
    loading = ReadAll(seed_log).find("seed: 100000 cases") != std::string::npos;
    if (!loading) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(seed, SIGKILL);
  int st = 0;
  ::waitpid(seed, &st, 0);
  ASSERT_TRUE(loading) << ReadAll(seed_log);
  EXPECT_EQ(ReadAll(seed_log).find("KPI rollups"), std::string::npos) << ReadAll(seed_log);

  const std::string serve_log = dir + "/serve.log";
  pid_t serve = Server::Spawn({HOTLINE_BINARY, "serve", "--data", data, "--listen",
                               "127.0.0.1:" + std::to_string(FreePort()), "--workers", "2"},
                              serve_log);
  const int code = WaitFor(serve, 60);
  EXPECT_NE(code, 0) << "serve opened an interrupted seed\n" << ReadAll(serve_log);
  EXPECT_NE(code, -1) << "serve is still running on an interrupted seed\n" << ReadAll(serve_log);
  EXPECT_NE(ReadAll(serve_log).find("interrupted `hotline seed`"), std::string::npos)
      << ReadAll(serve_log);
  // Seeding again into the same directory is refused too: it must be removed first.
  const std::string again_log = dir + "/again.log";
  EXPECT_NE(WaitFor(Server::Spawn({HOTLINE_BINARY, "seed", "--data", data, "--cases", "10",
                                   "--assets", "data"},
                                  again_log),
                    60),
            0);
  EXPECT_NE(ReadAll(again_log).find("remove it"), std::string::npos) << ReadAll(again_log);
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

}  // namespace
}  // namespace hotline::apitest
