#include "src/api/http.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <thread>
#include <vector>

namespace hotline::api {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

struct TargetCase {
  std::string target;
  std::string raw_path;
  std::string path;
  Pairs query;
};

class ParseTargetTest : public testing::TestWithParam<TargetCase> {};

TEST_P(ParseTargetTest, SplitsAndDecodes) {
  const TargetCase& c = GetParam();
  Result<ParsedTarget> t = ParseTarget(c.target);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->raw_path, c.raw_path);
  EXPECT_EQ(t->path, c.path);
  EXPECT_EQ(t->query, c.query);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParseTargetTest,
    testing::Values(
        TargetCase{"/", "/", "/", {}},
        TargetCase{"/api/v1/cases", "/api/v1/cases", "/api/v1/cases", {}},
        TargetCase{"/a?x=1&y=2", "/a", "/a", {{"x", "1"}, {"y", "2"}}},
        TargetCase{"/a?x=1&x=2", "/a", "/a", {{"x", "1"}, {"x", "2"}}},
        // Empty pairs are skipped; a key without '=' has the value "".
        TargetCase{"/a?&urgent&&b=", "/a", "/a", {{"urgent", ""}, {"b", ""}}},
        // '+' is a space in the query, not in the path.
        TargetCase{"/a+b?q=a+b%2Bc", "/a+b", "/a+b", {{"q", "a b+c"}}},
        // Percent-encoded UTF-8 (Chinese) in the query and the path.
        TargetCase{
            "/api/v1/cases?q=%E5%99%AA%E9%9F%B3%E6%89%B0%E6%B0%91&district=%E9%BC%93%E6%A5%BC",
            "/api/v1/cases",
            "/api/v1/cases",
            {{"q", "噪音扰民"}, {"district", "鼓楼"}}},
        TargetCase{
            "/callers/%E5%BC%A0%E4%B8%89", "/callers/%E5%BC%A0%E4%B8%89", "/callers/张三", {}},
        // Raw (unencoded) UTF-8, as some clients send it.
        TargetCase{"/a?q=水管爆裂", "/a", "/a", {{"q", "水管爆裂"}}},
        // Encoded delimiters stay data.
        TargetCase{"/a%2Fb?k%3D=v%26w", "/a%2Fb", "/a/b", {{"k=", "v&w"}}},
        // Lower-case hex; '=' inside a value.
        TargetCase{"/a?x=%e4%b8%ad=1", "/a", "/a", {{"x", "中=1"}}},
        // absolute-form and fragments.
        TargetCase{"http://example.org/a/b?x=1", "/a/b", "/a/b", {{"x", "1"}}},
        TargetCase{"http://example.org", "/", "/", {}},
        TargetCase{"/a?x=1#frag", "/a", "/a", {{"x", "1"}}}));

struct BadTarget {
  std::string target;
  std::string field;
};

class ParseTargetBadTest : public testing::TestWithParam<BadTarget> {};

TEST_P(ParseTargetBadTest, IsInvalidArgumentNamingTheField) {
  Result<ParsedTarget> t = ParseTarget(GetParam().target);
  ASSERT_FALSE(t.ok());
  EXPECT_TRUE(t.status().IsInvalid());
  EXPECT_EQ(t.status().field(), GetParam().field);
}

INSTANTIATE_TEST_SUITE_P(Table, ParseTargetBadTest,
                         testing::Values(BadTarget{"/a%", "path"}, BadTarget{"/a%4", "path"},
                                         BadTarget{"/a%zz", "path"}, BadTarget{"/a%FF", "path"},
                                         BadTarget{"/a?q=%", "query"},
                                         BadTarget{"/a?q=%E4%B8", "query"},     // truncated
                                         BadTarget{"/a?q=%C0%AF", "query"},     // overlong '/'
                                         BadTarget{"/a?q=%ED%A0%80", "query"},  // surrogate
                                         BadTarget{"/a?%G1=x", "query"}));

