// The sweep of unclaimed public uploads (api/upload_sweep.h) on a real store and real files: an
// upload nobody sent within a day loses its row, and its file too unless an attachment, another
// upload, or a fresh upload of the same content still needs it.
#include "src/api/upload_sweep.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "src/common/crypto.h"
#include "src/common/file_store.h"
#include "tests/fakes/test_city.h"

namespace hotline::testing {
namespace {

using namespace std::chrono_literals;

// Sets a stored file's modification time (what RemoveIfIdle reads) to `at`.
void Age(const std::string& data_dir, const std::string& sha, TimePoint at) {
  const auto path = std::filesystem::path(data_dir) / "files" / sha.substr(0, 2) / sha;
  const int64_t ms = ToUnixMillis(at);
  timespec times[2];
  times[0].tv_sec = times[1].tv_sec = time_t(ms / 1000);
  times[0].tv_nsec = times[1].tv_nsec = long(ms % 1000) * 1000000;
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0) << path;
}

TEST(UploadSweep, UnclaimedUploadsExpireAndOnlyUnneededFilesGo) {
  TempDir dir;
  auto store = OpenTestStore(dir.db());
  const TimePoint now = std::chrono::time_point_cast<Millis>(std::chrono::system_clock::now());
  const TimePoint old = now - 30h;

  struct Up {
    std::string content;
    TimePoint created;
    std::string case_id;
    std::string sha;
  };
  std::vector<Up> ups = {
      {"甲：无人认领的旧文件", old, "", ""},        // 0: row and file go
      {"乙：内容也是某件工单的附件", old, "", ""},  // 1: row goes, file stays (attachment)
      {"丙：一小时前上传", now - 1h, "", ""},       // 2: stays (not expired)
      {"丁：已随诉求提交", old, "7", ""},           // 3: stays (claimed)
      {"戊：刚刚又上传了一次", old, "", ""},        // 4: row goes, file stays (stored again)
  };
  int n = 0;
  for (auto& u : ups) {
    auto sha = files::Put(dir.path(), u.content);
    ASSERT_TRUE(sha.ok());
    u.sha = *sha;
    Age(dir.path(), u.sha, old);
    store::PublicUpload row{Sha256Hex("ticket" + std::to_string(n++)),
                            u.sha,
                            "photo.jpg",
                            "image/jpeg",
                            int64_t(u.content.size()),
                            "203.0.113.9",
                            u.created,
                            u.case_id};
    ASSERT_TRUE(store->Write([&](store::WriteTx& tx) { return tx.PutPublicUpload(row); }).ok());
  }
  store::Attachment a{"", "9", "现场照片.jpg", "image/jpeg", 10, ups[1].sha, "u1", old};
  ASSERT_TRUE(store->Write([&](store::WriteTx& tx) { return tx.PutAttachment(a); }).ok());
  // The same content as upload 4 comes in again now (its new row is not written yet).
  ASSERT_TRUE(files::Put(dir.path(), ups[4].content).ok());

  auto swept = api::SweepUnclaimedUploads(*store, dir.path(), now);
  ASSERT_TRUE(swept.ok()) << swept.status().ToString();
  EXPECT_EQ(swept->uploads, 3);
  EXPECT_EQ(swept->files, 1);

  EXPECT_TRUE(files::Read(dir.path(), ups[0].sha).status().IsNotFound());
  for (int i : {1, 2, 3, 4}) EXPECT_TRUE(files::Read(dir.path(), ups[size_t(i)].sha).ok()) << i;
  auto tx = store->Read();
  ASSERT_TRUE(tx.ok());
  for (int i = 0; i < 5; ++i) {
    auto row = (*tx)->GetPublicUpload(Sha256Hex("ticket" + std::to_string(i)));
    EXPECT_EQ(row.ok(), i == 2 || i == 3) << i;
  }

  // Nothing left to do: a second sweep removes nothing.
  auto again = api::SweepUnclaimedUploads(*store, dir.path(), now);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->uploads, 0);
  EXPECT_EQ(again->files, 0);
}

TEST(UploadSweep, RemoveIfIdleLeavesRecentAndMissingFilesAndRejectsBadNames) {
  TempDir dir;
  auto sha = files::Put(dir.path(), "附件内容");
  ASSERT_TRUE(sha.ok());
  const TimePoint now = std::chrono::time_point_cast<Millis>(std::chrono::system_clock::now());
  auto r = files::RemoveIfIdle(dir.path(), *sha, now - 1h);  // written just now: not idle
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(*r);
  r = files::RemoveIfIdle(dir.path(), *sha, now + 1h);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(*r);
  r = files::RemoveIfIdle(dir.path(), *sha, now + 1h);  // gone already
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(*r);
  r = files::RemoveIfIdle(dir.path(), "../../hotline.db", now + 1h);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(*r);
}

}  // namespace
}  // namespace hotline::testing
