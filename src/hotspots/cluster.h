// Clusters of similar cases: MinHash signatures over each case's term set, banded (locality-
// sensitive hashing) to find candidate pairs, confirmed by the exact Jaccard similarity of the
// term sets, joined with union-find. Linear in the number of cases: each bucket's members are
// compared with the bucket's first member only. Pure; thread-safe.
#pragma once

#include <vector>

#include "src/hotspots/terms.h"

namespace hotline::hotspots {

// Exact Jaccard similarity of two sorted, distinct term lists.
double Jaccard(const std::vector<TermId>& a, const std::vector<TermId>& b);

// Groups the indexes of `sets` whose members are similar (Jaccard ≥ threshold, transitively).
// Sets with fewer than 3 terms are left alone. Returns the groups of at least `min_size`,
// largest first; each group's indexes ascending.
std::vector<std::vector<int>> Cluster(const std::vector<std::vector<TermId>>& sets,
                                      double threshold, int min_size);

}  // namespace hotline::hotspots
