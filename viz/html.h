// The pieces of a self-contained HTML document (the study report of `akichi report`): escaped
// text, tables, figures with their images embedded as data: URIs, and the page with its style
// sheet inline. Nothing here fetches or refers to anything outside the document, and no script
// is needed to read it.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace akichi::viz::html {

/// `s` with HTML's special characters as entities (&, <, >, "): safe as element text and as a
/// double-quoted attribute value. Every text taken from a results file goes through it.
std::string escaped(std::string_view s);

/// One cell of a table.
struct Cell {
  Cell() = default;
  Cell(std::string t) : text(std::move(t)) {}  // NOLINT: a text cell from its text
  std::string text;                            ///< shown as it is, escaped
  bool number = false;                         ///< right-aligned, tabular figures
  std::string background;                      ///< a CSS colour ("#a1d99b"); "" = none
  std::string title;                           ///< the tooltip (title attribute); "" = none
};

/// A table: an optional id (for links and for programs that read the report), a caption, the
/// header row and the rows. Rows may be shorter than the header (missing cells are empty).
struct Table {
  std::string id;
  std::string caption;
  std::vector<std::string> head;
  std::vector<std::vector<Cell>> rows;
  std::string css_class;  ///< e.g. "heat" for the compact heat-map tables
};

/// A number cell: `text` right-aligned.
Cell number(std::string text);

/// The table as HTML (<table> with <caption>, <thead> and <tbody>), every text escaped.
std::string table(const Table& t);

/// "data:image/png;base64,..." for PNG bytes (base64 by GDAL's CPLBase64Encode).
std::string png_data_uri(const std::vector<unsigned char>& png);

/// A figure: the image embedded as a data: URI, with its alternative text and caption (escaped).
std::string figure(const std::vector<unsigned char>& png, std::string_view alt,
                   std::string_view caption);

/// A paragraph of escaped text; with a class ("note") when `css_class` is not empty.
std::string paragraph(std::string_view text, std::string_view css_class = {});

/// Preformatted text (escaped), e.g. the scenario file.
std::string preformatted(std::string_view text);

/// The whole document: <!DOCTYPE html>, <meta charset="utf-8">, the title (escaped), the style
/// sheet inline (screen and print: A4 pages, tables and figures kept whole), then `body`
/// (already HTML).
std::string document(std::string_view title, std::string_view body);

}  // namespace akichi::viz::html
