// study_report_html on a small results file written with sim/results/writer.h: the vacancy
// table at a planned station's site (dates as rows, clock times as columns, the max EIRP of the
// file's height nearest the antenna, usable cells green), a --point's cell, the text of the file
// escaped, the one-line notes of the sections the file has no data for, the maps embedded, and
// the errors of --point and --variant.
#include "viz/study_report.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <ogr_spatialref.h>

#include "base/errors.h"
#include "sim/results/writer.h"
#include "tests/unit/viz/map_test_util.h"

namespace akichi::viz::study_report_test {
namespace {

using sim::results::Group;
using sim::results::Writer;
using testing::ScratchDir;

constexpr std::size_t kNt = 3, kNc = 2, kNh = 2, kNy = 3, kNx = 4;
constexpr double kX0 = 384000.0, kY0 = 3950000.0, kCell = 20.0;
const std::vector<std::string> kTimes{"2026-12-07T09:00:00+09:00", "2026-12-07T10:00:00+09:00",
                                      "2026-12-08T09:00:00+09:00"};
const std::vector<std::string> kChannels{"4600-4700MHz", "4700-4800MHz"};
const char* kTitle = "臨海工場 <script>alert(\"x\")</script> & co";

/// max_eirp of cell (ix, iy) in slot t, channel c, height index h (exact in float32).
float eirp_value(std::size_t t, std::size_t c, std::size_t h, std::size_t iy, std::size_t ix) {
  return static_cast<float>(-10.0 * t - 5.0 * c + 1.5 * h + iy + 0.25 * ix);
}
std::uint8_t usable_value(std::size_t t, std::size_t c) {
  return static_cast<std::uint8_t>((t + c) % 2);
}

void write_file(const std::string& path) {
  Writer w(path);
  Group& root = w.root();
  root.set_attribute("Conventions", std::string("CF-1.10"));
  root.set_attribute("title", std::string(kTitle));
  root.set_attribute("cell_size_m", kCell);
  root.set_attribute("scenario_text", std::string("name = \"x\"\n[terrain]\nsource = \"flat\"\n"
                                                  "elevation_m = 3\n"));
  std::vector<double> x, y;
  for (std::size_t i = 0; i < kNx; ++i) x.push_back(kX0 + (i + 0.5) * kCell);
  for (std::size_t j = 0; j < kNy; ++j) y.push_back(kY0 + (j + 0.5) * kCell);
  root.add_coordinate("x", x);
  root.add_coordinate("y", y);
  root.add_coordinate("height", std::vector<double>{10.0, 25.0});
  root.add_coordinate("time", std::vector<double>{1796601600.0, 1796605200.0, 1796688000.0});
  root.add_string_variable("time_local", "time", kTimes);
  root.add_coordinate("channel", std::vector<double>{4.65e9, 4.75e9});
  root.add_string_variable("channel_id", "channel", kChannels);
  root.add_grid_mapping("crs", testing::utm54n_wkt());
  // One planned station in cell (2, 1), its antenna at 22 m: the table is at 25 m.
  root.add_dimension("station", 1);
  root.add_string_variable("station_id", "station", {"gnb-<1>"});
  const auto one = [&](const char* name, double v) {
    root.write_variable<double>(name, {"station"}, std::vector<double>{v});
  };
  one("station_x", kX0 + 2.5 * kCell);
  one("station_y", kY0 + 1.5 * kCell);
  one("station_lat", 35.5);
  one("station_lon", 139.7);
  one("station_height", 22.0);
  const std::vector<std::string> dims5{"time", "channel", "height", "y", "x"};
  std::vector<float> eirp;
  std::vector<std::uint8_t> usable;
  for (std::size_t t = 0; t < kNt; ++t)
    for (std::size_t c = 0; c < kNc; ++c)
      for (std::size_t h = 0; h < kNh; ++h)
        for (std::size_t iy = 0; iy < kNy; ++iy)
          for (std::size_t ix = 0; ix < kNx; ++ix) {
            eirp.push_back(eirp_value(t, c, h, iy, ix));
            usable.push_back(usable_value(t, c));
          }
  const sim::results::Attrs grid{{"grid_mapping", std::string("crs")}};
  root.write_variable<float>("max_eirp", dims5, eirp,
                             {{"long_name", std::string("maximum EIRP")},
                              {"units", std::string("dBm")},
                              {"grid_mapping", std::string("crs")},
                              {"system_max_eirp_dBm", 40.0}},
                             {}, std::numeric_limits<float>::quiet_NaN());
  root.write_variable<std::uint8_t>("usable", dims5, usable,
                                    {{"long_name", std::string("usable")},
                                     {"units", std::string("1")},
                                     {"grid_mapping", std::string("crs")},
                                     {"flag_values", std::vector<std::int32_t>{0, 1}},
                                     {"flag_meanings", std::string("not_usable usable")},
                                     {"min_useful_eirp_dBm", -20.0}},
                                    {}, std::uint8_t{255});
  w.commit();
}

/// The HTML of the table with this id ("" when absent).
std::string table_of(const std::string& html, const std::string& id) {
  const std::size_t at = html.find("<table id=\"" + id + "\"");
  if (at == std::string::npos) return {};
  return html.substr(at, html.find("</table>", at) + 8 - at);
}

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

/// The cell of the vacancy table for slot t, channel c at the station's cell (2, 1), 25 m.
std::string expected_cell(std::size_t t, std::size_t c) {
  const float v = eirp_value(t, c, 1, 1, 2);
  const bool ok = usable_value(t, c) == 1;
  return fmt::format(
      "<td class=\"num\" style=\"background:{}\" title=\"{} {}: {:.1f} dBm, {}\">{:.1f}</td>",
      ok ? "#a1d99b" : "#fcae91", kChannels[c], kTimes[t], v, ok ? "usable" : "not usable", v);
}

TEST(VizStudyReport, VacancyTableAtTheStationSite) {
  ScratchDir dir;
  const std::string path = dir.file("r.nc");
  write_file(path);
  const std::string html = study_report_html(path, {});
  const std::string t = table_of(html, "vacancy-0");
  ASSERT_FALSE(t.empty());
  // Dates as rows (two per channel), the clock times 09:00 and 10:00 as columns.
  EXPECT_NE(t.find("<th>channel</th><th>date</th><th>09:00</th><th>10:00</th>"), std::string::npos);
  EXPECT_EQ(count(t, "<tr>"), 1u + kNc * 2);
  for (std::size_t c = 0; c < kNc; ++c) {
    // 2026-12-07: 09:00 and 10:00; 2026-12-08: 09:00 and an empty 10:00.
    EXPECT_NE(t.find("<tr><td>" + kChannels[c] + "</td><td>2026-12-07</td>" + expected_cell(0, c) +
                     expected_cell(1, c) + "</tr>"),
              std::string::npos)
        << t;
    EXPECT_NE(t.find("<tr><td>" + kChannels[c] + "</td><td>2026-12-08</td>" + expected_cell(2, c) +
                     "<td></td></tr>"),
              std::string::npos)
        << t;
  }
  EXPECT_NE(html.find("gnb-&lt;1&gt; (35.50000° N, 139.70000° E), cell x 2 y 1, height 25 m"),
            std::string::npos);
}

TEST(VizStudyReport, PointAtTheLowestHeightOrTheOneGiven) {
  ScratchDir dir;
  const std::string path = dir.file("r.nc");
  write_file(path);
  // The centre of cell (1, 2) in WGS 84 (UTM zone 54N).
  OGRSpatialReference utm, wgs;
  utm.importFromEPSG(32654);
  wgs.SetWellKnownGeogCS("WGS84");
  utm.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&utm, &wgs));
  double lon = kX0 + 1.5 * kCell, lat = kY0 + 2.5 * kCell;
  ASSERT_TRUE(ct->Transform(1, &lon, &lat));
  ReportOptions o;
  o.points.push_back({lat, lon, std::nullopt});
  const std::string low = table_of(study_report_html(path, o), "vacancy-0");
  EXPECT_NE(low.find(fmt::format(">{:.1f}</td>", eirp_value(2, 1, 0, 2, 1))), std::string::npos);
  o.points[0].height_m = 25.0;
  const std::string html = study_report_html(path, o);
  EXPECT_NE(html.find("cell x 1 y 2, height 25 m"), std::string::npos);
  EXPECT_NE(
      table_of(html, "vacancy-0").find(fmt::format(">{:.1f}</td>", eirp_value(2, 1, 1, 2, 1))),
      std::string::npos);
  o.points[0].height_m = 12.0;
  EXPECT_THROW(study_report_html(path, o), InputError);  // not a height of the file
  o.points[0] = {lat + 1.0, lon, std::nullopt};
  try {
    study_report_html(path, o);
    FAIL() << "a point outside the grid was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("inside the study grid"), std::string::npos) << e.what();
  }
}

