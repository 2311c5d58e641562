#include "src/api/metrics.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace hotline::api {
namespace {

[[noreturn]] void BadMetric(std::string_view name, std::string_view why) {
  // A programmer error, normally at startup: straight to stderr.
  std::fprintf(stderr, "api::Metrics: bad metric \"%.*s\": %.*s\n", static_cast<int>(name.size()),
               name.data(), static_cast<int>(why.size()), why.data());
  std::abort();
}

bool IsNameChar(char c, bool first, bool allow_colon) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') return true;
  if (c == ':' && allow_colon) return true;
  return !first && c >= '0' && c <= '9';
}

bool IsValidName(std::string_view name, bool allow_colon) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (!IsNameChar(name[i], i == 0, allow_colon)) return false;
  }
  return true;
}

void AppendEscaped(std::string& out, std::string_view s, bool quote_too) {
  for (char c : s) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quote_too) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
}

// The canonical series key: labels sorted by name, rendered as in the exposition format
// (`a="x",b="y"`), so it doubles as the text between the braces.
std::string LabelKey(std::string_view metric, const Labels& labels) {
  std::vector<const std::pair<std::string, std::string>*> sorted;
  sorted.reserve(labels.size());
  for (const auto& l : labels) sorted.push_back(&l);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->first < b->first; });
  std::string key;
  for (size_t i = 0; i < sorted.size(); ++i) {
    const auto& [name, value] = *sorted[i];
    if (!IsValidName(name, false) || name.starts_with("__") || name == "le") {
      BadMetric(metric, "invalid label name \"" + name + "\"");
    }
    if (i > 0 && sorted[i - 1]->first == name) BadMetric(metric, "duplicate label " + name);
    if (i > 0) key += ',';
    key += name;
    key += "=\"";
    AppendEscaped(key, value, true);
    key += '"';
  }
  return key;
}

std::string FormatDouble(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", v);
}

// name{labels[,extra]} value\n
void AppendSample(std::string& out, std::string_view name, std::string_view labels,
                  std::string_view extra, std::string_view value) {
  out += name;
  if (!labels.empty() || !extra.empty()) {
    out += '{';
    out += labels;
    if (!labels.empty() && !extra.empty()) out += ',';
    out += extra;
    out += '}';
  }
  out += ' ';
  out += value;
  out += '\n';
}

}  // namespace

Histogram::Histogram(std::vector<double> upper_bounds)
    : bounds_(std::move(upper_bounds)),
      buckets_(std::make_unique<std::atomic<uint64_t>[]>(bounds_.size() + 1)) {}

void Histogram::Observe(double v) {
  const size_t i = std::lower_bound(bounds_.begin(), bounds_.end(), v) - bounds_.begin();
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(v, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::Snap() const {
  Snapshot snap;
  snap.upper_bounds = bounds_;
  snap.cumulative.resize(bounds_.size() + 1);
  uint64_t running = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    snap.cumulative[i] = running;
  }
  snap.count = running;
  snap.sum = sum_.load(std::memory_order_relaxed);
  return snap;
}

struct Metrics::Series {
  std::unique_ptr<Counter> counter;
  std::unique_ptr<Gauge> gauge;
  std::unique_ptr<Histogram> histogram;
};

struct Metrics::Family {
  Type type;
  std::string help;
  std::vector<double> bounds;
  std::map<std::string, std::unique_ptr<Series>, std::less<>> series;  // By LabelKey().
};

Metrics::Metrics() = default;
Metrics::~Metrics() = default;

Metrics::Series& Metrics::GetSeries(Type type, std::string_view name, std::string_view help,
                                    const Labels& labels, std::span<const double> upper_bounds) {
  const std::string key = LabelKey(name, labels);
  {
    std::shared_lock lock(mu_);
    if (auto f = families_.find(name); f != families_.end() && f->second->type == type) {
      if (auto s = f->second->series.find(key); s != f->second->series.end()) return *s->second;
    }
  }
  std::unique_lock lock(mu_);
  auto f = families_.find(name);
  if (f == families_.end()) {
    if (!IsValidName(name, true)) BadMetric(name, "invalid metric name");
    if (type == Type::kHistogram) {
      if (upper_bounds.empty() || !std::is_sorted(upper_bounds.begin(), upper_bounds.end()) ||
          std::adjacent_find(upper_bounds.begin(), upper_bounds.end()) != upper_bounds.end() ||
          !std::isfinite(upper_bounds.back())) {
        BadMetric(name, "histogram buckets must be finite and strictly increasing");
      }
    }
    auto family = std::make_unique<Family>();
    family->type = type;
    family->help = std::string(help);
    family->bounds.assign(upper_bounds.begin(), upper_bounds.end());
    f = families_.emplace(std::string(name), std::move(family)).first;
  } else if (f->second->type != type) {
    BadMetric(name, "registered before with another type");
  }
  Family& family = *f->second;
  auto [s, inserted] = family.series.try_emplace(key);
  if (inserted) {
    auto series = std::make_unique<Series>();
    switch (type) {
      case Type::kCounter:
        series->counter = std::make_unique<Counter>();
        break;
      case Type::kGauge:
        series->gauge = std::make_unique<Gauge>();
        break;
      case Type::kHistogram:
        series->histogram = std::make_unique<Histogram>(family.bounds);
        break;
    }
    s->second = std::move(series);
  }
  return *s->second;
}

Counter& Metrics::GetCounter(std::string_view name, std::string_view help, const Labels& labels) {
  return *GetSeries(Type::kCounter, name, help, labels, {}).counter;
}

Gauge& Metrics::GetGauge(std::string_view name, std::string_view help, const Labels& labels) {
  return *GetSeries(Type::kGauge, name, help, labels, {}).gauge;
}

Histogram& Metrics::GetHistogram(std::string_view name, std::string_view help, const Labels& labels,
                                 std::span<const double> upper_bounds) {
  return *GetSeries(Type::kHistogram, name, help, labels, upper_bounds).histogram;
}

std::string Metrics::Render() const {
  std::string out;
  std::shared_lock lock(mu_);
  for (const auto& [name, family] : families_) {
    out += "# HELP ";
    out += name;
    out += ' ';
    AppendEscaped(out, family->help, false);
    out += "\n# TYPE ";
    out += name;
    switch (family->type) {
      case Type::kCounter:
        out += " counter\n";
        for (const auto& [labels, series] : family->series) {
          AppendSample(out, name, labels, {}, std::to_string(series->counter->Value()));
        }
        break;
      case Type::kGauge:
        out += " gauge\n";
        for (const auto& [labels, series] : family->series) {
          AppendSample(out, name, labels, {}, FormatDouble(series->gauge->Value()));
        }
        break;
      case Type::kHistogram: {
        out += " histogram\n";
        const std::string bucket = name + "_bucket";
        for (const auto& [labels, series] : family->series) {
          const Histogram::Snapshot snap = series->histogram->Snap();
          for (size_t i = 0; i < snap.cumulative.size(); ++i) {
            const std::string le =
                i < snap.upper_bounds.size() ? FormatDouble(snap.upper_bounds[i]) : "+Inf";
            AppendSample(out, bucket, labels, "le=\"" + le + "\"",
                         std::to_string(snap.cumulative[i]));
          }
          AppendSample(out, name + "_sum", labels, {}, FormatDouble(snap.sum));
          AppendSample(out, name + "_count", labels, {}, std::to_string(snap.count));
        }
        break;
      }
    }
  }
  return out;
}

}  // namespace hotline::api
