// Metrics: a small Prometheus registry (counters, gauges, histograms with labels).
//
// A metric family is a name + help + type; each distinct label set is one series. Get*() returns a
// reference to the series, creating it on first use; the reference stays valid for the registry's
// lifetime, so hot code may look a series up once and keep it. Render() writes the Prometheus text
// exposition format (version 0.0.4) for GET /metrics.
//
// Thread-safety: everything is thread-safe. Updating a series (Inc, Set, Observe) is lock-free
// (relaxed atomics). Get*() takes a shared lock for an existing series and an exclusive lock only
// to create one; Render() takes the shared lock. No lock is held while a caller does I/O.
//
// Keep label cardinality bounded: label with route patterns, methods, status codes or enum values,
// never with ids, paths or user input.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hotline::api {

// Label name/value pairs, e.g. {{"method", "GET"}, {"route", "/api/v1/cases/{id}"}}. Order does
// not matter: a series is identified by its labels sorted by name.
using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void Inc(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

class Gauge {
 public:
  void Set(double v) { value_.store(v, std::memory_order_relaxed); }
  void Add(double d) { value_.fetch_add(d, std::memory_order_relaxed); }
  void Inc() { Add(1); }
  void Dec() { Add(-1); }
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class Histogram {
 public:
  // REQUIRES: `upper_bounds` strictly increasing and finite (+Inf is implicit).
  explicit Histogram(std::vector<double> upper_bounds);
  void Observe(double v);

  struct Snapshot {
    std::vector<double> upper_bounds;
    std::vector<uint64_t> cumulative;  // Per bound, then +Inf last; cumulative.back() == count.
    uint64_t count = 0;
    double sum = 0;
  };
  Snapshot Snap() const;

 private:
  const std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // bounds_.size() + 1 (last = +Inf).
  std::atomic<double> sum_{0};
};

// Buckets for request latencies in seconds: 0.5 ms .. 10 s.
inline constexpr double kLatencyBuckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                             0.1,    0.25,  0.5,    1,     2.5,  5,     10};

class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // REQUIRES (programmer errors; logged, then abort): a valid Prometheus metric name
  // ([a-zA-Z_:][a-zA-Z0-9_:]*) and label names ([a-zA-Z_][a-zA-Z0-9_]*, not "__..." nor "le"), and
  // one type per name. `help` of the first registration is kept. For histograms, the buckets of
  // the family's first registration are used.
  Counter& GetCounter(std::string_view name, std::string_view help, const Labels& labels = {});
  Gauge& GetGauge(std::string_view name, std::string_view help, const Labels& labels = {});
  Histogram& GetHistogram(std::string_view name, std::string_view help, const Labels& labels = {},
                          std::span<const double> upper_bounds = kLatencyBuckets);

  // The whole registry, families sorted by name, series by label set.
  std::string Render() const;

 private:
  enum class Type { kCounter, kGauge, kHistogram };
  struct Series;
  struct Family;
  Series& GetSeries(Type type, std::string_view name, std::string_view help, const Labels& labels,
                    std::span<const double> upper_bounds);

  mutable std::shared_mutex mu_;
  std::map<std::string, std::unique_ptr<Family>, std::less<>> families_;  // GUARDED_BY(mu_)
};

}  // namespace hotline::api