TEST(VizStudyReport, EscapesTheFilesTextAndNotesWhatIsAbsent) {
  ScratchDir dir;
  const std::string path = dir.file("r.nc");
  write_file(path);
  const std::string html = study_report_html(path, {});
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(
      html.find("<h1>臨海工場 &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</h1>"),
      std::string::npos);
  // The terrain as the stored scenario text says, source first.
  EXPECT_NE(html.find("<td>source = &quot;flat&quot;; elevation_m = 3</td>"), std::string::npos);
  for (const char* note : {"No coverage: the scenario has no planned stations",
                           "No MIC areas: the scenario has no "
                           "[mic] section.",
                           "No aggregate: the scenario has no [aggregate] section",
                           "No Monte Carlo: the scenario has no [montecarlo] section.",
                           "No coordination: the scenario has no [coordination] section.",
                           "No station database: the scenario is not a sharing study."})
    EXPECT_NE(html.find(note), std::string::npos) << note;
  // max_eirp and usable drawn once each, at the first slot and channel (no usable_share), with
  // the command that draws them alone.
  EXPECT_EQ(count(html, "<img src=\"data:image/png;base64,iVBORw0KGgo"), 2u);
  EXPECT_NE(html.find("akichi render " + path +
                      " --var max_eirp --time 0 --channel 4600-4700MHz -o max_eirp.png"),
            std::string::npos);
  EXPECT_NE(html.find("the first slot and channel (2026-12-07T09:00:00+09:00, channel "
                      "4600-4700MHz)"),
            std::string::npos);
}

