#include "src/store/case_doc.h"

#include <gtest/gtest.h>

#include <random>

namespace hotline::store {
namespace {

namespace bj = boost::json;
using namespace hotline::domain;

// ---- The reference: the DOM reading that CaseDocFromJson replaced, as it was. ----

std::optional<TimePoint> GetTime(const bj::object& o, const char* k) {
  auto* v = o.if_contains(k);
  if (!v || !v->is_int64()) return std::nullopt;
  return FromUnixMillis(v->as_int64());
}
std::string GetStr(const bj::object& o, const char* k) {
  auto* v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}
int64_t GetInt(const bj::object& o, const char* k) {
  auto* v = o.if_contains(k);
  return v && v->is_int64() ? v->as_int64() : 0;
}
bool GetBool(const bj::object& o, const char* k) {
  auto* v = o.if_contains(k);
  return v && v->is_bool() && v->as_bool();
}
bj::parse_options StoredDocOptions() {
  bj::parse_options o;
  o.allow_invalid_utf8 = true;
  return o;
}

Status ReferenceFromJson(std::string_view text, Case* c) {
  boost::system::error_code ec;
  // Every case read parses this document and copies what it needs out of it: parse into one
  // arena (a stack buffer, growing on the heap only for large documents) instead of one heap
  // allocation per key and string. Nothing below keeps a JSON value beyond this function.
  unsigned char buffer[16384];
  bj::monotonic_resource arena(buffer, sizeof buffer);
  bj::value v = bj::parse(text, ec, &arena, StoredDocOptions());
  if (ec || !v.is_object())
    return Status::Internal("case " + c->id + ": stored document is corrupt (" + ec.message() +
                            ", " + std::to_string(text.size()) + " bytes)");
  const auto& o = v.as_object();
  c->query_code = GetStr(o, "query_code");
  c->escalated = GetBool(o, "escalated");
  c->published = GetBool(o, "published");
  c->confidential = GetBool(o, "confidential");
  if (auto* loc = o.if_contains("location"); loc && loc->is_object()) {
    const auto& l = loc->as_object();
    c->location.address = GetStr(l, "address");
    if (auto* lat = l.if_contains("lat"); lat && lat->is_number())
      c->location.lat = lat->to_number<double>();
    if (auto* lng = l.if_contains("lng"); lng && lng->is_number())
      c->location.lng = lng->to_number<double>();
  }
  c->call_id = GetStr(o, "call_id");
  c->assignments.clear();
  if (auto* as = o.if_contains("assignments"); as && as->is_array()) {
    for (const auto& xv : as->as_array()) {
      if (!xv.is_object()) continue;
      const auto& x = xv.as_object();
      Assignment a;
      a.id = GetStr(x, "id");
      a.unit_id = GetStr(x, "unit_id");
      a.role = ParseAssignmentRole(GetStr(x, "role")).value_or(AssignmentRole::kLead);
      a.status = ParseAssignmentStatus(GetStr(x, "status")).value_or(AssignmentStatus::kPending);
      a.dispatched_by_unit = GetStr(x, "by");
      a.parent_assignment = GetStr(x, "parent");
      a.assigned_at = FromUnixMillis(GetInt(x, "assigned_at"));
      a.sign_due_at = FromUnixMillis(GetInt(x, "sign_due_at"));
      a.contact_due_at = FromUnixMillis(GetInt(x, "contact_due_at"));
      a.due_at = FromUnixMillis(GetInt(x, "due_at"));
      a.warn_at = FromUnixMillis(GetInt(x, "warn_at"));
      a.clock_24x7 = GetBool(x, "h24");
      a.signed_at = GetTime(x, "signed_at");
      a.contacted_at = GetTime(x, "contacted_at");
      a.replied_at = GetTime(x, "replied_at");
      a.paused_at = GetTime(x, "paused_at");
      if (auto* e = x.if_contains("extension"); e && e->is_object()) {
        Extension ext;
        ext.until = FromUnixMillis(GetInt(e->as_object(), "until"));
        ext.reason = GetStr(e->as_object(), "reason");
        ext.status = ExtensionStatus(GetInt(e->as_object(), "status"));
        ext.note = GetStr(e->as_object(), "note");
        a.extension = ext;
      }
      a.return_reason = GetStr(x, "return_reason");
      a.reply = GetStr(x, "reply");
      a.sla_emitted = ParseSlaState(GetStr(x, "sla_emitted")).value_or(SlaState::kOk);
      a.urge_count = int(GetInt(x, "urges"));
      c->assignments.push_back(std::move(a));
    }
  }
  c->callback_due_at = GetTime(o, "callback_due_at");
  if (auto* r = o.if_contains("rating"); r && r->is_object()) {
    Rating rating;
    rating.satisfaction = ParseSatisfaction(GetStr(r->as_object(), "satisfaction"))
                              .value_or(Satisfaction::kSatisfied);
    rating.resolved = GetBool(r->as_object(), "resolved");
    rating.note = GetStr(r->as_object(), "note");
    rating.source = GetStr(r->as_object(), "source");
    c->rating = rating;
  }
  c->reply = GetStr(o, "reply");
  c->reply_resolved = GetBool(o, "reply_resolved");
  c->reply_to_citizen = GetStr(o, "reply_to_citizen");
  c->kb_article_id = GetStr(o, "kb_article_id");
  c->transfer_to = GetStr(o, "transfer_to");
  c->supervisions.clear();
  if (auto* sv = o.if_contains("supervisions"); sv && sv->is_array()) {
    for (const auto& s : sv->as_array()) {
      if (!s.is_object()) continue;
      c->supervisions.push_back({GetStr(s.as_object(), "note"),
                                 FromUnixMillis(GetInt(s.as_object(), "due_at")),
                                 FromUnixMillis(GetInt(s.as_object(), "issued_at"))});
    }
  }
  c->reopen_count = int(GetInt(o, "reopens"));
  c->urge_count = int(GetInt(o, "urges"));
  c->created_by = GetStr(o, "created_by");
  c->closed_at = GetTime(o, "closed_at");
  return Status::Ok();
}

// ---- Random cases ----

std::string RandomText(std::mt19937& rng) {
  static const std::vector<std::string> kPieces = {"",         "a",
                                                   "路灯不亮", "\"",
                                                   "\\",       "\n",
                                                   "\t",       std::string(1, '\0'),
                                                   "\x01",     "</script>",
                                                   "😀",        "\xe2\x80\xa8",
                                                   "\xff\xfe", "江城市高新区",
                                                   "x y z",    std::string(300, 'k')};
  std::string s;
  const int n = int(rng() % 5);
  for (int i = 0; i < n; ++i) s += kPieces[rng() % kPieces.size()];
  return s;
}

TimePoint RandomTime(std::mt19937& rng) {
  return FromUnixMillis(int64_t(rng() % 4000000000ULL) * 1000 - 1000000000000LL);
}

std::optional<TimePoint> MaybeTime(std::mt19937& rng) {
  if (rng() % 2) return std::nullopt;
  return RandomTime(rng);
}

Case RandomCase(std::mt19937& rng) {
  Case c;
  c.query_code = RandomText(rng);
  c.escalated = rng() % 2;
  c.published = rng() % 2;
  c.confidential = rng() % 2;
  c.location.address = RandomText(rng);
  // Binary fractions: boost::json's default (fast) number parsing may read a decimal back one unit
  // in the last place off, the DOM reading and this one alike (compared below with any value).
  if (rng() % 2) c.location.lat = double(int(rng() % 180000)) / 1024.0 - 90;
  if (rng() % 3 == 0) c.location.lng = double(int(rng() % 100));
  c.call_id = RandomText(rng);
  const int na = int(rng() % 4);
  for (int i = 0; i < na; ++i) {
    Assignment a;
    a.id = "a" + std::to_string(i + 1);
    a.unit_id = std::to_string(rng() % 100);
    a.role = AssignmentRole(rng() % 2);
    a.status = AssignmentStatus(rng() % 7);
    a.dispatched_by_unit = RandomText(rng);
    a.parent_assignment = rng() % 2 ? "a1" : "";
    a.assigned_at = RandomTime(rng);
    a.sign_due_at = RandomTime(rng);
    a.contact_due_at = RandomTime(rng);
    a.due_at = RandomTime(rng);
    a.warn_at = RandomTime(rng);
    a.clock_24x7 = rng() % 2;
    a.signed_at = MaybeTime(rng);
    a.contacted_at = MaybeTime(rng);
    a.replied_at = MaybeTime(rng);
    a.paused_at = MaybeTime(rng);
    if (rng() % 2) {
      Extension e;
      e.until = RandomTime(rng);
      e.reason = RandomText(rng);
      e.status = ExtensionStatus(rng() % 3);
      e.note = RandomText(rng);
      a.extension = e;
    }
    a.return_reason = RandomText(rng);
    a.reply = RandomText(rng);
    a.sla_emitted = SlaState(rng() % 3);
    a.urge_count = int(rng() % 5);
    c.assignments.push_back(a);
  }
  c.callback_due_at = MaybeTime(rng);
  if (rng() % 2) {
    Rating r;
    r.satisfaction = Satisfaction(rng() % 3);
    r.resolved = rng() % 2;
    r.note = RandomText(rng);
    r.source = rng() % 2 ? "phone" : "web";
    c.rating = r;
  }
  c.reply = RandomText(rng);
  c.reply_resolved = rng() % 2;
  c.reply_to_citizen = RandomText(rng);
  c.kb_article_id = rng() % 2 ? "12" : "";
  c.transfer_to = rng() % 2 ? "110" : "";
  const int ns = int(rng() % 3);
  for (int i = 0; i < ns; ++i)
    c.supervisions.push_back({RandomText(rng), RandomTime(rng), RandomTime(rng)});
  c.reopen_count = int(rng() % 3);
  c.urge_count = int(rng() % 3);
  c.created_by = RandomText(rng);
  c.closed_at = MaybeTime(rng);
  return c;
}

// What a read leaves in the Case, as text: the document fields (CaseDocToJson writes them all)
// plus the two that it writes only when set, so that "absent" and "empty" differ.
std::string Fingerprint(const Case& c) {
  std::string s = CaseDocToJson(c);
  s += c.location.lat ? " lat" : " nolat";
  s += c.location.lng ? " lng" : " nolng";
  s += c.rating ? " rating" : " norating";
  for (const auto& a : c.assignments) s += a.extension ? " ext" : " noext";
  return s;
}

void ExpectSameReading(const std::string& doc) {
  Case want, got;
  want.id = got.id = "7";
  const Status ws = ReferenceFromJson(doc, &want);
  const Status gs = CaseDocFromJson(doc, &got);
  ASSERT_EQ(ws.ok(), gs.ok()) << doc << "\nreference: " << ws.message()
                              << "\nnew: " << gs.message();
  if (ws.ok()) {
    EXPECT_EQ(Fingerprint(got), Fingerprint(want)) << doc;
  }
}

TEST(CaseDocTest, ReadsBackWhatItWrote) {
  std::mt19937 rng(20261129);
  for (int i = 0; i < 2000; ++i) {
    const Case c = RandomCase(rng);
    const std::string doc = CaseDocToJson(c);
    Case back;
    ASSERT_TRUE(CaseDocFromJson(doc, &back).ok()) << doc;
    EXPECT_EQ(CaseDocToJson(back), doc);
    EXPECT_EQ(Fingerprint(back), Fingerprint(c));
    ExpectSameReading(doc);
  }
}

TEST(CaseDocTest, SameAsTheDomReadingOnOddDocuments) {
  const std::vector<std::string> docs = {
      R"({})",
      R"({"query_code":5,"escalated":"yes","published":1,"confidential":true})",
      R"({"location":"x","rating":[1],"assignments":{"a":1},"supervisions":"s"})",
      R"({"location":{"address":7,"lat":"1","lng":2},"call_id":null})",
      R"({"location":{"lat":18446744073709551615,"lng":-1.5e3,"address":"a\u0000b"}})",
      R"({"location":{"lat":-11.433999999999997,"lng":116.40717}})",
      R"({"assignments":[1,"a",null,[],{"id":"a1","role":"co","status":"done","urges":2.0,
          "assigned_at":18446744073709551615,"signed_at":1.5,"h24":1,"extension":5},
          {"id":"a2","role":"nope","status":7,"sla_emitted":"overdue","extension":{"status":2,
          "until":1700000000000,"reason":["x"],"note":"n","extra":{"deep":[{"x":1}]}}}]})",
      R"({"rating":{"satisfaction":"unsatisfied"},"reply_resolved":true})",
      R"({"rating":{"resolved":true,"note":null,"source":"web","satisfaction":1}})",
      R"({"supervisions":[{"note":"n","due_at":"1","issued_at":5},3,{"x":{"y":[]}}]})",
      R"({"reopens":4294967297,"urges":-3,"closed_at":-5,"callback_due_at":null})",
      R"({"unknown":{"assignments":[{"id":"zz"}]},"assignments":[{"id":"real"}]})",
      R"({"assignments":[{"id":"first"}],"assignments":[{"id":"second"}]})",
      R"({"query_code":"a","query_code":7})",
      R"({"rating":{"note":"a"},"rating":5})",
      R"({"assignments":[{"extension":{"reason":"r"},"extension":null}]})",
      R"({"location":{"address":"a"},"location":{"lat":1}})",
      R"({"que\u0072y_code":"escaped key","crea\ted_by":"x"})",
      R"({"reply":"line\nbreak \"quoted\" \\ \/ \u4e2d\ud83d\ude00"})",
      "{\"reply\":\"" + std::string(100000, 'x') + "\"}",
      " {\"reply\":\"spaces\"} \n",
      R"({"reply":"x"} trailing)",
      R"([{"reply":"x"}])",
      R"("just a string")",
      R"(42)",
      R"(null)",
      R"()",
      R"({"reply":)",
      R"({"reply":"x",})",
      R"({"reply":"unterminated)",
      R"({"a":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]})",
      "{\"reply\":\"\xff\xfe invalid utf-8 \xc3\"}",
  };
  for (const auto& d : docs) ExpectSameReading(d);
}

TEST(CaseDocTest, RefusesWhatIsNotAnObject) {
  Case c;
  c.id = "9";
  EXPECT_FALSE(CaseDocFromJson("[]", &c).ok());
  EXPECT_FALSE(CaseDocFromJson("", &c).ok());
  EXPECT_FALSE(CaseDocFromJson("{} {}", &c).ok());
  const Status st = CaseDocFromJson("{\"reply\":", &c);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("case 9: stored document is corrupt"), std::string::npos);
}

}  // namespace
}  // namespace hotline::store
