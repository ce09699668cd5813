// The HTML pieces of the study report: escaping, tables, embedded images and the document.
#include "viz/html.h"

#include <cpl_string.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace akichi::viz::html::html_test {
namespace {

TEST(VizHtml, EscapesMarkupCharactersAndKeepsUtf8) {
  EXPECT_EQ(escaped("a < b && c > \"d\""), "a &lt; b &amp;&amp; c &gt; &quot;d&quot;");
  EXPECT_EQ(escaped("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
  // An entity in the text is text: its ampersand is escaped again.
  EXPECT_EQ(escaped("&amp;"), "&amp;amp;");
  // UTF-8 (a Japanese scenario name) passes byte for byte.
  EXPECT_EQ(escaped("臨海工場 ローカル5G"), "臨海工場 ローカル5G");
  EXPECT_EQ(escaped(""), "");
}

TEST(VizHtml, TableEscapesEveryTextAndPadsShortRows) {
  Table t;
  t.id = "agg";
  t.caption = "Receivers <&>";
  t.head = {"id", "margin dB", "note"};
  Cell margin = number("-38.9");
  margin.background = "#fcae91";
  margin.title = "worst \"slot\"";
  t.rows.push_back({Cell{"rx<1>"}, margin});
  const std::string h = table(t);
  EXPECT_EQ(h,
            "<table id=\"agg\">\n"
            "<caption>Receivers &lt;&amp;&gt;</caption>\n"
            "<thead><tr><th>id</th><th>margin dB</th><th>note</th></tr></thead>\n"
            "<tbody>\n"
            "<tr><td>rx&lt;1&gt;</td><td class=\"num\" style=\"background:#fcae91\" "
            "title=\"worst &quot;slot&quot;\">-38.9</td><td></td></tr>\n"
            "</tbody></table>\n");
}

TEST(VizHtml, TableWithoutHeadOrCaption) {
  Table t;
  t.css_class = "kv";
  t.rows.push_back({Cell{"a"}, Cell{"b"}});
  EXPECT_EQ(table(t),
            "<table class=\"kv\">\n<tbody>\n<tr><td>a</td><td>b</td></tr>\n</tbody></table>\n");
}

TEST(VizHtml, PngDataUriDecodesToTheSameBytes) {
  const std::vector<unsigned char> png{0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff};
  const std::string uri = png_data_uri(png);
  const std::string prefix = "data:image/png;base64,";
  ASSERT_EQ(uri.compare(0, prefix.size(), prefix), 0);
  // RFC 4648 of those ten bytes.
  EXPECT_EQ(uri.substr(prefix.size()), "iVBORw0KGgoA/w==");
  std::string b64 = uri.substr(prefix.size());
  const int n = CPLBase64DecodeInPlace(reinterpret_cast<GByte*>(b64.data()));
  EXPECT_EQ(std::vector<unsigned char>(b64.begin(), b64.begin() + n), png);
}

TEST(VizHtml, FigureEmbedsTheImageWithEscapedCaption) {
  const std::string f = figure({'a', 'b', 'c'}, "map <1>", "rx & power");
  EXPECT_EQ(f,
            "<figure><img src=\"data:image/png;base64,YWJj\" alt=\"map &lt;1&gt;\">"
            "<figcaption>rx &amp; power</figcaption></figure>\n");
}

TEST(VizHtml, ParagraphsAndPreformattedTextAreEscaped) {
  EXPECT_EQ(paragraph("a<b"), "<p>a&lt;b</p>\n");
  EXPECT_EQ(paragraph("none", "note"), "<p class=\"note\">none</p>\n");
  EXPECT_EQ(preformatted("[x]\nname = \"<y>\""), "<pre>[x]\nname = &quot;&lt;y&gt;&quot;</pre>\n");
}

TEST(VizHtml, DocumentIsUtf8SelfContainedAndScriptFree) {
  const std::string d = document("Study report: 臨海 <x>", "<p>body</p>\n");
  EXPECT_EQ(d.rfind("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n", 0), 0u);
  EXPECT_NE(d.find("<title>Study report: 臨海 &lt;x&gt;</title>"), std::string::npos);
  EXPECT_NE(d.find("<style>"), std::string::npos);
  EXPECT_NE(d.find("@page { size: A4;"), std::string::npos);
  EXPECT_NE(d.find("<body>\n<p>body</p>\n</body>\n</html>\n"), std::string::npos);
  for (const char* outside : {"<script", "<link", "@import", "url(", "http://", "https://"})
    EXPECT_EQ(d.find(outside), std::string::npos) << outside;
}

}  // namespace
}  // namespace akichi::viz::html::html_test
