#include "src/open311/georeport.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "src/open311/xml_writer.h"
#include "tests/fakes/test_city.h"

namespace hotline::open311 {
namespace {
namespace bj = boost::json;
using namespace hotline::domain;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// ---------------------------------------------------------------- encodings

TEST(Encode, ArraysBecomeTheSpecsXmlElements) {
  bj::array services{
      bj::object{{"service_code", "010204"}, {"keywords", nullptr}, {"metadata", true}}};
  EXPECT_EQ(JsonToXml(services, Resource::kServices),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<services><service><service_code>010204"
            "</service_code><keywords></keywords><metadata>true</metadata></service></services>\n");
  bj::object def{
      {"service_code", "x"},
      {"attributes",
       bj::array{bj::object{{"code", "a"},
                            {"values", bj::array{bj::object{{"key", "k"}, {"name", "n"}}}}}}}};
  EXPECT_EQ(JsonToXml(def, Resource::kServiceDefinition),
            "<?xml version=\"1.0\" "
            "encoding=\"utf-8\"?>\n<service_definition><service_code>x</service_code>"
            "<attributes><attribute><code>a</code><values><value><key>k</key><name>n</name></value>"
            "</values></attribute></attributes></service_definition>\n");
  bj::array updates{bj::object{{"update_id", "7"}}};
  EXPECT_NE(JsonToXml(updates, Resource::kUpdates)
                .find("<service_requests_updates><request_update><update_id>7"),
            std::string::npos);
  bj::object disc{
      {"endpoints", bj::array{bj::object{{"formats", bj::array{"text/xml", "application/json"}}}}}};
  EXPECT_NE(JsonToXml(disc, Resource::kDiscovery)
                .find("<discovery><endpoints><endpoint><formats><format>text/xml</format><format>"
                      "application/json</format></formats></endpoint></endpoints></discovery>"),
            std::string::npos);
}

TEST(Encode, JsonNumbersArePlainDecimals) {
  bj::array a{bj::object{{"lat", 30.5928},
                         {"long", 114.3055},
                         {"n", 3},
                         {"s", "路\"灯"},
                         {"z", nullptr},
                         {"nested", bj::array{1.5, true}}}};
  Encoded e = Encode(a, Resource::kRequests, Format::kJson);
  EXPECT_EQ(e.body,
            R"([{"lat":30.5928,"long":114.3055,"n":3,"s":"路\"灯","z":null,"nested":[1.5,true]}])");
  EXPECT_EQ(bj::parse(e.body), bj::value(a));
}

TEST(Encode, ErrorsInBothFormats) {
  Encoded j = Error(Format::kJson, 403, "api_key is invalid");
  EXPECT_EQ(j.status, 403u);
  EXPECT_EQ(j.content_type, "application/json; charset=utf-8");
  EXPECT_EQ(j.body, R"([{"code":403,"description":"api_key is invalid"}])");
  Encoded x = Error(Format::kXml, 404, "service_code <x> was not found");
  EXPECT_EQ(x.status, 404u);
  EXPECT_EQ(x.content_type, "text/xml; charset=utf-8");
  EXPECT_EQ(
      x.body,
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<errors><error><code>404</code><description>"
      "service_code &lt;x&gt; was not found</description></error></errors>\n");
}

// ---------------------------------------------------------------- definitions

TEST(Definitions, TheShippedFileParsesAndEveryPrefixIsARealCategory) {
  auto rules = ParseDefinitionRules(ReadFile("data/open311/service_definitions.json"));
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  EXPECT_EQ(BuiltinDefinitionRules().size(), rules->size());
  std::string cats = ReadFile("data/demo/categories.json");
  for (const auto& r : *rules) {
    if (r.prefix.empty()) continue;
    EXPECT_NE(cats.find("\"code\": \"" + r.prefix + "\""), std::string::npos) << r.prefix;
  }
}

TEST(Definitions, BadFilesAreRefused) {
  const char* bad[] = {
      "[]",
      R"({"rules": []})",  // no default rule
      R"({"rules": [{"prefix": ""}, {"prefix": ""}]})",
      R"({"rules": [{"prefix": "", "case_type": "gossip"}]})",
      R"({"rules": [{"prefix": "", "attributes": [{"code": "a", "datatype": "colour"}]}]})",
      R"({"rules": [{"prefix": "", "attributes": [{"code": "a", "datatype": "singlevaluelist"}]}]})",
      R"({"rules": [{"prefix": "", "attributes": [{"code": "a", "datatype": "string"}, {"code": "a", "datatype": "text"}]}]})",
  };
  for (const char* b : bad) EXPECT_FALSE(ParseDefinitionRules(b).ok()) << b;
}

