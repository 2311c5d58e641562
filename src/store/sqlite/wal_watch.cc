#include "src/store/sqlite/wal_watch.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstring>

namespace hotline::store::sqlite {

Result<std::unique_ptr<WalWatch>> WalWatch::Open(const std::string& db_path) {
  const std::string path = db_path + "-shm";
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::Unavailable("no WAL index at " + path);
  struct stat st {};
  // On failure the descriptor is left open on purpose (one, once per store): closing it would
  // release this process's POSIX locks on the WAL index, SQLite's included (see the header).
  if (::fstat(fd, &st) != 0 || st.st_size < static_cast<off_t>(sizeof(Stamp)))
    return Status::Unavailable("WAL index " + path + " is not initialised");
  const size_t size = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED) return Status::Unavailable("cannot map " + path);
  return std::unique_ptr<WalWatch>(new WalWatch(map, size, fd));
}

WalWatch::~WalWatch() {
  ::munmap(const_cast<void*>(map_), size_);
  ::close(fd_);
}

WalWatch::Stamp WalWatch::Now() const {
  Stamp s;
  // Another process writes this memory; the fences order the copy with this thread's later
  // (acquire) and earlier (release) accesses, as SQLite's own walIndexTryHdr does with its barrier.
  std::atomic_thread_fence(std::memory_order_seq_cst);
  std::memcpy(s.data(), map_, s.size());
  std::atomic_thread_fence(std::memory_order_seq_cst);
  return s;
}

}  // namespace hotline::store::sqlite
