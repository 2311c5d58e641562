// Runs the deadline scenario files tests/scenarios/deadlines/*.txt (format: that folder's
// README.md) against the real calendar files data/calendar/*.json and the default time-limit
// policies. Tests run with the repository root as the working directory; parent directories are
// tried too.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "src/workflow/calendar.h"
#include "src/workflow/sla.h"

namespace hotline::workflow {
namespace {

namespace fs = std::filesystem;

std::optional<fs::path> RepoRoot() {
  fs::path p = fs::current_path();
  for (int i = 0; i < 6; ++i) {
    if (fs::is_directory(p / "tests/scenarios/deadlines") && fs::is_directory(p / "data/calendar"))
      return p;
    if (!p.has_parent_path() || p.parent_path() == p) break;
    p = p.parent_path();
  }
  return std::nullopt;
}

std::vector<fs::path> Files(const fs::path& dir, std::string_view ext) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().extension() == ext) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> Split(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// A full RFC 3339 time, or city time written "2026-09-30T16:00" / "2026-09-30T16:00:30".
Result<TimePoint> Time(std::string s) {
  if (s.size() == 16) s += ":00";
  if (s.size() == 19) s += "+08:00";
  return ParseRfc3339(s);
}

// One line of a scenario file; Check() returns "" when it passes, else what went wrong.
class Checker {
 public:
  Checker(const WorkCalendar& calendar, const PolicyTable& policies)
      : cal_(calendar), policies_(policies) {}

  std::string Check(const std::vector<std::string>& args, const std::string& want) {
    if (args.empty()) return "empty check";
    const std::string& verb = args[0];
    if (verb == "kind") return Kind(args, want);
    if (verb == "holiday") return HolidayName(args, want);
    if (verb == "add") return Add(args, want);
    if (verb == "minutes") return Minutes(args, want);
    if (verb == "deadlines") return DeadlinesOf(args, want);
    if (verb == "callback") return Callback(args, want);
    if (verb == "warn") return Warn(args, want);
    if (verb == "state") return State(args, want);
    if (verb == "pause") return Pause(args, want);
    return "unknown verb '" + verb + "'";
  }

 private:
  // Reads args[i] as a time; on failure records the error and returns the epoch.
  TimePoint At(const std::vector<std::string>& args, size_t i) {
    if (i >= args.size()) {
      error_ = "missing argument " + std::to_string(i);
      return {};
    }
    auto t = Time(args[i]);
    if (!t.ok()) error_ = "bad time '" + args[i] + "'";
    return t.ok() ? *t : TimePoint{};
  }
  // The optional trailing "24x7" flag after `fixed` arguments.
  std::optional<bool> Flag24x7(const std::vector<std::string>& args, size_t fixed) {
    if (args.size() == fixed) return false;
    if (args.size() == fixed + 1 && args[fixed] == "24x7") return true;
    return std::nullopt;
  }
  std::string Compare(TimePoint got, const std::string& want) {
    if (!error_.empty()) return error_;
    auto w = Time(want);
    if (!w.ok()) return "bad expected time '" + want + "'";
    if (got == *w) return "";
    return "got " + FormatRfc3339(got) + ", want " + FormatRfc3339(*w);
  }
  const SlaPolicy* Policy(const std::string& type, const std::string& urgency) {
    auto t = domain::ParseCaseType(type);
    if (!t || (urgency != "normal" && urgency != "urgent")) return nullptr;
    return &policies_.Select(*t, urgency == "urgent", {});
  }

  std::string Kind(const std::vector<std::string>& args, const std::string& want) {
    if (args.size() != 2) return "usage: kind DATE -> KIND";
    auto d = ParseDate(args[1]);
    if (!d.ok()) return "bad date";
    std::string got(Name(cal_.KindOf(*d)));
    return got == want ? "" : "got " + got + ", want " + want;
  }
  std::string HolidayName(const std::vector<std::string>& args, const std::string& want) {
    if (args.size() != 2) return "usage: holiday DATE -> NAME|-";
    auto d = ParseDate(args[1]);
    if (!d.ok()) return "bad date";
    std::string got = cal_.HolidayName(*d).value_or("-");
    return got == want ? "" : "got " + got + ", want " + want;
  }
  std::string Add(const std::vector<std::string>& args, const std::string& want) {
    auto flag = Flag24x7(args, 3);
    if (args.size() < 3 || !flag) return "usage: add START DURATION [24x7] -> TIME";
    auto d = ParseDuration(args[2]);
    if (!d.ok()) return "bad duration '" + args[2] + "'";
    TimePoint start = At(args, 1);
    return Compare(AddDuration(cal_, start, *d, *flag), want);
  }
  std::string Minutes(const std::vector<std::string>& args, const std::string& want) {
    if (args.size() != 4 || (args[3] != "working" && args[3] != "natural"))
      return "usage: minutes A B working|natural -> N";
    TimePoint a = At(args, 1), b = At(args, 2);
    if (!error_.empty()) return error_;
    auto clock = args[3] == "working" ? ClockKind::kWorking : ClockKind::kNatural;
    std::string got = std::to_string(cal_.MinutesBetween(a, b, clock));
    return got == want ? "" : "got " + got + ", want " + want;
  }
  std::string DeadlinesOf(const std::vector<std::string>& args, const std::string& want) {
    const SlaPolicy* p = args.size() == 4 ? Policy(args[1], args[2]) : nullptr;
    auto expected = Split(want);
    if (p == nullptr || expected.size() != 3 || expected[0].rfind("sign=", 0) != 0 ||
        expected[1].rfind("contact=", 0) != 0 || expected[2].rfind("due=", 0) != 0)
      return "usage: deadlines TYPE normal|urgent START -> sign=TIME contact=TIME due=TIME";
    const Deadlines d = ComputeDeadlines(cal_, *p, At(args, 3));
    std::string out;
    const std::pair<const char*, std::pair<TimePoint, std::string>> parts[] = {
        {"sign", {d.sign_due, expected[0].substr(5)}},
        {"contact", {d.contact_due, expected[1].substr(8)}},
        {"due", {d.due, expected[2].substr(4)}},
    };
    for (const auto& [name, pair] : parts) {
      std::string e = Compare(pair.first, pair.second);
      if (!e.empty()) out += std::string(out.empty() ? "" : "; ") + name + ": " + e;
    }
    return out.empty() ? "" : "policy " + p->id + ": " + out;
  }
  std::string Callback(const std::vector<std::string>& args, const std::string& want) {
    const SlaPolicy* p = args.size() == 4 ? Policy(args[1], args[2]) : nullptr;
    if (p == nullptr) return "usage: callback TYPE normal|urgent FROM -> TIME";
    return Compare(CallbackDue(cal_, *p, At(args, 3)), want);
  }
  std::string Warn(const std::vector<std::string>& args, const std::string& want) {
    auto flag = Flag24x7(args, 3);
    if (args.size() < 3 || !flag) return "usage: warn START DUE [24x7] -> TIME";
    TimePoint start = At(args, 1), due = At(args, 2);
    return Compare(WarnAt(cal_, *flag, start, due), want);
  }
  std::string State(const std::vector<std::string>& args, const std::string& want) {
    auto flag = Flag24x7(args, 4);
    if (args.size() < 4 || !flag) return "usage: state START DUE NOW [24x7] -> ok|warning|overdue";
    TimePoint start = At(args, 1), due = At(args, 2), now = At(args, 3);
    if (!error_.empty()) return error_;
    std::string got(domain::Name(SlaStateAt(cal_, *flag, start, due, now)));
    return got == want ? "" : "got " + got + ", want " + want;
  }
  std::string Pause(const std::vector<std::string>& args, const std::string& want) {
    auto flag = Flag24x7(args, 4);
    if (args.size() < 4 || !flag) return "usage: pause DUE PAUSED RESUMED [24x7] -> TIME";
    TimePoint due = At(args, 1), paused = At(args, 2), resumed = At(args, 3);
    return Compare(ExtendByPause(cal_, *flag, due, paused, resumed), want);
  }

  const WorkCalendar& cal_;
  const PolicyTable& policies_;
  std::string error_;
};

TEST(CalendarFilesTest, EveryFileParsesAndRoundTrips) {
  auto root = RepoRoot();
  ASSERT_TRUE(root) << "run from the repository root (tests/scenarios/deadlines not found)";
  const auto files = Files(*root / "data/calendar", ".json");
  ASSERT_GE(files.size(), 2u);
  for (const fs::path& f : files) {
    auto s = ParseYearSchedule(ReadFile(f));
    ASSERT_TRUE(s.ok()) << f << ": " << s.status().ToString() << " at " << s.status().field();
    EXPECT_EQ(f.filename().string(), "cn-" + std::to_string(s->year) + ".json");
    auto again = ParseYearSchedule(YearScheduleToJson(*s));
    ASSERT_TRUE(again.ok()) << f;
    EXPECT_EQ(*again, *s) << f;
  }
}

TEST(DeadlineScenariosTest, AllFilesPass) {
  auto root = RepoRoot();
  ASSERT_TRUE(root) << "run from the repository root (tests/scenarios/deadlines not found)";
  WorkCalendar cal;
  for (const fs::path& f : Files(*root / "data/calendar", ".json")) {
    auto s = ParseYearSchedule(ReadFile(f));
    ASSERT_TRUE(s.ok()) << f << ": " << s.status().ToString();
    cal.SetYear(*std::move(s));
  }
  ASSERT_TRUE(cal.HasYear(2025) && cal.HasYear(2026));
  const PolicyTable policies(DefaultPolicies());

  const auto files = Files(*root / "tests/scenarios/deadlines", ".txt");
  ASSERT_FALSE(files.empty());
  int total = 0;
  for (const fs::path& f : files) {
    std::ifstream in(f);
    int line_no = 0, checks = 0;
    for (std::string line; std::getline(in, line);) {
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      const size_t first = line.find_first_not_of(" \t");
      if (first == std::string::npos || line[first] == '#') continue;
      const std::string where = f.filename().string() + ":" + std::to_string(line_no);
      const size_t arrow = line.find(" -> ");
      if (arrow == std::string::npos) {
        ADD_FAILURE() << where << ": expected 'CHECK -> EXPECTED': " << line;
        continue;
      }
      std::string want = line.substr(arrow + 4);
      want.erase(0, want.find_first_not_of(" \t"));
      want.erase(want.find_last_not_of(" \t") + 1);
      Checker checker(cal, policies);
      const std::string error = checker.Check(Split(line.substr(0, arrow)), want);
      if (!error.empty()) ADD_FAILURE() << where << ": " << line << "\n    " << error;
      ++checks;
    }
    EXPECT_GT(checks, 0) << f << " has no checks";
    total += checks;
  }
  EXPECT_GT(total, 100);
  std::cout << "[ scenarios] " << total << " deadline checks in " << files.size() << " files\n";
}

}  // namespace
}  // namespace hotline::workflow
