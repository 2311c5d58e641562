// Attachment bytes on disk: content-addressed by SHA-256 under DATA/files/<first two hex>/<sha256>.
//
// Put writes to a temporary file, fsyncs it and renames it into place, so a file that is visible is
// complete and durable before the database row that points at it is written; identical content is
// stored once. Thread-safe (concurrent writers of the same content each write their own temporary
// file; the rename is atomic).
#pragma once

#include <string>
#include <string_view>

#include "src/common/status.h"

namespace hotline::api {

// Stores `data` and returns its SHA-256 (lower-case hex). Unavailable when the disk refuses.
Result<std::string> PutFile(const std::string& data_dir, std::string_view data);
// The bytes stored under `sha256`; NotFound when missing.
Result<std::string> ReadFile(const std::string& data_dir, const std::string& sha256);

}  // namespace hotline::api
