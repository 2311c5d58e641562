// fsync_rate: how many durable commits per second this disk gives, the floor under any
// "acknowledged only once fsynced" write rate.
//
//   1. raw:    a loop of pwrite(4 KiB) + fdatasync on a file in DIR, for SECONDS, once appending
//              (each fdatasync also commits the file's new size) and once overwriting a
//              preallocated 4 MiB region in a cycle (as SQLite does when it reuses its WAL);
//   2. sqlite: single-row INSERT commits on a fresh database in DIR with the server's settings
//              (journal_mode=WAL, synchronous=FULL), for SECONDS.
//
// A group-committing server can exceed these rates only by sharing one fsync among several
// requests. Both files are removed afterwards.
//
// Usage: fsync_rate DIR [SECONDS=5]
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

int RawRate(const std::string& dir, double seconds, bool overwrite) {
  const std::string path = dir + "/fsync_rate.tmp";
  int fd = ::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0600);
  if (fd < 0) {
    std::perror(path.c_str());
    return 1;
  }
  std::vector<char> block(4096, 'x');
  const off_t region = 4 << 20;
  if (overwrite) {
    std::vector<char> fill(region, 'z');
    if (::pwrite(fd, fill.data(), fill.size(), 0) != ssize_t(fill.size()) || ::fsync(fd) != 0) {
      std::perror("prefill");
      return 1;
    }
  }
  std::vector<double> lat;
  off_t off = 0;
  auto start = Clock::now(), now = start;
  while (Seconds(start, now) < seconds) {
    auto t0 = Clock::now();
    if (::pwrite(fd, block.data(), block.size(), off) != ssize_t(block.size()) || ::fdatasync(fd) != 0) {
      std::perror("write/fdatasync");
      return 1;
    }
    off += off_t(block.size());
    if (overwrite && off >= region) off = 0;
    now = Clock::now();
    lat.push_back(Seconds(t0, now) * 1e6);
  }
  ::close(fd);
  ::unlink(path.c_str());
  double total = Seconds(start, now);
  double sum = 0, mx = 0;
  for (double l : lat) sum += l, mx = l > mx ? l : mx;
  std::printf("raw %s write(4 KiB)+fdatasync: %zu in %.1f s = %.0f /s (mean %.0f us, max %.0f us)\n",
              overwrite ? "overwrite" : "append   ", lat.size(), total, lat.size() / total, sum / lat.size(), mx);
  return 0;
}

int SqliteRate(const std::string& dir, double seconds) {
  const std::string path = dir + "/fsync_rate.db";
  for (const char* suffix : {"", "-wal", "-shm"}) ::unlink((path + suffix).c_str());
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    std::fprintf(stderr, "sqlite3_open %s failed\n", path.c_str());
    return 1;
  }
  char* err = nullptr;
  if (sqlite3_exec(db,
                   "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                   "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT NOT NULL);",
                   nullptr, nullptr, &err) != SQLITE_OK) {
    std::fprintf(stderr, "sqlite: %s\n", err);
    return 1;
  }
  sqlite3_stmt* ins = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO t(v) VALUES(?1)", -1, &ins, nullptr);
  const std::string payload(300, 'y');  // about one case row
  size_t n = 0;
  auto start = Clock::now(), now = start;
  while (Seconds(start, now) < seconds) {
    // Autocommit: one statement = one transaction = one WAL fsync (synchronous=FULL).
    sqlite3_bind_text(ins, 1, payload.c_str(), int(payload.size()), SQLITE_STATIC);
    if (sqlite3_step(ins) != SQLITE_DONE) {
      std::fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db));
      return 1;
    }
    sqlite3_reset(ins);
    ++n;
    now = Clock::now();
  }
  double total = Seconds(start, now);
  sqlite3_finalize(ins);
  sqlite3_close(db);
  for (const char* suffix : {"", "-wal", "-shm"}) ::unlink((path + suffix).c_str());
  std::printf("sqlite WAL synchronous=FULL 1-row commits: %zu in %.1f s = %.0f /s\n", n, total,
              n / total);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR [SECONDS=5]\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  const double seconds = argc > 2 ? std::atof(argv[2]) : 5.0;
  if (int rc = RawRate(dir, seconds, false)) return rc;
  if (int rc = RawRate(dir, seconds, true)) return rc;
  return SqliteRate(dir, seconds);
}
