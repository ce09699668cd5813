// The one input-error message shape (format_input_error) and printable(): values from a user's
// file reach the terminal escaped and shortened, never raw nor whole.
#include "base/errors.h"

#include <gtest/gtest.h>

#include <string>

#include "base/text.h"

namespace akichi::errors_test {
namespace {

TEST(Printable, EscapesEachControlCharacterAndKeepsText) {
  struct Row {
    std::string in, out;
  };
  const Row rows[] = {
      {"plain text 12.5", "plain text 12.5"},
      {std::string("a\0b", 3), "a\\x00b"},     // NUL: no longer cuts the message short
      {"\x1b[2Jcls", "\\x1b[2Jcls"},           // ESC: no terminal control sequence
      {"line\rover", "line\\x0dover"},         // CR: nothing overwritten
      {"two\nlines\t", "two\\x0alines\\x09"},  // LF, TAB
      {"del\x7f", "del\\x7f"},                 // DEL
      {"back\\slash", "back\\\\slash"},        // a backslash is doubled: escapes stay unambiguous
      {"\xc2\x9b"
       "31m",
       "\\xc2\\x9b31m"},  // U+009B, the C1 CSI
      {"caf\xc3\xa9 \xe6\x9d\xb1\xe4\xba\xac", "caf\xc3\xa9 \xe6\x9d\xb1\xe4\xba\xac"},  // UTF-8
      {"bad \xff\xfe end", "bad \\xff\\xfe end"},  // bytes that are not UTF-8
      {"cut \xe6\x9d", "cut \\xe6\\x9d"},          // a character cut off at the end
      {"\xed\xa0\x80", "\\xed\\xa0\\x80"},         // a UTF-16 surrogate is not UTF-8
  };
  for (const Row& r : rows) EXPECT_EQ(printable(r.in), r.out) << r.out;
}

TEST(Printable, ShortensLongValuesSayingTheirLength) {
  const std::string mb(1'000'000, 'x');
  EXPECT_EQ(printable(mb), std::string(200, 'x') + "\u2026 (1000000 bytes)");
  EXPECT_EQ(printable(std::string(200, 'y')), std::string(200, 'y'));  // at the limit: whole
  EXPECT_EQ(printable("abcdef", 3), "abc\u2026 (6 bytes)");
  // Never half a character: a 3-byte character that does not fit is left out whole.
  EXPECT_EQ(printable("ab\xe6\x9d\xb1", 3), "ab\u2026 (5 bytes)");
}

TEST(FormatInputError, EveryPartPrintableAndShortened) {
  EXPECT_EQ(format_input_error({"f.csv", 3, 7}, "column id", "'a'", "an id"),
            "f.csv:3:7: column id: found 'a', expected an id");
  EXPECT_EQ(format_input_error({"f.csv", 0, 7}, "", "x", ""), "f.csv: found x");
  EXPECT_EQ(format_input_error({}, "k", "", "y"), "k: expected y");
  EXPECT_EQ(format_input_error({"a\x1b.csv", 2, 0}, "column \r", std::string("v\0w", 3), "z"),
            "a\\x1b.csv:2: column \\x0d: found v\\x00w, expected z");
  const std::string msg = format_input_error({"f.csv", 2, 0}, "column id",
                                             "'" + std::string(1'000'000, 'q') + "'", "an id");
  EXPECT_EQ(msg, "f.csv:2: column id: found '" + std::string(199, 'q') +
                     "\u2026 (1000002 bytes), expected an id");
}

TEST(FormatInputError, ThrownPartsAreThePrintableOnes) {
  try {
    throw_input_error({"f.csv", 2, 0}, "column \x1b", std::string(300, 'v'), "an \x07 id");
    FAIL() << "no throw";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "column \\x1b");
    EXPECT_EQ(e.found(), std::string(200, 'v') + "\u2026 (300 bytes)");
    EXPECT_EQ(e.expected(), "an \\x07 id");
    EXPECT_EQ(std::string(e.what()),
              "f.csv:2: " + e.field() + ": found " + e.found() + ", expected " + e.expected());
  }
}

}  // namespace
}  // namespace akichi::errors_test
