// Cryptography through libsodium: hashes, random tokens, password hashing and the sealing of
// personal data at rest. All functions are thread-safe after InitCrypto().
#pragma once

#include <string>
#include <string_view>

#include "src/common/status.h"

namespace hotline {

// Must be called once before anything else here (idempotent).
Status InitCrypto();

std::string Sha256Hex(std::string_view data);
// n random bytes as lower-case hex (2n characters).
std::string RandomHex(size_t n);
// A random decimal string of `digits` digits (query codes).
std::string RandomDigits(int digits);

// argon2id in libsodium's self-describing string format.
Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(const std::string& hash, std::string_view password);

// Seals personal data (names, phones, ID numbers) with XSalsa20-Poly1305 under a 32-byte key, and
// computes keyed hashes (BLAKE2b) so that a phone number can be looked up without storing it in
// clear. Immutable; thread-safe.
class PiiCipher {
 public:
  // key: 64 hex characters.
  static Result<PiiCipher> FromHexKey(std::string_view hex_key);
  static std::string NewHexKey();

  std::string Seal(std::string_view plain) const;  // nonce ‖ ciphertext, binary
  Result<std::string> Open(std::string_view sealed) const;
  std::string KeyedHash(std::string_view data) const;  // 32 hex chars

 private:
  std::string key_;  // 32 bytes
};

}  // namespace hotline