// ---------------------------------------------------------------- a small catalog

class CatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto put = [&](const std::string& code, const std::string& name, const std::string& parent_code,
                   std::vector<std::string> keywords = {}, bool disabled = false) {
      Category c;
      c.code = code;
      c.name = name;
      c.name_en = code == "010204" ? "Public facilities" : "";
      c.parent_id = parent_code.empty() ? "" : ids_.at(parent_code);
      c.level = int(code.size() / 2);
      c.keywords = std::move(keywords);
      c.disabled = disabled;
      testing::Check(city_.store().Write([&](store::WriteTx& tx) { return tx.PutCategory(c); }),
                     "put");
      auto tx = city_.store().Read();
      auto list = (*tx)->ListCategories();
      testing::Check(list.status(), "list");
      for (const auto& x : list.value()) ids_[x.code] = x.id;
    };
    put("01", "城乡建设", "");
    put("0102", "城市建设和市政管理", "01");
    put("010204", "城市公共设施", "0102", {"路灯", "井盖"});
    put("010213", "环境卫生", "0102");
    put("010299", "停用的", "0102", {}, true);
    testing::Check(city_.directory().Reload(), "reload");
    dir_ = city_.directory().Get();
    auto rules = ParseDefinitionRules(R"({"rules": [
      {"prefix": "", "attributes": [{"code": "location_detail", "datatype": "string", "order": 1}]},
      {"prefix": "010204", "case_type": "help", "attributes": [
        {"code": "facility", "datatype": "singlevaluelist", "required": true, "order": 1,
         "description": "哪一类设施？ Which?",
         "values": [{"key": "street_light", "name": "路灯"}, {"key": "drain", "name": "下水道"}]},
        {"code": "tags", "datatype": "multivaluelist", "order": 2, "description": "标签 Tags",
         "values": [{"key": "a", "name": "甲"}, {"key": "b", "name": "乙"}]},
        {"code": "count", "datatype": "number", "order": 3},
        {"code": "seen_at", "datatype": "datetime", "order": 4}]}]})");
    ASSERT_TRUE(rules.ok()) << rules.status().ToString();
    rules_ = std::move(rules).value();
    catalog_ = std::make_unique<ServiceCatalog>(*dir_, rules_);
  }

  testing::TestCity city_;
  std::map<std::string, std::string> ids_;
  std::shared_ptr<const workflow::Directory> dir_;
  std::vector<DefinitionRule> rules_;
  std::unique_ptr<ServiceCatalog> catalog_;
};

TEST_F(CatalogTest, ServicesAreEnabledLeavesWithGroupAndKeywords) {
  bj::array list = catalog_->ServicesJson();
  std::set<std::string> codes;
  for (const auto& s : list) codes.insert(std::string(s.at("service_code").as_string()));
  EXPECT_TRUE(codes.count("010204"));
  EXPECT_TRUE(codes.count("010213"));
  EXPECT_FALSE(codes.count("01"));      // not a leaf
  EXPECT_FALSE(codes.count("0102"));    // not a leaf
  EXPECT_FALSE(codes.count("010299"));  // disabled
  const auto* s = catalog_->Find("010204");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->group, "城乡建设");
  EXPECT_EQ(s->rule->prefix, "010204");
  EXPECT_EQ(catalog_->Find("010213")->rule->prefix, "");
  for (const auto& v : list) {
    const auto& o = v.as_object();
    if (o.at("service_code") != "010204") continue;
    EXPECT_EQ(o.at("keywords"), "路灯,井盖");
    EXPECT_EQ(o.at("group"), "城乡建设");
    EXPECT_EQ(o.at("type"), "realtime");
    EXPECT_EQ(o.at("metadata"), true);
    EXPECT_EQ(o.at("description"), "城乡建设 / 城市公共设施 (Public facilities)");
  }
  bj::object def = catalog_->DefinitionJson(*s);
  EXPECT_EQ(def.at("service_code"), "010204");
  ASSERT_EQ(def.at("attributes").as_array().size(), 4u);
  const auto& facility = def.at("attributes").as_array()[0].as_object();
  EXPECT_EQ(facility.at("code"), "facility");
  EXPECT_EQ(facility.at("required"), true);
  EXPECT_EQ(facility.at("variable"), true);
  EXPECT_EQ(facility.at("values").as_array().size(), 2u);
}

