#include "src/common/crypto.h"

#include <sodium.h>

#include <cstring>

namespace hotline {
namespace {

std::string ToHex(const unsigned char* p, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), p, n);
  out.pop_back();
  return out;
}

}  // namespace

Status InitCrypto() {
  if (sodium_init() < 0) return Status::Internal("libsodium failed to initialise");
  return Status::Ok();
}

std::string Sha256Hex(std::string_view data) {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return ToHex(out, sizeof out);
}

std::string RandomHex(size_t n) {
  std::string bytes(n, '\0');
  randombytes_buf(bytes.data(), n);
  return ToHex(reinterpret_cast<const unsigned char*>(bytes.data()), n);
}

std::string RandomDigits(int digits) {
  std::string out;
  out.reserve(digits);
  for (int i = 0; i < digits; ++i) out.push_back(char('0' + randombytes_uniform(10)));
  return out;
}

Result<std::string> HashPassword(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE / 4) != 0)
    return Status::Internal("password hashing ran out of memory");
  return std::string(out);
}

bool VerifyPassword(const std::string& hash, std::string_view password) {
  if (hash.empty()) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

Result<PiiCipher> PiiCipher::FromHexKey(std::string_view hex_key) {
  PiiCipher c;
  c.key_.resize(crypto_secretbox_KEYBYTES);
  size_t len = 0;
  if (hex_key.size() != crypto_secretbox_KEYBYTES * 2 ||
      sodium_hex2bin(reinterpret_cast<unsigned char*>(c.key_.data()), c.key_.size(),
                     hex_key.data(), hex_key.size(), nullptr, &len, nullptr) != 0 ||
      len != crypto_secretbox_KEYBYTES)
    return Status::Invalid("the data key must be 64 hex characters");
  return c;
}

std::string PiiCipher::NewHexKey() { return RandomHex(crypto_secretbox_KEYBYTES); }

std::string PiiCipher::Seal(std::string_view plain) const {
  std::string out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plain.data()), plain.size(), nonce,
                        reinterpret_cast<const unsigned char*>(key_.data()));
  return out;
}

Result<std::string> PiiCipher::Open(std::string_view sealed) const {
  if (sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return Status::Internal("sealed personal data is truncated");
  std::string out(sealed.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  const auto* nonce = reinterpret_cast<const unsigned char*>(sealed.data());
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(out.data()),
                                 nonce + crypto_secretbox_NONCEBYTES,
                                 sealed.size() - crypto_secretbox_NONCEBYTES, nonce,
                                 reinterpret_cast<const unsigned char*>(key_.data())) != 0)
    return Status::Internal("sealed personal data does not open with this key");
  return out;
}

std::string PiiCipher::KeyedHash(std::string_view data) const {
  unsigned char out[16];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(data.data()),
                     data.size(), reinterpret_cast<const unsigned char*>(key_.data()),
                     key_.size());
  return ToHex(out, sizeof out);
}

}  // namespace hotline
