// Wiring of the HTTP API: what every handler may use, and the routes.
#pragma once

#include <atomic>
#include <string>

#include "src/api/auth.h"
#include "src/api/client_ip.h"
#include "src/api/metrics.h"
#include "src/api/router.h"
#include "src/store/store.h"
#include "src/workflow/engine.h"

namespace hotline::api {

class LiveFeed;
}  // namespace hotline::api
namespace hotline::knowledge {
class KnowledgeBase;
}  // namespace hotline::knowledge
namespace hotline::analytics {
class ReportBuilder;
}  // namespace hotline::analytics
namespace hotline::api {

struct Context {
  store::Store& store;
  workflow::Engine& engine;
  workflow::DirectoryHolder& directory;
  Auth& auth;
  Metrics& metrics;
  std::string data_dir;  // attachments live under data_dir/files
  std::string web_dir;   // the built console (web/dist); empty = none
  LiveFeed* live = nullptr;
  knowledge::KnowledgeBase* knowledge = nullptr;  // the knowledge base; null = no /knowledge routes
  std::atomic<bool> ready{false};
  // Reverse proxies whose X-Forwarded-For is believed (public rate limits); empty = none.
  TrustedProxies trusted_proxies{};
  // The report sections (analytics); null = the built-in sections only.
  const analytics::ReportBuilder* reports = nullptr;
};

// Registers every route of API.md (and the console's static files) on the router.
void RegisterRoutes(Router& router, Context& ctx);

}  // namespace hotline::api