std::vector<std::pair<std::string, std::string>> Form(
    std::initializer_list<std::pair<std::string, std::string>> l) {
  return {l};
}

TEST_F(CatalogTest, SubmissionChecks) {
  struct Bad {
    std::vector<std::pair<std::string, std::string>> params;
    std::string field;
  };
  const Bad bad[] = {
      {Form({{"lat", "30"}, {"long", "114"}}), "service_code"},
      {Form({{"service_code", "010213"}}), "lat"},  // no location at all
      {Form({{"service_code", "010213"}, {"lat", "30"}}), "long"},
      {Form({{"service_code", "010213"}, {"lat", "91"}, {"long", "114"}}), "lat"},
      {Form({{"service_code", "010213"}, {"lat", "30"}, {"long", "-181"}}), "long"},
      {Form({{"service_code", "010213"}, {"lat", "NaN"}, {"long", "114"}}), "lat"},
      {Form({{"service_code", "010213"}, {"lat", "30abc"}, {"long", "114"}}), "lat"},
      {Form({{"service_code", "010213"}, {"address_string", "解放路"}, {"email", "nobody"}}),
       "email"},
      {Form({{"service_code", "010213"}, {"address_string", "解放路"}, {"phone", "12345"}}),
       "phone"},
      {Form({{"service_code", "010213"},
             {"address_string", "解放路"},
             {"media_url", "javascript:alert(1)"}}),
       "media_url"},
      {Form({{"service_code", "010213"},
             {"address_string", "解放路"},
             {"media_url", "http://x/<script>"}}),
       "media_url"},
      {Form({{"service_code", "010213"}, {"address_string", std::string("a\x01", 2)}}),
       "address_string"},
      {Form({{"service_code", "010213"},
             {"address_string", "解放路"},
             {"description", std::string(4001, 'x')}}),
       "description"},
      {Form({{"service_code", "010213"}, {"address_string", "解放路"}, {"attribute[", "x"}}),
       "attribute"},
      {Form({{"service_code", "010213"}, {"address_string", "解放路"}, {"attribute[a]b", "x"}}),
       "attribute"},
  };
  for (const auto& b : bad) {
    auto s = ParseSubmission(b.params);
    ASSERT_FALSE(s.ok()) << b.field;
    EXPECT_EQ(s.status().code(), Code::kInvalidArgument) << b.field;
    EXPECT_EQ(s.status().field(), b.field) << s.status().ToString();
  }
  auto ok = ParseSubmission(Form({{"service_code", "010204"},
                                  {"lat", "30.59"},
                                  {"long", "114.30"},
                                  {"phone", "+86 139-1234-5678"},
                                  {"attribute[facility]", "street_light"},
                                  {"attribute[tags][]", "a"},
                                  {"attribute[tags][]", "b"},
                                  {"service_code", "ignored: the first wins"}}));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->service_code, "010204");
  EXPECT_EQ(ok->phone, "13912345678");
  EXPECT_DOUBLE_EQ(*ok->lat, 30.59);
  EXPECT_EQ(ok->attributes.at("tags"), (std::vector<std::string>{"a", "b"}));
  const auto* s = catalog_->Find("010204");
  EXPECT_TRUE(CheckAttributes(*ok, *s).ok());

  auto attr_error = [&](std::initializer_list<std::pair<std::string, std::string>> extra) {
    auto p = Form({{"service_code", "010204"}, {"address_string", "解放路"}});
    for (const auto& e : extra) p.push_back(e);
    auto sub = ParseSubmission(p);
    EXPECT_TRUE(sub.ok()) << sub.status().ToString();
    return sub.ok() ? CheckAttributes(*sub, *s).field() : std::string("parse");
  };
  EXPECT_EQ(attr_error({}), "attribute[facility]");  // required
  EXPECT_EQ(attr_error({{"attribute[facility]", "   "}}), "attribute[facility]");
  EXPECT_EQ(attr_error({{"attribute[facility]", "volcano"}}), "attribute[facility]");
  EXPECT_EQ(attr_error({{"attribute[facility]", "drain"}, {"attribute[facility][]", "drain"}}),
            "attribute[facility]");
  EXPECT_EQ(attr_error({{"attribute[facility]", "drain"}, {"attribute[colour]", "red"}}),
            "attribute[colour]");
  EXPECT_EQ(attr_error({{"attribute[facility]", "drain"}, {"attribute[count]", "many"}}),
            "attribute[count]");
  EXPECT_EQ(attr_error({{"attribute[facility]", "drain"}, {"attribute[seen_at]", "yesterday"}}),
            "attribute[seen_at]");
  EXPECT_EQ(attr_error({{"attribute[facility]", "drain"},
                        {"attribute[count]", "3"},
                        {"attribute[seen_at]", "2026-11-28T09:00:00+08:00"}}),
            "");
}

