#include "sim/station/schedule.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>

#include <unicode/basictz.h>
#include <unicode/timezone.h>
#include <unicode/ucal.h>
#include <unicode/unistr.h>

#include "base/text.h"
#include "sim/input/toml_section.h"

namespace akichi::sim {

namespace detail {
struct TzImpl {
  std::unique_ptr<icu::BasicTimeZone> zone;
};
}  // namespace detail

namespace {

constexpr std::int64_t kDay_s = 86400;
constexpr std::int64_t kMaxSlots = 10'000'000;

const char* const kGrammar =
    "\"always\", a local interval \"YYYY-MM-DDTHH:MM/YYYY-MM-DDTHH:MM\", or a weekly window "
    "\"DAYS HH:MM-HH:MM\" with DAYS = daily or Mon..Sun, ranges and lists (\"Mon-Fri\", "
    "\"Mon,Wed,Fri\")";
const char* const kLocalTime = "a local date-time YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS";

std::string quote_text(std::string_view s) {
  return toml_in::in_quotes(s);
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

/// Digits only, fixed width; -1 when not.
int digits(std::string_view s) {
  if (s.empty()) return -1;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

// ---- time zones (ICU) ----------------------------------------------------------------------

std::shared_ptr<const detail::TzImpl> zone_or_throw(std::string_view name, const std::string& field,
                                                    const InputLocation& where) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const detail::TzImpl>, std::less<>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  if (auto it = cache.find(name); it != cache.end()) return it->second;

  const icu::UnicodeString id = icu::UnicodeString::fromUTF8(
      icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString canonical;
  UBool is_system = false;
  icu::TimeZone::getCanonicalID(id, canonical, is_system, status);
  if (name.empty() || U_FAILURE(status) || !is_system)
    throw_input_error(where, field, name.empty() ? "an empty zone name" : quote_text(name),
                      "an IANA time-zone name such as \"Asia/Tokyo\" or \"UTC\"");
  std::unique_ptr<icu::TimeZone> tz(icu::TimeZone::createTimeZone(id));
  auto* basic = dynamic_cast<icu::BasicTimeZone*>(tz.get());
  if (basic == nullptr)
    throw RuntimeError("ICU returned no rule-based time zone for \"" + std::string(name) + "\"");
  auto impl = std::make_shared<detail::TzImpl>();
  impl->zone.reset(basic);
  tz.release();
  cache.emplace(std::string(name), impl);
  return impl;
}

/// UTC offset (s) in force at UTC second `utc_s`.
std::int64_t offset_at_utc(const detail::TzImpl& z, std::int64_t utc_s) {
  int32_t raw_ms = 0, dst_ms = 0;
  UErrorCode status = U_ZERO_ERROR;
  z.zone->getOffset(static_cast<UDate>(utc_s) * 1000.0, false, raw_ms, dst_ms, status);
  if (U_FAILURE(status))
    throw RuntimeError(std::string("ICU getOffset failed: ") + u_errorName(status));
  return (static_cast<std::int64_t>(raw_ms) + dst_ms) / 1000;
}

/// UTC second of local wall-clock second `local_s` (local seconds counted like UTC seconds from
/// 1970-01-01T00:00 local). Skipped and repeated local times use the offset before the
/// transition (ICU UCAL_TZ_LOCAL_FORMER).
std::int64_t local_to_utc(const detail::TzImpl& z, std::int64_t local_s) {
  int32_t raw_ms = 0, dst_ms = 0;
  UErrorCode status = U_ZERO_ERROR;
  z.zone->getOffsetFromLocal(static_cast<UDate>(local_s) * 1000.0, UCAL_TZ_LOCAL_FORMER,
                             UCAL_TZ_LOCAL_FORMER, raw_ms, dst_ms, status);
  if (U_FAILURE(status))
    throw RuntimeError(std::string("ICU getOffsetFromLocal failed: ") + u_errorName(status));
  return local_s - (static_cast<std::int64_t>(raw_ms) + dst_ms) / 1000;
}

// ---- local date-times ----------------------------------------------------------------------

/// Parses "YYYY-MM-DDTHH:MM[:SS]" into local seconds; on failure returns false with `why`.
bool parse_local(std::string_view s, std::int64_t& local_s, std::string& why) {
  if (s.size() != 16 && s.size() != 19) {
    why = "wrong length";
    return false;
  }
  if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
      (s.size() == 19 && s[16] != ':')) {
    why = "wrong separators";
    return false;
  }
  const int y = digits(s.substr(0, 4)), mo = digits(s.substr(5, 2)), d = digits(s.substr(8, 2));
  const int h = digits(s.substr(11, 2)), mi = digits(s.substr(14, 2));
  const int sec = s.size() == 19 ? digits(s.substr(17, 2)) : 0;
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0) {
    why = "not digits";
    return false;
  }
  const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(unsigned(mo)),
                                        std::chrono::day(unsigned(d))};
  if (!ymd.ok()) {
    why = "no such date";
    return false;
  }
  if (h > 23 || mi > 59 || sec > 59) {
    why = "no such time of day";
    return false;
  }
  const std::int64_t days = std::chrono::sys_days(ymd).time_since_epoch().count();
  local_s = days * kDay_s + h * 3600 + mi * 60 + sec;
  return true;
}

std::int64_t parse_local_or_throw(std::string_view s, const std::string& field,
                                  const InputLocation& where) {
  std::int64_t local_s = 0;
  std::string why;
  if (!parse_local(s, local_s, why))
    throw_input_error(where, field, quote_text(s) + " (" + why + ")", kLocalTime);
  return local_s;
}

/// ISO weekday of a local day number: 0 = Monday ... 6 = Sunday.
int weekday_of(std::int64_t day) {
  const std::chrono::weekday wd{std::chrono::sys_days{std::chrono::days{day}}};
  return static_cast<int>(wd.iso_encoding()) - 1;
}

int day_index(std::string_view name) {
  static const char* const kNames[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  const std::string l = to_lower(name);
  for (int i = 0; i < 7; ++i)
    if (l == kNames[i]) return i;
  return -1;
}

/// "HH:MM" minutes after midnight; 24:00 only when `allow_24`. -1 when malformed.
int parse_hhmm(std::string_view s, bool allow_24) {
  if (s.size() != 5 || s[2] != ':') return -1;
  const int h = digits(s.substr(0, 2)), m = digits(s.substr(3, 2));
  if (h < 0 || m < 0 || m > 59) return -1;
  if (h == 24 && m == 0 && allow_24) return 1440;
  if (h > 23) return -1;
  return h * 60 + m;
}

}  // namespace

// ---- public functions ------------------------------------------------------------------------

std::int64_t utc_from_local(std::string_view local, std::string_view tz, const std::string& field) {
  const auto zone = zone_or_throw(tz, "tz", {});
  return local_to_utc(*zone, parse_local_or_throw(local, field, {}));
}

TimeGrid make_time_grid(std::string_view start_local, std::string_view end_local,
                        std::int64_t step_s, std::string_view tz, const std::string& field,
                        const InputLocation& where) {
  const auto zone = zone_or_throw(tz, field + ".tz", where);
  const std::int64_t t0 =
      local_to_utc(*zone, parse_local_or_throw(start_local, field + ".start", where));
  const std::int64_t t1 =
      local_to_utc(*zone, parse_local_or_throw(end_local, field + ".end", where));
  if (t1 <= t0)
    throw_input_error(where, field + ".end",
                      quote_text(end_local) + " (not after start " + quote_text(start_local) + ")",
                      "an end later than the start (the end is exclusive)");
  if (step_s <= 0)
    throw_input_error(where, field + ".step_s", std::to_string(step_s),
                      "a whole number of seconds > 0");
  const std::int64_t n = (t1 - t0 + step_s - 1) / step_s;
  if (n > kMaxSlots)
    throw_input_error(where, field + ".step_s",
                      std::to_string(step_s) + " (" + std::to_string(n) + " slots)",
                      "at most " + std::to_string(kMaxSlots) + " time slots between start and end");
  TimeGrid g;
  g.tz = std::string(tz);
  g.step_s = step_s;
  g.start_utc_s.reserve(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) g.start_utc_s.push_back(t0 + i * step_s);
  return g;
}

std::string iso_local(std::int64_t utc_s, std::string_view tz) {
  const auto zone = zone_or_throw(tz, "tz", {});
  const std::int64_t off = offset_at_utc(*zone, utc_s);
  const std::int64_t local = utc_s + off;
  const std::int64_t day = floor_div(local, kDay_s);
  const std::int64_t sod = local - day * kDay_s;
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{day}}};
  const std::int64_t a = off < 0 ? -off : off;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d%c%02d:%02d", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), int(sod / 3600), int(sod / 60 % 60),
                int(sod % 60), off < 0 ? '-' : '+', int(a / 3600), int(a / 60 % 60));
  std::string r(buf);
  if (a % 60 != 0) {  // historical local-mean-time offsets carry seconds
    std::snprintf(buf, sizeof buf, ":%02d", int(a % 60));
    r += buf;
  }
  return r;
}

