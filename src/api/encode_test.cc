// EncodeCaseTo (JSON text written directly) against EncodeCase (a boost::json tree, serialized):
// the same bytes for every actor and every kind of case, including hostile strings, and JsonOut
// against boost::json's serializer.
#include "src/api/encode.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <random>

#include "src/api/json_out.h"
#include "tests/fakes/test_city.h"

namespace hotline::api {
namespace {

namespace bj = boost::json;
using namespace hotline::domain;

// ---- JsonOut ----

TEST(JsonOutTest, EscapesEveryByteAsBoostJsonDoes) {
  for (int c = 0; c < 256; ++c) {
    std::string s = "a";
    s += char(c);
    s += "b";
    std::string out;
    JsonOut::AppendEscaped(out, s);
    EXPECT_EQ(out, bj::serialize(bj::string(s))) << "byte " << c;
  }
}

TEST(JsonOutTest, HostileStringsMatchBoostJson) {
  const std::string strings[] = {
      "",
      "\"",
      "\\",
      "\"\\\"\\\\",
      std::string("nul\0inside", 10),
      "\x01\x02\x1f\x7f",
      "line\nbreak\r\ttab\b\f",
      "</script><script>alert(1)</script>",
      "张三丰 市民反映：噪音扰民 😀",
      "\xe2\x80\xa8\xe2\x80\xa9",                      // U+2028, U+2029
      "\xff\xfe invalid \xc3\x28 utf-8 \xed\xa0\x80",  // bytes as they are
      "\\u0000 not an escape",
      std::string(5000, 'x') + "\"" + std::string(3000, '\\'),
  };
  for (const auto& s : strings) {
    std::string out;
    JsonOut::AppendEscaped(out, s);
    EXPECT_EQ(out, bj::serialize(bj::string(s)));
  }
}

TEST(JsonOutTest, StructureAndNumbersMatchBoostJson) {
  std::string out;
  JsonOut j(&out);
  j.BeginObject();
  j.Key("a");
  j.Int(0);
  j.Key("b");
  j.Int(-9223372036854775807LL - 1);
  j.Key("c");
  j.BeginArray();
  j.EndArray();
  j.Key("d");
  j.BeginObject();
  j.EndObject();
  j.Key("e");
  j.BeginArray();
  j.Bool(true);
  j.Bool(false);
  j.Null();
  j.BeginObject();
  j.Key("x");
  j.String("y");
  j.EndObject();
  j.BeginArray();
  j.Int(1);
  j.EndArray();
  j.EndArray();
  j.Key("f");
  j.Double(28.1);
  j.Key("g");
  j.Double(-0.0000001);
  j.Key("h");
  j.Double(112.98765432101234);
  j.Key("i");
  j.StringOrNull("");
  j.Key("k");
  j.StringOrNull("v");
  j.EndObject();
  bj::object o;
  o["a"] = 0;
  o["b"] = int64_t(-9223372036854775807LL - 1);
  o["c"] = bj::array();
  o["d"] = bj::object();
  o["e"] = bj::array{true, false, nullptr, bj::object{{"x", "y"}}, bj::array{1}};
  o["f"] = 28.1;
  o["g"] = -0.0000001;
  o["h"] = 112.98765432101234;
  o["i"] = nullptr;
  o["k"] = "v";
  EXPECT_EQ(out, bj::serialize(o));
}

// ---- EncodeCaseTo vs EncodeCase ----

class EncodeCaseToTest : public ::testing::Test {
 protected:
  testing::TestCity city_;
};

std::string Hostile(std::mt19937& rng) {
  static const char* const kPieces[] = {
      "市民反映", "噪音",  "\"",        "\\",    "\n",           "\r\n", "\t",       "\x01",
      "\x1f",     "\x7f",  "</script>", "😀",     "\xe2\x80\xa8", "\xff", "\xc3\x28", "a",
      " ",        "12345", "'",         "&amp;", "\\u0022",      "{}[]",
  };
  std::uniform_int_distribution<int> len(0, 12);
  std::uniform_int_distribution<size_t> pick(0, std::size(kPieces) - 1);
  std::string s;
  for (int i = len(rng); i > 0; --i) s += kPieces[pick(rng)];
  if (rng() % 16 == 0) s += std::string("\0x", 2);
  return s;
}

template <typename E>
E AnyOf(std::mt19937& rng, int count) {
  return E(std::uniform_int_distribution<int>(0, count - 1)(rng));
}

Case RandomCase(std::mt19937& rng, const testing::TestCity& city, int i) {
  const TimePoint base = testing::TestCityStart();
  auto t = [&] {
    return base + std::chrono::milliseconds(int64_t(rng() % 4000000000ULL) - 2000000000LL);
  };
  auto maybe_t = [&]() -> std::optional<TimePoint> {
    if (rng() % 2) return std::nullopt;
    return t();
  };
  auto maybe = [&](const std::string& s) { return rng() % 3 == 0 ? std::string() : s; };
  const std::vector<std::string> units = {city.unit("centre"), city.unit("jd"),  city.unit("s1"),
                                          city.unit("s2"),     city.unit("zjj"), city.unit("cgj"),
                                          "u-unknown"};
  const std::vector<std::string> cats = {city.category("c1"), city.category("c2"),
                                         city.category("c3"), "cat-unknown", ""};
  auto any_unit = [&] { return units[rng() % units.size()]; };

  Case c;
  c.id = std::to_string(i + 1);
  c.number = "261125" + std::to_string(10000 + i);
  c.query_code = "Q" + std::to_string(rng());
  c.type = AnyOf<CaseType>(rng, 6);
  c.channel = AnyOf<Channel>(rng, 8);
  c.title = Hostile(rng);
  c.content = Hostile(rng) + "小区夜间施工噪音扰民，希望相关部门尽快核查处理。";
  c.category_id = cats[rng() % cats.size()];
  c.status = AnyOf<CaseStatus>(rng, 11);
  c.urgent = rng() % 2;
  c.confidential = rng() % 3 == 0;
  c.escalated = rng() % 4 == 0;
  static const char* const kNames[] = {"张三丰", "李", "欧阳娜娜", "", "Zhang \"Wei\"", "\xff\xfe"};
  static const char* const kPhones[] = {"13812345678",       "",        "123", "1234567",
                                        "+86 138-1234-5678", "12345678"};
  static const char* const kIds[] = {"", "110101199003071234", "1234", "123456789"};
  static const char* const kEmails[] = {"", "zhang@example.cn", "\"quoted\"@x"};
  c.citizen.name = kNames[rng() % std::size(kNames)];
  c.citizen.phone = kPhones[rng() % std::size(kPhones)];
  c.citizen.id_number = kIds[rng() % std::size(kIds)];
  c.citizen.email = kEmails[rng() % std::size(kEmails)];
  c.location.address = maybe("江城市江东区五一大道197号" + Hostile(rng));
  c.location.district_id = rng() % 3 == 0 ? std::string() : any_unit();
  if (rng() % 2) c.location.lat = 28.0 + double(rng() % 1000000) / 997.0;
  if (rng() % 2) c.location.lng = -112.98765432101234 + double(rng() % 1000) / 3.0;
  const int n_assign = int(rng() % 4);
  for (int k = 0; k < n_assign; ++k) {
    Assignment a;
    a.id = "a" + std::to_string(k + 1);
    a.unit_id = any_unit();
    a.role = AnyOf<AssignmentRole>(rng, 2);
    a.status = AnyOf<AssignmentStatus>(rng, 7);
    a.dispatched_by_unit = maybe(any_unit());
    a.parent_assignment = maybe(k ? "a1" : "");
    a.assigned_at = t();
    a.sign_due_at = t();
    a.contact_due_at = t();
    a.due_at = t();
    a.warn_at = t();
    a.signed_at = maybe_t();
    a.contacted_at = maybe_t();
    a.replied_at = maybe_t();
    a.paused_at = rng() % 4 == 0 ? maybe_t() : std::nullopt;
    if (rng() % 3 == 0)
      a.extension = Extension{t(), Hostile(rng), AnyOf<ExtensionStatus>(rng, 3), Hostile(rng)};
    a.return_reason = maybe(Hostile(rng));
    a.reply = maybe(Hostile(rng));
    a.urge_count = int(rng() % 5);
    c.assignments.push_back(a);
  }
  c.due_at = maybe_t();
  c.callback_due_at = maybe_t();
  if (rng() % 2)
    c.rating = Rating{AnyOf<Satisfaction>(rng, 3), bool(rng() % 2), Hostile(rng),
                      rng() % 2 ? "phone" : "web"};
  c.reply = maybe(Hostile(rng));
  c.reply_resolved = rng() % 2;
  c.reply_to_citizen = maybe(Hostile(rng));
  c.kb_article_id = maybe("kb" + std::to_string(rng() % 100));
  c.parent_id = maybe(std::to_string(rng() % 1000));
  c.transfer_to = rng() % 5 == 0 ? "110" : "";
  for (int k = int(rng() % 3); k > 0; --k) c.supervisions.push_back({Hostile(rng), t(), t()});
  c.reopen_count = int(rng() % 3);
  c.urge_count = int(rng() % 7);
  c.created_by = "1";
  c.created_at = t();
  c.updated_at = t();
  c.closed_at = maybe_t();
  c.version = int64_t(rng() % 100000);
  return c;
}

TEST_F(EncodeCaseToTest, SameBytesAsTheTreeForEveryActorAndManyCases) {
  std::vector<std::string> actors = {"agent",      "dispatcher", "reviewer", "callback",
                                     "supervisor", "leader",     "admin",    "auditor"};
  for (const char* code : {"jd", "s1", "s2", "zjj", "cgj"}) {
    actors.push_back(std::string(code) + ".handler");
    actors.push_back(std::string(code) + ".admin");
  }
  std::mt19937 rng(12345);
  int hidden = 0, masked = 0, full = 0;
  for (int i = 0; i < 1500; ++i) {
    const Case c = RandomCase(rng, city_, i);
    for (const auto& name : actors) {
      const auto& actor = city_.actor(name);
      for (bool with_actions : {true, false}) {
        const std::string want = bj::serialize(EncodeCase(city_.engine(), actor, c, with_actions));
        std::string got = "prefix:";  // appends, never overwrites
        EncodeCaseTo(&got, city_.engine(), actor, c, with_actions);
        ASSERT_EQ(got, "prefix:" + want) << "case " << i << " actor " << name;
      }
      // (Not bj::parse: the hostile strings include invalid UTF-8, which it refuses.)
      const bj::object o = EncodeCase(city_.engine(), actor, c);
      const auto& cit = o.at("citizen");
      if (cit.is_null()) {
        ++hidden;
      } else if (cit.at("masked").as_bool()) {
        ++masked;
      } else {
        ++full;
      }
    }
  }
  // Every view of personal data was exercised.
  EXPECT_GT(hidden, 100);
  EXPECT_GT(masked, 100);
  EXPECT_GT(full, 100);
}

TEST_F(EncodeCaseToTest, MasksPersonalDataForTheCentreAndHidesItFromUnitsOnConfidentialCases) {
  Case c;
  c.id = "7";
  c.number = "26112500007";
  c.citizen = {"张三丰", "13812345678", "110101199003071234", "zhang@example.cn"};
  c.confidential = true;
  Assignment a;
  a.id = "a1";
  a.unit_id = city_.unit("zjj");
  a.status = AssignmentStatus::kSigned;
  c.assignments.push_back(a);
  c.status = CaseStatus::kInProgress;

  std::string agent;
  EncodeCaseTo(&agent, city_.engine(), city_.actor("agent"), c);
  const auto va = bj::parse(agent);
  EXPECT_EQ(va.at("citizen").at("name"), "张三丰");
  EXPECT_EQ(va.at("citizen").at("phone"), "13812345678");
  EXPECT_EQ(va.at("citizen").at("masked"), false);

  std::string leader;
  EncodeCaseTo(&leader, city_.engine(), city_.actor("leader"), c);
  const auto vl = bj::parse(leader);
  EXPECT_EQ(vl.at("citizen").at("name"), "张**");
  EXPECT_EQ(vl.at("citizen").at("phone"), "138****5678");
  EXPECT_EQ(vl.at("citizen").at("id_number"), "1101**********1234");
  EXPECT_EQ(vl.at("citizen").at("email"), "***");
  EXPECT_EQ(vl.at("citizen").at("masked"), true);
  EXPECT_EQ(leader.find("13812345678"), std::string::npos);

  std::string unit;
  EncodeCaseTo(&unit, city_.engine(), city_.actor("zjj.handler"), c);
  EXPECT_TRUE(bj::parse(unit).at("citizen").is_null());
  EXPECT_EQ(unit.find("张"), std::string::npos);
}

}  // namespace
}  // namespace hotline::api