TEST_F(CatalogTest, ANewCaseCarriesTheAttributesAndTheCitizen) {
  auto sub = ParseSubmission(Form({{"service_code", "010204"},
                                   {"address_string", "江城市解放路8号"},
                                   {"description", "路灯不亮"},
                                   {"first_name", "三"},
                                   {"last_name", "张"},
                                   {"email", "z@example.com"},
                                   {"media_url", "https://img.example.com/1.jpg"},
                                   {"attribute[facility]", "street_light"}}));
  ASSERT_TRUE(sub.ok()) << sub.status().ToString();
  workflow::NewCase in = ToNewCase(*sub, *catalog_->Find("010204"));
  EXPECT_EQ(in.channel, Channel::kOpen311);
  EXPECT_EQ(in.type, CaseType::kHelp);
  EXPECT_EQ(in.category_id, ids_.at("010204"));
  EXPECT_EQ(in.citizen.name, "张三");
  EXPECT_EQ(in.citizen.email, "z@example.com");
  EXPECT_EQ(in.location.address, "江城市解放路8号");
  EXPECT_NE(in.content.find("路灯不亮"), std::string::npos);
  EXPECT_NE(in.content.find("哪一类设施：路灯"), std::string::npos) << in.content;
  EXPECT_NE(in.content.find("https://img.example.com/1.jpg"), std::string::npos);
  EXPECT_TRUE(IsValidUtf8(in.content));
  // Labels are cut at whole characters ("音" holds the byte 0x9F, like "？").
  DefinitionRule noise;
  noise.attributes.push_back(Attribute{true,
                                       "noise_source",
                                       "singlevaluelist",
                                       true,
                                       "",
                                       1,
                                       "噪音来源 Source",
                                       {{"traffic", "交通"}}});
  ServiceCatalog::Service svc{catalog_->Find("010213")->category, "城乡建设", &noise};
  Submission ns = *sub;
  ns.attributes = {{"noise_source", {"traffic"}}};
  workflow::NewCase n = ToNewCase(ns, svc);
  EXPECT_NE(n.content.find("噪音来源：交通"), std::string::npos) << n.content;
  EXPECT_TRUE(IsValidUtf8(n.content));
  auto latin = ParseSubmission(Form({{"service_code", "010213"},
                                     {"address_id", "A7"},
                                     {"first_name", "Ann"},
                                     {"last_name", "Lee"}}));
  ASSERT_TRUE(latin.ok());
  workflow::NewCase l = ToNewCase(*latin, *catalog_->Find("010213"));
  EXPECT_EQ(l.citizen.name, "Ann Lee");
  EXPECT_EQ(l.type, CaseType::kComplaint);
  EXPECT_FALSE(l.content.empty());  // no description: the service name stands in

  // The fingerprint ignores the key and catches a double submit, and nothing else.
  Submission a = *sub, b = *sub;
  b.api_key = "another";
  EXPECT_EQ(Fingerprint(a), Fingerprint(b));
  b.description += "。";
  EXPECT_NE(Fingerprint(a), Fingerprint(b));
}

