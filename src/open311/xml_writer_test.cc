#include "src/open311/xml_writer.h"

#include <gtest/gtest.h>

namespace hotline::open311 {
namespace {

TEST(XmlEscape, EscapesSpecialsAndDropsWhatXmlCannotHold) {
  struct Case {
    std::string in, want;
  };
  const Case cases[] = {
      {"路灯不亮", "路灯不亮"},
      {"a<b>&\"c'", "a&lt;b&gt;&amp;&quot;c&apos;"},
      {"</description><script>", "&lt;/description&gt;&lt;script&gt;"},
      {"]]><![CDATA[x", "]]&gt;&lt;![CDATA[x"},
      {std::string("a\x01"
                   "b\x1f"
                   "c\x7f",
                   6),
       "abc\x7f"},  // C0 controls dropped; DEL is allowed in XML 1.0
      {"tab\tnl\ncr\r", "tab\tnl\ncr\r"},
      {"bad\xff\xfe utf8\xc3", "bad utf8"},
      {"\xef\xbf\xbf", ""},  // U+FFFF
      {"\xed\xa0\x80", ""},  // a surrogate
      {"\xc0\xaf", ""},      // an overlong '/'
      {"😀", "😀"},
  };
  for (const auto& c : cases) EXPECT_EQ(XmlEscape(c.in), c.want) << c.in;
}

TEST(XmlEscape, ValidUtf8) {
  EXPECT_TRUE(IsValidUtf8("江城 abc 😀"));
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xe6\xb1"));  // truncated
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));
}

TEST(XmlWriter, NestsClosesAndDeclaresUtf8) {
  XmlWriter w("services");
  w.Open("service");
  w.Text("service_code", "010204");
  w.Optional("keywords", std::nullopt);
  w.Bool("metadata", true);
  w.Number("lat", 30.5);
  w.Int("order", 2);
  std::string doc = std::move(w).Finish();
  EXPECT_EQ(doc,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<services><service><service_code>010204"
            "</service_code><keywords></keywords><metadata>true</metadata><lat>30.5</lat><order>2"
            "</order></service></services>\n");
}

}  // namespace
}  // namespace hotline::open311
