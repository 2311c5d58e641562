#include "src/api/metrics.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace hotline::api {
namespace {

TEST(MetricsTest, RendersPrometheusText) {
  Metrics m;
  m.GetCounter("hotline_cases_created_total", "Cases registered.", {{"channel", "phone"}}).Inc(3);
  m.GetCounter("hotline_cases_created_total", "Cases registered.", {{"channel", "web"}}).Inc();
  m.GetGauge("hotline_open_cases", "Open cases.").Set(12.5);
  Histogram& h = m.GetHistogram("hotline_commit_seconds", "Commit latency.", {{"db", "main"}},
                                std::vector<double>{0.01, 0.1, 1});
  h.Observe(0.005);
  h.Observe(0.01);  // le is inclusive
  h.Observe(0.5);
  h.Observe(7);
  EXPECT_EQ(m.Render(),
            "# HELP hotline_cases_created_total Cases registered.\n"
            "# TYPE hotline_cases_created_total counter\n"
            "hotline_cases_created_total{channel=\"phone\"} 3\n"
            "hotline_cases_created_total{channel=\"web\"} 1\n"
            "# HELP hotline_commit_seconds Commit latency.\n"
            "# TYPE hotline_commit_seconds histogram\n"
            "hotline_commit_seconds_bucket{db=\"main\",le=\"0.01\"} 2\n"
            "hotline_commit_seconds_bucket{db=\"main\",le=\"0.1\"} 2\n"
            "hotline_commit_seconds_bucket{db=\"main\",le=\"1\"} 3\n"
            "hotline_commit_seconds_bucket{db=\"main\",le=\"+Inf\"} 4\n"
            "hotline_commit_seconds_sum{db=\"main\"} 7.515\n"
            "hotline_commit_seconds_count{db=\"main\"} 4\n"
            "# HELP hotline_open_cases Open cases.\n"
            "# TYPE hotline_open_cases gauge\n"
            "hotline_open_cases 12.5\n");
}

TEST(MetricsTest, SeriesAreIdentifiedBySortedLabels) {
  Metrics m;
  Counter& a = m.GetCounter("x_total", "h", {{"b", "2"}, {"a", "1"}});
  Counter& b = m.GetCounter("x_total", "h", {{"a", "1"}, {"b", "2"}});
  Counter& c = m.GetCounter("x_total", "h", {{"a", "1"}, {"b", "3"}});
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &c);
  a.Inc();
  b.Inc();
  EXPECT_EQ(a.Value(), 2u);
  EXPECT_NE(m.Render().find("x_total{a=\"1\",b=\"2\"} 2\n"), std::string::npos);
}

TEST(MetricsTest, EscapesLabelValuesAndHelp) {
  Metrics m;
  m.GetCounter("esc_total", "line1\nback\\slash", {{"route", "a\"b\\c\nd"}}).Inc();
  EXPECT_EQ(m.Render(),
            "# HELP esc_total line1\\nback\\\\slash\n"
            "# TYPE esc_total counter\n"
            "esc_total{route=\"a\\\"b\\\\c\\nd\"} 1\n");
}

TEST(MetricsTest, GaugeAddsAndSubtracts) {
  Metrics m;
  Gauge& g = m.GetGauge("conns", "c");
  g.Inc();
  g.Inc();
  g.Dec();
  g.Add(0.5);
  EXPECT_DOUBLE_EQ(g.Value(), 1.5);
}

TEST(MetricsTest, ConcurrentUpdatesAreExact) {
  Metrics m;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&m, t] {
      for (int i = 0; i < 10000; ++i) {
        m.GetCounter("c_total", "c", {{"t", std::to_string(i % 3)}}).Inc();
        m.GetHistogram("h_seconds", "h").Observe(0.001 * (t + 1));
        m.GetGauge("g", "g").Inc();
      }
    });
  }
  for (auto& t : threads) t.join();
  uint64_t total = 0;
  for (int k = 0; k < 3; ++k)
    total += m.GetCounter("c_total", "c", {{"t", std::to_string(k)}}).Value();
  EXPECT_EQ(total, 40000u);
  EXPECT_EQ(m.GetHistogram("h_seconds", "h").Snap().count, 40000u);
  EXPECT_DOUBLE_EQ(m.GetGauge("g", "g").Value(), 40000);
}

TEST(MetricsTest, DefaultLatencyBuckets) {
  Metrics m;
  Histogram::Snapshot s = m.GetHistogram("lat_seconds", "l").Snap();
  EXPECT_EQ(s.upper_bounds.front(), 0.0005);
  EXPECT_EQ(s.upper_bounds.back(), 10);
  EXPECT_EQ(s.cumulative.size(), s.upper_bounds.size() + 1);
}

using MetricsDeathTest = testing::Test;

TEST(MetricsDeathTest, ProgrammerErrorsAbort) {
  EXPECT_DEATH(
      {
        Metrics m;
        m.GetCounter("same", "h");
        m.GetGauge("same", "h");
      },
      "another type");
  EXPECT_DEATH({ Metrics().GetCounter("1bad", "h"); }, "invalid metric name");
  EXPECT_DEATH({ Metrics().GetCounter("ok_total", "h", {{"le", "x"}}); }, "invalid label name");
  EXPECT_DEATH(
      {
        Metrics().GetCounter("ok_total", "h", {{"a", "1"}, {"a", "2"}});
      },
      "duplicate label");
  EXPECT_DEATH(
      {
        Metrics().GetHistogram("h2", "h", {}, std::vector<double>{1, 1});
      },
      "strictly increasing");
}

}  // namespace
}  // namespace hotline::api
