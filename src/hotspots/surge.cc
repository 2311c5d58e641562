#include "src/hotspots/surge.h"

#include <set>

namespace hotline::hotspots {

void SurgeDetector::Push(const std::string& key, const SurgeInput& c) {
  auto& w = windows_[key];
  w.push_back({c.at, c.case_id});
  while (!w.empty() && w.front().at < c.at - rules_.window) w.pop_front();
}

void SurgeDetector::Warm(const SurgeInput& c) {
  for (const auto& k : c.keys) Push(k, c);
}

SurgeOutcome SurgeDetector::Add(const SurgeInput& c) {
  SurgeOutcome out;
  for (const auto& k : c.keys) {
    auto it = open_.find(k);
    if (it != open_.end() && c.at - it->second.second <= rules_.join_gap &&
        c.at >= it->second.second - rules_.window) {
      out.kind = SurgeOutcome::Kind::kJoin;
      out.key = k;
      out.surge_id = it->second.first;
      if (c.at > it->second.second) it->second.second = c.at;
      return out;
    }
  }
  const std::string* best = nullptr;
  size_t best_n = 0;
  for (const auto& k : c.keys) {
    Push(k, c);
    size_t n = windows_[k].size();
    if (int(n) >= rules_.min_cases && n > best_n) {
      best = &k;
      best_n = n;
    }
  }
  if (!best) return out;
  out.kind = SurgeOutcome::Kind::kRaise;
  out.key = *best;
  auto& w = windows_[*best];
  for (const auto& e : w) out.members.push_back(e.case_id);
  out.keys = c.keys;
  // The members now belong to the surge; no window counts them again.
  std::set<std::string> taken(out.members.begin(), out.members.end());
  for (auto& [k, win] : windows_)
    std::erase_if(win, [&](const Entry& e) { return taken.count(e.case_id) > 0; });
  return out;
}

void SurgeDetector::Opened(const std::vector<std::string>& keys, const std::string& id,
                           TimePoint at) {
  for (const auto& k : keys) open_[k] = {id, at};
}

void SurgeDetector::SetOpen(const std::map<std::string, std::pair<std::string, TimePoint>>& open) {
  open_ = open;
}

}  // namespace hotline::hotspots
