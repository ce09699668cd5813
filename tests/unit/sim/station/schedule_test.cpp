// Time grids and station schedules on the IANA time-zone database (ICU). Expected values are
// worked out by hand from the calendar: 2026-12-05 is a Saturday, 2026-03-08 (US daylight time
// starts) and 2026-11-01 (it ends) are Sundays; Asia/Tokyo is UTC+9 without daylight time.
#include "sim/station/schedule.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/errors.h"

namespace akichi::sim::schedule_test {
namespace {

constexpr std::int64_t kHour = 3600;
// 2026-12-05T00:00:00+09:00 (Saturday) = 2026-12-04T15:00:00Z.
constexpr std::int64_t kSat0 = 1796396400;

std::vector<int> active_slots(const TimeGrid& g, const Schedule& s) {
  std::vector<int> r;
  for (std::size_t i = 0; i < g.start_utc_s.size(); ++i)
    if (s.active(g.start_utc_s[i], g.start_utc_s[i] + g.step_s)) r.push_back(static_cast<int>(i));
  return r;
}

TEST(ScheduleTimeGrid, TokyoHourlyWeek) {
  const TimeGrid g =
      make_time_grid("2026-12-05T00:00", "2026-12-12T00:00:00", kHour, "Asia/Tokyo", "time");
  ASSERT_EQ(g.start_utc_s.size(), 168u);
  EXPECT_EQ(g.step_s, kHour);
  EXPECT_EQ(g.tz, "Asia/Tokyo");
  EXPECT_EQ(g.start_utc_s.front(), kSat0);
  EXPECT_EQ(g.start_utc_s.back(), kSat0 + 167 * kHour);
  EXPECT_EQ(iso_local(g.start_utc_s[56], "Asia/Tokyo"), "2026-12-07T08:00:00+09:00");
  EXPECT_EQ(iso_local(g.start_utc_s[56], "UTC"), "2026-12-06T23:00:00+00:00");
  EXPECT_EQ(utc_from_local("2026-12-07T08:00", "Asia/Tokyo", "t"), 1796598000);
}

TEST(ScheduleTimeGrid, LastSlotMayOverhangTheEnd) {
  const TimeGrid g =
      make_time_grid("2026-12-05T00:00", "2026-12-05T02:30", kHour, "Asia/Tokyo", "time");
  EXPECT_EQ(g.start_utc_s.size(), 3u);  // 00:00, 01:00, 02:00 (the last one ends at 03:00)
}

TEST(ScheduleTimeGrid, NewYorkSpringForwardDayHas23Hours) {
  const TimeGrid g =
      make_time_grid("2026-03-08T00:00", "2026-03-09T00:00", kHour, "America/New_York", "time");
  ASSERT_EQ(g.start_utc_s.size(), 23u);
  EXPECT_EQ(g.start_utc_s.front(), 1772946000);  // 05:00Z
  EXPECT_EQ(iso_local(g.start_utc_s[0], "America/New_York"), "2026-03-08T00:00:00-05:00");
  EXPECT_EQ(iso_local(g.start_utc_s[1], "America/New_York"), "2026-03-08T01:00:00-05:00");
  EXPECT_EQ(iso_local(g.start_utc_s[2], "America/New_York"), "2026-03-08T03:00:00-04:00");
  EXPECT_EQ(iso_local(g.start_utc_s[22], "America/New_York"), "2026-03-08T23:00:00-04:00");
  // 02:30 does not exist that night: read with the offset before the change (EST) = 07:30Z.
  EXPECT_EQ(utc_from_local("2026-03-08T02:30", "America/New_York", "t"),
            1772946000 + 2 * kHour + 1800);
}

TEST(ScheduleTimeGrid, NewYorkFallBackDayHas25Hours) {
  const TimeGrid g =
      make_time_grid("2026-11-01T00:00", "2026-11-02T00:00", kHour, "America/New_York", "time");
  ASSERT_EQ(g.start_utc_s.size(), 25u);
  EXPECT_EQ(iso_local(g.start_utc_s[1], "America/New_York"), "2026-11-01T01:00:00-04:00");
  EXPECT_EQ(iso_local(g.start_utc_s[2], "America/New_York"), "2026-11-01T01:00:00-05:00");
}

TEST(ScheduleWeekly, WeekdaysInAWeekStartingSaturday) {
  const TimeGrid g =
      make_time_grid("2026-12-05T00:00", "2026-12-12T00:00", kHour, "Asia/Tokyo", "time");
  const Schedule s = Schedule::parse({"Mon-Fri 08:00-18:00"}, "Asia/Tokyo", "st.schedule");
  const std::vector<int> on = active_slots(g, s);
  ASSERT_EQ(on.size(), 50u);  // 5 days x 10 h
  for (int day = 0; day < 5; ++day)
    for (int h = 0; h < 10; ++h) EXPECT_EQ(on[day * 10 + h], (2 + day) * 24 + 8 + h);
}

TEST(ScheduleWeekly, SundayNightCrossesTheWeekBoundary) {
  const TimeGrid g =
      make_time_grid("2026-12-05T00:00", "2026-12-12T00:00", kHour, "Asia/Tokyo", "time");
  const Schedule s = Schedule::parse({"Sun 22:00-02:00"}, "Asia/Tokyo", "st.schedule");
  EXPECT_EQ(active_slots(g, s), (std::vector<int>{46, 47, 48, 49}));  // Sun 22, 23, Mon 00, 01
}

TEST(ScheduleWeekly, WindowFromTheDayBeforeTheGrid) {
  // Fri 2026-12-04 22:00 -> Sat 06:00 reaches into a grid that starts on Saturday.
  const TimeGrid g =
      make_time_grid("2026-12-05T00:00", "2026-12-06T00:00", kHour, "Asia/Tokyo", "time");
  const Schedule s = Schedule::parse({"Fri 22:00-06:00"}, "Asia/Tokyo", "st.schedule");
  EXPECT_EQ(active_slots(g, s), (std::vector<int>{0, 1, 2, 3, 4, 5}));
}

TEST(ScheduleWeekly, DayListsRangesWrapAndCase) {
  const Schedule a = Schedule::parse({"fri-MON 10:00-11:00"}, "Asia/Tokyo", "s");
  const Schedule b = Schedule::parse({"Fri,Sat,Sun,Mon 10:00-11:00"}, "Asia/Tokyo", "s");
  const TimeGrid g =
      make_time_grid("2026-12-05T00:00", "2026-12-12T00:00", kHour, "Asia/Tokyo", "time");
  EXPECT_EQ(active_slots(g, a), active_slots(g, b));
  EXPECT_EQ(active_slots(g, a), (std::vector<int>{10, 34, 58, 154}));  // Sat Sun Mon Fri
}

TEST(ScheduleWeekly, PartialSlotIsActiveAndFractionIsExact) {
  const Schedule s = Schedule::parse({"daily 08:30-09:00"}, "Asia/Tokyo", "s");
  const std::int64_t t0 = utc_from_local("2026-12-07T08:00", "Asia/Tokyo", "t");
  EXPECT_TRUE(s.active(t0, t0 + kHour));
  EXPECT_DOUBLE_EQ(s.active_fraction(t0, t0 + kHour), 0.5);
  EXPECT_FALSE(s.active(t0 + kHour, t0 + 2 * kHour));
  EXPECT_DOUBLE_EQ(s.active_fraction(t0 + kHour, t0 + 2 * kHour), 0.0);
  // A slot that ends exactly when the window starts is off (half-open intervals).
  EXPECT_FALSE(s.active(t0 - kHour + 1800, t0 + 1800));
}

TEST(ScheduleWeekly, DailyFullDayFollowsDaylightSavingTime) {
  const Schedule s = Schedule::parse({"daily 00:00-24:00"}, "America/New_York", "s");
  const std::int64_t d0 = utc_from_local("2026-03-08T00:00", "America/New_York", "t");
  const std::int64_t d1 = utc_from_local("2026-03-09T00:00", "America/New_York", "t");
  EXPECT_EQ(d1 - d0, 23 * kHour);
  const auto on = s.on_intervals(d0 - kHour, d1 + kHour);  // consecutive days merge into one
  ASSERT_EQ(on.size(), 1u);
  EXPECT_EQ(on[0].begin, d0 - kHour);
  EXPECT_EQ(on[0].end, d1 + kHour);
  // 01:00-04:00 local on the spring-forward night lasts two hours of real time.
  const Schedule night = Schedule::parse({"Sun 01:00-04:00"}, "America/New_York", "s");
  const auto w = night.on_intervals(d0, d1);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].begin, d0 + kHour);
  EXPECT_EQ(w[0].end - w[0].begin, 2 * kHour);
  EXPECT_EQ(iso_local(w[0].end, "America/New_York"), "2026-03-08T04:00:00-04:00");
}

