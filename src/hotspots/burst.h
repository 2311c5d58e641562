// The burst score of a count against its usual level (docs/hotspots.md has the formula with a
// worked example). Pure; thread-safe.
#pragma once

#include <cstdint>
#include <vector>

namespace hotline::hotspots {

struct Burst {
  int64_t count = 0;    // x: cases in the window with the term (or in the place)
  double expected = 0;  // μ: the usual level, scaled to the window's volume
  double sd = 0;        // σ of the scaled baseline periods
  double score = 0;     // z = (x − μ) / sqrt(max(σ², μ) + 1)
  double ratio = 0;     // (x + 1) / (μ + 1)
  int periods = 0;      // baseline periods that had any cases
};

// x of n window cases; base_x[i] of base_n[i] cases in baseline period i. Periods with no cases
// are left out (a new system, a gap in the data); with none at all, μ = σ = 0.
Burst BurstScore(int64_t x, int64_t n, const std::vector<int64_t>& base_x,
                 const std::vector<int64_t>& base_n);

}  // namespace hotline::hotspots