TEST_F(CatalogTest, APublicRequestShowsNoPersonalData) {
  Case c;
  c.id = "1";
  c.number = "2611280001";
  c.channel = Channel::kPhone;
  c.category_id = ids_.at("010204");
  c.status = CaseStatus::kInProgress;
  c.content =
      "我是张三丰，电话 138 1234 5678，邮箱 zsf@example.com，身份证 "
      "42010119900101123X，家住解放路8号";
  c.citizen = {"张三丰", "13812345678", "42010119900101123X", "zsf@example.com"};
  c.location = {"解放路8号401室", city_.unit("jd"), 30.5, 114.3};
  c.created_at = *ParseRfc3339("2026-11-28T09:30:00+08:00");
  c.updated_at = c.created_at;
  Assignment a;
  a.unit_id = city_.unit("zjj");
  a.role = AssignmentRole::kLead;
  a.status = AssignmentStatus::kSigned;
  a.due_at = *ParseRfc3339("2026-12-10T18:00:00+08:00");
  c.assignments.push_back(a);
  c.due_at = a.due_at;
  bj::object o = RequestJson(c, std::nullopt, *catalog_, *dir_, TimeZone{});
  std::string body = bj::serialize(o);
  for (const char* pii :
       {"张三丰", "13812345678", "1234 5678", "zsf@example.com", "42010119900101123X", "401"})
    EXPECT_EQ(body.find(pii), std::string::npos) << pii << " in " << body;
  EXPECT_EQ(o.at("service_request_id"), "2611280001");
  EXPECT_EQ(o.at("status"), "open");
  EXPECT_EQ(o.at("service_code"), "010204");
  EXPECT_EQ(o.at("service_name"), "城市公共设施");
  EXPECT_EQ(o.at("agency_responsible"), "zjj单位");
  EXPECT_EQ(o.at("address"), "jd单位");  // only the district for a phone case
  EXPECT_TRUE(o.at("lat").is_null());
  EXPECT_EQ(o.at("requested_datetime"), "2026-11-28T09:30:00+08:00");
  EXPECT_EQ(o.at("expected_datetime"), "2026-12-10T18:00:00+08:00");

  // An Open311 case shows where the client said the problem is, and its media.
  c.channel = Channel::kOpen311;
  store::Open311Request extra;
  extra.media_url = "https://img.example.com/1.jpg";
  extra.address_id = "A7";
  o = RequestJson(c, extra, *catalog_, *dir_, TimeZone{});
  EXPECT_EQ(o.at("lat").as_double(), 30.5);
  EXPECT_EQ(o.at("media_url"), "https://img.example.com/1.jpg");
  EXPECT_EQ(o.at("address_id"), "A7");

  // Closed: status closed, the approved reply (scrubbed) as status_notes.
  c.status = CaseStatus::kClosed;
  c.reply_to_citizen = "张三丰您好，路灯已修复。";
  c.closed_at = *ParseRfc3339("2026-11-30T10:00:00+08:00");
  c.updated_at = *c.closed_at;
  o = RequestJson(c, extra, *catalog_, *dir_, TimeZone{});
  EXPECT_EQ(o.at("status"), "closed");
  EXPECT_EQ(o.at("status_notes"), "***您好，路灯已修复。");
  EXPECT_EQ(o.at("updated_datetime"), "2026-11-30T10:00:00+08:00");
  EXPECT_TRUE(o.at("expected_datetime").is_null());

  // extensions=true: the public notes only.
  std::vector<Event> events(4);
  events[0].action = "register";
  events[1].action = "comment";
  events[1].data = {{"note", "内部备注：联系人张三丰"}};
  events[2].action = "dispatch";
  events[2].data = {
      {"units", bj::array{bj::object{{"unit_id", city_.unit("zjj")}, {"role", "lead"}}}}};
  events[3].action = "approve_reply";
  events[3].data = {{"reply_to_citizen", "张三丰您好，已修复"}};
  o = RequestJson(c, extra, *catalog_, *dir_, TimeZone{}, &events);
  const auto& ext = o.at("extended_attributes").as_object();
  EXPECT_EQ(ext.at("group"), "城乡建设");
  ASSERT_EQ(ext.at("notes").as_array().size(), 3u);
  EXPECT_EQ(ext.at("notes").as_array()[1].at("status"), "ACTION_SCHEDULED");
  EXPECT_EQ(ext.at("notes").as_array()[1].at("description"),
            "已转交承办单位：zjj单位。Sent to the responsible agency.");
  EXPECT_EQ(bj::serialize(o).find("内部备注"), std::string::npos);
  EXPECT_EQ(bj::serialize(o).find("张三丰"), std::string::npos);
}

