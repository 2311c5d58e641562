#include "src/api/upload_sweep.h"

#include "src/common/file_store.h"

namespace hotline::api {

Result<UploadSweep> SweepUnclaimedUploads(store::Store& store, const std::string& data_dir,
                                          TimePoint now) {
  const TimePoint before = now - kPublicUploadLifetime;
  UploadSweep out;
  store::DroppedUploads dropped;
  HOTLINE_RETURN_IF_ERROR(store.Write([&](store::WriteTx& tx) -> Status {
    HOTLINE_ASSIGN_OR_RETURN(dropped, tx.DropUnclaimedUploads(before));
    return Status::Ok();
  }));
  out.uploads = int(dropped.uploads);
  for (const auto& sha : dropped.unused_files) {
    HOTLINE_ASSIGN_OR_RETURN(bool removed, files::RemoveIfIdle(data_dir, sha, before));
    if (removed) ++out.files;
  }
  return out;
}

}  // namespace hotline::api
