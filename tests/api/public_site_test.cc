// The public site beyond the mailbox form: attachments (two-step upload, checked by content),
// published letters (信件公开) with the personal-data check, published statistics, paper letters
// (来信) with their scan, and the trusted-proxy setting of the public rate limits. Each fixture is
// its own suite with its own server, so per-IP limits of one never leak into another.
#include "tests/api/harness.h"

namespace hotline::apitest {
namespace {

using namespace std::string_literals;
using Headers = std::vector<std::pair<std::string, std::string>>;

const std::string kPng =
    "\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"s +
    std::string(40, '\0');
const std::string kPdf =
    "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"s;
const std::string kJpeg = "\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01"s + std::string(60, 'j');

class PublicSiteBase : public ApiTest {
 protected:
  static HttpResult Upload(const std::string& body, const std::string& name,
                           const std::string& type, Headers extra = {}) {
    Headers h{{"X-Filename", name}};
    if (!type.empty()) h.emplace_back("Content-Type", type);
    for (auto& x : extra) h.push_back(x);
    return DoRequest(server_->port, http::verb::post, "/api/v1/public/uploads", body, h, false);
  }
  static std::string UploadOk(const std::string& body, const std::string& name,
                              const std::string& type) {
    auto r = Upload(body, name, type);
    EXPECT_EQ(r.status, 201) << r.body;
    return Str(r.obj(), "upload_id");
  }
  static bj::object Form(const std::string& phone, bj::array attachments = {}) {
    bj::object b{{"type", "complaint"},
                 {"content", "楼道里堆满杂物，存在消防隐患，附照片。"},
                 {"location", bj::object{{"address", "江城市解放路8号"}}},
                 {"citizen", bj::object{{"name", "王小明"}, {"phone", phone}}},
                 {"consent", true}};
    if (!attachments.empty()) b["attachments"] = std::move(attachments);
    return b;
  }
  static HttpResult Submit(const bj::object& body, Headers h = {}) {
    return Raw(http::verb::post, "/api/v1/public/requests", bj::serialize(body), h);
  }
  static int64_t CasesOf(const std::string& phone) {
    return Int(Get("agent", "/api/v1/callers/" + phone + "/cases").obj(), "total");
  }
  static bj::array AttachmentsOf(const std::string& case_id) {
    auto r = Get("dispatcher", "/api/v1/cases/" + case_id + "/attachments");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.obj().contains("items") ? r.obj().at("items").as_array() : bj::array{};
  }
  // A case registered by the agent and walked to closed with `reply` given to the citizen.
  static std::string ClosedCase(const std::string& content, const std::string& name,
                                const std::string& phone, const std::string& reply,
                                bool confidential = false) {
    auto body = NewCaseBody(content, phone, name);
    if (confidential) body["confidential"] = true;
    std::string id = Str(Register(body), "id");
    ActOk("dispatcher", id, "dispatch", {{"lead_unit_id", UnitId("zjj")}});
    ActOk("zjj.handler", id, "sign");
    ActOk("zjj.handler", id, "reply", {{"reply", "内部：已安排处理"}, {"resolved", true}});
    ActOk("reviewer", id, "approve_reply", {{"reply_to_citizen", reply}});
    ActOk("callback", id, "callback", {{"satisfaction", "satisfied"}, {"resolved", true}});
    EXPECT_EQ(StatusOf(id), "closed");
    return id;
  }
  static HttpResult Publish(const std::string& user, const std::string& id,
                            const std::string& title, const std::string& question,
                            const std::string& reply) {
    return Post(user, "/api/v1/cases/" + id + "/letter/publish",
                bj::object{{"title", title}, {"question", question}, {"reply", reply}});
  }
};

// ---- attachments ----

class PublicUploads : public PublicSiteBase {};

TEST_F(PublicUploads, UploadThenSubmitBindsTheFilesToTheCase) {
  std::string png = UploadOk(kPng, "%E7%85%A7%E7%89%87.png", "image/png");  // 照片.png
  std::string pdf = UploadOk(kPdf, "notice.pdf", "application/pdf");
  ASSERT_FALSE(png.empty());
  auto r = Submit(Form("13912340001", bj::array{bj::value(png), bj::value(pdf)}));
  ASSERT_EQ(r.status, 201) << r.body;
  std::string id = Str(Case(Str(r.obj(), "number")), "id");
  auto items = AttachmentsOf(id);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(Str(items[0].as_object(), "name"), "照片.png");
  EXPECT_EQ(Str(items[0].as_object(), "content_type"), "image/png");
  EXPECT_EQ(Str(items[1].as_object(), "content_type"), "application/pdf");
  auto file = Get("dispatcher", "/api/v1/attachments/" + Str(items[0].as_object(), "id"));
  EXPECT_EQ(file.status, 200);
  EXPECT_EQ(file.body, kPng);
  int attach_events = 0;
  for (const auto& e : Events(id))
    if (Str(e.as_object(), "action") == "attach") {
      ++attach_events;
      EXPECT_EQ(Str(e.as_object().at("actor").as_object(), "id"), "public");
    }
  EXPECT_EQ(attach_events, 2);
}

TEST_F(PublicUploads, DoubleClickWithTheSameKeyMakesOneCaseWithItsFiles) {
  std::string t = UploadOk(kJpeg, "a.jpg", "image/jpeg");
  Headers key{{"Idempotency-Key", "form-dbl-1"}};
  auto a = Submit(Form("13912340002", bj::array{bj::value(t)}), key);
  auto b = Submit(Form("13912340002", bj::array{bj::value(t)}), key);
  ASSERT_EQ(a.status, 201) << a.body;
  ASSERT_EQ(b.status, 201) << b.body;
  EXPECT_EQ(Str(a.obj(), "number"), Str(b.obj(), "number"));
  EXPECT_EQ(CasesOf("13912340002"), 1);
  EXPECT_EQ(AttachmentsOf(Str(Case(Str(a.obj(), "number")), "id")).size(), 1u);
}

TEST_F(PublicUploads, TicketsAreUsedOnceAndUnknownOnesRegisterNothing) {
  std::string t = UploadOk(kPng, "a.png", "");
  ASSERT_EQ(Submit(Form("13912340003", bj::array{bj::value(t)})).status, 201);
  auto again = Submit(Form("13912340004", bj::array{bj::value(t)}));
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(again.ErrorCode(), "upload_already_used");
  EXPECT_EQ(CasesOf("13912340004"), 0) << "a refused submission registers nothing";
  auto unknown =
      Submit(Form("13912340005", bj::array{bj::value("u0123456789abcdef0123456789abcdef")}));
  EXPECT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_EQ(unknown.ErrorField(), "attachments[0]");
  EXPECT_EQ(CasesOf("13912340005"), 0);
  bj::array six;
  for (int i = 0; i < 6; ++i) six.push_back(bj::value("u" + std::to_string(i)));
  auto many = Submit(Form("13912340005", six));
  EXPECT_EQ(many.status, 400) << many.body;
  EXPECT_EQ(many.ErrorField(), "attachments");
  auto twice = Submit(Form("13912340005", bj::array{bj::value(t), bj::value(t)}));
  EXPECT_EQ(twice.status, 400) << twice.body;
}

TEST_F(PublicUploads, RefusalsByContentNameAndSize) {
  struct Row {
    std::string body, name, type;
    int status;
    std::string code;
  };
  const std::vector<Row> rows = {
      {"<html><script>alert(1)</script></html>", "x.png", "image/png", 422,
       "unsupported_file_type"},
      {"<svg xmlns='http://www.w3.org/2000/svg'/>", "x.svg", "image/svg+xml", 422,
       "unsupported_file_type"},
      {"PK\x03\x04zip", "x.pdf", "application/pdf", 422, "unsupported_file_type"},
      {kPng, "scan.pdf", "application/pdf", 422, "file_type_mismatch"},  // a PDF-named PNG
      {kPng, "scan.pdf", "", 422, "file_type_mismatch"},
      {kPdf, "photo.jpg", "image/jpeg", 422, "file_type_mismatch"},
      {"", "a.png", "image/png", 400, "invalid_argument"},
      {kPng, "", "image/png", 400, "invalid_argument"},
      {kPng, "..%2Fetc%2Fpasswd.png", "image/png", 400, "invalid_argument"},
  };
  for (const auto& r : rows) {
    auto res = Upload(r.body, r.name, r.type);
    EXPECT_EQ(res.status, r.status) << r.name << " " << r.type << ": " << res.body;
    EXPECT_EQ(res.ErrorCode(), r.code) << r.name;
  }
  auto big = Upload(kPng + std::string(10 << 20, 'x'), "big.png", "image/png");
  EXPECT_EQ(big.status, 413) << big.body;
}

TEST_F(PublicUploads, StaffAttachmentsAreCheckedByContentToo) {
  std::string id = Str(Register(), "id");
  auto up = [&](const std::string& body, const std::string& name, const std::string& type) {
    return DoRequest(server_->port, http::verb::post, "/api/v1/cases/" + id + "/attachments", body,
                     {{"Authorization", "Bearer " + Login("agent")},
                      {"X-Filename", name},
                      {"Content-Type", type}},
                     false);
  };
  auto html = up("<html>hi</html>", "a.html", "text/html");
  EXPECT_EQ(html.status, 422) << html.body;
  EXPECT_EQ(html.ErrorCode(), "unsupported_file_type");
  auto lie = up(kPng, "a.pdf", "application/pdf");
  EXPECT_EQ(lie.status, 422) << lie.body;
  auto ok = up(kPdf, "a.pdf", "application/octet-stream");
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(Str(ok.obj(), "content_type"), "application/pdf");
  EXPECT_EQ(AttachmentsOf(id).size(), 1u);
}

class PublicUploadLimit : public PublicSiteBase {};

TEST_F(PublicUploadLimit, UploadsPerAddressAreLimitedWithRetryAfter) {
  int limited = 0;
  HttpResult last;
  for (int i = 0; i < 22; ++i) {
    auto r = Upload(kPng, "a.png", "image/png");
    if (r.status == 429) {
      ++limited;
      last = r;
    } else {
      EXPECT_EQ(r.status, 201) << r.body;
    }
  }
  EXPECT_GE(limited, 1);
  EXPECT_EQ(last.ErrorCode(), "rate_limited");
  EXPECT_GE(std::atoi(last.Header("retry-after").c_str()), 1);
}

// ---- published letters ----

class PublishedLetters : public PublicSiteBase {};

TEST_F(PublishedLetters, PublishRefusesPersonalDataThenPublishesTheDraft) {
  const std::string name = "赵铁柱", phone = "13712345678";
  const int64_t before =
      Int(Raw(http::verb::get, "/api/v1/public/letters").obj(), "total");  // the demo's
  std::string id = ClosedCase("我是赵铁柱，电话13712345678，幸福小区5栋302室楼下路灯坏了。", name,
                              phone, "赵铁柱您好，路灯已修复。");
  // The editor's draft is the case's words with personal data removed.
  auto ed = Get("reviewer", "/api/v1/cases/" + id + "/letter");
  ASSERT_EQ(ed.status, 200) << ed.body;
  EXPECT_TRUE(ed.obj().at("can_publish").as_bool());
  EXPECT_TRUE(ed.obj().at("letter").is_null());
  const auto& draft = ed.obj().at("draft").as_object();
  for (const std::string& pii : std::vector<std::string>{name, phone, "302"})
    EXPECT_EQ(bj::serialize(draft).find(pii), std::string::npos)
        << pii << " in " << bj::serialize(draft);

  // Hostile variants are each refused with findings and a redacted draft; nothing is published.
  const std::vector<std::pair<std::string, std::string>> hostile = {
      {"电话13712345678", "phone"},
      {"电话１３７ １２３４ ５６７８", "phone"},
      {"电话一三七一二三四五六七八", "number"},
      {"身份证42010219900101123X", "id_number"},
      {"邮件 zhao@example.com", "email"},
      {"赵 铁 柱反映", "name"},
      {"<script>alert('赵铁柱')</script>", "name"},
  };
  for (const auto& [text, kind] : hostile) {
    auto r = Publish("reviewer", id, "路灯不亮", "小区路灯坏了。" + text, "已修复。");
    ASSERT_EQ(r.status, 422) << text << ": " << r.body;
    EXPECT_EQ(r.ErrorCode(), "personal_data");
    const auto& det = r.obj().at("error").as_object().at("details").as_object();
    ASSERT_FALSE(det.at("findings").as_array().empty());
    EXPECT_EQ(Str(det.at("findings").as_array()[0].as_object(), "kind"), kind) << text;
    EXPECT_EQ(Str(det.at("findings").as_array()[0].as_object(), "field"), "question");
    std::string redacted = Str(det.at("draft").as_object(), "question");
    EXPECT_EQ(redacted.find("铁柱"), std::string::npos) << redacted;
  }
  auto in_reply = Publish("reviewer", id, "路灯不亮", "小区路灯坏了。", "赵铁柱您好，已修复。");
  EXPECT_EQ(in_reply.status, 422);
  EXPECT_EQ(in_reply.ErrorField(), "reply");
  auto in_title = Publish("reviewer", id, "赵铁柱反映路灯", "小区路灯坏了。", "已修复。");
  EXPECT_EQ(in_title.ErrorField(), "title");
  auto list0 = Raw(http::verb::get, "/api/v1/public/letters");
  EXPECT_EQ(Int(list0.obj(), "total"), before) << "a refused publication publishes nothing";

  auto ok = Publish("reviewer", id, Str(draft, "title"), Str(draft, "question"),
                    "您好，路灯已于次日修复。");
  ASSERT_EQ(ok.status, 200) << ok.body;
  std::string letter_id = Str(ok.obj(), "id");
  EXPECT_TRUE(ok.obj().at("published").as_bool());
  EXPECT_EQ(LastAction(id), "publish");

  auto list = Raw(http::verb::get, "/api/v1/public/letters");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(Int(list.obj(), "total"), before + 1);
  EXPECT_EQ(Str(list.obj().at("items").as_array()[0].as_object(), "id"), letter_id)
      << "newest first";
  auto detail = Raw(http::verb::get, "/api/v1/public/letters/" + letter_id);
  ASSERT_EQ(detail.status, 200) << detail.body;
  EXPECT_EQ(Str(detail.obj(), "reply"), "您好，路灯已于次日修复。");
  EXPECT_EQ(Str(detail.obj(), "type"), "complaint");
  EXPECT_EQ(Str(detail.obj().at("unit").as_object(), "name").empty(), false);
  std::string number = Str(Case(id), "number");
  for (const std::string& secret : std::vector<std::string>{name, phone, number, "\"case_id\"",
                                                            "内部", "query_code", "citizen"}) {
    EXPECT_EQ(detail.body.find(secret), std::string::npos) << secret << " in " << detail.body;
    EXPECT_EQ(list.body.find(secret), std::string::npos) << secret << " in " << list.body;
  }
  EXPECT_TRUE(Case(id).at("published").as_bool());

  // Unpublish: gone from the public site, an event on the case; a second unpublish is 409.
  auto no_reason = Post("reviewer", "/api/v1/cases/" + id + "/letter/unpublish", bj::object{});
  EXPECT_EQ(no_reason.status, 400);
  auto un = Post("reviewer", "/api/v1/cases/" + id + "/letter/unpublish",
                 bj::object{{"reason", "市民要求撤下"}});
  ASSERT_EQ(un.status, 200) << un.body;
  EXPECT_FALSE(un.obj().at("published").as_bool());
  EXPECT_EQ(LastAction(id), "unpublish");
  EXPECT_EQ(Raw(http::verb::get, "/api/v1/public/letters/" + letter_id).status, 404);
  EXPECT_EQ(Int(Raw(http::verb::get, "/api/v1/public/letters").obj(), "total"), before);
  EXPECT_EQ(
      Post("reviewer", "/api/v1/cases/" + id + "/letter/unpublish", bj::object{{"reason", "x"}})
          .status,
      409);
  // Re-publishing brings the same letter back.
  auto again = Publish("reviewer", id, "路灯不亮", "小区路灯坏了。", "已修复。");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Str(again.obj(), "id"), letter_id);
  EXPECT_EQ(Raw(http::verb::get, "/api/v1/public/letters/" + letter_id).status, 200);
  // Reopening the case hides its letter until the case is closed again.
  ActOk("callback", id, "reopen", {{"reason", "市民反映路灯又坏了"}});
  EXPECT_EQ(Raw(http::verb::get, "/api/v1/public/letters/" + letter_id).status, 404);
  EXPECT_EQ(Int(Raw(http::verb::get, "/api/v1/public/letters").obj(), "total"), before);
}

TEST_F(PublishedLetters, WhoAndWhatMayBePublished) {
  std::string open_id = Str(Register(NewCaseBody("井盖缺失", "13712340002", "钱多多")), "id");
  auto not_closed = Publish("reviewer", open_id, "井盖缺失", "井盖缺失。", "已处理。");
  EXPECT_EQ(not_closed.status, 409) << not_closed.body;
  std::string conf = ClosedCase("保密举报内容", "孙保密", "13712340003", "已查处。", true);
  auto confidential = Publish("reviewer", conf, "举报", "举报内容。", "已查处。");
  EXPECT_EQ(confidential.status, 409) << confidential.body;
  std::string id = ClosedCase("噪音扰民", "周噪音", "13712340004", "已处理。");
  for (const char* user : {"dispatcher", "agent", "zjj.handler", "admin"}) {
    auto r = Publish(user, id, "噪音扰民", "夜间施工噪音。", "已处理。");
    EXPECT_EQ(r.status, 403) << user << ": " << r.body;
  }
  EXPECT_EQ(Raw(http::verb::post, "/api/v1/cases/" + id + "/letter/publish", "{}").status, 401);
  auto empty = Publish("reviewer", id, "", "夜间施工噪音。", "已处理。");
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(empty.ErrorField(), "title");
  auto unknown = Publish("reviewer", "999999999", "t", "q", "r");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(
      Post("reviewer", "/api/v1/cases/" + id + "/letter/unpublish", bj::object{{"reason", "x"}})
          .status,
      404)
      << "never published";
}

TEST_F(PublishedLetters, PublicListFiltersAndPagesAndUnknownIdsAre404) {
  for (int i = 0; i < 3; ++i) {
    std::string id = ClosedCase("道路破损" + std::to_string(i), "吴某人",
                                "1371234001" + std::to_string(i), "已修复。");
    ASSERT_EQ(
        Publish("reviewer", id, "道路破损 " + std::to_string(i), "道路有坑。", "已修复。").status,
        200);
  }
  auto page1 = Raw(http::verb::get, "/api/v1/public/letters?limit=2");
  ASSERT_EQ(page1.status, 200) << page1.body;
  EXPECT_EQ(page1.obj().at("items").as_array().size(), 2u);
  std::string cursor = Str(page1.obj(), "next_cursor");
  ASSERT_FALSE(cursor.empty());
  auto page2 = Raw(http::verb::get, "/api/v1/public/letters?limit=2&cursor=" + cursor);
  ASSERT_EQ(page2.status, 200) << page2.body;
  EXPECT_GE(page2.obj().at("items").as_array().size(), 1u);
  EXPECT_EQ(Raw(http::verb::get, "/api/v1/public/letters?type=complaint")
                    .obj()
                    .at("items")
                    .as_array()
                    .size() > 0,
            true);
  auto praise = Raw(http::verb::get, "/api/v1/public/letters?type=praise&limit=100");
  for (const auto& l : praise.obj().at("items").as_array())
    EXPECT_EQ(Str(l.as_object(), "type"), "praise");
  auto complaints = Raw(http::verb::get, "/api/v1/public/letters?type=complaint&limit=100");
  EXPECT_GE(Int(complaints.obj(), "total"), 3);
  EXPECT_EQ(
      Int(praise.obj(), "total") + Int(complaints.obj(), "total") <= Int(page1.obj(), "total"),
      true);
  for (const char* bad :
       {"?type=bogus", "?category_id=nope", "?limit=0", "?cursor=abc", "?limit=x"})
    EXPECT_EQ(Raw(http::verb::get, std::string("/api/v1/public/letters") + bad).status, 400) << bad;
  // Every letter on the site (the demo's included) is free of long digit runs (phones, IDs).
  auto all = Raw(http::verb::get, "/api/v1/public/letters?limit=100");
  for (const auto& l : all.obj().at("items").as_array()) {
    auto d = Raw(http::verb::get, "/api/v1/public/letters/" + Str(l.as_object(), "id"));
    ASSERT_EQ(d.status, 200);
    std::string text =
        Str(d.obj(), "title") + " " + Str(d.obj(), "question") + " " + Str(d.obj(), "reply");
    int run = 0, longest = 0;
    for (char ch : text) {
      run = (ch >= '0' && ch <= '9') ? run + 1 : 0;
      longest = std::max(longest, run);
    }
    EXPECT_LT(longest, 7) << text;
  }
  for (const char* id : {"999999", "abc", "1%27%20OR%201=1", "-1"})
    EXPECT_EQ(Raw(http::verb::get, std::string("/api/v1/public/letters/") + id).status, 404) << id;
}

// ---- statistics ----

class PublicStats : public PublicSiteBase {};

TEST_F(PublicStats, MonthlyFiguresAddUpAndShowNoCases) {
  Submit(Form("13912340101"));
  auto r = Raw(http::verb::get, "/api/v1/public/stats");
  ASSERT_EQ(r.status, 200) << r.body;
  int64_t total = Int(r.obj(), "total");
  EXPECT_GE(total, 1);
  int64_t sum = 0;
  for (const auto& t : r.obj().at("by_type").as_array()) sum += Int(t.as_object(), "count");
  EXPECT_EQ(sum, total);
  sum = 0;
  auto form = Raw(http::verb::get, "/api/v1/public/form");
  std::map<std::string, int64_t> level;
  for (const auto& c : form.obj().at("categories").as_array())
    level[Str(c.as_object(), "id")] = Int(c.as_object(), "level");
  for (const auto& c : r.obj().at("by_category").as_array()) {
    sum += Int(c.as_object(), "count");
    std::string id = Str(c.as_object(), "id");
    if (!id.empty()) {
      EXPECT_EQ(level[id], 1) << "by_category is folded to the top level: " << id;
    }
  }
  EXPECT_EQ(sum, total);
  sum = 0;
  for (const auto& d : r.obj().at("by_district").as_array()) sum += Int(d.as_object(), "count");
  EXPECT_EQ(sum, total);
  const auto& on_time = r.obj().at("on_time").as_object();
  EXPECT_LE(Int(on_time, "on_time"), Int(on_time, "replied"));
  const auto& sat = r.obj().at("satisfaction").as_object();
  EXPECT_EQ(Int(sat, "rated"),
            Int(sat, "satisfied") + Int(sat, "basically_satisfied") + Int(sat, "unsatisfied"));
  for (const char* secret : {"13912340101", "王小明", "\"number\"", "query_code"})
    EXPECT_EQ(r.body.find(secret), std::string::npos) << secret;
  std::string month = Str(r.obj(), "month");
  auto same = Raw(http::verb::get, "/api/v1/public/stats?month=" + month);
  EXPECT_EQ(same.status, 200);
  EXPECT_EQ(Int(same.obj(), "total"), total);
  EXPECT_EQ(Int(Raw(http::verb::get, "/api/v1/public/stats?month=2001-01").obj(), "total"), 0);
  for (const char* bad : {"2026-13", "2026-1", "26-11", "2026/11", "x"})
    EXPECT_EQ(Raw(http::verb::get, std::string("/api/v1/public/stats?month=") + bad).status, 400)
        << bad;
  EXPECT_EQ(Raw(http::verb::get, "/api/v1/public/stats?month=2999-01").status, 422);
}

TEST_F(PublicStats, FormDataListsTypesCategoriesAndDistricts) {
  auto r = Raw(http::verb::get, "/api/v1/public/form");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.obj().at("types").as_array().size(), 6u);
  EXPECT_GT(r.obj().at("categories").as_array().size(), 10u);
  for (const auto& c : r.obj().at("categories").as_array())
    EXPECT_LE(Int(c.as_object(), "level"), 2);
  EXPECT_EQ(r.obj().at("districts").as_array().size(), 4u);
}

