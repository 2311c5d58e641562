#pragma once
// WalWatch: tells, without a system call or a lock, whether anything was committed to a WAL-mode
// SQLite database since a given moment — by this process or by any other.
//
// Every commit in WAL mode writes a new WAL-index header at the start of the database's `-shm`
// file (https://www.sqlite.org/walformat.html, "The WAL-Index Header": the change counter, mxFrame,
// page count, checksums and salts; 48 bytes, written by the committer after the frames are in
// the log). WalWatch maps the first page of that file read-only and copies the header's first
// copy. Two equal stamps mean no transaction committed in between; a torn copy (read while a
// commit rewrites it) never equals an earlier stamp, so the answer is at worst "changed".
//
// Used by SqliteStore to keep a reader's snapshot open across requests while nothing has been
// committed (see SqliteStore::Read). The watch must be created after a connection has opened the
// database in WAL mode (so the -shm file exists) and destroyed only after this process's
// connections have closed: its descriptor of the -shm file, once closed, takes this process's
// POSIX locks on that file with it (below). Its mapping is not read after that.
#include <array>
#include <memory>
#include <string>

#include "src/common/status.h"

namespace hotline::store::sqlite {

class WalWatch {
 public:
  using Stamp = std::array<unsigned char, 48>;

  // Maps `db_path` + "-shm". Fails (and the caller does without) if the file is missing or
  // smaller than a header.
  static Result<std::unique_ptr<WalWatch>> Open(const std::string& db_path);
  ~WalWatch();
  WalWatch(const WalWatch&) = delete;
  WalWatch& operator=(const WalWatch&) = delete;

  // The current header. Take it *before* a read transaction's snapshot is established: a commit
  // between the two then shows as a change at the next comparison, never the other way round.
  Stamp Now() const;

 private:
  WalWatch(const void* map, size_t size, int fd) : map_(map), size_(size), fd_(fd) {}
  const void* map_;
  size_t size_;
  // Kept open while the mapping lives: closing any descriptor of the WAL index releases every
  // POSIX lock this process holds on it, SQLite's own included; another process opening the
  // database then believed it was the only one and truncated the WAL index under this process's
  // mappings (SIGBUS in `hotline serve` while `hotline import-mail` ran).
  int fd_;
};

}  // namespace hotline::store::sqlite
