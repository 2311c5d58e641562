// The hot sections of the reports against the real binary over the demo city: the daily report of
// the day of the demo's water-main burst lists the rising 停水 issue with case numbers, the street
// where the calls concentrate and the surge raised that day — without any citizen's data — and
// `hotline report` writes them to sheets of the .xlsx.
#include <fstream>
#include <sstream>

#include "tests/api/harness.h"

namespace hotline::apitest {
namespace {

class ReportHot : public ApiTest {
 protected:
  static const bj::object* Section(const bj::object& rep, std::string_view id) {
    for (const auto& s : rep.at("sections").as_array())
      if (s.as_object().at("id").as_string() == id) return &s.as_object();
    return nullptr;
  }
  static int Col(const bj::object& sec, std::string_view key) {
    const auto& cols = sec.at("columns").as_array();
    for (size_t i = 0; i < cols.size(); ++i)
      if (cols[i].as_object().at("key").as_string() == key) return int(i);
    ADD_FAILURE() << "no column " << key;
    return 0;
  }
  // The demo surge (停水 near 马王堆街道) and the local date it was raised on.
  static bj::object DemoSurge() {
    auto r = Get("supervisor", "/api/v1/surges");
    EXPECT_EQ(r.status, 200) << r.body;
    for (const auto& s : r.obj().at("items").as_array())
      if (Str(s.as_object(), "term") == "停水") return s.as_object();
    ADD_FAILURE() << "the demo surge is missing: " << r.body;
    return {};
  }
};

TEST_F(ReportHot, DailyReportOfTheOutageDayHasHotIssuesPlacesAndSurges) {
  auto surge = DemoSurge();
  ASSERT_FALSE(surge.empty());
  const std::string day = Str(surge, "raised_at").substr(0, 10);
  auto r = Get("leader", "/api/v1/reports/daily?date=" + day);
  ASSERT_EQ(r.status, 200) << r.body;

  const auto* hot = Section(r.obj(), "hot_issues");
  ASSERT_NE(hot, nullptr) << r.body;
  EXPECT_EQ(Str(*hot, "title"), "热点问题");
  const auto& rows = hot->at("rows").as_array();
  ASSERT_FALSE(rows.empty()) << bj::serialize(*hot);
  bool water = false;
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i].as_array();
    // The rising term (the estates' clusters of similar messages follow it).
    if (Str(row[Col(*hot, "label")]) != "停水" || Str(row[Col(*hot, "kind")]) != "上升词") continue;
    water = true;
    EXPECT_GE(row[Col(*hot, "burst")].to_number<double>(), 3.0);
    EXPECT_GE(row[Col(*hot, "count")].to_number<int64_t>(), 10);
    // A few member case numbers, each linked to its case.
    const auto& cases = hot->at("links").as_array()[i].as_object().at("cases").as_array();
    ASSERT_FALSE(cases.empty());
    const auto& first = cases[0].as_object();
    EXPECT_NE(Str(row[Col(*hot, "cases")]).find(Str(first, "number")), std::string::npos);
    auto c = Get("leader", "/api/v1/cases/" + Str(first, "id"));
    ASSERT_EQ(c.status, 200) << c.body;
    EXPECT_EQ(Str(c.obj(), "number"), Str(first, "number"));
  }
  EXPECT_TRUE(water) << bj::serialize(*hot);

  const auto* places = Section(r.obj(), "hot_places");
  ASSERT_NE(places, nullptr);
  bool street = false;
  for (const auto& row : places->at("rows").as_array())
    if (Str(row.as_array()[Col(*places, "place")]) == "马王堆街道") {
      street = true;
      EXPECT_EQ(Str(row.as_array()[Col(*places, "level")]), "街道");
    }
  EXPECT_TRUE(street) << bj::serialize(*places);

  const auto* surges = Section(r.obj(), "surges");
  ASSERT_NE(surges, nullptr);
  bool found = false;
  const auto& srows = surges->at("rows").as_array();
  for (size_t i = 0; i < srows.size(); ++i) {
    const auto& row = srows[i].as_array();
    if (Str(surges->at("links").as_array()[i].as_object(), "surge_id") != Str(surge, "id"))
      continue;
    found = true;
    EXPECT_EQ(Str(row[Col(*surges, "term")]), "停水");
    EXPECT_EQ(Str(row[Col(*surges, "street")]), "马王堆街道");
    EXPECT_EQ(row[Col(*surges, "count")].to_number<int64_t>(), Int(surge, "case_count"));
    EXPECT_EQ(Str(row[Col(*surges, "raised_at")]), Str(surge, "raised_at"));
    EXPECT_FALSE(Str(row[Col(*surges, "status")]).empty());
  }
  EXPECT_TRUE(found) << bj::serialize(*surges);

  // No addresses or phone numbers of citizens.
  EXPECT_EQ(r.body.find("江城市江东区马王堆街道"), std::string::npos);
  EXPECT_EQ(r.body.find("phone"), std::string::npos);
}

TEST_F(ReportHot, CliWritesTheHotSheets) {
  auto surge = DemoSurge();
  ASSERT_FALSE(surge.empty());
  const std::string day = Str(surge, "raised_at").substr(0, 10);
  const std::string out = server_->dir + "/daily.xlsx";
  ASSERT_EQ(Server::Run({HOTLINE_BINARY, "report", "daily", "--data", server_->dir + "/data",
                         "--date", day, "--out", out},
                        server_->dir + "/report.log"),
            0)
      << server_->Log();
  // An .xlsx is a zip: list the sheet names and read the sheets (inline strings) with python3.
  const std::string listing = server_->dir + "/sheets.txt";
  ASSERT_EQ(Server::Run({"/usr/bin/python3", "-c",
                         "import sys, zipfile\n"
                         "z = zipfile.ZipFile(sys.argv[1])\n"
                         "print(z.read('xl/workbook.xml').decode())\n"
                         "for n in z.namelist():\n"
                         "    if n.startswith('xl/worksheets/'): print(z.read(n).decode())\n",
                         out},
                        listing),
            0);
  std::ifstream in(listing);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  for (const char* sheet :
       {"name=\"热点问题\"", "name=\"诉求集中地点\"", "name=\"突发聚集\"", "name=\"受理概况\""})
    EXPECT_NE(text.find(sheet), std::string::npos) << sheet << "\n" << text.substr(0, 2000);
  for (const char* header : {"工单示例", "热度", "升级情况", "马王堆街道", "停水"})
    EXPECT_NE(text.find(header), std::string::npos) << header;
  EXPECT_EQ(text.find("江城市江东区马王堆街道"), std::string::npos) << "no addresses";
  // A bad report kind is refused.
  EXPECT_NE(Server::Run({HOTLINE_BINARY, "report", "yearly", "--data", server_->dir + "/data",
                         "--date", day, "--out", out},
                        server_->dir + "/report.log"),
            0);
}

}  // namespace
}  // namespace hotline::apitest