// ---- paper letters (来信) ----

class PaperLetters : public PublicSiteBase {};

TEST_F(PaperLetters, AgentRegistersALetterWithItsScan) {
  auto body =
      NewCaseBody("来信反映：村道年久失修，雨天无法通行，请求修缮。", "13712349999", "郑来信");
  body["channel"] = "letter";
  auto c = Register(body);
  std::string id = Str(c, "id");
  EXPECT_EQ(Str(c, "channel"), "letter");
  auto scan =
      DoRequest(server_->port, http::verb::post, "/api/v1/cases/" + id + "/attachments", kPdf,
                {{"Authorization", "Bearer " + Login("agent")},
                 {"X-Filename", "%E6%9D%A5%E4%BF%A1%E6%89%AB%E6%8F%8F.pdf"},  // 来信扫描.pdf
                 {"Content-Type", "application/pdf"}},
                false);
  ASSERT_EQ(scan.status, 201) << scan.body;
  auto items = AttachmentsOf(id);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(Str(items[0].as_object(), "name"), "来信扫描.pdf");
  EXPECT_EQ(Str(items[0].as_object(), "content_type"), "application/pdf");
}

// ---- trusted proxies ----

class TrustedProxy : public PublicSiteBase {
 protected:
  static void SetUpTestSuite() {
    serve_args_ = {"--trusted-proxy", "127.0.0.1"};
    ApiTest::SetUpTestSuite();
  }
};

