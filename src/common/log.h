// Logging setup. Logs never carry request bodies or personal data: log ids and codes, not content.
#pragma once

#include <spdlog/spdlog.h>

#include <string>

namespace hotline {

// level: "trace", "debug", "info", "warn", "error".
void InitLogging(const std::string& level);

}  // namespace hotline
