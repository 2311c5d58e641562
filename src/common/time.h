// Civil time of the city: RFC 3339 formatting/parsing and local dates.
// The city has one fixed UTC offset (China: +08:00, no daylight saving); it is configuration.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "src/common/clock.h"
#include "src/common/status.h"

namespace hotline {

using Date = std::chrono::year_month_day;
using Days = std::chrono::sys_days;

struct TimeZone {
  int offset_minutes = 8 * 60;  // +08:00
};

// "2026-11-28T09:30:00+08:00" (seconds precision) in the given zone.
std::string FormatRfc3339(TimePoint t, TimeZone tz = {});
// The same 25 characters written into buf[0..25) (no allocation; for encoders on hot paths).
inline constexpr size_t kRfc3339Size = 25;
void FormatRfc3339To(TimePoint t, TimeZone tz, char* buf);  // writes kRfc3339Size chars
// Accepts "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)"; also a lower-case 't'/'z' and a space separator.
Result<TimePoint> ParseRfc3339(std::string_view s);

// "2026-11-28"
std::string FormatDate(Date d);
Result<Date> ParseDate(std::string_view s);

// The local calendar date of an instant, and the local midnight that starts a date.
Date LocalDate(TimePoint t, TimeZone tz = {});
TimePoint LocalMidnight(Date d, TimeZone tz = {});
// Minutes since local midnight of an instant.
int LocalMinuteOfDay(TimePoint t, TimeZone tz = {});

}  // namespace hotline
