// The time axis of a sharing study: a grid of time slots in UTC built from local start/end
// times, and station schedules (when a station is on the air) written in local time.
//
// Local time is converted with the IANA time-zone database as shipped with ICU
// (icu::BasicTimeZone::getOffsetFromLocal / icu::TimeZone::getOffset); no zone rule or fixed
// offset is written here. Zone names are IANA names ("Asia/Tokyo", "America/New_York", "UTC").
//
// Local times that do not exist (the hour skipped when daylight saving time starts) and local
// times that occur twice (the hour repeated when it ends) are read with the offset in force
// BEFORE the transition (ICU UCAL_TZ_LOCAL_FORMER): 02:30 on a spring-forward night is 03:30
// daylight time; 01:30 on a fall-back night is its first occurrence.
//
// Grammar of one schedule expression (docs/time-and-spectrum.md):
//   always
//   LOCAL/LOCAL                  explicit interval, end exclusive, LOCAL = YYYY-MM-DDTHH:MM[:SS]
//   DAYS HH:MM-HH:MM             weekly window; DAYS = daily | D[-D][,D[-D]]...,
//                                D = Mon Tue Wed Thu Fri Sat Sun (case-insensitive);
//                                end may be 24:00; end <= start crosses midnight into the next day
// A schedule is the union of its expressions.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/errors.h"

namespace akichi::sim {

namespace detail {
struct TzImpl;  // an ICU time zone (defined in schedule.cpp)
}

/// The time slots of a study. Slot i covers [start_utc_s[i], start_utc_s[i] + step_s), in
/// seconds since 1970-01-01T00:00:00Z. Slots are equally spaced in UTC, so a local day with a
/// daylight-saving change has 23 or 25 hourly slots.
struct TimeGrid {
  std::string tz;                         ///< IANA zone the grid was given in
  std::vector<std::int64_t> start_utc_s;  ///< slot starts, increasing
  std::int64_t step_s = 0;                ///< slot length, s (> 0)
};

/// Seconds since the epoch (UTC) of a local date-time "YYYY-MM-DDTHH:MM" or
/// "YYYY-MM-DDTHH:MM:SS" in zone `tz`. InputError naming `field` on bad text or unknown zone.
std::int64_t utc_from_local(std::string_view local, std::string_view tz, const std::string& field);

/// Slots from local `start_local` (inclusive) to local `end_local` (exclusive) every `step_s`
/// seconds; the last slot may end after `end_local` when the span is not a multiple of step_s.
/// Errors name `field` + ".tz" / ".start" / ".end" / ".step_s": unknown zone, bad date-time,
/// end <= start, step_s <= 0, or more than 10'000'000 slots. `where` (optional) locates the
/// table in the input file for the message.
TimeGrid make_time_grid(std::string_view start_local, std::string_view end_local,
                        std::int64_t step_s, std::string_view tz, const std::string& field,
                        const InputLocation& where = {});

/// ISO 8601 local time with its UTC offset, e.g. "2026-12-07T08:00:00+09:00".
/// InputError (field "tz") for an unknown zone.
std::string iso_local(std::int64_t utc_s, std::string_view tz);

/// When a station is on the air. Immutable after parse; const members are thread-safe.
class Schedule {
 public:
  /// A half-open interval [begin, end) of UTC seconds.
  struct Interval {
    std::int64_t begin = 0, end = 0;
  };

  /// The union of `exprs` in zone `tz`. An empty list means "always". InputError naming
  /// `field` + "[i]" (e.g. "incumbent[2].schedule[1]") with the text found and the grammar
  /// expected; unknown zone -> InputError naming "tz". `where` (optional) locates the
  /// expressions in the input file for the message.
  static Schedule parse(const std::vector<std::string>& exprs, std::string_view tz,
                        const std::string& field, const InputLocation& where = {});

  /// On for any part of [t0_utc, t1_utc): a station on the air for part of a slot counts as
  /// active for the whole slot — the conservative choice for protection (its interference is
  /// counted in every slot it touches). Requires t0 < t1.
  bool active(std::int64_t t0_utc, std::int64_t t1_utc) const;

  /// Fraction of [t0_utc, t1_utc) during which the station is on, in [0, 1].
  double active_fraction(std::int64_t t0_utc, std::int64_t t1_utc) const;

  /// The on-air time within [t0_utc, t1_utc) as sorted, disjoint, non-touching intervals.
  std::vector<Interval> on_intervals(std::int64_t t0_utc, std::int64_t t1_utc) const;

  bool always() const { return always_; }
  const std::string& tz() const { return tz_; }

 private:
  struct Weekly {
    std::uint8_t days = 0;  ///< bit d set: window starts on weekday d (0 = Monday)
    int start_min = 0;      ///< local minutes after midnight, [0, 1440)
    int end_min = 0;        ///< (start_min, start_min + 1440]; > 1440: ends next day
  };

  std::string tz_;
  std::shared_ptr<const detail::TzImpl> zone_;
  bool always_ = false;
  std::vector<Interval> explicit_;  ///< UTC
  std::vector<Weekly> weekly_;
};

/// Stations switched on together. sets[k][s] = 1 when station s is active in set k; slot_set[i]
/// is the set of slot i. Sets are numbered in order of first appearance along the grid, so the
/// numbering is deterministic.
struct ActiveSets {
  std::vector<std::vector<std::uint8_t>> sets;
  std::vector<int> slot_set;
};

/// Groups the slots of `grid` by the set of active stations (Schedule::active per slot).
ActiveSets group_active_sets(const TimeGrid& grid, const std::vector<Schedule>& schedules);

}  // namespace akichi::sim
