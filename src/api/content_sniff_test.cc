#include "src/api/content_sniff.h"

#include <gtest/gtest.h>

namespace hotline::api {
namespace {

using namespace std::string_literals;

const std::string kJpeg = "\xFF\xD8\xFF\xE0\x00\x10JFIF\x00"s + std::string(20, 'x');
const std::string kPng = "\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR"s + std::string(20, 'x');
const std::string kGif = "GIF89a\x01\x00\x01\x00"s;
const std::string kWebp = "RIFF\x24\x00\x00\x00WEBPVP8 "s + std::string(20, 'x');
const std::string kPdf = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n"s;

TEST(SniffFileKind, AcceptedKinds) {
  struct Row {
    std::string data;
    std::optional<FileKind> want;
  };
  const std::vector<Row> rows = {
      {kJpeg, FileKind::kJpeg},
      {kPng, FileKind::kPng},
      {kGif, FileKind::kGif},
      {"GIF87a\x01\x00"s, FileKind::kGif},
      {kWebp, FileKind::kWebp},
      {"RIFF\x24\x00\x00\x00WEBPVP8L"s + std::string(8, 'x'), FileKind::kWebp},
      {kPdf, FileKind::kPdf},
      {"\r\n%PDF-1.4\n"s, FileKind::kPdf},  // a few bytes before the header
      // Refused: others, truncations and look-alikes.
      {"", std::nullopt},
      {"\xFF\xD8"s, std::nullopt},
      {"\x89PNG\r\n\x1A\n"s, std::nullopt},  // signature only, no chunk
      {"\x89PNG\r\n"s, std::nullopt},
      {"RIFF\x24\x00\x00\x00WAVEfmt "s + std::string(8, 'x'), std::nullopt},  // a WAV file
      {"RIFF\x24\x00\x00\x00WEBPXXXX"s + std::string(8, 'x'), std::nullopt},
      {"%PDF-x"s, std::nullopt},
      {"%PDF-"s, std::nullopt},
      {"<html><script>alert(1)</script>"s, std::nullopt},
      {"<svg xmlns='http://www.w3.org/2000/svg'/>"s, std::nullopt},
      {"PK\x03\x04zipfile"s, std::nullopt},
      {"MZ\x90\x00 executable"s, std::nullopt},
      {std::string(2000, 'a') + "%PDF-1.4"s, std::nullopt},  // header too far in
  };
  for (const auto& r : rows) EXPECT_EQ(SniffFileKind(r.data), r.want) << r.data.substr(0, 16);
}

TEST(CheckUpload, ContentDecidesTheStoredType) {
  auto ok = CheckUpload(kPng, "", "photo.PNG", 1 << 20);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->content_type, "image/png");
  auto oct = CheckUpload(kJpeg, "application/octet-stream", "IMG_0001.jpeg", 1 << 20);
  ASSERT_TRUE(oct.ok());
  EXPECT_EQ(oct->content_type, "image/jpeg");
  auto params = CheckUpload(kPdf, "Application/PDF; name=x", "信件扫描件.pdf", 1 << 20);
  ASSERT_TRUE(params.ok()) << params.status().ToString();
  EXPECT_EQ(params->content_type, "application/pdf");
  EXPECT_TRUE(CheckUpload(kJpeg, "image/jpg", "a.jpg", 1 << 20).ok());
  EXPECT_TRUE(CheckUpload(kWebp, "image/webp", "a.webp", 1 << 20).ok());
  EXPECT_TRUE(CheckUpload(kGif, "image/gif", "a.gif", 1 << 20).ok());
}

TEST(CheckUpload, Refusals) {
  struct Row {
    std::string data, type, name;
    std::string reason, field;
  };
  const std::vector<Row> rows = {
      {"", "image/png", "a.png", "invalid_argument", "body"},
      {"<html>", "text/html", "a.html", "unsupported_file_type", "body"},
      {"<html>", "image/png", "a.png", "unsupported_file_type", "body"},
      {kPng, "application/pdf", "a.pdf", "file_type_mismatch", "Content-Type"},  // PDF-named PNG
      {kPng, "", "a.pdf", "file_type_mismatch", "X-Filename"},
      {kPng, "image/png", "a.pdf", "file_type_mismatch", "X-Filename"},
      {kPdf, "image/jpeg", "a.jpg", "file_type_mismatch", "Content-Type"},
      {kJpeg, "image/jpeg", "noextension", "file_type_mismatch", "X-Filename"},
      {kJpeg, "image/jpeg", "a.jpg.exe", "file_type_mismatch", "X-Filename"},
      {kJpeg, "image/jpeg", "a.", "file_type_mismatch", "X-Filename"},
      {kGif, "image/svg+xml", "a.gif", "file_type_mismatch", "Content-Type"},
  };
  for (const auto& r : rows) {
    auto res = CheckUpload(r.data, r.type, r.name, 1 << 20);
    ASSERT_FALSE(res.ok()) << r.name;
    EXPECT_EQ(res.status().reason(), r.reason) << r.name << " " << r.type;
    EXPECT_EQ(res.status().field(), r.field) << r.name << " " << r.type;
  }
  auto big = CheckUpload(kPng + std::string(100, 'x'), "image/png", "a.png", 64);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.status().code(), Code::kTooLarge);
}

}  // namespace
}  // namespace hotline::api