TEST(ScheduleExplicit, IntervalCountsPartialSlots) {
  const TimeGrid g =
      make_time_grid("2026-12-07T00:00", "2026-12-08T00:00", kHour, "Asia/Tokyo", "time");
  const Schedule s = Schedule::parse({"2026-12-07T08:00/2026-12-07T17:30"}, "Asia/Tokyo", "s");
  EXPECT_EQ(active_slots(g, s), (std::vector<int>{8, 9, 10, 11, 12, 13, 14, 15, 16, 17}));
  EXPECT_DOUBLE_EQ(s.active_fraction(g.start_utc_s[17], g.start_utc_s[17] + kHour), 0.5);
  EXPECT_DOUBLE_EQ(s.active_fraction(g.start_utc_s[0], g.start_utc_s[0] + 24 * kHour), 9.5 / 24);
}

TEST(ScheduleExplicit, UnionOfOverlappingExpressions) {
  const Schedule s = Schedule::parse({"2026-12-07T08:00/2026-12-07T10:00",
                                      "2026-12-07T09:00:00/2026-12-07T11:00:00", "Mon 10:30-12:00"},
                                     "Asia/Tokyo", "s");
  const std::int64_t t0 = utc_from_local("2026-12-07T00:00", "Asia/Tokyo", "t");
  const auto on = s.on_intervals(t0, t0 + 24 * kHour);
  ASSERT_EQ(on.size(), 1u);
  EXPECT_EQ(on[0].begin, t0 + 8 * kHour);
  EXPECT_EQ(on[0].end, t0 + 12 * kHour);
  EXPECT_DOUBLE_EQ(s.active_fraction(t0, t0 + 24 * kHour), 4.0 / 24);
}

