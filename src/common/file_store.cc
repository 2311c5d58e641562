#include "src/common/file_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>

#include "src/common/crypto.h"

namespace hotline::files {
namespace fs = std::filesystem;

namespace {

// Orders Put's "the file is there and fresh" against RemoveIfIdle's "old, remove it".
std::mutex g_files_mu;

bool IsSha(const std::string& sha) {
  return sha.size() == 64 && sha.find_first_not_of("0123456789abcdef") == std::string::npos;
}

fs::path PathOf(const std::string& data_dir, const std::string& sha) {
  return fs::path(data_dir) / "files" / sha.substr(0, 2) / sha;
}

bool WriteAllAndSync(const fs::path& p, std::string_view data) {
  int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n <= 0) {
      ::close(fd);
      return false;
    }
    done += size_t(n);
  }
  bool ok = ::fsync(fd) == 0;
  return ::close(fd) == 0 && ok;
}

}  // namespace

Result<std::string> Put(const std::string& data_dir, std::string_view data) {
  std::string sha = Sha256Hex(data);
  fs::path file = PathOf(data_dir, sha);
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  {
    // There already: mark it as just written (RemoveIfIdle leaves it), under the lock.
    std::lock_guard lock(g_files_mu);
    if (fs::exists(file, ec) && fs::file_size(file, ec) == data.size() &&
        ::utimensat(AT_FDCWD, file.c_str(), nullptr, 0) == 0)
      return sha;
  }
  fs::path tmp = file;
  tmp += "." + RandomHex(6) + ".tmp";
  if (!WriteAllAndSync(tmp, data)) {
    fs::remove(tmp, ec);
    return Status::Unavailable("the file could not be stored");
  }
  {
    std::lock_guard lock(g_files_mu);
    fs::rename(tmp, file, ec);
  }
  if (ec) {
    fs::remove(tmp, ec);
    return Status::Unavailable("the file could not be stored");
  }
  // The directory entry too, so the rename survives a crash.
  int dfd = ::open(file.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    (void)::fsync(dfd);
    ::close(dfd);
  }
  return sha;
}

Result<std::string> Read(const std::string& data_dir, const std::string& sha256) {
  if (!IsSha(sha256)) return Status::NotFound("the file is missing from storage");
  std::ifstream in(PathOf(data_dir, sha256), std::ios::binary);
  if (!in) return Status::NotFound("the file is missing from storage");
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

Result<bool> RemoveIfIdle(const std::string& data_dir, const std::string& sha256,
                          TimePoint idle_since) {
  if (!IsSha(sha256)) return false;
  const fs::path file = PathOf(data_dir, sha256);
  std::lock_guard lock(g_files_mu);
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return false;
  const int64_t mtime_ms = int64_t(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
  if (mtime_ms >= ToUnixMillis(idle_since)) return false;
  std::error_code ec;
  if (!fs::remove(file, ec) || ec)
    return Status::Unavailable("the file could not be removed: " + ec.message());
  return true;
}

}  // namespace hotline::files
