#include "src/workflow/settings.h"

#include "src/common/json.h"

namespace hotline::workflow {
namespace {

Result<int> IntIn(const std::string& key, const std::string& v, int lo, int hi) {
  if (v.empty() || v.size() > 6 || v.find_first_not_of("0123456789") != std::string::npos)
    return Status::Invalid(key + " must be a whole number", key);
  int n = std::stoi(v);
  if (n < lo || n > hi)
    return Status::Invalid(key + " must be between " + std::to_string(lo) + " and " + std::to_string(hi), key);
  return n;
}

Status Text(const std::string& key, const std::string& v, size_t max) {
  if (v.find_first_not_of(" \t") == std::string::npos) return Status::Invalid(key + " is required", key);
  if (json::Utf8Length(v) > max) return Status::Invalid(key + " is too long", key);
  for (unsigned char ch : v)
    if (ch < 0x20) return Status::Invalid(key + " contains a control character", key);
  return Status::Ok();
}

}  // namespace

const std::vector<std::string>& Settings::Keys() {
  static const std::vector<std::string> kKeys = {"city_name", "hotline_name", "reopen_window_days"};
  return kKeys;
}

Status Settings::Set(const std::string& key, const std::string& value) {
  if (key == "city_name") {
    HOTLINE_RETURN_IF_ERROR(Text(key, value, 32));
    city_name = value;
  } else if (key == "hotline_name") {
    HOTLINE_RETURN_IF_ERROR(Text(key, value, 64));
    hotline_name = value;
  } else if (key == "reopen_window_days") {
    HOTLINE_ASSIGN_OR_RETURN(reopen_window_days, IntIn(key, value, 1, 365));
  } else {
    return Status::Invalid(key + " is not a setting", key);
  }
  return Status::Ok();
}

std::string Settings::Get(const std::string& key) const {
  if (key == "city_name") return city_name;
  if (key == "hotline_name") return hotline_name;
  if (key == "reopen_window_days") return std::to_string(reopen_window_days);
  return "";
}

boost::json::object Settings::ToJson() const {
  return {{"city_name", city_name},
          {"hotline_name", hotline_name},
          {"reopen_window_days", reopen_window_days}};
}

Result<Settings> LoadSettings(store::ReadTx& tx) {
  Settings s;
  for (const auto& key : Settings::Keys()) {
    HOTLINE_ASSIGN_OR_RETURN(auto v, tx.GetSetting(key));
    if (v) (void)s.Set(key, *v);
  }
  return s;
}

}  // namespace hotline::workflow