TEST(PercentDecodeTest, PlusHandling) {
  EXPECT_EQ(*PercentDecode("a+b", true), "a b");
  EXPECT_EQ(*PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(*PercentDecode("%41%42", false), "AB");
  EXPECT_EQ(*PercentDecode("", false), "");
}

TEST(Utf8Test, Validates) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("市民热线12345"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));   // U+1F600
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xC0\x80"));          // overlong NUL
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\x80"));              // stray continuation
  EXPECT_FALSE(IsValidUtf8("\xFF"));
}

Request MakeRequest(HeaderList headers, Pairs query = {}) {
  Request r;
  r.headers = std::move(headers);
  r.query = std::move(query);
  return r;
}

TEST(RequestTest, QueryReturnsFirstValue) {
  const Request r = MakeRequest({}, {{"status", "open"}, {"status", "closed"}, {"q", "漏水"}});
  EXPECT_EQ(r.Query("status"), "open");
  EXPECT_EQ(r.Query("q"), "漏水");
  EXPECT_EQ(r.Query("missing"), std::nullopt);
  EXPECT_EQ(r.Query("Status"), std::nullopt);  // Query names are case-sensitive.
}

TEST(RequestTest, HeaderIsCaseInsensitive) {
  const Request r = MakeRequest({{"Content-Type", "application/json"},
                                 {"authorization", "Bearer abc"},
                                 {"X-Dup", "1"},
                                 {"x-dup", "2"}});
  EXPECT_EQ(r.Header("content-type"), "application/json");
  EXPECT_EQ(r.Header("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(r.Header("Authorization"), "Bearer abc");
  EXPECT_EQ(r.Header("X-DUP"), "1");
  EXPECT_EQ(r.Header("Content-Typ"), std::nullopt);
  EXPECT_EQ(r.Header("Accept"), std::nullopt);
}

struct CookieCase {
  HeaderList headers;
  std::string name;
  std::optional<std::string> want;
};

class CookieTest : public testing::TestWithParam<CookieCase> {};

TEST_P(CookieTest, Parses) {
  const Request r = MakeRequest(GetParam().headers);
  EXPECT_EQ(r.Cookie(GetParam().name), GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(
    Table, CookieTest,
    testing::Values(
        CookieCase{{{"Cookie", "sid=abc"}}, "sid", "abc"},
        CookieCase{{{"Cookie", "a=1; sid=abc; b=2"}}, "sid", "abc"},
        CookieCase{{{"Cookie", "a=1;sid=abc"}}, "sid", "abc"},
        CookieCase{{{"Cookie", "  sid = abc  ; b=2"}}, "sid", "abc"},
        CookieCase{{{"Cookie", "sid=\"quoted value\""}}, "sid", "quoted value"},
        CookieCase{{{"Cookie", "sid=a=b=c"}}, "sid", "a=b=c"},  // base64 padding survives
        CookieCase{{{"Cookie", "xsid=1; sidx=2"}}, "sid", std::nullopt},
        CookieCase{{{"Cookie", "SID=1"}}, "sid", std::nullopt},  // names are case-sensitive
        CookieCase{{{"Cookie", "sid="}}, "sid", ""},
        CookieCase{{{"Cookie", "novalue; sid=1"}}, "sid", "1"},
        CookieCase{{{"Cookie", "a=1"}, {"cookie", "sid=2"}}, "sid", "2"},  // several headers
        CookieCase{{{"Set-Cookie", "sid=1"}}, "sid", std::nullopt},
        CookieCase{{}, "sid", std::nullopt}));

TEST(ResponseTest, JsonAndText) {
  Response j = Json(201, boost::json::parse(R"({"id":"1","title":"噪音"})"));
  EXPECT_EQ(j.status, 201u);
  EXPECT_EQ(j.content_type, "application/json; charset=utf-8");
  EXPECT_EQ(boost::json::parse(j.body), boost::json::parse(R"({"id":"1","title":"噪音"})"));
  EXPECT_EQ(j.stream, nullptr);

  Response t = Text(200, "ok");
  EXPECT_EQ(t.body, "ok");
  EXPECT_EQ(t.content_type, "text/plain; charset=utf-8");
  Response m = Text(200, "# HELP", "text/plain; version=0.0.4");
  EXPECT_EQ(m.content_type, "text/plain; version=0.0.4");
}

TEST(SseEventTest, Formats) {
  EXPECT_EQ(SseEvent("", "hi"), "data: hi\n\n");
  EXPECT_EQ(SseEvent("case.updated", R"({"id":"7"})", "42"),
            "id: 42\nevent: case.updated\ndata: {\"id\":\"7\"}\n\n");
  EXPECT_EQ(SseEvent("m", "line1\nline2\r\nline3\rline4"),
            "event: m\ndata: line1\ndata: line2\ndata: line3\ndata: line4\n\n");
  EXPECT_EQ(SseEvent("", ""), "data: \n\n");
}

TEST(StreamSourceTest, QueuesUntilTakenAndWakesOncePerTake) {
  StreamSource s;
  int wakes = 0;
  EXPECT_TRUE(s.Push("a"));
  s.Attach([&] { ++wakes; });
  EXPECT_EQ(wakes, 1);  // Attach with events waiting wakes the writer.
  EXPECT_TRUE(s.Push("b"));
  EXPECT_EQ(wakes, 1);  // Already woken, not yet taken: no second wake-up.
  StreamSource::Batch batch = s.Take();
  EXPECT_EQ(batch.events, (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(batch.finish);
  EXPECT_FALSE(batch.abort);
  EXPECT_TRUE(s.Push("c"));
  EXPECT_EQ(wakes, 2);
}

TEST(StreamSourceTest, CloseFlushesThenFinishes) {
  StreamSource s;
  int closed = 0;
  s.OnClose([&] { ++closed; });
  ASSERT_TRUE(s.Push("a"));
  s.Close();
  EXPECT_TRUE(s.closed());
  EXPECT_FALSE(s.Push("late"));
  StreamSource::Batch batch = s.Take();
  EXPECT_EQ(batch.events, std::vector<std::string>{"a"});
  EXPECT_TRUE(batch.finish);
  EXPECT_EQ(closed, 0);  // Callbacks run when the server ends the stream, not in Close().
  s.End();
  EXPECT_EQ(closed, 1);
  s.End();
  EXPECT_EQ(closed, 1);  // Exactly once.
  bool late = false;
  s.OnClose([&] { late = true; });  // Already ended: runs now.
  EXPECT_TRUE(late);
}

TEST(StreamSourceTest, OverflowDropsTheStream) {
  StreamSource s(/*max_queued=*/3);
  int wakes = 0;
  s.Attach([&] { ++wakes; });
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(s.Push(std::to_string(i)));
  EXPECT_FALSE(s.Overflowed());
  EXPECT_EQ(wakes, 1);
  EXPECT_FALSE(s.Push("one too many"));
  EXPECT_TRUE(s.Overflowed());
  EXPECT_EQ(wakes, 2);  // The overflow wakes the writer although a wake-up was pending.
  EXPECT_TRUE(s.closed());
  EXPECT_FALSE(s.Push("after"));
  StreamSource::Batch batch = s.Take();
  EXPECT_TRUE(batch.abort);
  EXPECT_TRUE(batch.events.empty());
}

TEST(StreamSourceTest, DefaultCapIsAThousand) {
  StreamSource s;
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(s.Push("e"));
  EXPECT_FALSE(s.Push("e"));
}

TEST(StreamSourceTest, DestroyedUnservedRunsCallbacks) {
  bool closed = false;
  {
    StreamSource s;
    s.OnClose([&] { closed = true; });
  }
  EXPECT_TRUE(closed);
}

TEST(StreamSourceTest, ConcurrentPushersLoseNothing) {
  StreamSource s(/*max_queued=*/100000);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) ASSERT_TRUE(s.Push("x"));
    });
  }
  size_t taken = 0;
  while (taken < 4000) taken += s.Take().events.size();
  for (auto& t : threads) t.join();
  EXPECT_EQ(taken, 4000u);
}

}  // namespace
}  // namespace hotline::api