TEST(VizStudyReport, CaptionsGiveTheRenderCommandAsShellWords) {
  ScratchDir dir;
  const std::string path = dir.file("it's a run.nc");
  write_file(path);
  const std::string html = study_report_html(path, {});
  std::string quoted = "'";
  for (const char ch : path) quoted += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  quoted += "'";
  EXPECT_NE(html.find("akichi render " + quoted + " --var usable --time 0 --channel 4600-4700MHz"),
            std::string::npos)
      << quoted;
}

TEST(VizStudyReport, VariantOfASingleRunIsRefused) {
  ScratchDir dir;
  const std::string path = dir.file("r.nc");
  write_file(path);
  ReportOptions o;
  o.variant = "1";
  EXPECT_THROW(study_report_html(path, o), InputError);
}

TEST(VizStudyReport, ParsesPoints) {
  const ReportPoint p = parse_report_point("35.5, 139.75");
  EXPECT_DOUBLE_EQ(p.lat_deg, 35.5);
  EXPECT_DOUBLE_EQ(p.lon_deg, 139.75);
  EXPECT_FALSE(p.height_m.has_value());
  const ReportPoint q = parse_report_point("-33.9,151.2,10");
  EXPECT_DOUBLE_EQ(q.lat_deg, -33.9);
  ASSERT_TRUE(q.height_m.has_value());
  EXPECT_DOUBLE_EQ(*q.height_m, 10.0);
  for (const char* bad :
       {"35.5", "35.5,139.7,10,2", "north,139", "91,0", "0,181", "1,2x", ",", "nan,1"})
    EXPECT_THROW(parse_report_point(bad), InputError) << bad;
}

}  // namespace
}  // namespace akichi::viz::study_report_test
