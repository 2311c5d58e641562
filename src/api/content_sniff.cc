#include "src/api/content_sniff.h"

#include <array>

namespace hotline::api {

namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& ch : out)
    if (ch >= 'A' && ch <= 'Z') ch = char(ch - 'A' + 'a');
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<FileKind> KindOfMime(std::string_view mime) {
  if (mime == "image/jpeg" || mime == "image/jpg" || mime == "image/pjpeg") return FileKind::kJpeg;
  if (mime == "image/png") return FileKind::kPng;
  if (mime == "image/gif") return FileKind::kGif;
  if (mime == "image/webp") return FileKind::kWebp;
  if (mime == "application/pdf") return FileKind::kPdf;
  return std::nullopt;
}

std::optional<FileKind> KindOfExtension(std::string_view ext) {
  if (ext == "jpg" || ext == "jpeg" || ext == "jpe") return FileKind::kJpeg;
  if (ext == "png") return FileKind::kPng;
  if (ext == "gif") return FileKind::kGif;
  if (ext == "webp") return FileKind::kWebp;
  if (ext == "pdf") return FileKind::kPdf;
  return std::nullopt;
}

}  // namespace

std::optional<FileKind> SniffFileKind(std::string_view d) {
  using namespace std::string_view_literals;
  if (d.size() >= 4 && StartsWith(d, "\xFF\xD8\xFF"sv)) return FileKind::kJpeg;
  if (StartsWith(d, "\x89PNG\r\n\x1A\n"sv) && d.size() > 8) return FileKind::kPng;
  if ((StartsWith(d, "GIF87a"sv) || StartsWith(d, "GIF89a"sv)) && d.size() > 6)
    return FileKind::kGif;
  if (d.size() >= 16 && StartsWith(d, "RIFF"sv) && d.substr(8, 4) == "WEBP"sv &&
      (d.substr(12, 4) == "VP8 "sv || d.substr(12, 4) == "VP8L"sv || d.substr(12, 4) == "VP8X"sv))
    return FileKind::kWebp;
  // PDF: "%PDF-" followed by a version digit. Some writers put a few bytes before the header;
  // readers accept it within the first 1024 bytes, and so do we.
  auto head = d.substr(0, 1024);
  auto at = head.find("%PDF-"sv);
  if (at != std::string_view::npos && at + 5 < d.size() && d[at + 5] >= '1' && d[at + 5] <= '9')
    return FileKind::kPdf;
  return std::nullopt;
}

std::string_view MimeTypeOf(FileKind kind) {
  switch (kind) {
    case FileKind::kJpeg:
      return "image/jpeg";
    case FileKind::kPng:
      return "image/png";
    case FileKind::kGif:
      return "image/gif";
    case FileKind::kWebp:
      return "image/webp";
    case FileKind::kPdf:
      return "application/pdf";
  }
  return "application/octet-stream";
}

Result<CheckedFile> CheckUpload(std::string_view data, std::string_view declared_type,
                                std::string_view filename, size_t max_bytes) {
  if (data.empty()) return Status::Invalid("the file is empty", "body");
  if (data.size() > max_bytes)
    return Status::TooLarge("the file is larger than " + std::to_string(max_bytes >> 20) + " MB");
  auto kind = SniffFileKind(data);
  if (!kind)
    return Status::Make(Code::kUnprocessable, "unsupported_file_type",
                        "only JPEG, PNG, GIF or WebP images and PDF documents are accepted "
                        "(judged by the file's content)",
                        "body");
  const std::string declared = Lower(Trim(declared_type.substr(0, declared_type.find(';'))));
  if (!declared.empty() && declared != "application/octet-stream") {
    auto dk = KindOfMime(declared);
    if (!dk || *dk != *kind)
      return Status::Make(Code::kUnprocessable, "file_type_mismatch",
                          "the file's content is " + std::string(MimeTypeOf(*kind)) +
                              " but it was sent as " + declared,
                          "Content-Type");
  }
  auto dot = filename.rfind('.');
  if (dot == std::string_view::npos || dot + 1 >= filename.size())
    return Status::Make(Code::kUnprocessable, "file_type_mismatch",
                        "the file name needs an extension that matches its content (." +
                            std::string(MimeTypeOf(*kind).substr(MimeTypeOf(*kind).find('/') + 1)) +
                            ")",
                        "X-Filename");
  auto ek = KindOfExtension(Lower(filename.substr(dot + 1)));
  if (!ek || *ek != *kind)
    return Status::Make(Code::kUnprocessable, "file_type_mismatch",
                        "the file's content is " + std::string(MimeTypeOf(*kind)) +
                            " but its name ends in " + std::string(filename.substr(dot)),
                        "X-Filename");
  return CheckedFile{*kind, std::string(MimeTypeOf(*kind))};
}

}  // namespace hotline::api
