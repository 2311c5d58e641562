#include "src/mail/maildir.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace hotline::mail {
namespace fs = std::filesystem;

MaildirWatcher::MaildirWatcher(MailImporter& importer, std::string dir,
                               std::chrono::milliseconds interval)
    : importer_(importer), dir_(std::move(dir)), interval_(interval) {}

MaildirWatcher::~MaildirWatcher() { Stop(); }

Result<ScanReport> MaildirWatcher::ScanOnce() {
  std::error_code ec;
  for (const char* sub : {"new", "cur", "tmp"}) fs::create_directories(fs::path(dir_) / sub, ec);
  if (ec) return Status::Unavailable("cannot use the maildir " + dir_ + ": " + ec.message());
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(fs::path(dir_) / "new", ec))
    if (entry.is_regular_file() && entry.path().filename().string()[0] != '.')
      files.push_back(entry.path());
  if (ec) return Status::Unavailable("cannot list " + dir_ + "/new: " + ec.message());
  std::sort(files.begin(), files.end());  // maildir names start with the delivery time
  ScanReport report;
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    if (!in) {
      ++report.failed;
      continue;
    }
    auto r = importer_.Import(ss.str());
    std::string flag = "S";
    const std::string name = path.filename().string();
    if (r.ok()) {
      if (r->already) {
        ++report.already;
        spdlog::info("maildir: {} was already imported as case {}", name, r->case_number);
      } else {
        ++report.imported;
        spdlog::info("maildir: {} → case {} ({} attachments)", name, r->case_number,
                     r->attachments);
      }
    } else if (r.status().IsInvalid()) {
      ++report.rejected;
      flag = "F";
      spdlog::warn("maildir: {} rejected: {}", name, r.status().message());
    } else {
      ++report.failed;
      spdlog::warn("maildir: {} not imported now, retried next scan: {}", name,
                   r.status().message());
      continue;
    }
    std::string base = name.substr(0, name.find(":2,"));
    fs::rename(path, fs::path(dir_) / "cur" / (base + ":2," + flag), ec);
    if (ec) spdlog::warn("maildir: cannot move {} to cur/: {}", name, ec.message());
  }
  return report;
}

void MaildirWatcher::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void MaildirWatcher::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void MaildirWatcher::Loop() {
  while (true) {
    auto r = ScanOnce();
    if (!r.ok()) spdlog::warn("maildir: {}", r.status().message());
    std::unique_lock lock(mu_);
    if (cv_.wait_for(lock, interval_, [&] { return stop_; })) return;
  }
}

}  // namespace hotline::mail
