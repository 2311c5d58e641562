#include "src/workflow/redact.h"

#include <gtest/gtest.h>

namespace hotline::workflow {
namespace {

const domain::Citizen kCitizen{"李四光", "13912345678", "420102199001011234", "li@example.com"};

std::vector<std::string> Kinds(std::string_view text, const domain::Citizen& c = kCitizen) {
  std::vector<std::string> out;
  for (const auto& f : FindPersonalData(text, c)) out.push_back(f.kind + ":" + f.text);
  return out;
}

using V = std::vector<std::string>;

TEST(FindPersonalData, TableOfHostileAndHarmlessText) {
  struct Row {
    std::string text;
    V want;
  };
  const std::vector<Row> rows = {
      {"小区门口路灯坏了一周。", {}},
      {"2026-11-28 晚上8点，3号路灯不亮，已持续3天。", {}},  // dates and small numbers
      {"电话13912345678", {"phone:13912345678"}},
      {"电话 139 1234 5678 请回电", {"phone:139 1234 5678"}},
      {"电话139-1234-5678", {"phone:139-1234-5678"}},
      {"电话+8613912345678", {"phone:+8613912345678"}},
      {"电话１３９１２３４５６７８", {"phone:１３９１２３４５６７８"}},  // full-width digits
      {"座机027-87654321", {"phone:027-87654321"}},
      {"号码87654321", {"number:87654321"}},
      {"身份证420102199001011234", {"id_number:420102199001011234"}},
      {"身份证42010219900101123X号", {"id_number:42010219900101123X"}},
      {"邮箱 li@example.com 联系", {"email:li@example.com"}},
      {"邮箱 li＠example．com", {"email:li＠example．com"}},
      {"我是李四光，住在这里", {"name:李四光"}},
      {"我是李 四 光", {"name:李 四 光"}},
      {"四光反映", {"name:四光"}},
      {"住12栋3单元502室", {"address:12", "address:3", "address:502"}},
      {"电话一三九一二三四五六七八", {"number:一三九一二三四五六七八"}},
      {"李四光（13912345678，li@example.com）",
       {"name:李四光", "phone:13912345678", "email:li@example.com"}},
  };
  for (const auto& r : rows) EXPECT_EQ(Kinds(r.text), r.want) << r.text;
}

TEST(FindPersonalData, OffsetsPointAtTheText) {
  std::string text = "路灯坏了，电话13912345678。";
  auto f = FindPersonalData(text, {});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(text.substr(f[0].offset, f[0].length), "13912345678");
}

TEST(FindPersonalData, NoCitizenNoNameCheck) {
  EXPECT_TRUE(FindPersonalData("李四光反映路灯问题", {}).empty());
  // A one-character name is not searched for (it would match everywhere).
  EXPECT_TRUE(FindPersonalData("李反映路灯问题", domain::Citizen{"李", "", "", ""}).empty());
}

TEST(RedactPersonalData, Draft) {
  EXPECT_EQ(RedactPersonalData("我是李四光，电话13912345678，邮箱li@example.com。", kCitizen),
            "我是李某，电话***，邮箱***。");
  EXPECT_EQ(RedactPersonalData("四光住5栋302室", kCitizen), "某住**栋**室");
  EXPECT_EQ(RedactPersonalData("没有个人信息。", kCitizen), "没有个人信息。");
  // The draft passes its own check.
  for (const char* t :
       {"李 四 光 １３９１２３４５６７８", "身份证42010219900101123X，电话一三九一二三四五六七八"})
    EXPECT_TRUE(FindPersonalData(RedactPersonalData(t, kCitizen), kCitizen).empty()) << t;
}

}  // namespace
}  // namespace hotline::workflow