TEST(PublicStatus, FollowsTheStatusKind) {
  EXPECT_EQ(PublicStatus(CaseStatus::kNew), "open");
  EXPECT_EQ(PublicStatus(CaseStatus::kCallbackPending), "open");
  EXPECT_EQ(PublicStatus(CaseStatus::kClosed), "closed");
  EXPECT_EQ(PublicStatus(CaseStatus::kMerged), "closed");
  EXPECT_EQ(PublicStatus(CaseStatus::kTransferred), "closed");
}

TEST(Scrub, RemovesWhatIdentifiesAPerson) {
  Citizen none;
  struct Case {
    std::string in, want;
  };
  const Case cases[] = {
      {"电话13812345678", "电话***"},
      {"电话 138-1234-5678 谢谢", "电话 *** 谢谢"},
      {"+8613812345678", "***"},
      {"座机 027-8888 6666", "座机 ***"},
      {"身份证420101199001011234", "身份证***"},
      {"身份证42010119900101123x。", "身份证***。"},
      {"邮箱 a.b+c@example.com 联系", "邮箱 *** 联系"},
      {"2026年11月28日 3号楼 401室 12345热线", "2026年11月28日 3号楼 401室 12345热线"},
      {"@ alone", "@ alone"},
      {"电话１３８１２３４５６７８。", "电话***。"},
      {"３号楼", "３号楼"},
      {"tail 12", "tail 12"},
  };
  for (const auto& c : cases) EXPECT_EQ(ScrubPersonalData(c.in, none), c.want) << c.in;
  Citizen z{"李四光", "13912345601", "", ""};
  EXPECT_EQ(ScrubPersonalData("李四光反映：路灯坏了", z), "***反映：路灯坏了");
}

TEST(Notes, OnlyPublicSteps) {
  Citizen none;
  testing::TestCity city;
  auto dir = city.directory().Get();
  auto note = [&](const std::string& action, bj::object data = {}) {
    Event e;
    e.action = action;
    e.data = std::move(data);
    return NoteForEvent(e, *dir, none);
  };
  EXPECT_EQ(note("register")->status, "OPEN");
  EXPECT_EQ(note("sign")->status, "IN_PROGRESS");
  EXPECT_EQ(note("callback", {{"resolved", true}, {"reopen", false}})->status, "FIXED");
  EXPECT_EQ(note("callback", {{"resolved", false}, {"reopen", false}})->status, "CLOSED");
  EXPECT_EQ(note("callback", {{"resolved", false}, {"reopen", true}})->status, "OPEN");
  EXPECT_EQ(note("merge", {{"parent_number", "2611280001"}})->status, "DUPLICATE");
  EXPECT_EQ(note("transfer")->status, "NOT_COUNCILS_RESPONSIBILITY");
  EXPECT_EQ(note("invalidate")->status, "NO_FURTHER_ACTION");
  for (const char* internal :
       {"comment", "urge", "supervise", "return", "approve_return", "recall", "record_contact",
        "request_extension", "escalate", "update_citizen", "reply"})
    EXPECT_FALSE(note(internal)) << internal;
  for (const auto& a : PublicNoteActions()) EXPECT_TRUE(note(a)) << a;
}

TEST(Form, DecodesAndRefusesMalformed) {
  auto f = ParseForm("a=1&b=%E8%B7%AF+%E7%81%AF&c&&d=x%3Dy");
  ASSERT_TRUE(f.ok());
  ASSERT_EQ(f->size(), 4u);
  EXPECT_EQ((*f)[1].second, "路 灯");
  EXPECT_EQ((*f)[2].first, "c");
  EXPECT_EQ((*f)[3].second, "x=y");
  EXPECT_FALSE(ParseForm("a=%").ok());
  EXPECT_FALSE(ParseForm("a=%4").ok());
  EXPECT_FALSE(ParseForm("a=%zz").ok());
  EXPECT_FALSE(ParseForm("a=%ff%fe").ok());  // not UTF-8
  EXPECT_TRUE(ParseForm("").ok());
}

TEST(Phone, Normalizes) {
  EXPECT_EQ(NormalizePhone("139 1234 5678"), "13912345678");
  EXPECT_EQ(NormalizePhone("+86-139-1234-5678"), "13912345678");
  EXPECT_EQ(NormalizePhone("027-88886666"), "02788886666");
  EXPECT_FALSE(NormalizePhone("12345"));
  EXPECT_FALSE(NormalizePhone("2345678901a"));
}

}  // namespace
}  // namespace hotline::open311
