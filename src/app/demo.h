// `hotline demo`: seeds a realistic demo city (org tree, categories, routing, time limits,
// calendars, a user for every role, and thousands of cases in every status over the last year).
#pragma once

#include <string>

#include "src/app/runtime.h"

namespace hotline::app {

struct DemoOptions {
  std::string assets_dir = "data";  // data/demo/*.json, data/calendar/*.json
  int cases = 4000;
  uint64_t seed = 12345;
};

Status SeedDemo(Runtime& rt, const DemoOptions& options);

// Only the reference part of the demo city (org tree, categories, time limits, calendars, settings
// and the demo users, password "demo"), no cases: what `hotline seed` starts from.
Status SeedReferenceData(Runtime& rt, const std::string& assets_dir);

}  // namespace hotline::app
