// GDAL diagnostics as exceptions: while a QuietGdal lives, GDAL reports nothing on stderr and
// its error messages are read with gdal_message() to be put into the exception that follows.
#pragma once

#include <charconv>
#include <cstddef>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <cpl_error.h>

#include "base/errors.h"

namespace akichi {

class QuietGdal {
 public:
  QuietGdal() : outer_(current()) {
    CPLPushErrorHandlerEx(&QuietGdal::keep, this);
    CPLErrorReset();
    current() = this;
  }
  ~QuietGdal() {
    current() = outer_;
    CPLPopErrorHandler();
  }
  QuietGdal(const QuietGdal&) = delete;
  QuietGdal& operator=(const QuietGdal&) = delete;

  /// The innermost QuietGdal of this thread (GDAL's error handlers are per thread), or null.
  static QuietGdal*& current() {
    thread_local QuietGdal* q = nullptr;
    return q;
  }
  /// GDAL's error messages (CE_Failure and CE_Fatal) since construction, each once, in order.
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  // GDAL often ends a failure with a summary ("Failed to read GeoJSON data") after the message
  // that locates it ("At line 2, character 225: ..."): every message is kept, not the last.
  static void CPL_STDCALL keep(CPLErr level, CPLErrorNum, const char* msg) {
    auto* self = static_cast<QuietGdal*>(CPLGetErrorHandlerUserData());
    if (self == nullptr || msg == nullptr || *msg == '\0' || level < CE_Failure) return;
    for (const std::string& e : self->errors_) {
      if (e == msg) return;
    }
    if (self->errors_.size() < kKept) self->errors_.emplace_back(msg);
  }
  static constexpr std::size_t kKept = 4;
  QuietGdal* outer_;
  std::vector<std::string> errors_;
};

/// GDAL's error messages under the innermost QuietGdal, joined by "; " (its last message when
/// none was collected), or a note that it gave none.
inline std::string gdal_message() {
  if (const QuietGdal* q = QuietGdal::current(); q != nullptr && !q->errors().empty()) {
    std::string out;
    for (const std::string& e : q->errors()) {
      if (!out.empty()) out += "; ";
      out += e;
    }
    return out;
  }
  const char* msg = CPLGetLastErrorMsg();
  return (msg != nullptr && *msg != '\0') ? std::string(msg) : std::string("no message from GDAL");
}

/// `file` located where a GDAL message says the problem is: GDAL's JSON parser (GeoJSON)
/// reports "At line L, character C: ..."; other messages give the file alone.
inline InputLocation gdal_location(const std::string& file, std::string_view message) {
  InputLocation where{file, 0, 0};
  const std::size_t at = message.find("At line ");
  if (at == std::string_view::npos) return where;
  const char* p = message.data() + at + 8;
  const char* end = message.data() + message.size();
  int line = 0, column = 0;
  const auto l = std::from_chars(p, end, line);
  if (l.ec != std::errc() || line <= 0) return where;
  where.line = line;
  constexpr std::string_view kCharacter = ", character ";
  if (std::string_view(l.ptr, static_cast<std::size_t>(end - l.ptr)).substr(0, kCharacter.size()) ==
      kCharacter) {
    const auto c = std::from_chars(l.ptr + kCharacter.size(), end, column);
    if (c.ec == std::errc() && column > 0) where.column = column;
  }
  return where;
}

}  // namespace akichi
