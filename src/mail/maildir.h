// The maildir watcher of `hotline serve --maildir DIR`: every few seconds it imports each file in
// DIR/new and then moves it to DIR/cur with the Seen flag (":2,S"). The move happens only after
// the import's commit; a crash in between leaves the file in new/, and the next scan finds its key
// already imported (MailImporter) and just moves it — a message never becomes two cases. A
// message that cannot be read is moved with the Flagged flag (":2,F") for a person to look at;
// a store failure leaves the file in new/ for the next scan.
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "src/mail/importer.h"

namespace hotline::mail {

struct ScanReport {
  int imported = 0;
  int already = 0;
  int rejected = 0;
  int failed = 0;  // left in new/ for the next scan
};

class MaildirWatcher {
 public:
  // REQUIRES: dir exists or can be created (new/, cur/, tmp/ are created).
  MaildirWatcher(MailImporter& importer, std::string dir,
                 std::chrono::milliseconds interval = std::chrono::seconds(5));
  ~MaildirWatcher();

  // One pass over new/, on the calling thread.
  Result<ScanReport> ScanOnce();
  void Start();
  void Stop();

 private:
  void Loop();

  MailImporter& importer_;
  std::string dir_;
  std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace hotline::mail
