#include "sim/input/csv.h"

#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "base/errors.h"
#include "base/temp_file.h"
#include "base/text.h"

namespace akichi::sim {
namespace {

std::vector<std::string> split_line(std::string_view line) {
  std::vector<std::string> out;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back(trim(field));
      field.clear();
    } else {
      field += c;
    }
  }
  out.emplace_back(trim(field));
  return out;
}

/// Header name without a trailing "(unit)" / "[unit]", lower case.
std::string key_of(std::string_view name) {
  std::string_view s = trim(name);
  const std::size_t p = s.find_first_of("([");
  if (p != std::string_view::npos && p > 0) s = trim(s.substr(0, p));
  return to_lower(s);
}

}  // namespace

CsvTable CsvTable::read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError(format_input_error(
        {path}, "", "a file that cannot be opened (" + std::string(std::strerror(errno)) + ")",
        "a readable CSV file"));
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path);
}

CsvTable CsvTable::parse(std::string_view text, const std::string& source) {
  CsvTable t;
  t.source_ = source;
  int line_no = 0;
  bool have_header = false;
  for (std::string_view line : split_lines(text)) {
    ++line_no;
    if (line_no == 1 && line.size() >= 3 && line.substr(0, 3) == "\xEF\xBB\xBF")
      line.remove_prefix(3);
    const std::string_view stripped = trim(line);
    if (stripped.empty() || stripped[0] == '#') continue;
    std::vector<std::string> fields = split_line(line);
    if (!have_header) {
      t.header_ = std::move(fields);
      have_header = true;
    } else {
      if (fields.size() != t.header_.size()) {
        throw InputError(
            format_input_error({source, line_no}, "", fmt::format("{} fields", fields.size()),
                               fmt::format("{} fields as in the header", t.header_.size())));
      }
      t.rows_.push_back(std::move(fields));
      t.lines_.push_back(line_no);
    }
  }
  if (!have_header) {
    throw InputError(format_input_error({source}, "", "no header row", "a CSV header"));
  }
  return t;
}

int CsvTable::find_column(std::string_view name) const {
  const std::string want = key_of(name);
  for (std::size_t i = 0; i < header_.size(); ++i) {
    if (key_of(header_[i]) == want) return static_cast<int>(i);
  }
  return -1;
}

int CsvTable::column(std::string_view name) const {
  const int c = find_column(name);
  if (c < 0) {
    std::string cols;
    for (const auto& h : header_) cols += (cols.empty() ? "" : ", ") + h;
    throw InputError(format_input_error({source_, 1}, "header",
                                        "no column '" + std::string(name) + "'",
                                        "a column named so among: " + cols));
  }
  return c;
}

double CsvTable::number(std::size_t r, int c) const {
  const std::string& s = rows_[r][static_cast<std::size_t>(c)];
  double v = 0;
  const char* first = s.data();
  const char* last = s.data() + s.size();
  if (!s.empty() && *first == '+') ++first;
  const auto res = std::from_chars(first, last, v);
  if (s.empty() || res.ec != std::errc() || res.ptr != last) {
    throw InputError(format_input_error({source_, lines_[r]},
                                        "column " + header_[static_cast<std::size_t>(c)],
                                        "'" + s + "'", "a number"));
  }
  return v;
}

std::string csv_text(const std::vector<std::string>& header,
                     const std::vector<std::vector<std::string>>& rows) {
  const auto quote = [](const std::string& f) {
    if (f.find_first_of(",\"\n\r") == std::string::npos) return f;
    std::string q = "\"";
    for (char c : f) q += (c == '"') ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  std::string out;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (i > 0) out += ',';
    out += quote(header[i]);
  }
  out += "\n";
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out += ',';
      out += quote(row[i]);
    }
    out += "\n";
  }
  return out;
}

void write_csv_atomically(const std::string& path, const std::vector<std::string>& header,
                          const std::vector<std::vector<std::string>>& rows) {
  const std::filesystem::path final_path(path);
  const std::filesystem::path tmp = temporary_path(path);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw RuntimeError("cannot write " + tmp.string() + ": " + std::strerror(errno));
    out << csv_text(header, rows);
    out.flush();
    if (!out) {
      std::filesystem::remove(tmp);
      throw RuntimeError("cannot write " + tmp.string());
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, final_path, ec);
  if (ec) {
    std::filesystem::remove(tmp);
    throw RuntimeError("cannot rename " + tmp.string() + " to " + path + ": " + ec.message());
  }
}

std::string exact(double v) {
  return fmt::format("{:.17g}", v);
}

}  // namespace akichi::sim
