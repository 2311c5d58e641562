// The per-case hash chain of events, shared by every backend and by `hotline audit verify`.
// hash = SHA-256(prev_hash ‖ "\n" ‖ case_id ‖ "\n" ‖ seq ‖ "\n" ‖ at(ms) ‖ "\n" ‖ actor_id ‖ "\n" ‖
//                action ‖ "\n" ‖ data as stored (serialized JSON text))
#pragma once

#include <string>

#include "src/domain/model.h"

namespace hotline::store {

std::string EventHash(const std::string& prev_hash, const std::string& case_id, int64_t seq,
                      TimePoint at, const std::string& actor_id, const std::string& action,
                      const std::string& data_text);

}  // namespace hotline::store
