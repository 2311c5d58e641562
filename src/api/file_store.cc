#include "src/api/file_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "src/common/crypto.h"

namespace hotline::api {
namespace fs = std::filesystem;

namespace {

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

Result<std::string> PutFile(const std::string& data_dir, std::string_view data) {
  std::string sha = Sha256Hex(data);
  fs::path file = PathOf(data_dir, sha);
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  if (fs::exists(file, ec) && fs::file_size(file, ec) == data.size()) return sha;
  fs::path tmp = file;
  tmp += "." + RandomHex(6) + ".tmp";
  if (!WriteAllAndSync(tmp, data)) {
    fs::remove(tmp, ec);
    return Status::Unavailable("the file could not be stored");
  }
  fs::rename(tmp, file, ec);
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

Result<std::string> ReadFile(const std::string& data_dir, const std::string& sha256) {
  if (sha256.size() < 2 || sha256.find_first_not_of("0123456789abcdef") != std::string::npos)
    return Status::NotFound("the file is missing from storage");
  std::ifstream in(PathOf(data_dir, sha256), std::ios::binary);
  if (!in) return Status::NotFound("the file is missing from storage");
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace hotline::api
