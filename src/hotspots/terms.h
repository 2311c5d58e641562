// Terms of a case for hot-issue detection: the Chinese bigrams of its title and content as the
// search tokenizer folds them (search/tokenizer.h: width, case, traditional → simplified), minus
// hotline boilerplate (市民, 反映, 来电, 您好 …) and bigrams with a function character (的, 了,
// 是 …). A term is packed into 64 bits (its two code points) so counting is cheap.
//
// Thread-safety: a TermFilter is immutable after construction; share it freely.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace hotline::hotspots {

using TermId = uint64_t;

// "停水" → its id; 0 when the text is not exactly two code points.
TermId TermOf(std::string_view two_chars);
std::string TermText(TermId t);

class TermFilter {
 public:
  // The built-in stop list plus `extra` (each a two-character term; others are ignored).
  explicit TermFilter(const std::vector<std::string>& extra = {});
  // The distinct terms of `text`, sorted.
  std::vector<TermId> Terms(std::string_view text) const;
  bool Stopped(TermId t) const;

 private:
  std::unordered_set<TermId> stop_terms_;
  std::unordered_set<uint32_t> stop_chars_;
};

}  // namespace hotline::hotspots