TEST_F(TrustedProxy, BehindATrustedProxyEachForwardedClientHasItsOwnLimit) {
  auto submit = [&](const std::string& xff) {
    return Raw(http::verb::post, "/api/v1/public/requests", "{}", {{"X-Forwarded-For", xff}});
  };
  int limited_a = 0;
  for (int i = 0; i < 12; ++i)
    if (submit("198.51.100.7").status == 429) ++limited_a;
  EXPECT_GE(limited_a, 1);
  // Another client behind the same proxy is not limited; a forged left-hand entry changes nothing.
  EXPECT_EQ(submit("203.0.113.9").status, 400);
  EXPECT_EQ(submit("203.0.113.9, 198.51.100.7").status, 429);
}

class UntrustedForwardedFor : public PublicSiteBase {};

TEST_F(UntrustedForwardedFor, WithoutTrustedProxiesTheHeaderIsIgnored) {
  int limited = 0;
  for (int i = 0; i < 12; ++i) {
    auto r = Raw(http::verb::post, "/api/v1/public/requests", "{}",
                 {{"X-Forwarded-For", "198.51.100." + std::to_string(i)}});
    if (r.status == 429) ++limited;
  }
  EXPECT_GE(limited, 1) << "a client must not escape the limit by inventing X-Forwarded-For";
}

}  // namespace
}  // namespace hotline::apitest
