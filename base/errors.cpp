#include "base/errors.h"

#include <utility>

namespace akichi {

ComputeError::ComputeError(std::string model, std::string link, std::string_view cause)
    : RuntimeError("propagation model '" + model + "' failed on " + link + ": " +
                   std::string(cause)),
      model_(std::move(model)),
      link_(std::move(link)) {}

std::string format_input_error(const InputLocation& where, std::string_view field,
                               std::string_view found, std::string_view expected) {
  std::string msg;
  if (!where.file.empty()) {
    msg += where.file;
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
    msg += field;
    msg += ": ";
  }
  if (!found.empty()) {
    msg += "found ";
    msg += found;
  }
  if (!expected.empty()) {
    if (!found.empty()) msg += ", ";
    msg += "expected ";
    msg += expected;
  }
  return msg;
}

void throw_input_error(const InputLocation& where, std::string_view field, std::string_view found,
                       std::string_view expected) {
  throw InputError(format_input_error(where, field, found, expected), field, found, expected);
}

}  // namespace akichi
