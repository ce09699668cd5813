#include "viz/html.h"

#include <cpl_conv.h>
#include <cpl_string.h>

#include <limits>

#include <fmt/format.h>

#include "base/errors.h"
#include "viz/map_internal.h"

namespace akichi::viz::html {

std::string escaped(std::string_view s) {
  // HTML's special characters in text and double-quoted attributes are XML's.
  return xml_escaped(std::string(s));
}

Cell number(std::string text) {
  Cell c;
  c.text = std::move(text);
  c.number = true;
  return c;
}

std::string table(const Table& t) {
  std::string out = "<table";
  if (!t.id.empty()) out += fmt::format(" id=\"{}\"", escaped(t.id));
  if (!t.css_class.empty()) out += fmt::format(" class=\"{}\"", escaped(t.css_class));
  out += ">\n";
  if (!t.caption.empty()) out += fmt::format("<caption>{}</caption>\n", escaped(t.caption));
  if (!t.head.empty()) {
    out += "<thead><tr>";
    for (const std::string& h : t.head) out += fmt::format("<th>{}</th>", escaped(h));
    out += "</tr></thead>\n";
  }
  out += "<tbody>\n";
  for (const std::vector<Cell>& row : t.rows) {
    out += "<tr>";
    for (const Cell& c : row) {
      out += "<td";
      if (c.number) out += " class=\"num\"";
      if (!c.background.empty())
        out += fmt::format(" style=\"background:{}\"", escaped(c.background));
      if (!c.title.empty()) out += fmt::format(" title=\"{}\"", escaped(c.title));
      out += fmt::format(">{}</td>", escaped(c.text));
    }
    for (std::size_t i = row.size(); i < t.head.size(); ++i) out += "<td></td>";
    out += "</tr>\n";
  }
  out += "</tbody></table>\n";
  return out;
}

std::string png_data_uri(const std::vector<unsigned char>& png) {
  if (png.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw RuntimeError("an image of " + std::to_string(png.size()) +
                       " bytes is too large to embed in the report");
  char* b64 = CPLBase64Encode(static_cast<int>(png.size()), png.data());
  if (b64 == nullptr) throw RuntimeError("base64 encoding of an image failed");
  std::string out = "data:image/png;base64,";
  out += b64;
  CPLFree(b64);
  return out;
}

std::string figure(const std::vector<unsigned char>& png, std::string_view alt,
                   std::string_view caption) {
  return fmt::format("<figure><img src=\"{}\" alt=\"{}\"><figcaption>{}</figcaption></figure>\n",
                     png_data_uri(png), escaped(alt), escaped(caption));
}

std::string paragraph(std::string_view text, std::string_view css_class) {
  if (css_class.empty()) return fmt::format("<p>{}</p>\n", escaped(text));
  return fmt::format("<p class=\"{}\">{}</p>\n", escaped(css_class), escaped(text));
}

std::string preformatted(std::string_view text) {
  return fmt::format("<pre>{}</pre>\n", escaped(text));
}

namespace {

// Screen and print alike; system fonts only (nothing fetched): DejaVu Sans, and for Japanese
// IPAGothic (Debian's fonts-ipafont-gothic, which the set-up installs) or Noto Sans CJK.
// Tables and figures are kept whole on a printed page where they fit; wide heat-map tables
// shrink their cells.
constexpr const char* kStyle = R"(
@page { size: A4; margin: 14mm 12mm; }
body { font-family: "DejaVu Sans", "IPAGothic", "Noto Sans CJK JP", sans-serif; font-size: 10pt;
  color: #222; max-width: 1200px; margin: 1em auto; padding: 0 1em; line-height: 1.35; }
h1 { font-size: 18pt; margin-bottom: 0.2em; }
h2 { font-size: 14pt; border-bottom: 1px solid #bbb; margin-top: 1.6em; break-after: avoid; }
h3 { font-size: 11.5pt; margin-top: 1.2em; break-after: avoid; }
table { border-collapse: collapse; margin: 0.6em 0 1em; break-inside: avoid; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.3em; }
th, td { border: 1px solid #ccc; padding: 2px 6px; vertical-align: top; }
th { background: #f0f0f0; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.heat { font-size: 7pt; }
table.heat th, table.heat td { padding: 1px 2px; white-space: nowrap; }
@media print { table.heat { font-size: 6pt; } }
table.kv th { width: 14em; }
figure { margin: 0.8em 0 1.4em; break-inside: avoid; }
figure img { max-width: 100%; height: auto; border: 1px solid #ddd; }
figcaption { font-size: 9pt; color: #444; }
p.note { color: #666; font-style: italic; }
p.warn { color: #a00; font-weight: bold; }
pre { background: #f7f7f7; border: 1px solid #ddd; padding: 0.6em; font-size: 8pt;
  white-space: pre-wrap; word-break: break-all; }
code { font-size: 9pt; }
)";

}  // namespace

std::string document(std::string_view title, std::string_view body) {
  std::string out = "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n";
  out += fmt::format("<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n", escaped(title),
                     kStyle);
  out += body;
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace akichi::viz::html
