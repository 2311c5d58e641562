// Open311 GeoReport v2 at /open311/v2/ against the real binary: every route in JSON and XML, every
// filter, paging and the 90-day window, every error in the spec's format, the admin's API keys,
// double submits, and no personal data anywhere. Every JSON response is validated against the
// Open311 JSON Schemas (tests/open311/schemas, python3-jsonschema) and every XML response is
// checked to parse and carry the same data as its JSON twin (tests/open311/validate.py).
#include <cstdio>
#include <set>

#include "tests/api/harness.h"

namespace hotline::apitest {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

// Runs tests/open311/validate.py; returns "" when valid, else its message.
std::string RunValidator(const std::vector<std::string>& args) {
  std::string cmd = "python3 tests/open311/validate.py";
  for (const auto& a : args) cmd += " '" + a + "'";
  cmd += " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return "cannot run python3";
  std::string out;
  char buf[512];
  while (size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  int rc = ::pclose(p);
  if (rc == 0) return "";
  return out.empty() ? "validator failed" : out;
}

std::string TempFile(const std::string& body) {
  char tmpl[] = "/tmp/hotline-o311-XXXXXX";
  int fd = ::mkstemp(tmpl);
  if (fd >= 0) {
    (void)!::write(fd, body.data(), body.size());
    ::close(fd);
  }
  return tmpl;
}

std::string Enc(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
      out += char(c);
    else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string FormBody(const std::vector<std::pair<std::string, std::string>>& f) {
  std::string out;
  for (const auto& [k, v] : f) {
    if (!out.empty()) out += '&';
    out += Enc(k) + "=" + Enc(v);
  }
  return out;
}

class Open311Base : public ApiTest {
 protected:
  // GET in JSON, checked against `schema`, and the same path in XML, checked to carry the same
  // data.
  static HttpResult GetBoth(const std::string& path_no_ext, const std::string& query,
                            const std::string& schema, int want_status = 200) {
    std::string q = query.empty() ? "" : "?" + query;
    auto j = Raw(http::verb::get, path_no_ext + ".json" + q);
    EXPECT_EQ(j.status, want_status) << path_no_ext << q << ": " << j.body;
    EXPECT_EQ(j.Header("content-type"), "application/json; charset=utf-8");
    ExpectValid(schema, j.body);
    auto x = Raw(http::verb::get, path_no_ext + ".xml" + q);
    EXPECT_EQ(x.status, want_status) << x.body;
    EXPECT_EQ(x.Header("content-type"), "text/xml; charset=utf-8");
    ExpectSameXml(j.body, x.body);
    return j;
  }
  static void ExpectValid(const std::string& schema, const std::string& body) {
    std::string f = TempFile(body);
    std::string msg = RunValidator({"json", schema, f});
    std::remove(f.c_str());
    EXPECT_EQ(msg, "") << schema << " rejects: " << body.substr(0, 2000);
  }
  static void ExpectSameXml(const std::string& json_body, const std::string& xml_body) {
    std::string jf = TempFile(json_body), xf = TempFile(xml_body);
    std::string msg = RunValidator({"xml", jf, xf});
    std::remove(jf.c_str());
    std::remove(xf.c_str());
    EXPECT_EQ(msg, "") << "XML differs from JSON: " << xml_body.substr(0, 2000);
  }
  static std::string CategoryId(const std::string& code) {
    auto cats = Get("admin", "/api/v1/categories");
    const bj::array& all =
        cats.json.is_array() ? cats.json.as_array() : cats.obj().at("items").as_array();
    for (const auto& x : all)
      if (Str(x.as_object(), "code") == code) return Str(x.as_object(), "id");
    ADD_FAILURE() << "no category " << code;
    return "";
  }
  static std::string IssueKey(const std::string& name) {
    auto r = Post("admin", "/api/v1/admin/open311/keys", bj::object{{"name", name}});
    EXPECT_EQ(r.status, 201) << r.body;
    return Str(r.obj(), "api_key");
  }
  static HttpResult PostForm(const std::string& ext,
                             const std::vector<std::pair<std::string, std::string>>& f,
                             Headers h = {}) {
    h.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    return Raw(http::verb::post, "/open311/v2/requests" + ext, FormBody(f), h);
  }
  static std::vector<std::pair<std::string, std::string>> Report(const std::string& key,
                                                                 const std::string& phone,
                                                                 const std::string& description) {
    return {{"api_key", key},
            {"service_code", "010204"},
            {"lat", "30.5928"},
            {"long", "114.3055"},
            {"address_string", "江城市解放大道188号"},
            {"description", description},
            {"first_name", "光"},
            {"last_name", "李四"},
            {"phone", phone},
            {"email", "lisi@example.com"},
            {"device_id", "dev-42"},
            {"account_id", "acct-7"},
            {"media_url", "https://img.example.com/p/1.jpg"},
            {"attribute[facility]", "street_light"},
            {"attribute[location_detail]", "3号灯杆"}};
  }
  // The error in both formats: status, and the spec's error list with that code.
  static void ExpectError(const HttpResult& r, int status, const std::string& needle = "") {
    EXPECT_EQ(r.status, status) << r.body;
    bool xml = r.body.rfind("<?xml", 0) == 0;
    if (xml) {
      EXPECT_NE(
          r.body.find("<errors><error><code>" + std::to_string(status) + "</code><description>"),
          std::string::npos)
          << r.body;
    } else {
      ExpectValid("x-errors.json", r.body);
      ASSERT_TRUE(r.json.is_array()) << r.body;
      EXPECT_EQ(Int(r.json.as_array()[0].as_object(), "code"), status);
    }
    if (!needle.empty()) {
      EXPECT_NE(r.body.find(needle), std::string::npos) << r.body;
    }
  }
};

// ---------------------------------------------------------------- reading

class Open311Read : public Open311Base {};

TEST_F(Open311Read, DiscoveryNamesTheEndpointTheClientUsed) {
  auto r = GetBoth("/open311/v2/discovery", "", "x-discovery.json");
  const auto& ep = r.obj().at("endpoints").as_array()[0].as_object();
  EXPECT_EQ(Str(ep, "url"), "http://127.0.0.1/open311/v2");
  EXPECT_EQ(Str(ep, "specification"), "http://wiki.open311.org/GeoReport_v2");
  EXPECT_EQ(bj::serialize(ep.at("formats")), R"(["text/xml","application/json"])");
  auto h = Raw(http::verb::get, "/open311/v2/discovery.json", "",
               {{"Host", "hotline.example.gov.cn:8443"}, {"X-Forwarded-Proto", "https"}});
  EXPECT_EQ(Str(h.obj().at("endpoints").as_array()[0].as_object(), "url"),
            "https://hotline.example.gov.cn:8443/open311/v2");
  auto evil = Raw(http::verb::get, "/open311/v2/discovery.xml", "", {{"Host", "x\"><script>"}});
  EXPECT_EQ(evil.body.find("<script>"), std::string::npos);
  EXPECT_NE(evil.body.find("<url>http://localhost/open311/v2</url>"), std::string::npos)
      << evil.body;
}

TEST_F(Open311Read, ServicesAreTheLeafCategoriesWithGroupsAndKeywords) {
  auto r = GetBoth("/open311/v2/services", "", "services.json");
  ASSERT_TRUE(r.json.is_array());
  auto cats = Get("admin", "/api/v1/categories");
  const bj::array& all =
      cats.json.is_array() ? cats.json.as_array() : cats.obj().at("items").as_array();
  std::set<std::string> parents, leaves;
  for (const auto& c : all) parents.insert(Str(c.as_object(), "parent_id"));
  for (const auto& c : all)
    if (!parents.count(Str(c.as_object(), "id"))) leaves.insert(Str(c.as_object(), "code"));
  std::set<std::string> codes;
  for (const auto& s : r.json.as_array()) codes.insert(Str(s.as_object(), "service_code"));
  EXPECT_EQ(codes, leaves);
  bool found = false;
  for (const auto& s : r.json.as_array()) {
    const auto& o = s.as_object();
    if (Str(o, "service_code") != "010204") continue;
    found = true;
    EXPECT_EQ(Str(o, "service_name"), "城市公共设施");
    EXPECT_EQ(Str(o, "group"), "城乡建设");
    EXPECT_NE(Str(o, "keywords").find("路灯"), std::string::npos);
    EXPECT_EQ(o.at("metadata"), true);
    EXPECT_EQ(Str(o, "type"), "realtime");
  }
  EXPECT_TRUE(found);
}

TEST_F(Open311Read, ServiceDefinitionsAndUnknownServices) {
  auto r = GetBoth("/open311/v2/services/010204", "", "service-definition.json");
  EXPECT_EQ(Str(r.obj(), "service_code"), "010204");
  const auto& attrs = r.obj().at("attributes").as_array();
  ASSERT_GE(attrs.size(), 2u);
  EXPECT_EQ(Str(attrs[0].as_object(), "code"), "facility");
  EXPECT_EQ(Str(attrs[0].as_object(), "datatype"), "singlevaluelist");
  EXPECT_GE(attrs[0].as_object().at("values").as_array().size(), 2u);
  GetBoth("/open311/v2/services/010101", "", "service-definition.json");  // the default questions
  ExpectError(Raw(http::verb::get, "/open311/v2/services/999999.json"), 404, "999999");
  ExpectError(Raw(http::verb::get, "/open311/v2/services/999999.xml"), 404, "999999");
  ExpectError(Raw(http::verb::get, "/open311/v2/services/01.json"), 404);  // not a leaf
  ExpectError(Raw(http::verb::get, "/open311/v2/services.json?jurisdiction_id=elsewhere.gov"), 404,
              "jurisdiction_id");
  GetBoth("/open311/v2/services", "jurisdiction_id=jiangcheng.12345.gov.cn", "services.json");
}

TEST_F(Open311Read, RequestsDefaultWindowStatusesAndNoPersonalData) {
  // A phone case whose content names the caller, and a confidential one.
  bj::object plain =
      NewCaseBody("我叫王小明，电话13700001111，小区路灯不亮", "13700001111", "王小明");
  plain["category_id"] = CategoryId("010204");
  auto open_case = Register(plain);
  bj::object body = NewCaseBody("举报某单位违规（保密）", "13700002222", "赵保密");
  body["confidential"] = true;
  body["category_id"] = CategoryId("010204");
  auto secret = Register(body);

  auto r = GetBoth("/open311/v2/requests", "", "requests.json");
  ASSERT_TRUE(r.json.is_array());
  EXPECT_LE(r.json.as_array().size(), 1000u);
  EXPECT_NE(r.body.find(Str(open_case, "number")), std::string::npos)
      << "a new categorised case is missing";
  for (const char* pii :
       {"王小明", "13700001111", "赵保密", "13700002222", "citizen", "query_code"})
    EXPECT_EQ(r.body.find(pii), std::string::npos) << pii;
  EXPECT_EQ(r.body.find(Str(secret, "number")), std::string::npos)
      << "a confidential case is listed";
  for (const auto& v : r.json.as_array()) {
    std::string s = Str(v.as_object(), "status");
    EXPECT_TRUE(s == "open" || s == "closed") << s;
  }
  // Every open one / every closed one.
  auto open = GetBoth("/open311/v2/requests", "status=open", "requests.json");
  for (const auto& v : open.json.as_array()) EXPECT_EQ(Str(v.as_object(), "status"), "open");
  auto closed = GetBoth("/open311/v2/requests", "status=closed", "requests.json");
  for (const auto& v : closed.json.as_array()) EXPECT_EQ(Str(v.as_object(), "status"), "closed");
  auto both = Raw(http::verb::get, "/open311/v2/requests.json?status=open,closed");
  EXPECT_EQ(both.json.as_array().size(),
            open.json.as_array().size() + closed.json.as_array().size());
  EXPECT_EQ(both.json.as_array().size(), r.json.as_array().size());
  ExpectError(Raw(http::verb::get, "/open311/v2/requests.json?status=pending"), 400, "status");
}

TEST_F(Open311Read, DateWindowPagingAndServiceCodes) {
  auto all = Raw(http::verb::get, "/open311/v2/requests.json?page_size=1000");
  ASSERT_EQ(all.status, 200);
  const auto& list = all.json.as_array();
  ASSERT_GE(list.size(), 3u) << "the demo city should have recent categorised cases";
  // Newest first.
  for (size_t i = 1; i < list.size(); ++i)
    EXPECT_GE(Str(list[i - 1].as_object(), "requested_datetime"),
              Str(list[i].as_object(), "requested_datetime"));
  // Paging: pages of 2 put together are the whole list.
  std::vector<std::string> paged;
  for (int page = 1; page <= int(list.size() + 1) / 2 + 1; ++page) {
    auto p = GetBoth("/open311/v2/requests", "page_size=2&page=" + std::to_string(page),
                     "requests.json");
    EXPECT_LE(p.json.as_array().size(), 2u);
    for (const auto& v : p.json.as_array())
      paged.push_back(Str(v.as_object(), "service_request_id"));
  }
  std::vector<std::string> whole;
  for (const auto& v : list) whole.push_back(Str(v.as_object(), "service_request_id"));
  EXPECT_EQ(paged, whole);
  ExpectError(Raw(http::verb::get, "/open311/v2/requests.json?page_size=1001"), 400, "page_size");
  ExpectError(Raw(http::verb::get, "/open311/v2/requests.json?page=0"), 400, "page");
  ExpectError(Raw(http::verb::get, "/open311/v2/requests.xml?page=abc"), 400, "page");

  // start_date / end_date: the window holds exactly the requests made in it.
  std::string newest = Str(list[0].as_object(), "requested_datetime");
  std::string oldest = Str(list.back().as_object(), "requested_datetime");
  auto in = Raw(http::verb::get,
                "/open311/v2/requests.json?start_date=" + Enc(newest) + "&end_date=" + Enc(newest));
  ASSERT_EQ(in.status, 200) << in.body;
  ASSERT_GE(in.json.as_array().size(), 1u);
  for (const auto& v : in.json.as_array())
    EXPECT_EQ(Str(v.as_object(), "requested_datetime"), newest);
  auto from_oldest = GetBoth("/open311/v2/requests", "start_date=" + Enc(oldest), "requests.json");
  EXPECT_GE(from_oldest.json.as_array().size(), 1u);
  ExpectError(Raw(http::verb::get,
                  "/open311/v2/"
                  "requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z"),
              400, "90 days");
  ExpectError(Raw(http::verb::get,
                  "/open311/v2/"
                  "requests.json?start_date=2026-06-01T00:00:00Z&end_date=2026-05-01T00:00:00Z"),
              400, "before");
  ExpectError(Raw(http::verb::get, "/open311/v2/requests.json?start_date=yesterday"), 400,
              "start_date");
  ExpectError(Raw(http::verb::get, "/open311/v2/requests.xml?end_date=2026-13-01T00:00:00Z"), 400,
              "end_date");
  // Long ago: nothing.
  auto old =
      GetBoth("/open311/v2/requests", "start_date=2001-01-01T00:00:00%2B08:00", "requests.json");
  EXPECT_TRUE(old.json.as_array().empty());

  // service_code: only those services; a list of codes; an unknown code gives nothing.
  std::string code = Str(list[0].as_object(), "service_code");
  auto by_code = GetBoth("/open311/v2/requests", "service_code=" + code, "requests.json");
  ASSERT_GE(by_code.json.as_array().size(), 1u);
  for (const auto& v : by_code.json.as_array()) EXPECT_EQ(Str(v.as_object(), "service_code"), code);
  auto by_codes = Raw(http::verb::get, "/open311/v2/requests.json?service_code=999999," + code);
  EXPECT_EQ(by_codes.json.as_array().size(), by_code.json.as_array().size());
  auto none = Raw(http::verb::get, "/open311/v2/requests.json?service_code=999999");
  EXPECT_TRUE(none.json.as_array().empty());

  // service_request_id: a comma list, every other filter ignored.
  std::string a = whole[0], b = whole[1];
  auto ids = GetBoth(
      "/open311/v2/requests",
      "service_request_id=" + a + "," + b + ",999&status=closed&start_date=2001-01-01T00:00:00Z",
      "requests.json");
  std::set<std::string> got;
  for (const auto& v : ids.json.as_array()) got.insert(Str(v.as_object(), "service_request_id"));
  EXPECT_EQ(got, (std::set<std::string>{a, b}));

  // updated_after / updated_before.
  auto later = Raw(http::verb::get, "/open311/v2/requests.json?updated_after=2099-01-01T00:00:00Z");
  EXPECT_TRUE(later.json.as_array().empty());
  auto upto =
      GetBoth("/open311/v2/requests", "updated_before=2099-01-01T00:00:00Z", "requests.json");
  EXPECT_GE(upto.json.as_array().size(), list.size());
  ExpectError(
      Raw(http::verb::get,
          "/open311/v2/"
          "requests.json?updated_after=2026-02-01T00:00:00Z&updated_before=2026-01-01T00:00:00Z"),
      400, "updated_before");
}

TEST_F(Open311Read, OneRequestTokensAndExtensions) {
  auto all = Raw(http::verb::get, "/open311/v2/requests.json");
  ASSERT_FALSE(all.json.as_array().empty());
  std::string id = Str(all.json.as_array()[0].as_object(), "service_request_id");
  auto one = GetBoth("/open311/v2/requests/" + id, "", "requests.json");
  ASSERT_EQ(one.json.as_array().size(), 1u);
  EXPECT_EQ(Str(one.json.as_array()[0].as_object(), "service_request_id"), id);
  auto ext = GetBoth("/open311/v2/requests/" + id, "extensions=true", "requests.json");
  const auto& ea = ext.json.as_array()[0].as_object().at("extended_attributes").as_object();
  EXPECT_FALSE(ea.at("notes").as_array().empty());
  EXPECT_EQ(Str(ea.at("notes").as_array()[0].as_object(), "status"), "OPEN");
  auto list_ext = GetBoth("/open311/v2/requests", "extensions=true&page_size=5", "requests.json");
  for (const auto& v : list_ext.json.as_array())
    EXPECT_TRUE(v.as_object().contains("extended_attributes"));
  ExpectError(Raw(http::verb::get, "/open311/v2/requests/999999999.json"), 404, "999999999");
  ExpectError(Raw(http::verb::get, "/open311/v2/requests/999999999.xml"), 404);
  ExpectError(Raw(http::verb::get, "/open311/v2/requests/%3Cscript%3E.xml"), 404);
  ExpectError(Raw(http::verb::get, "/open311/v2/tokens/nope.json"), 404, "token");
  ExpectError(Raw(http::verb::get, "/open311/v2/tokens/nope.xml"), 404, "token");
  ExpectError(Raw(http::verb::get, "/open311/v2/requests/" + id + ".json?jurisdiction_id=x"), 404,
              "jurisdiction_id");
  // Wrong format suffix: the router's 404.
  EXPECT_EQ(Raw(http::verb::get, "/open311/v2/services.csv").status, 404);
}

TEST_F(Open311Read, UpdateFeedFollowsTheWorkflow) {
  bj::object body =
      NewCaseBody("路灯不亮，已经三天了，联系人孙更新13700003333", "13700003333", "孙更新");
  body["category_id"] = CategoryId("010204");
  auto c = Register(body);
  std::string id = Str(c, "id"), number = Str(c, "number");
  ActOk("dispatcher", id, "dispatch", {{"lead_unit_id", UnitId("zjj")}});
  ActOk("zjj.handler", id, "sign");
  ActOk("zjj.handler", id, "reply", {{"reply", "内部：已派班组"}, {"resolved", true}});
  ActOk("reviewer", id, "approve_reply",
        {{"reply_to_citizen", "孙更新您好，路灯已修复（联系电话13700003333）。"}});

  auto feed = GetBoth("/open311/v2/servicerequestupdates", "", "x-updates.json");
  std::vector<std::string> statuses;
  for (const auto& u : feed.json.as_array())
    if (Str(u.as_object(), "service_request_id") == number)
      statuses.push_back(Str(u.as_object(), "status"));
  EXPECT_EQ(statuses,
            (std::vector<std::string>{"OPEN", "ACTION_SCHEDULED", "IN_PROGRESS", "IN_PROGRESS"}));
  for (const auto& u : feed.json.as_array()) {
    if (Str(u.as_object(), "service_request_id") != number) continue;
    std::string text = bj::serialize(u);
    for (const char* pii : {"孙更新", "13700003333", "内部"})
      EXPECT_EQ(text.find(pii), std::string::npos) << pii << " in " << text;
  }
  EXPECT_NE(feed.body.find("路灯已修复"), std::string::npos);
  auto one = Raw(http::verb::get, "/open311/v2/requests/" + number + ".json");
  EXPECT_EQ(Str(one.json.as_array()[0].as_object(), "agency_responsible").empty(), false);
  EXPECT_NE(Str(one.json.as_array()[0].as_object(), "status_notes").find("路灯已修复"),
            std::string::npos);
  ActOk("callback", id, "callback", {{"satisfaction", "satisfied"}, {"resolved", true}});
  auto closed = Raw(http::verb::get, "/open311/v2/requests/" + number + ".json");
  EXPECT_EQ(Str(closed.json.as_array()[0].as_object(), "status"), "closed");
  auto feed2 = Raw(http::verb::get, "/open311/v2/servicerequestupdates.json");
  EXPECT_NE(feed2.body.find("\"FIXED\""), std::string::npos);
  // Paging and the window.
  auto p1 = GetBoth("/open311/v2/servicerequestupdates", "page_size=1", "x-updates.json");
  EXPECT_EQ(p1.json.as_array().size(), 1u);
  ExpectError(Raw(http::verb::get,
                  "/open311/v2/"
                  "servicerequestupdates.json?start_date=2026-01-01T00:00:00Z&end_date=2026-12-"
                  "01T00:00:00Z"),
              400, "90 days");
  auto none =
      GetBoth("/open311/v2/servicerequestupdates",
              "start_date=2001-01-01T00:00:00Z&end_date=2001-01-02T00:00:00Z", "x-updates.json");
  EXPECT_TRUE(none.json.as_array().empty());
}

// ---------------------------------------------------------------- submitting

class Open311Submit : public Open311Base {};

TEST_F(Open311Submit, CreateTrackAndSeeItAsStaff) {
  std::string key = IssueKey("江城随手拍 App");
  ASSERT_EQ(key.rfind("o311_", 0), 0u);
  auto r = PostForm(".json", Report(key, "13900001111", "路灯不亮，晚上很黑。"));
  ASSERT_EQ(r.status, 200) << r.body;
  ExpectValid("x-post-result.json", r.body);
  const auto& made = r.json.as_array()[0].as_object();
  std::string number = Str(made, "service_request_id"), token = Str(made, "token");
  EXPECT_EQ(Str(made, "account_id"), "acct-7");
  for (const char* pii : {"李四", "13900001111", "lisi@example.com"})
    EXPECT_EQ(r.body.find(pii), std::string::npos);

  auto one = GetBoth("/open311/v2/requests/" + number, "", "requests.json");
  const auto& o = one.json.as_array()[0].as_object();
  EXPECT_EQ(Str(o, "status"), "open");
  EXPECT_EQ(Str(o, "service_code"), "010204");
  EXPECT_EQ(Str(o, "address"), "江城市解放大道188号");
  EXPECT_EQ(Str(o, "media_url"), "https://img.example.com/p/1.jpg");
  EXPECT_NEAR(o.at("lat").as_double(), 30.5928, 1e-9);
  EXPECT_NEAR(o.at("long").as_double(), 114.3055, 1e-9);
  EXPECT_NE(Str(o, "description").find("路灯不亮"), std::string::npos);
  for (const char* pii : {"李四", "13900001111", "lisi@example.com", "dev-42", "acct-7"})
    EXPECT_EQ(one.body.find(pii), std::string::npos) << pii;
  auto t = GetBoth("/open311/v2/tokens/" + token, "", "x-tokens.json");
  EXPECT_EQ(Str(t.json.as_array()[0].as_object(), "service_request_id"), number);

  // Staff see an Open311 case with the citizen (sealed at rest, clear to the dispatcher).
  auto c = Case(number, "agent");
  EXPECT_EQ(Str(c, "channel"), "open311");
  EXPECT_EQ(Str(c, "status"), "new");
  EXPECT_EQ(Str(c, "type"), "help");
  EXPECT_NE(Str(c, "content").find("路灯"), std::string::npos);
  EXPECT_NE(Str(c, "content").find("3号灯杆"), std::string::npos) << Str(c, "content");
  EXPECT_NE(bj::serialize(c).find("13900001111"), std::string::npos);
  EXPECT_NE(bj::serialize(c).find("李四光"), std::string::npos);

  // XML in, XML out.
  auto x = PostForm(".xml", Report(key, "13900001112", "井盖缺失，很危险。"));
  ASSERT_EQ(x.status, 200) << x.body;
  EXPECT_NE(x.body.find("<service_requests><request><service_request_id>"), std::string::npos)
      << x.body;
  EXPECT_NE(x.body.find("<token>"), std::string::npos);
}

TEST_F(Open311Submit, ADoubleSubmitMakesOneCase) {
  std::string key = IssueKey("double");
  auto first = PostForm(".json", Report(key, "13900002221", "同一条报告提交两次"));
  ASSERT_EQ(first.status, 200) << first.body;
  auto second = PostForm(".json", Report(key, "13900002221", "同一条报告提交两次"));
  ASSERT_EQ(second.status, 200) << second.body;
  std::string a = Str(first.json.as_array()[0].as_object(), "service_request_id");
  EXPECT_EQ(Str(second.json.as_array()[0].as_object(), "service_request_id"), a);
  EXPECT_EQ(Str(second.json.as_array()[0].as_object(), "token"),
            Str(first.json.as_array()[0].as_object(), "token"));
  // A different text is a different request.
  auto other = PostForm(".json", Report(key, "13900002221", "另一条报告"));
  EXPECT_NE(Str(other.json.as_array()[0].as_object(), "service_request_id"), a);
  // Idempotency-Key: the same key returns the first result whatever the body.
  auto k1 = PostForm(".json", Report(key, "13900002222", "带幂等键的报告"),
                     {{"Idempotency-Key", "app-req-1"}});
  auto k2 = PostForm(".json", Report(key, "13900002222", "带幂等键的报告（重试时改了字）"),
                     {{"Idempotency-Key", "app-req-1"}});
  ASSERT_EQ(k1.status, 200) << k1.body;
  ASSERT_EQ(k2.status, 200) << k2.body;
  EXPECT_EQ(Str(k1.json.as_array()[0].as_object(), "service_request_id"),
            Str(k2.json.as_array()[0].as_object(), "service_request_id"));
  // The staff list has exactly one case of that text.
  auto list = Get("dispatcher", "/api/v1/cases?channel=open311&q=" + Enc("同一条报告提交两次"));
  EXPECT_EQ(Int(list.obj(), "total"), 1) << list.body;
}

TEST_F(Open311Submit, EveryErrorInTheSpecsFormatAndNothingChanges) {
  std::string key = IssueKey("errors");
  auto before = Get("dispatcher", "/api/v1/cases?channel=open311");
  int64_t count = Int(before.obj(), "total");
  auto with = [&](std::initializer_list<std::pair<std::string, std::string>> changes,
                  std::initializer_list<std::string> drop = {}) {
    auto f = Report(key, "13900003331", "错误测试");
    for (const auto& d : drop)
      f.erase(std::remove_if(f.begin(), f.end(), [&](const auto& p) { return p.first == d; }),
              f.end());
    for (const auto& [k, v] : changes) {
      bool set = false;
      for (auto& p : f)
        if (p.first == k) p.second = v, set = true;
      if (!set) f.emplace_back(k, v);
    }
    return f;
  };
  ExpectError(PostForm(".json", with({}, {"api_key"})), 403, "api_key");
  ExpectError(PostForm(".xml", with({}, {"api_key"})), 403, "api_key");
  ExpectError(PostForm(".json", with({{"api_key", "o311_not_a_key"}})), 403, "invalid");
  ExpectError(PostForm(".json", with({}, {"service_code"})), 400, "service_code");
  ExpectError(PostForm(".json", with({{"service_code", "999999"}})), 404, "999999");
  ExpectError(PostForm(".xml", with({{"service_code", "999999"}})), 404);
  ExpectError(PostForm(".json", with({}, {"lat", "long", "address_string"})), 400, "location");
  ExpectError(PostForm(".json", with({{"lat", "95"}})), 400, "lat");
  ExpectError(PostForm(".json", with({{"long", "east"}})), 400, "long");
  ExpectError(PostForm(".json", with({}, {"long"})), 400, "long");
  ExpectError(PostForm(".json", with({}, {"attribute[facility]"})), 400, "attribute[facility]");
  ExpectError(PostForm(".json", with({{"attribute[facility]", "volcano"}})), 400,
              "attribute[facility]");
  ExpectError(PostForm(".json", with({{"attribute[colour]", "red"}})), 400, "colour");
  ExpectError(PostForm(".json", with({{"email", "not-an-address"}})), 400, "email");
  ExpectError(PostForm(".json", with({{"phone", "110"}})), 400, "phone");
  ExpectError(PostForm(".json", with({{"media_url", "javascript:alert(1)"}})), 400, "media_url");
  ExpectError(PostForm(".json", with({{"description", std::string(4001, 'x')}})), 400,
              "description");
  ExpectError(PostForm(".json", with({{"jurisdiction_id", "elsewhere.gov"}})), 404,
              "jurisdiction_id");
  ExpectError(PostForm(".json", with({{"description", std::string("bell\x07", 5)}})), 400,
              "description");
  // Malformed bodies.
  ExpectError(
      Raw(http::verb::post, "/open311/v2/requests.json", "api_key=" + key + "&description=%zz",
          {{"Content-Type", "application/x-www-form-urlencoded"}}),
      400);
  ExpectError(Raw(http::verb::post, "/open311/v2/requests.json", R"({"api_key":"x"})"), 400,
              "x-www-form-urlencoded");
  // Oversize: over 16 KiB in the spec's format; over 64 KiB refused before it is read.
  ExpectError(PostForm(".json", with({{"description", std::string(17000, 'x')}})), 413);
  auto huge = PostForm(".json", with({{"description", std::string(70000, 'x')}}));
  EXPECT_EQ(huge.status, 413);
  // A revoked key stops working.
  auto keys = Get("admin", "/api/v1/admin/open311/keys");
  std::string id;
  for (const auto& k : keys.obj().at("items").as_array())
    if (Str(k.as_object(), "name") == "errors") id = Str(k.as_object(), "id");
  ASSERT_FALSE(id.empty());
  auto rv = Post("admin", "/api/v1/admin/open311/keys/" + id + "/revoke", bj::object{});
  ASSERT_EQ(rv.status, 200) << rv.body;
  EXPECT_EQ(rv.obj().at("active"), false);
  ExpectError(PostForm(".json", with({})), 403, "revoked");

  auto after = Get("dispatcher", "/api/v1/cases?channel=open311");
  EXPECT_EQ(Int(after.obj(), "total"), count) << "a refused request made a case";
}

TEST_F(Open311Submit, HostileTextIsStoredAndShownSafely) {
  std::string key = IssueKey("hostile");
  std::string evil =
      "</description><script>alert('x')</script>&amp; ]]> \"quoted\" 'single' 𝒳 \u202e";
  auto r = PostForm(".xml", Report(key, "13900004441", evil));
  ASSERT_EQ(r.status, 200) << r.body;
  std::string number;
  {
    auto j =
        PostForm(".json", Report(key, "13900004441", evil));  // the double submit: same request
    number = Str(j.json.as_array()[0].as_object(), "service_request_id");
  }
  auto one = GetBoth("/open311/v2/requests/" + number, "", "requests.json");
  EXPECT_NE(Str(one.json.as_array()[0].as_object(), "description").find("<script>"),
            std::string::npos);
  auto x = Raw(http::verb::get, "/open311/v2/requests/" + number + ".xml");
  EXPECT_EQ(x.body.find("<script>"), std::string::npos);
  EXPECT_NE(x.body.find("&lt;script&gt;"), std::string::npos);
}

TEST_F(Open311Submit, RateLimitPerPhoneInTheSpecsFormat) {
  std::string key = IssueKey("limits");
  int last = 0;
  HttpResult r;
  for (int i = 0; i < 7; ++i) {
    r = PostForm(".json", Report(key, "13900005551", "限流测试 " + std::to_string(i)));
    last = r.status;
    if (last == 429) break;
  }
  ExpectError(r, 429, "phone");
  EXPECT_FALSE(r.Header("retry-after").empty());
}

TEST_F(Open311Submit, KeysAreTheAdminsAndNeverShownAgain) {
  auto r = Post("admin", "/api/v1/admin/open311/keys", bj::object{{"name", "FixMyStreet 江城"}});
  ASSERT_EQ(r.status, 201) << r.body;
  std::string secret = Str(r.obj(), "api_key");
  EXPECT_EQ(Str(r.obj(), "prefix"), secret.substr(0, 12));
  auto list = Get("admin", "/api/v1/admin/open311/keys");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body.find(secret), std::string::npos);
  EXPECT_EQ(list.body.find("key_hash"), std::string::npos);
  EXPECT_EQ(Get("dispatcher", "/api/v1/admin/open311/keys").status, 403);
  EXPECT_EQ(Post("dispatcher", "/api/v1/admin/open311/keys", bj::object{{"name", "x"}}).status,
            403);
  EXPECT_EQ(Raw(http::verb::get, "/api/v1/admin/open311/keys").status, 401);
  EXPECT_EQ(Post("admin", "/api/v1/admin/open311/keys", bj::object{{"name", "  "}}).status, 400);
  EXPECT_EQ(Post("admin", "/api/v1/admin/open311/keys", bj::object{}).status, 400);
  EXPECT_EQ(Post("admin", "/api/v1/admin/open311/keys/999999/revoke", bj::object{}).status, 404);
  // Issuing and revoking are in the audit trail.
  // (The demo city's own admin records, e.g. its knowledge articles, fill the first pages.)
  auto audit = Get("auditor", "/api/v1/audit?limit=500&actor=admin");
  EXPECT_NE(audit.body.find("open311_key_issue"), std::string::npos);
}

}  // namespace
}  // namespace hotline::apitest