Schedule Schedule::parse(const std::vector<std::string>& exprs, std::string_view tz,
                         const std::string& field, const InputLocation& where) {
  Schedule sch;
  sch.tz_ = std::string(tz);
  sch.zone_ = zone_or_throw(tz, "tz", where);
  sch.always_ = exprs.empty();

  for (std::size_t i = 0; i < exprs.size(); ++i) {
    const std::string f = field + "[" + std::to_string(i) + "]";
    const std::string_view e = trim(exprs[i]);
    auto fail = [&](const std::string& why, std::string_view expected) {
      throw_input_error(where, f, quote_text(exprs[i]) + (why.empty() ? "" : " (" + why + ")"),
                        expected);
    };
    if (e.empty()) fail("empty", kGrammar);
    if (to_lower(e) == "always") {
      sch.always_ = true;
      continue;
    }
    if (const auto slash = e.find('/'); slash != std::string_view::npos) {
      const std::string_view a = trim(e.substr(0, slash)), b = trim(e.substr(slash + 1));
      std::int64_t la = 0, lb = 0;
      std::string why;
      if (!parse_local(a, la, why))
        fail("interval start " + quote_text(a) + ": " + why, kLocalTime);
      if (!parse_local(b, lb, why)) fail("interval end " + quote_text(b) + ": " + why, kLocalTime);
      const Interval iv{local_to_utc(*sch.zone_, la), local_to_utc(*sch.zone_, lb)};
      if (iv.end <= iv.begin)
        fail("end not after start", "an interval START/END with END later than START");
      sch.explicit_.push_back(iv);
      continue;
    }
    // Weekly window: exactly two words, DAYS and HH:MM-HH:MM.
    const auto space = e.find_first_of(" \t");
    if (space == std::string_view::npos) fail("no time range", kGrammar);
    const std::string_view days_text = e.substr(0, space);
    const std::string_view times_text = trim(e.substr(space));
    if (times_text.find_first_of(" \t") != std::string_view::npos)
      fail("more than two words", kGrammar);

    Weekly w;
    if (to_lower(days_text) == "daily") {
      w.days = 0x7f;
    } else {
      std::string_view rest = days_text;
      while (true) {
        const auto comma = rest.find(',');
        const std::string_view item = rest.substr(0, comma);
        const auto dash = item.find('-');
        const int d0 = day_index(item.substr(0, dash));
        const int d1 = dash == std::string_view::npos ? d0 : day_index(item.substr(dash + 1));
        if (d0 < 0 || d1 < 0)
          fail("day " + quote_text(item),
               "days as daily, Mon, Tue, Wed, Thu, Fri, Sat or Sun, a range \"Mon-Fri\" or a "
               "list \"Mon,Wed,Fri\"");
        for (int d = d0;; d = (d + 1) % 7) {  // a range may wrap: Fri-Mon = Fri Sat Sun Mon
          w.days = static_cast<std::uint8_t>(w.days | (1u << d));
          if (d == d1) break;
        }
        if (comma == std::string_view::npos) break;
        rest = rest.substr(comma + 1);
      }
    }
    const auto dash = times_text.find('-');
    const int s_min =
        dash == std::string_view::npos ? -1 : parse_hhmm(times_text.substr(0, dash), false);
    const int e_min =
        dash == std::string_view::npos ? -1 : parse_hhmm(times_text.substr(dash + 1), true);
    if (s_min < 0 || e_min < 0)
      fail("time range " + quote_text(times_text),
           "a time range HH:MM-HH:MM with start 00:00..23:59 and end 00:00..24:00");
    if (s_min == e_min)
      fail("empty time range",
           "a start different from the end (\"daily 00:00-24:00\" for all day)");
    w.start_min = s_min;
    w.end_min = e_min > s_min ? e_min : e_min + 1440;  // end <= start: into the next day
    sch.weekly_.push_back(w);
  }
  return sch;
}

