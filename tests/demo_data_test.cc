// LoadDemoData: the shipped demo city loads and looks like a city; broken data is rejected with a
// message that names the file and the offending key.
#include "src/app/demo_data.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace hotline::app {
namespace {

namespace fs = std::filesystem;

// The repository's data/demo, found from the working directory (the repo root or a build dir below
// it) or from $HOTLINE_SOURCE_DIR.
std::string ShippedDir() {
  std::vector<fs::path> candidates;
  if (const char* src = std::getenv("HOTLINE_SOURCE_DIR")) candidates.emplace_back(src);
  for (const char* up : {".", "..", "../..", "../../.."}) candidates.emplace_back(up);
  for (const fs::path& root : candidates) {
    fs::path dir = root / "data" / "demo";
    if (fs::exists(dir / "org.json")) return dir.string();
  }
  return "data/demo";
}

// Loaded once for all the tests that read the shipped files.
const DemoData& Shipped() {
  static const DemoData data = [] {
    Result<DemoData> r = LoadDemoData(ShippedDir());
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(r).value() : DemoData{};
  }();
  return data;
}

TEST(DemoDataTest, ShippedOrgTreeIsACity) {
  const DemoData& d = Shipped();
  ASSERT_FALSE(d.units.empty());
  EXPECT_EQ(d.units[0].code, "centre");
  EXPECT_EQ(d.units[0].kind, "centre");
  EXPECT_TRUE(d.units[0].can_dispatch);

  std::map<std::string, int> by_kind;
  std::map<std::string, int> streets_of;
  std::set<std::string> codes;
  for (const DemoUnit& u : d.units) {
    ++by_kind[u.kind];
    codes.insert(u.code);
    if (u.kind == "street") ++streets_of[u.parent];
    if (u.kind == "district") {
      EXPECT_TRUE(u.can_dispatch) << u.code;
      EXPECT_FALSE(u.aliases.empty()) << u.code;
      EXPECT_EQ(u.parent, "centre");
    }
    EXPECT_NE(u.contact_email.find("@jiangcheng.gov.cn"), std::string::npos) << u.code;
    EXPECT_EQ(u.contact_phone.rfind('0', 0), 0u) << u.code;
  }
  EXPECT_EQ(by_kind["centre"], 1);
  EXPECT_EQ(by_kind["district"], 4);
  EXPECT_GE(by_kind["department"], 14);
  EXPECT_GE(by_kind["enterprise"], 5);
  for (const auto& [district, n] : streets_of) {
    EXPECT_GE(n, 3) << district;
    EXPECT_LE(n, 5) << district;
  }
  for (const char* code : {"zjj", "cgj", "jtj", "rsj", "water", "power", "gas", "heat", "bus"}) {
    EXPECT_EQ(codes.count(code), 1u) << code;
  }
}

TEST(DemoDataTest, ShippedCategoriesAreAThreeLevelTree) {
  const DemoData& d = Shipped();
  std::map<std::string, const DemoCategory*> by_code;
  int per_level[4] = {0, 0, 0, 0};
  for (const DemoCategory& c : d.categories) {
    ASSERT_GE(c.level, 1);
    ASSERT_LE(c.level, 3);
    ++per_level[c.level];
    if (c.level > 1) {
      ASSERT_EQ(by_code.count(c.parent_code), 1u) << c.code << ": parent after child";
      EXPECT_EQ(c.code.substr(0, c.parent_code.size()), c.parent_code);
    }
    if (c.level == 2) {
      EXPECT_GE(c.keywords.size(), 3u) << c.code;
      EXPECT_LE(c.keywords.size(), 8u) << c.code;
    }
    EXPECT_FALSE(c.lead.empty()) << c.code;
    EXPECT_FALSE(c.name_en.empty()) << c.code;
    by_code[c.code] = &c;
  }
  EXPECT_EQ(per_level[1], 15);
  EXPECT_GE(per_level[2], 100);
  EXPECT_GE(per_level[3], 480);

  // Inheritance and overrides, looked up by name.
  std::map<std::string, const DemoCategory*> by_path;
  for (const DemoCategory& c : d.categories) {
    std::string path = c.name;
    for (std::string p = c.parent_code; !p.empty(); p = by_code[p]->parent_code) {
      path = by_code[p]->name + "/" + path;
    }
    by_path[path] = &c;
  }
  const DemoCategory* water = by_path["城乡建设/城市建设和市政管理/自来水供应"];
  ASSERT_NE(water, nullptr);
  EXPECT_EQ(water->lead, "water");
  const DemoCategory* noise = by_path["环境保护/环境污染/噪音污染"];
  ASSERT_NE(noise, nullptr);
  EXPECT_TRUE(noise->street_level);
  const DemoCategory* property = by_path["城乡建设/住房保障与房地产/物业服务"];
  ASSERT_NE(property, nullptr);
  EXPECT_EQ(property->lead, "zjj");  // inherited from 住房保障与房地产
  const DemoCategory* other = by_path["城乡建设/其他"];
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(other->code.substr(2), "99");
}

TEST(DemoDataTest, ShippedMessagesAreARealisticMix) {
  const DemoData& d = Shipped();
  EXPECT_GE(d.messages.size(), 2500u);
  EXPECT_LE(d.messages.size(), 3500u);
  std::map<std::string, int> types;
  std::set<std::string> districts;
  int with_reply = 0;
  for (const DemoMessage& m : d.messages) {
    ++types[m.type];
    districts.insert(m.district);
    if (!m.reply.empty()) ++with_reply;
    EXPECT_EQ(m.address.rfind("江城市", 0), 0u) << m.title;
    EXPECT_EQ(m.title.find("A市"), std::string::npos) << m.title;
  }
  EXPECT_EQ(types.size(), 6u);
  for (const char* minor : {"consultation", "report", "suggestion", "praise"}) {
    EXPECT_GT(types["help"], types[minor]) << minor;
    EXPECT_GT(types["complaint"], types[minor]) << minor;
  }
  EXPECT_EQ(districts.size(), 4u);
  EXPECT_GT(with_reply, 500);
}

TEST(DemoDataTest, ShippedCitizensHaveValidIdsAndRepeatCallers) {
  const DemoData& d = Shipped();
  EXPECT_GE(d.citizens.size(), 300u);
  int with_id = 0, repeat = 0;
  for (const DemoCitizen& c : d.citizens) {
    if (c.id_number) {
      ++with_id;
      EXPECT_TRUE(IsValidResidentId(*c.id_number)) << *c.id_number;
    }
    if (c.repeat_caller) ++repeat;
  }
  EXPECT_GT(with_id, 0);
  EXPECT_GE(repeat, 3);
}

TEST(DemoDataTest, ResidentIdChecksum) {
  struct Case {
    const char* id;
    bool valid;
  };
  const Case cases[] = {
      {"11010519491231002X", true},                                  // the GB 11643 example
      {"11010519491231002x", true},                                  // lower-case x is accepted
      {"440524188001010014", true},  {"110105194912310021", false},  // wrong check digit
      {"11010519491331002X", false},                                 // month 13
      {"1101051949123100", false},                                   // too short
      {"11010519491231002Y", false}, {"", false},
  };
  for (const Case& c : cases) EXPECT_EQ(IsValidResidentId(c.id), c.valid) << c.id;
}

// A tiny, valid data set written to a temporary directory; each case breaks one thing.
class DemoDataBrokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(::testing::TempDir()) / (std::string("hotline_demo_") + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    files_["org.json"] = R"({"units":[
      {"code":"centre","name":"市12345热线中心","kind":"centre","parent":"","can_dispatch":true},
      {"code":"jd","name":"江东区","kind":"district","parent":"centre","can_dispatch":true,
       "aliases":["江东"]},
      {"code":"jd-a","name":"甲街道","kind":"street","parent":"jd"},
      {"code":"zjj","name":"市住房和城乡建设局","kind":"department","parent":"centre"}]})";
    files_["categories.json"] = R"({"categories":[
      {"code":"01","name":"城乡建设","lead":"zjj","street_level":false,"children":[
        {"code":"0101","name":"物业","lead":"zjj","keywords":["物业","业委会","物业费"],"children":[
          {"code":"010101","name":"物业服务"},
          {"code":"010199","name":"其他","lead":"jd","street_level":true}]}]}]})";
    files_["messages.jsonl"] =
        R"({"title":"物业不管事","content":"小区物业长期不打扫卫生。","reply":"已处理。",)"
        R"("reply_unit":"zjj","category":"010101","type":"complaint","district":"jd",)"
        R"("address":"江城市江东区甲街道1号","created_at":"2019-04-25T09:32:09+08:00","votes":3})"
        "\n";
    files_["citizens.json"] =
        R"({"citizens":[{"name":"王芳","phone":"13800000000","id_number":"11010519491231002X",)"
        R"("district":"jd","repeat_caller":true}]})";
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Replaces the first occurrence of `from` in `file` by `to`.
  void Edit(const std::string& file, const std::string& from, const std::string& to) {
    std::string& text = files_[file];
    size_t pos = text.find(from);
    ASSERT_NE(pos, std::string::npos) << from;
    text.replace(pos, from.size(), to);
  }

  Result<DemoData> Load() {
    for (const auto& [name, text] : files_) std::ofstream(dir_ / name) << text;
    return LoadDemoData(dir_.string());
  }

  fs::path dir_;
  std::map<std::string, std::string> files_;
};

