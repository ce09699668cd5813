// Typed exceptions shared by every layer. Library code throws; only the command line
// (sim/cli) turns them into messages and exit codes: InputError -> 2, anything else -> 1.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace akichi {

/// Base of every akichi exception.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The user's input is wrong (scenario, station list, raster, pattern file...). The message
/// names the file, the line/row and column or the field, what was found and what was expected.
class InputError : public Error {
 public:
  using Error::Error;
  /// With the parts of the message kept apart (throw_input_error), for callers that report
  /// them separately (the HTTP API's JSON errors).
  InputError(const std::string& message, std::string_view field, std::string_view found,
             std::string_view expected)
      : Error(message), field_(field), found_(found), expected_(expected) {}
  const std::string& field() const noexcept { return field_; }
  const std::string& found() const noexcept { return found_; }
  const std::string& expected() const noexcept { return expected_; }

 private:
  std::string field_, found_, expected_;
};

/// Something failed at run time that is not the input's fault (I/O, library failure).
class RuntimeError : public Error {
 public:
  using Error::Error;
};

/// A propagation model failed at run time while computing one link (it could not grow its
/// scratch memory, or a library it uses threw). The failure policy of docs/methods.md,
/// "Failures inside the models": the run stops with this error (exit 1), it never goes on with
/// a different answer for the link.
class ComputeError : public RuntimeError {
 public:
  /// `model`: the model's name; `link`: which link (ends, heights, frequency); `cause`: what
  /// failed ("out of memory", or the message of the exception thrown).
  ComputeError(std::string model, std::string link, std::string_view cause);
  const std::string& model() const noexcept { return model_; }
  const std::string& link() const noexcept { return link_; }

 private:
  std::string model_;
  std::string link_;
};

/// Where in a user file a problem is. Line and column are 1-based; 0 means "not known".
struct InputLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

/// Formats the one message shape every input error uses:
///   "FILE:LINE:COL: FIELD: found FOUND, expected EXPECTED"
/// Parts that are empty or 0 are left out.
std::string format_input_error(const InputLocation& where, std::string_view field,
                               std::string_view found, std::string_view expected);

/// Throws InputError with format_input_error(...).
[[noreturn]] void throw_input_error(const InputLocation& where, std::string_view field,
                                    std::string_view found, std::string_view expected);

}  // namespace akichi
