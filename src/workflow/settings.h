// Centre-wide settings an admin may change at run time (stored as key/value text, validated here).
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "src/common/status.h"
#include "src/store/store.h"

namespace hotline::workflow {

struct Settings {
  std::string city_name = "江城市";
  std::string hotline_name = "12345政务服务便民热线";
  int reopen_window_days = 30;  // a closed case may be reopened within this many days

  static const std::vector<std::string>& Keys();
  // Applies one key's text value, validating it. Unknown key → Invalid naming it.
  Status Set(const std::string& key, const std::string& value);
  std::string Get(const std::string& key) const;
  boost::json::object ToJson() const;
};

// The stored settings over the defaults; a stored value that no longer validates is ignored.
Result<Settings> LoadSettings(store::ReadTx& tx);

}  // namespace hotline::workflow