std::vector<Schedule::Interval> Schedule::on_intervals(std::int64_t t0, std::int64_t t1) const {
  std::vector<Interval> out;
  if (t1 <= t0) return out;
  if (always_) {
    out.push_back({t0, t1});
    return out;
  }
  auto add = [&](Interval iv) {
    iv.begin = std::max(iv.begin, t0);
    iv.end = std::min(iv.end, t1);
    if (iv.end > iv.begin) out.push_back(iv);
  };
  for (const Interval& iv : explicit_) add(iv);
  if (!weekly_.empty()) {
    // Local days whose windows can reach [t0, t1): a window lasts at most 24 h and starts on
    // its day, offsets are below a day; one day of margin on each side covers both.
    const std::int64_t d0 = floor_div(t0 + offset_at_utc(*zone_, t0), kDay_s) - 2;
    const std::int64_t d1 = floor_div(t1 + offset_at_utc(*zone_, t1), kDay_s) + 1;
    for (std::int64_t d = d0; d <= d1; ++d) {
      const int wd = weekday_of(d);
      for (const Weekly& w : weekly_) {
        if (!(w.days & (1u << wd))) continue;
        add({local_to_utc(*zone_, d * kDay_s + w.start_min * 60),
             local_to_utc(*zone_, d * kDay_s + w.end_min * 60)});
      }
    }
  }
  std::sort(out.begin(), out.end(),
            [](const Interval& a, const Interval& b) { return a.begin < b.begin; });
  std::vector<Interval> merged;
  for (const Interval& iv : out) {
    if (!merged.empty() && iv.begin <= merged.back().end)
      merged.back().end = std::max(merged.back().end, iv.end);
    else
      merged.push_back(iv);
  }
  return merged;
}

