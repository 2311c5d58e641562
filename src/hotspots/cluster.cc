#include "src/hotspots/cluster.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

namespace hotline::hotspots {

namespace {

constexpr int kBands = 16;
constexpr int kRows = 2;
constexpr int kHashes = kBands * kRows;

uint64_t Mix(uint64_t x) {  // splitmix64 finaliser
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

struct UnionFind {
  std::vector<int> parent;
  explicit UnionFind(int n) : parent(size_t(n)) { std::iota(parent.begin(), parent.end(), 0); }
  int Find(int x) {
    while (parent[size_t(x)] != x) x = parent[size_t(x)] = parent[size_t(parent[size_t(x)])];
    return x;
  }
  void Join(int a, int b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent[size_t(std::max(a, b))] = std::min(a, b);
  }
};

}  // namespace

double Jaccard(const std::vector<TermId>& a, const std::vector<TermId>& b) {
  if (a.empty() && b.empty()) return 1.0;
  size_t i = 0, j = 0, common = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) {
      ++common;
      ++i;
      ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return double(common) / double(a.size() + b.size() - common);
}

std::vector<std::vector<int>> Cluster(const std::vector<std::vector<TermId>>& sets,
                                      double threshold, int min_size) {
  const int n = int(sets.size());
  UnionFind uf(n);
  std::vector<std::unordered_map<uint64_t, int>> buckets(kBands);  // band key → first member
  for (auto& b : buckets) b.reserve(size_t(n));
  uint64_t sig[kHashes];
  for (int i = 0; i < n; ++i) {
    const auto& s = sets[size_t(i)];
    if (s.size() < 3) continue;
    for (int h = 0; h < kHashes; ++h) sig[h] = ~0ull;
    for (TermId t : s) {
      uint64_t base = Mix(t);
      for (int h = 0; h < kHashes; ++h) {
        uint64_t v = Mix(base ^ (uint64_t(h + 1) * 0x9e3779b97f4a7c15ull));
        if (v < sig[h]) sig[h] = v;
      }
    }
    for (int band = 0; band < kBands; ++band) {
      uint64_t key = uint64_t(band);
      for (int r = 0; r < kRows; ++r) key = Mix(key ^ sig[band * kRows + r]);
      auto [it, inserted] = buckets[size_t(band)].try_emplace(key, i);
      if (!inserted && uf.Find(it->second) != uf.Find(i) &&
          Jaccard(sets[size_t(it->second)], s) >= threshold)
        uf.Join(it->second, i);
    }
  }
  std::unordered_map<int, std::vector<int>> groups;
  for (int i = 0; i < n; ++i)
    if (sets[size_t(i)].size() >= 3) groups[uf.Find(i)].push_back(i);
  std::vector<std::vector<int>> out;
  for (auto& [root, members] : groups)
    if (int(members.size()) >= min_size) out.push_back(std::move(members));
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.size() != b.size() ? a.size() > b.size() : a.front() < b.front();
  });
  return out;
}

}  // namespace hotline::hotspots