TEST(ScheduleAlways, KeywordAndEmptyList) {
  const Schedule a = Schedule::parse({"always"}, "UTC", "s");
  const Schedule e = Schedule::parse({}, "UTC", "s");
  EXPECT_TRUE(a.always());
  EXPECT_TRUE(e.always());
  EXPECT_TRUE(e.active(0, 1));
  EXPECT_DOUBLE_EQ(a.active_fraction(100, 200), 1.0);
  EXPECT_FALSE(Schedule::parse({"Mon 08:00-09:00"}, "UTC", "s").always());
}

TEST(ScheduleActiveSets, TwoWeeksHourlyFourStations) {
  const TimeGrid g =
      make_time_grid("2026-12-05T00:00", "2026-12-19T00:00", kHour, "Asia/Tokyo", "time");
  ASSERT_EQ(g.start_utc_s.size(), 336u);
  const std::string tz = "Asia/Tokyo";
  const std::vector<Schedule> st{
      Schedule::parse({"Mon-Fri 08:00-18:00"}, tz, "s0"),
      Schedule::parse({"Mon,Wed,Fri 22:00-06:00"}, tz, "s1"),
      Schedule::parse({"always"}, tz, "s2"),
      Schedule::parse({"2026-12-09T12:00/2026-12-09T14:30", "Sun 22:00-02:00"}, tz, "s3"),
  };
  // Active slot counts: 10 weekdays x 10 h; 5 full nights x 8 h + 6 h of the Friday night
  // before the grid + 2 h of the last Friday night; 336; 3 slots of the interval + 2 x 4 h.
  const std::vector<std::size_t> expected_counts{100, 48, 336, 11};
  for (std::size_t k = 0; k < st.size(); ++k)
    EXPECT_EQ(active_slots(g, st[k]).size(), expected_counts[k]) << "station " << k;

  const ActiveSets as = group_active_sets(g, st);
  const std::vector<std::vector<std::uint8_t>> expected_sets{
      {0, 1, 1, 0},  // slot 0: Saturday 00:00, the Friday night window
      {0, 0, 1, 0},  // slot 6: Saturday 06:00
      {0, 0, 1, 1},  // slot 46: Sunday 22:00
      {1, 0, 1, 0},  // slot 56: Monday 08:00
      {1, 0, 1, 1},  // slot 108: Wednesday 12:00
  };
  EXPECT_EQ(as.sets, expected_sets);
  ASSERT_EQ(as.slot_set.size(), 336u);
  EXPECT_EQ(as.slot_set[0], 0);
  EXPECT_EQ(as.slot_set[6], 1);
  EXPECT_EQ(as.slot_set[46], 2);
  EXPECT_EQ(as.slot_set[56], 3);
  EXPECT_EQ(as.slot_set[108], 4);
  std::vector<int> per_set(5, 0);
  for (int k : as.slot_set) ++per_set[static_cast<std::size_t>(k)];
  EXPECT_EQ(per_set, (std::vector<int>{48, 180, 8, 97, 3}));
  // Deterministic: a second grouping gives the same numbering.
  const ActiveSets again = group_active_sets(g, st);
  EXPECT_EQ(again.sets, as.sets);
  EXPECT_EQ(again.slot_set, as.slot_set);
}

TEST(ScheduleActiveSets, NoStationsGivesOneEmptySet) {
  const TimeGrid g = make_time_grid("2026-12-05T00:00", "2026-12-05T03:00", kHour, "UTC", "time");
  const ActiveSets as = group_active_sets(g, {});
  ASSERT_EQ(as.sets.size(), 1u);
  EXPECT_TRUE(as.sets[0].empty());
  EXPECT_EQ(as.slot_set, (std::vector<int>{0, 0, 0}));
}

