// Small text utilities shared by every reader: trimming, case folding, splitting into lines and
// fields. Byte-oriented (ASCII case and white space); no locale.
#pragma once

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

/// The lines of `text`, split at '\n', each without a trailing '\r'. Text ending with '\n' has
/// an empty last line; line i of the result is line i + 1 of the file.
std::vector<std::string_view> split_lines(std::string_view text);

}  // namespace akichi
