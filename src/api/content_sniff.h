// What a file is, judged by its content (magic bytes), and the upload check built on it.
//
// Attachments from staff and from citizens are accepted only when their bytes are a JPEG, PNG,
// GIF, WebP image or a PDF document, and when what the client declared (its Content-Type and the
// file name's extension) agrees with what the bytes are. A PNG named .pdf, an HTML page sent as
// image/png, or a ZIP of any name is refused; nothing is silently renamed or converted. The stored
// content type is always the sniffed one. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "src/common/status.h"

namespace hotline::api {

enum class FileKind { kJpeg, kPng, kGif, kWebp, kPdf };

// The kind of `data` from its first bytes, or nullopt when it is none of the accepted kinds.
std::optional<FileKind> SniffFileKind(std::string_view data);

// "image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf".
std::string_view MimeTypeOf(FileKind kind);

// The accepted upload, with the content type to store (the sniffed one).
struct CheckedFile {
  FileKind kind;
  std::string content_type;
};

// Checks an upload: `data` must be non-empty, at most `max_bytes`, and of an accepted kind; the
// declared Content-Type (parameters such as "; charset" ignored; empty or
// application/octet-stream means "not declared") must name the same kind; the file name's
// extension (.jpg/.jpeg, .png, .gif, .webp, .pdf; case-insensitive) must match the kind.
// Errors: TooLarge (413) over max_bytes; Invalid (400, field "body") when empty;
// Unprocessable with reason "unsupported_file_type" (422, field "body") for other content, and
// reason "file_type_mismatch" (422, field "Content-Type" or "X-Filename") for disagreement.
Result<CheckedFile> CheckUpload(std::string_view data, std::string_view declared_type,
                                std::string_view filename, size_t max_bytes);

}  // namespace hotline::api
