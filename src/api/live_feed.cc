#include "src/api/live_feed.h"

#include <algorithm>
#include <boost/json.hpp>

namespace hotline::api {

LiveFeed::LiveFeed(workflow::Engine& engine) {
  engine.AddListener([this](const domain::Case& c, const domain::Event& e) { Publish(c, e); });
}

std::shared_ptr<StreamSource> LiveFeed::Subscribe(std::optional<std::vector<std::string>> scope,
                                                  bool alerts) {
  auto s = std::make_shared<StreamSource>();
  Sub sub{s, std::move(scope), alerts};
  std::lock_guard lock(mu_);
  subs_.push_back(std::move(sub));
  return s;
}

size_t LiveFeed::subscribers() const {
  std::lock_guard lock(mu_);
  return subs_.size();
}

void LiveFeed::Publish(const domain::Case& c, const domain::Event& e) {
  boost::json::array units;
  std::vector<std::string> unit_ids;
  for (const auto& a : c.assignments) {
    if (std::find(unit_ids.begin(), unit_ids.end(), a.unit_id) == unit_ids.end()) {
      unit_ids.push_back(a.unit_id);
      units.emplace_back(a.unit_id);
    }
  }
  // No personal data and no content: the console fetches the case with its own rights.
  std::string text = SseEvent("case", boost::json::serialize(boost::json::object{
                                          {"id", c.id},
                                          {"number", c.number},
                                          {"status", Name(c.status)},
                                          {"action", e.action},
                                          {"unit_ids", std::move(units)},
                                          {"version", c.version}}));
  std::vector<std::shared_ptr<StreamSource>> targets;
  {
    std::lock_guard lock(mu_);
    subs_.erase(std::remove_if(subs_.begin(), subs_.end(),
                               [](const Sub& s) {
                                 auto p = s.stream.lock();
                                 return !p || p->closed();
                               }),
                subs_.end());
    for (const auto& s : subs_) {
      if (s.scope) {
        bool hit = std::any_of(unit_ids.begin(), unit_ids.end(), [&](const std::string& u) {
          return std::find(s.scope->begin(), s.scope->end(), u) != s.scope->end();
        });
        if (!hit) continue;
      }
      if (auto p = s.stream.lock()) targets.push_back(std::move(p));
    }
  }
  for (auto& t : targets) t->Push(text);
}

void LiveFeed::PublishAlert(const std::string& name, const std::string& json,
                            const std::vector<std::string>& unit_ids) {
  std::string text = SseEvent(name, json);
  std::vector<std::shared_ptr<StreamSource>> targets;
  {
    std::lock_guard lock(mu_);
    for (const auto& s : subs_) {
      bool hit = s.alerts;
      if (!hit && s.scope)
        hit = std::any_of(unit_ids.begin(), unit_ids.end(), [&](const std::string& u) {
          return std::find(s.scope->begin(), s.scope->end(), u) != s.scope->end();
        });
      if (!hit) continue;
      if (auto p = s.stream.lock(); p && !p->closed()) targets.push_back(std::move(p));
    }
  }
  for (auto& t : targets) t->Push(text);
}

}  // namespace hotline::api
