// Attachment bytes on disk: content-addressed by SHA-256 under DATA/files/<first two hex>/<sha256>.
//
// Put writes to a temporary file, fsyncs it and renames it into place (then fsyncs the directory),
// so a file that is visible is complete and durable before the database row that points at it is
// written; identical content is stored once. Every writer of files/ goes through Put (the API's
// uploads, the public form, the email channel).
//
// Removing a file that no row points at any more (RemoveIfIdle, for the sweep of unclaimed public
// uploads) races with a Put of the same content whose row is not written yet. Put therefore marks
// the file as just written (its modification time) — also when the content was there already —
// and RemoveIfIdle removes only a file not marked since a given time, both under one lock: a file
// that a Put is about to point a new row at is never removed. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "src/common/clock.h"
#include "src/common/status.h"

namespace hotline::files {

// Stores `data` and returns its SHA-256 (lower-case hex). Unavailable when the disk refuses.
Result<std::string> Put(const std::string& data_dir, std::string_view data);
// The bytes stored under `sha256`; NotFound when missing.
Result<std::string> Read(const std::string& data_dir, const std::string& sha256);
// Removes the file of `sha256` if no Put has stored it since `idle_since` (its modification time is
// older). True if it was removed; false if it was missing or recent.
Result<bool> RemoveIfIdle(const std::string& data_dir, const std::string& sha256,
                          TimePoint idle_since);

}  // namespace hotline::files
