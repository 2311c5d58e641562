#include "src/hotspots/burst.h"

#include <algorithm>
#include <cmath>

namespace hotline::hotspots {

Burst BurstScore(int64_t x, int64_t n, const std::vector<int64_t>& base_x,
                 const std::vector<int64_t>& base_n) {
  Burst b;
  b.count = x;
  std::vector<double> e;
  for (size_t i = 0; i < base_x.size() && i < base_n.size(); ++i)
    if (base_n[i] > 0) e.push_back(double(base_x[i]) * double(n) / double(base_n[i]));
  b.periods = int(e.size());
  if (!e.empty()) {
    double sum = 0;
    for (double v : e) sum += v;
    b.expected = sum / double(e.size());
    double var = 0;
    for (double v : e) var += (v - b.expected) * (v - b.expected);
    var /= double(e.size());
    b.sd = std::sqrt(var);
  }
  b.score = (double(x) - b.expected) / std::sqrt(std::max(b.sd * b.sd, b.expected) + 1.0);
  b.ratio = (double(x) + 1.0) / (b.expected + 1.0);
  return b;
}

}  // namespace hotline::hotspots
