#include "src/search/facets.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace hotline::search {
namespace {

namespace chr = std::chrono;

constexpr int64_t kDayMs = 86400000;
constexpr int64_t kCstOffsetMs = 8 * 3600000;  // China Standard Time, UTC+8 all year

// Day number (days since 1970-01-01) of a time in China Standard Time, and its first millisecond.
int64_t DayOf(int64_t ms) {
  const int64_t t = ms + kCstOffsetMs;
  return t >= 0 ? t / kDayMs : -((-t + kDayMs - 1) / kDayMs);
}
int64_t DayStartMs(int64_t day) { return day * kDayMs - kCstOffsetMs; }

chr::year_month_day Civil(int64_t day) {
  return chr::year_month_day{chr::sys_days{chr::days{day}}};
}
int64_t DayNumber(chr::year_month_day ymd) { return chr::sys_days{ymd}.time_since_epoch().count(); }

std::string Year(const chr::year_month_day& d) { return std::to_string(int(d.year())); }
std::string Month(const chr::year_month_day& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u", int(d.year()), unsigned(d.month()));
  return buf;
}
std::string Day(const chr::year_month_day& d) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(d.year()), unsigned(d.month()),
                unsigned(d.day()));
  return buf;
}

}  // namespace

std::string FacetToken(std::string_view key, std::string_view value) {
  std::string out(1, kFacetMarker);
  for (char ch : key)
    if (ch != kFacetMarker) out.push_back(ch);
  out.push_back(':');
  for (char ch : value)
    if (ch != kFacetMarker) out.push_back(ch);
  return out;
}

std::vector<std::string> CreatedFacetTokens(int64_t created_ms) {
  const auto d = Civil(DayOf(created_ms));
  return {FacetToken("y", Year(d)), FacetToken("m", Month(d)), FacetToken("t", Day(d))};
}

DateCover CoverRange(std::optional<int64_t> from_ms, std::optional<int64_t> to_ms,
                     int64_t data_min_ms, int64_t data_max_ms) {
  DateCover out;
  // Outside [data_min_ms, data_max_ms] there are no cases, so a side of the range beyond the data
  // is open, and an open side may be widened to whole years.
  const bool open_from = !from_ms || *from_ms <= data_min_ms;
  const bool open_to = !to_ms || *to_ms > data_max_ms;
  if (!open_from && !open_to && *from_ms >= *to_ms) return out;
  if (!open_from && *from_ms > data_max_ms) return out;
  if (!open_to && *to_ms <= data_min_ms) return out;
  // Whole days [first, last_excl), plus the partial days around them.
  int64_t first, last_excl;
  if (open_from) {
    const auto d = Civil(DayOf(data_min_ms));
    first = DayNumber(d.year() / chr::January / 1);
  } else {
    first = DayOf(*from_ms);
    if (DayStartMs(first) != *from_ms) {
      out.partial.push_back(FacetToken("t", Day(Civil(first))));
      ++first;
    }
  }
  if (open_to) {
    const auto d = Civil(DayOf(data_max_ms));
    last_excl = DayNumber((d.year() + chr::years{1}) / chr::January / 1);
  } else {
    last_excl = DayOf(*to_ms);
    if (DayStartMs(last_excl) != *to_ms) {
      std::string tail = FacetToken("t", Day(Civil(last_excl)));
      // from and to inside the same day: that one partial day is all there is.
      if (out.partial.empty() || out.partial.back() != tail) out.partial.push_back(tail);
    }
  }
  for (int64_t day = first; day < last_excl;) {
    const auto d = Civil(day);
    if (d.month() == chr::January && d.day() == chr::day{1}) {
      const int64_t next = DayNumber((d.year() + chr::years{1}) / chr::January / 1);
      if (next <= last_excl) {
        out.whole.push_back(FacetToken("y", Year(d)));
        day = next;
        continue;
      }
    }
    if (d.day() == chr::day{1}) {
      const int64_t next =
          DayNumber(chr::year_month_day{d.year() / d.month() / 1} + chr::months{1});
      if (next <= last_excl) {
        out.whole.push_back(FacetToken("m", Month(d)));
        day = next;
        continue;
      }
    }
    out.whole.push_back(FacetToken("t", Day(d)));
    ++day;
  }
  return out;
}

}  // namespace hotline::search
