#include "src/common/time.h"

#include <cstdio>

namespace hotline {
namespace {

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

std::string FormatRfc3339(TimePoint t, TimeZone tz) {
  char buf[kRfc3339Size];
  FormatRfc3339To(t, tz, buf);
  return std::string(buf, kRfc3339Size);
}

void FormatRfc3339To(TimePoint t, TimeZone tz, char* buf) {
  // Hand-rolled (no printf): this runs for every time field of every case the API returns.
  auto local = std::chrono::floor<std::chrono::seconds>(t) + std::chrono::minutes(tz.offset_minutes);
  auto day = std::chrono::floor<std::chrono::days>(local);
  Date d{day};
  std::chrono::hh_mm_ss hms{local - day};
  int off = tz.offset_minutes;
  char sign = off < 0 ? '-' : '+';
  if (off < 0) off = -off;
  auto put2 = [](char* p, unsigned v) {
    p[0] = char('0' + v / 10 % 10);
    p[1] = char('0' + v % 10);
  };
  int y = int(d.year());
  if (y < 0 || y > 9999) y = 0;
  buf[0] = char('0' + y / 1000);
  buf[1] = char('0' + y / 100 % 10);
  put2(buf + 2, unsigned(y % 100));
  buf[4] = '-';
  put2(buf + 5, unsigned(d.month()));
  buf[7] = '-';
  put2(buf + 8, unsigned(d.day()));
  buf[10] = 'T';
  put2(buf + 11, unsigned(hms.hours().count()));
  buf[13] = ':';
  put2(buf + 14, unsigned(hms.minutes().count()));
  buf[16] = ':';
  put2(buf + 17, unsigned(hms.seconds().count()));
  buf[19] = sign;
  put2(buf + 20, unsigned(off / 60));
  buf[22] = ':';
  put2(buf + 23, unsigned(off % 60));
}

Result<TimePoint> ParseRfc3339(std::string_view s) {
  int y, mo, d, h, mi, se;
  auto bad = [&] { return Status::Invalid("not an RFC 3339 time: expected 2026-11-28T09:30:00+08:00"); };
  if (s.size() < 20 || !Digits(s, 0, 4, &y) || s[4] != '-' || !Digits(s, 5, 2, &mo) || s[7] != '-' ||
      !Digits(s, 8, 2, &d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
      !Digits(s, 11, 2, &h) || s[13] != ':' || !Digits(s, 14, 2, &mi) || s[16] != ':' ||
      !Digits(s, 17, 2, &se))
    return bad();
  size_t pos = 19;
  int frac_ms = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int scale = 100, ndig = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (scale > 0) frac_ms += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
      ++ndig;
    }
    if (ndig == 0) return bad();
  }
  int offset = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (!Digits(s, pos + 1, 2, &oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !Digits(s, pos + 4, 2, &om) || oh > 23 || om > 59)
      return bad();
    offset = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return bad();
  }
  if (pos != s.size()) return bad();
  Date date{std::chrono::year(y), std::chrono::month(unsigned(mo)), std::chrono::day(unsigned(d))};
  if (!date.ok() || h > 23 || mi > 59 || se > 60) return bad();
  auto tp = std::chrono::sys_days(date) + std::chrono::hours(h) + std::chrono::minutes(mi) +
            std::chrono::seconds(se) + Millis(frac_ms) - std::chrono::minutes(offset);
  return TimePoint(std::chrono::duration_cast<Millis>(tp.time_since_epoch()));
}

std::string FormatDate(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(d.year()), unsigned(d.month()),
                unsigned(d.day()));
  return buf;
}

Result<Date> ParseDate(std::string_view s) {
  int y, m, d;
  if (s.size() != 10 || !Digits(s, 0, 4, &y) || s[4] != '-' || !Digits(s, 5, 2, &m) ||
      s[7] != '-' || !Digits(s, 8, 2, &d))
    return Status::Invalid("not a date: expected YYYY-MM-DD");
  Date date{std::chrono::year(y), std::chrono::month(unsigned(m)), std::chrono::day(unsigned(d))};
  if (!date.ok()) return Status::Invalid("not a calendar date");
  return date;
}

Date LocalDate(TimePoint t, TimeZone tz) {
  return Date{std::chrono::floor<std::chrono::days>(t + std::chrono::minutes(tz.offset_minutes))};
}

TimePoint LocalMidnight(Date d, TimeZone tz) {
  return TimePoint(std::chrono::sys_days(d)) - std::chrono::minutes(tz.offset_minutes);
}

int LocalMinuteOfDay(TimePoint t, TimeZone tz) {
  auto local = t + std::chrono::minutes(tz.offset_minutes);
  auto day = std::chrono::floor<std::chrono::days>(local);
  return int(std::chrono::duration_cast<std::chrono::minutes>(local - day).count());
}

}  // namespace hotline
