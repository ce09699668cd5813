#include "base/errors.h"

#include <utility>

#include "base/text.h"

namespace akichi {

ComputeError::ComputeError(std::string model, std::string link, std::string_view cause)
    : RuntimeError("propagation model '" + model + "' failed on " + link + ": " +
                   std::string(cause)),
      model_(std::move(model)),
      link_(std::move(link)) {}

namespace {

/// The expected text may list every accepted name (columns, keys, materials): a longer limit.
constexpr std::size_t kExpectedLimit = 2000;
/// The file part may carry a long path and a record's place ("FILE:row 4 (station \"a\")").
constexpr std::size_t kFileLimit = 1000;

}  // namespace

std::string format_input_error(const InputLocation& where, std::string_view field,
                               std::string_view found, std::string_view expected) {
  std::string msg;
  if (!where.file.empty()) {
    msg += printable(where.file, kFileLimit);
    if (where.line > 0) {
      msg += ':';
      msg += std::to_string(where.line);
      if (where.column > 0) {
        msg += ':';
        msg += std::to_string(where.column);
      }
    }
    msg += ": ";
  }
  if (!field.empty()) {
    msg += printable(field);
    msg += ": ";
  }
  if (!found.empty()) {
    msg += "found ";
    msg += printable(found);
  }
  if (!expected.empty()) {
    if (!found.empty()) msg += ", ";
    msg += "expected ";
    msg += printable(expected, kExpectedLimit);
  }
  return msg;
}

void throw_input_error(const InputLocation& where, std::string_view field, std::string_view found,
                       std::string_view expected) {
  throw InputError(format_input_error(where, field, found, expected), printable(field),
                   printable(found), printable(expected, kExpectedLimit));
}

}  // namespace akichi