bool Schedule::active(std::int64_t t0, std::int64_t t1) const {
  return always_ || !on_intervals(t0, t1).empty();
}

double Schedule::active_fraction(std::int64_t t0, std::int64_t t1) const {
  if (t1 <= t0) return 0.0;
  std::int64_t on = 0;
  for (const Interval& iv : on_intervals(t0, t1)) on += iv.end - iv.begin;
  return static_cast<double>(on) / static_cast<double>(t1 - t0);
}

ActiveSets group_active_sets(const TimeGrid& grid, const std::vector<Schedule>& schedules) {
  ActiveSets r;
  // Keyed by the set's bytes as a string (a vector key trips a GCC 12 -Wstringop-overread
  // false positive in its three-way compare).
  std::map<std::string, int> index;
  std::string key(schedules.size(), '\0');
  r.slot_set.reserve(grid.start_utc_s.size());
  for (std::int64_t t : grid.start_utc_s) {
    for (std::size_t s = 0; s < schedules.size(); ++s)
      key[s] = schedules[s].active(t, t + grid.step_s) ? '\1' : '\0';
    auto [it, inserted] = index.emplace(key, static_cast<int>(r.sets.size()));
    if (inserted) r.sets.emplace_back(key.begin(), key.end());
    r.slot_set.push_back(it->second);
  }
  return r;
}

}  // namespace akichi::sim
