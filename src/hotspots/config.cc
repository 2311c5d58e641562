#include "src/hotspots/config.h"

#include <boost/json.hpp>

namespace hotline::hotspots {
namespace bj = boost::json;

namespace {

bj::array Strings(const std::vector<std::string>& v) {
  bj::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

Status Int(const bj::object& o, const char* key, int lo, int hi, int* out) {
  const bj::value* v = o.if_contains(key);
  if (!v) return Status::Ok();
  if (!v->is_int64() || v->as_int64() < lo || v->as_int64() > hi)
    return Status::Invalid(std::string(key) + " must be a whole number from " + std::to_string(lo) +
                               " to " + std::to_string(hi),
                           key);
  *out = int(v->as_int64());
  return Status::Ok();
}

Status Num(const bj::object& o, const char* key, double lo, double hi, double* out) {
  const bj::value* v = o.if_contains(key);
  if (!v) return Status::Ok();
  if (!v->is_number()) return Status::Invalid(std::string(key) + " must be a number", key);
  double d = v->to_number<double>();
  if (!(d >= lo && d <= hi))
    return Status::Invalid(
        std::string(key) + " must be between " + std::to_string(lo) + " and " + std::to_string(hi),
        key);
  *out = d;
  return Status::Ok();
}

Status Bool(const bj::object& o, const char* key, bool* out) {
  const bj::value* v = o.if_contains(key);
  if (!v) return Status::Ok();
  if (!v->is_bool()) return Status::Invalid(std::string(key) + " must be true or false", key);
  *out = v->as_bool();
  return Status::Ok();
}

Status Terms(const bj::object& o, const char* key, std::vector<std::string>* out) {
  const bj::value* v = o.if_contains(key);
  if (!v) return Status::Ok();
  if (!v->is_array() || v->as_array().size() > 500)
    return Status::Invalid(std::string(key) + " must be a list of at most 500 terms", key);
  std::vector<std::string> terms;
  for (const auto& t : v->as_array()) {
    if (!t.is_string() || t.as_string().empty() || t.as_string().size() > 32)
      return Status::Invalid(std::string(key) + " must hold terms of 1 to 32 bytes", key);
    terms.emplace_back(t.as_string());
  }
  *out = std::move(terms);
  return Status::Ok();
}

const char* const kKnown[] = {"window_days",
                              "baseline_periods",
                              "min_term_cases",
                              "min_burst",
                              "min_ratio",
                              "max_items",
                              "cluster_similarity",
                              "min_cluster_cases",
                              "min_place_cases",
                              "stop_terms",
                              "surge_window_minutes",
                              "surge_min_cases",
                              "surge_join_gap_minutes",
                              "surge_by_category",
                              "surge_watch_terms",
                              "repeat_days",
                              "repeat_min_cases",
                              "abuse_min_invalid"};

}  // namespace

bj::object ConfigToJson(const HotConfig& c) {
  return bj::object{{"window_days", c.window_days},
                    {"baseline_periods", c.baseline_periods},
                    {"min_term_cases", c.min_term_cases},
                    {"min_burst", c.min_burst},
                    {"min_ratio", c.min_ratio},
                    {"max_items", c.max_items},
                    {"cluster_similarity", c.cluster_similarity},
                    {"min_cluster_cases", c.min_cluster_cases},
                    {"min_place_cases", c.min_place_cases},
                    {"stop_terms", Strings(c.stop_terms)},
                    {"surge_window_minutes", c.surge_window_minutes},
                    {"surge_min_cases", c.surge_min_cases},
                    {"surge_join_gap_minutes", c.surge_join_gap_minutes},
                    {"surge_by_category", c.surge_by_category},
                    {"surge_watch_terms", Strings(c.surge_watch_terms)},
                    {"repeat_days", c.repeat_days},
                    {"repeat_min_cases", c.repeat_min_cases},
                    {"abuse_min_invalid", c.abuse_min_invalid}};
}

Result<HotConfig> ConfigFromJson(const bj::object& o, HotConfig c) {
  for (const auto& [k, v] : o) {
    bool known = false;
    for (const char* name : kKnown) known = known || k == name;
    if (!known) return Status::Invalid("unknown setting " + std::string(k), std::string(k));
  }
  HOTLINE_RETURN_IF_ERROR(Int(o, "window_days", 1, 31, &c.window_days));
  HOTLINE_RETURN_IF_ERROR(Int(o, "baseline_periods", 1, 26, &c.baseline_periods));
  HOTLINE_RETURN_IF_ERROR(Int(o, "min_term_cases", 2, 100000, &c.min_term_cases));
  HOTLINE_RETURN_IF_ERROR(Num(o, "min_burst", 0, 1000, &c.min_burst));
  HOTLINE_RETURN_IF_ERROR(Num(o, "min_ratio", 1, 1000, &c.min_ratio));
  HOTLINE_RETURN_IF_ERROR(Int(o, "max_items", 1, 100, &c.max_items));
  HOTLINE_RETURN_IF_ERROR(Num(o, "cluster_similarity", 0.1, 1, &c.cluster_similarity));
  HOTLINE_RETURN_IF_ERROR(Int(o, "min_cluster_cases", 2, 100000, &c.min_cluster_cases));
  HOTLINE_RETURN_IF_ERROR(Int(o, "min_place_cases", 1, 100000, &c.min_place_cases));
  HOTLINE_RETURN_IF_ERROR(Terms(o, "stop_terms", &c.stop_terms));
  HOTLINE_RETURN_IF_ERROR(Int(o, "surge_window_minutes", 5, 1440, &c.surge_window_minutes));
  HOTLINE_RETURN_IF_ERROR(Int(o, "surge_min_cases", 2, 100000, &c.surge_min_cases));
  HOTLINE_RETURN_IF_ERROR(Int(o, "surge_join_gap_minutes", 5, 10080, &c.surge_join_gap_minutes));
  HOTLINE_RETURN_IF_ERROR(Bool(o, "surge_by_category", &c.surge_by_category));
  HOTLINE_RETURN_IF_ERROR(Terms(o, "surge_watch_terms", &c.surge_watch_terms));
  HOTLINE_RETURN_IF_ERROR(Int(o, "repeat_days", 1, 365, &c.repeat_days));
  HOTLINE_RETURN_IF_ERROR(Int(o, "repeat_min_cases", 2, 1000, &c.repeat_min_cases));
  HOTLINE_RETURN_IF_ERROR(Int(o, "abuse_min_invalid", 1, 1000, &c.abuse_min_invalid));
  return c;
}

Result<HotConfig> LoadConfig(store::ReadTx& tx) {
  HOTLINE_ASSIGN_OR_RETURN(auto text, tx.GetHotState("config"));
  if (!text) return HotConfig{};
  boost::system::error_code ec;
  bj::value v = bj::parse(*text, ec);
  if (ec || !v.is_object())
    return Status::Internal("the stored hot-issue configuration is not JSON");
  return ConfigFromJson(v.as_object());
}

Status SaveConfig(store::WriteTx& tx, const HotConfig& c) {
  return tx.PutHotState("config", bj::serialize(ConfigToJson(c)));
}

}  // namespace hotline::hotspots
