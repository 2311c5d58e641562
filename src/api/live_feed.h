// Live updates for the console: server-sent events of case changes, filtered by each
// subscriber's data scope. Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "src/api/http.h"
#include "src/domain/model.h"
#include "src/workflow/engine.h"

namespace hotline::api {

class LiveFeed {
 public:
  explicit LiveFeed(workflow::Engine& engine);
  // A new stream for this actor; it receives `event: case` for cases in its scope.
  // scope: the actor's units (nullopt = every case), from Engine::ScopeUnits.
  // alerts: the subscriber also receives centre alerts (PublishAlert), e.g. surges.
  std::shared_ptr<StreamSource> Subscribe(std::optional<std::vector<std::string>> scope,
                                          bool alerts = false);
  // Pushes `event: <name>` with `json` to the alert subscribers, and to unit subscribers whose
  // scope holds one of `unit_ids` (a surge in their street). Thread-safe.
  void PublishAlert(const std::string& name, const std::string& json,
                    const std::vector<std::string>& unit_ids = {});
  size_t subscribers() const;

 private:
  struct Sub {
    std::weak_ptr<StreamSource> stream;
    std::optional<std::vector<std::string>> scope;  // nullopt = all cases
    bool alerts = false;
  };
  void Publish(const domain::Case& c, const domain::Event& e);

  mutable std::mutex mu_;
  std::vector<Sub> subs_;  // GUARDED_BY(mu_)
};

}  // namespace hotline::api
