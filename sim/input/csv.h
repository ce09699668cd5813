// CSV tables as the owners of the reference data write them: a header row, comma-separated
// values, optional quotes, '#' comment lines and blank lines ignored. Errors name the file, the
// row (1-based line number in the file) and the column (by header name).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace akichi::sim {

class CsvTable {
 public:
  /// Reads `path`; throws InputError naming the file when it cannot be read, has no header, or a
  /// row has a different number of fields than the header.
  static CsvTable read(const std::string& path);
  /// The same from text in memory; `source` names it in messages.
  static CsvTable parse(std::string_view text, const std::string& source);

  const std::string& source() const { return source_; }
  const std::vector<std::string>& header() const { return header_; }
  std::size_t rows() const { return rows_.size(); }
  const std::vector<std::string>& row(std::size_t r) const { return rows_[r]; }
  /// Line number of row r in the file (for messages).
  int line_of(std::size_t r) const { return lines_[r]; }

  /// Index of the column whose header equals `name` (case-insensitive, surrounding blanks and
  /// a unit suffix in parentheses ignored: "d (km)" matches "d"); -1 when absent.
  int find_column(std::string_view name) const;
  /// As find_column, but throws InputError listing the header when absent.
  int column(std::string_view name) const;

  /// The field at (row, column) as a number; InputError "FILE:LINE: column NAME: found 'x',
  /// expected a number" otherwise.
  double number(std::size_t r, int c) const;
  double number(std::size_t r, std::string_view column_name) const {
    return number(r, column(column_name));
  }
  const std::string& text(std::size_t r, int c) const {
    return rows_[r][static_cast<std::size_t>(c)];
  }

 private:
  std::string source_;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<int> lines_;
};

/// Rows of text fields as CSV text, a header line first (fields quoted where they need it).
std::string csv_text(const std::vector<std::string>& header,
                     const std::vector<std::vector<std::string>>& rows);

/// Writes rows of text fields as CSV (quoting fields that need it) to a temporary file beside
/// `path` and renames it onto `path` when complete. Throws RuntimeError on I/O failure.
void write_csv_atomically(const std::string& path, const std::vector<std::string>& header,
                          const std::vector<std::vector<std::string>>& rows);

/// A double printed with 17 significant digits (round-trips exactly).
std::string exact(double v);

}  // namespace akichi::sim