TEST_F(DemoDataBrokenTest, TheFixtureLoadsAndInherits) {
  Result<DemoData> r = Load();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->categories.size(), 4u);
  EXPECT_EQ(r->categories[2].code, "010101");
  EXPECT_EQ(r->categories[2].parent_code, "0101");
  EXPECT_EQ(r->categories[2].level, 3);
  EXPECT_EQ(r->categories[2].lead, "zjj");
  EXPECT_FALSE(r->categories[2].street_level);
  EXPECT_EQ(r->categories[3].lead, "jd");
  EXPECT_TRUE(r->categories[3].street_level);
  ASSERT_EQ(r->messages.size(), 1u);
  EXPECT_EQ(r->messages[0].votes, 3);
  EXPECT_EQ(r->messages[0].replied_at, "");
  ASSERT_EQ(r->citizens.size(), 1u);
  EXPECT_TRUE(r->citizens[0].repeat_caller);
  EXPECT_FALSE(r->citizens[0].email.has_value());
}

struct BrokenCase {
  const char* name;
  const char* file;
  const char* from;
  const char* to;
  const char* field;  // expected Status::field()
};

class DemoDataBrokenCaseTest : public DemoDataBrokenTest,
                               public ::testing::WithParamInterface<BrokenCase> {};

TEST_P(DemoDataBrokenCaseTest, IsRejected) {
  const BrokenCase& c = GetParam();
  Edit(c.file, c.from, c.to);
  Result<DemoData> r = Load();
  ASSERT_FALSE(r.ok()) << c.name;
  EXPECT_EQ(r.status().code(), Code::kUnprocessable) << r.status().ToString();
  EXPECT_EQ(r.status().field(), c.field) << r.status().ToString();
  EXPECT_NE(r.status().message().find(c.file), std::string::npos) << r.status().ToString();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, DemoDataBrokenCaseTest,
    ::testing::Values(
        BrokenCase{"UnknownParent", "org.json", R"("parent":"jd"})", R"("parent":"xx"})", "parent"},
        BrokenCase{"DuplicateCode", "org.json", R"("code":"zjj")", R"("code":"jd")", "code"},
        BrokenCase{"UnknownKind", "org.json", R"("kind":"department")", R"("kind":"bureau")",
                   "kind"},
        BrokenCase{"StreetUnderDepartment", "org.json", R"("parent":"jd"})", R"("parent":"zjj"})",
                   "parent"},
        BrokenCase{"LeadNotAUnit", "categories.json", R"("lead":"jd")", R"("lead":"nobody")",
                   "lead"},
        BrokenCase{"CodeNotUnderParent", "categories.json", R"("010101")", R"("020101")", "code"},
        BrokenCase{"UnknownCategory", "messages.jsonl", R"("category":"010101")",
                   R"("category":"019898")", "category"},
        BrokenCase{"CategoryNotLevel3", "messages.jsonl", R"("category":"010101")",
                   R"("category":"0101")", "category"},
        BrokenCase{"UnknownType", "messages.jsonl", R"("type":"complaint")", R"("type":"rant")",
                   "type"},
        BrokenCase{"DistrictIsAStreet", "messages.jsonl", R"("district":"jd")",
                   R"("district":"jd-a")", "district"},
        BrokenCase{"UnknownReplyUnit", "messages.jsonl", R"("reply_unit":"zjj")",
                   R"("reply_unit":"nobody")", "reply_unit"},
        BrokenCase{"MissingTitle", "messages.jsonl", R"("title":"物业不管事",)", "", "title"},
        BrokenCase{"VotesNotANumber", "messages.jsonl", R"("votes":3)", R"("votes":"3")", "votes"},
        BrokenCase{"BadIdChecksum", "citizens.json", "11010519491231002X", "110105194912310021",
                   "id_number"},
        BrokenCase{"BadPhone", "citizens.json", "13800000000", "1380000", "phone"},
        BrokenCase{"MalformedJson", "citizens.json", R"(]})", "", ""}),
    [](const ::testing::TestParamInfo<BrokenCase>& info) { return info.param.name; });

TEST_F(DemoDataBrokenTest, MissingFileIsNotFound) {
  files_.erase("messages.jsonl");
  Result<DemoData> r = Load();
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsNotFound()) << r.status().ToString();
}

}  // namespace
}  // namespace hotline::app
