#include "src/store/event_hash.h"

#include "src/common/crypto.h"

namespace hotline::store {

std::string EventHash(const std::string& prev_hash, const std::string& case_id, int64_t seq,
                      TimePoint at, const std::string& actor_id, const std::string& action,
                      const std::string& data_text) {
  std::string buf;
  buf.reserve(prev_hash.size() + data_text.size() + 128);
  buf.append(prev_hash).append("\n").append(case_id).append("\n").append(std::to_string(seq));
  buf.append("\n").append(std::to_string(ToUnixMillis(at))).append("\n").append(actor_id);
  buf.append("\n").append(action).append("\n").append(data_text);
  return Sha256Hex(buf);
}

}  // namespace hotline::store
