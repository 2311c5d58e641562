// Files citizens upload with the public form (POST /api/v1/public/uploads) wait for the submission
// that carries them. One that no submission claims within kPublicUploadLifetime has expired: a
// submission naming it is refused as for an unknown upload, and the sweep removes its row and —
// when nothing else points at the same content — its file.
#pragma once

#include <chrono>
#include <string>

#include "src/common/clock.h"
#include "src/common/status.h"
#include "src/store/store.h"

namespace hotline::api {

inline constexpr std::chrono::hours kPublicUploadLifetime{24};

struct UploadSweep {
  int uploads = 0;  // unclaimed uploads removed
  int files = 0;    // files removed from disk
};

// Removes the uploads made before now − kPublicUploadLifetime that no submission claimed, then
// their files that no row points at any more and that no upload stored again since that time
// (files::RemoveIfIdle). A file left behind by a failure is removed by a later sweep only if a row
// still points at it — otherwise it stays on disk (harmless; never a missing file).
Result<UploadSweep> SweepUnclaimedUploads(store::Store& store, const std::string& data_dir,
                                          TimePoint now);

}  // namespace hotline::api