// ---- errors ----------------------------------------------------------------------------------

std::string parse_error(const std::string& expr) {
  try {
    Schedule::parse({"always", expr}, "Asia/Tokyo", "incumbent[2].schedule", {"sc.toml", 7, 3});
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

void expect_parse_error(const std::string& expr, const std::string& part) {
  const std::string m = parse_error(expr);
  EXPECT_NE(m.find("sc.toml:7:3: incumbent[2].schedule[1]: found"), std::string::npos) << m;
  EXPECT_NE(m.find(part), std::string::npos) << "expr " << expr << ": " << m;
  EXPECT_NE(m.find("expected"), std::string::npos) << m;
}

TEST(ScheduleErrors, EveryParseBranch) {
  expect_parse_error("", "(empty)");
  expect_parse_error("   ", "(empty)");
  expect_parse_error("sometimes", "(no time range)");
  expect_parse_error("Mon - Fri 08:00-18:00", "(more than two words)");
  expect_parse_error("Mon-Fry 08:00-18:00", "day \"Mon-Fry\"");
  expect_parse_error("Mon,,Fri 08:00-18:00", "day \"\"");
  expect_parse_error("weekdays 08:00-18:00", "day \"weekdays\"");
  expect_parse_error("Mon 8:00-18:00", "time range \"8:00-18:00\"");
  expect_parse_error("Mon 08:00", "time range \"08:00\"");
  expect_parse_error("Mon 24:00-06:00", "time range");
  expect_parse_error("Mon 08:00-25:00", "time range");
  expect_parse_error("Mon 08:60-09:00", "time range");
  expect_parse_error("Mon 08:00-08:00", "(empty time range)");
  expect_parse_error("2026-12-07 08:00/2026-12-07T09:00", "interval start \"2026-12-07 08:00\"");
  expect_parse_error("2026-12-07T8:00/2026-12-07T09:00", "wrong length");
  expect_parse_error("2026-02-30T08:00/2026-03-01T09:00", "no such date");
  expect_parse_error("2026-12-07T08:00/2026-12-07T24:00", "no such time of day");
  expect_parse_error("2026-12-07T08:00/2026-12-0xT09:00", "not digits");
  expect_parse_error("2026-12-07T08:00/", "interval end \"\"");
  expect_parse_error("2026-12-07T09:00/2026-12-07T08:00", "(end not after start)");
  expect_parse_error("2026-12-07T09:00/2026-12-07T09:00", "(end not after start)");
}

TEST(ScheduleErrors, GrammarIsNamedInTheMessage) {
  const std::string m = parse_error("sometimes");
  EXPECT_NE(m.find("\"sometimes\""), std::string::npos) << m;
  EXPECT_NE(m.find("DAYS HH:MM-HH:MM"), std::string::npos) << m;
}

TEST(ScheduleErrors, UnknownZone) {
  EXPECT_THROW(Schedule::parse({"always"}, "Asia/Tokio", "s"), InputError);
  EXPECT_THROW(Schedule::parse({"always"}, "", "s"), InputError);
  EXPECT_THROW(Schedule::parse({"always"}, "GMT+09:00", "s"), InputError);  // not an IANA name
  EXPECT_THROW(iso_local(0, "Mars/Olympus"), InputError);
  EXPECT_THROW(utc_from_local("2026-12-07T08:00", "Nowhere", "t"), InputError);
  try {
    make_time_grid("2026-12-05T00:00", "2026-12-06T00:00", kHour, "Asia/Tokio", "time");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("time.tz: found \"Asia/Tokio\""), std::string::npos)
        << e.what();
  }
}

void expect_grid_error(const char* start, const char* end, std::int64_t step,
                       const std::string& part) {
  try {
    make_time_grid(start, end, step, "Asia/Tokyo", "time");
    ADD_FAILURE() << "no error for " << start << " " << end << " " << step;
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

TEST(ScheduleErrors, TimeGridBranches) {
  expect_grid_error("2026-12-05", "2026-12-06T00:00", kHour, "time.start: found \"2026-12-05\"");
  expect_grid_error("2026-12-05T00:00", "2026-13-06T00:00", kHour,
                    "time.end: found \"2026-13-06T00:00\"");
  expect_grid_error("2026-12-05T00:00", "2026-12-05T00:00", kHour, "time.end:");
  expect_grid_error("2026-12-06T00:00", "2026-12-05T00:00", kHour, "not after start");
  expect_grid_error("2026-12-05T00:00", "2026-12-06T00:00", 0, "time.step_s: found 0");
  expect_grid_error("2026-12-05T00:00", "2026-12-06T00:00", -60, "time.step_s: found -60");
  expect_grid_error("2000-01-01T00:00", "2026-12-06T00:00", 1, "slots");
}

}  // namespace
}  // namespace akichi::sim::schedule_test
