// Small text utilities shared by every reader: trimming, case folding, splitting into lines and
// fields. Byte-oriented (ASCII case and white space); no locale.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace akichi {

/// `s` without leading and trailing white space (std::isspace).
std::string_view trim(std::string_view s);

/// `s` with ASCII letters in lower case / upper case.
std::string to_lower(std::string_view s);
std::string to_upper(std::string_view s);

/// The pieces of `s` between the separators, exactly as they are (not trimmed, empty pieces
/// kept): "a,,b" -> {"a", "", "b"}; "" -> {""}.
std::vector<std::string> split(std::string_view s, char separator);

/// `text` as it may be printed to a terminal or a log: control characters (NUL, ESC, CR, LF,
/// DEL, the C1 controls) and bytes that are not UTF-8 written as \xNN (\\ for a backslash), and
/// text longer than `limit` bytes cut to its first bytes, followed by "… (N bytes)" with its
/// whole length. Valid UTF-8 is kept as it is and never cut inside a character. Every input
/// error message goes through it (base/errors.h, format_input_error).
std::string printable(std::string_view text, std::size_t limit = 200);

/// The lines of `text`, split at '\n', each without a trailing '\r'. Text ending with '\n' has
/// an empty last line; line i of the result is line i + 1 of the file.
std::vector<std::string_view> split_lines(std::string_view text);

}  // namespace akichi
