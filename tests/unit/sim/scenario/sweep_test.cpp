// [sweep] tables: product and zip variants, ranges, random and Latin-hypercube samples, wildcard
// keys, stable names, and InputErrors naming file:line (and the variant) for bad sweeps.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

#include "base/errors.h"
#include "sim/scenario/sweep.h"

namespace akichi::sim::sweep_test {
namespace {

// 23 lines of base scenario (two stations); a [sweep] appended starts on line 24.
const std::string kBase = R"([area]
center_lat_deg = 35.6
center_lon_deg = 139.8
size_x_m = 400
size_y_m = 300
[propagation]
model = "free_space"
[[station]]
id = "gnb-a"
lat_deg = 35.6
lon_deg = 139.8
height_m = 10
freq_MHz = 4850
bandwidth_MHz = 100
eirp_dBm = 30
[[station]]
id = "gnb-b"
lat_deg = 35.6
lon_deg = 139.801
height_m = 10
freq_MHz = 4850
bandwidth_MHz = 100
eirp_dBm = 30
)";
constexpr int kSweepLine = 24;

Sweep sweep_of(const std::string& sweep) {
  const auto s = read_sweep(kBase + sweep, "s.toml");
  if (!s) throw std::runtime_error("no sweep");
  return *s;
}

std::string error_of(const std::string& sweep) {
  try {
    const auto s = read_sweep(kBase + sweep, "s.toml");
    if (s) {
      for (const Variant& v : s->variants) variant_scenario(kBase + sweep, "s.toml", v);
    }
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

std::vector<std::string> names(const Sweep& s) {
  std::vector<std::string> out;
  for (const Variant& v : s.variants) out.push_back(v.name);
  return out;
}

double as_number(const SweepScalar& v) {
  if (const auto* d = std::get_if<double>(&v)) return *d;
  return static_cast<double>(std::get<std::int64_t>(v));
}

TEST(Sweep, NoSweepTableIsNullopt) {
  EXPECT_FALSE(read_sweep(kBase, "s.toml").has_value());
  // The base scenario of a sweep file parses, the [sweep] ignored.
  EXPECT_EQ(parse_scenario(kBase + "[sweep]\n[[sweep.param]]\nkey = \"station.gnb-a.height_m\"\n"
                                   "values = [5]\n",
                           "s.toml")
                .stations.planned()
                .size(),
            2u);
}

TEST(Sweep, ProductOfTwoParamsInRowMajorOrder) {
  const Sweep s = sweep_of(R"([sweep]
[[sweep.param]]
key = "station.gnb-a.height_m"
label = "a_h"
values = [10, 15, 20]
[[sweep.param]]
key = "station.gnb-b.eirp_dBm"
values = [20.5, 30]
)");
  EXPECT_EQ(s.mode, "product");
  EXPECT_EQ(s.labels, (std::vector<std::string>{"a_h", "eirp_dBm"}));
  EXPECT_EQ(names(s), (std::vector<std::string>{"a_h=10,eirp_dBm=20.5", "a_h=10,eirp_dBm=30",
                                                "a_h=15,eirp_dBm=20.5", "a_h=15,eirp_dBm=30",
                                                "a_h=20,eirp_dBm=20.5", "a_h=20,eirp_dBm=30"}));
  for (std::size_t i = 0; i < s.variants.size(); ++i) EXPECT_EQ(s.variants[i].index, i);
  const Scenario v3 = variant_scenario(kBase + "", "s.toml", s.variants[3]);
  EXPECT_DOUBLE_EQ(v3.stations.planned()[0].height_m, 15.0);
  EXPECT_DOUBLE_EQ(v3.stations.planned()[1].height_m, 10.0);  // untouched
  EXPECT_EQ(v3.text.find("[sweep]"), std::string::npos);
}

TEST(Sweep, AddingAValueKeepsTheExistingNames) {
  const std::string head = "[sweep]\n[[sweep.param]]\nkey = \"station.gnb-a.height_m\"\nvalues = ";
  const std::string tail = "\n[[sweep.param]]\nkey = \"station.gnb-b.eirp_dBm\"\nvalues = [1, 2]\n";
  const auto a = names(sweep_of(head + "[10, 20]" + tail));
  const auto b = names(sweep_of(head + "[10, 20, 30]" + tail));
  EXPECT_EQ(a.size(), 4u);
  EXPECT_EQ(b.size(), 6u);
  for (const std::string& n : a) EXPECT_EQ(std::count(b.begin(), b.end(), n), 1) << n;
}

TEST(Sweep, ZipGroupsAreZippedAndCombinedByProduct) {
  const Sweep s = sweep_of(R"([sweep]
[[sweep.param]]
key = "station.gnb-a.height_m"
values = [10, 20]
group = "g"
[[sweep.param]]
key = "station.gnb-a.eirp_dBm"
values = [25, 35]
group = "g"
[[sweep.param]]
key = "station.gnb-b.eirp_dBm"
label = "b_eirp"
values = [0, 1, 2]
)");
  ASSERT_EQ(s.variants.size(), 6u);
  for (const Variant& v : s.variants) {
    // Zipped: height 10 always with EIRP 25, 20 with 35.
    EXPECT_DOUBLE_EQ(as_number(v.values[1].value), as_number(v.values[0].value) + 15.0) << v.name;
  }
  EXPECT_EQ(s.variants[4].name, "height_m=20,eirp_dBm=35,b_eirp=1");
}

TEST(Sweep, RangeIncludesStopWithinTolerance) {
  const Sweep s = sweep_of(R"([sweep]
[[sweep.param]]
key = "station.gnb-a.height_m"
start = 0.1
stop = 0.7
step = 0.2
)");
  ASSERT_EQ(s.variants.size(), 4u);  // 0.1, 0.3, 0.5, 0.7 (0.1 + 3 * 0.2 = 0.7000000000000001)
  EXPECT_DOUBLE_EQ(as_number(s.variants[0].values[0].value), 0.1);
  EXPECT_EQ(as_number(s.variants[3].values[0].value), 0.7);
  EXPECT_EQ(s.variants[3].values[0].text, "0.7");
  const Sweep ints = sweep_of(R"([sweep]
[[sweep.param]]
key = "station.gnb-a.height_m"
start = 10
stop = 30
step = 7
)");
  ASSERT_EQ(ints.variants.size(), 3u);  // 10, 17, 24: 31 is past stop
  EXPECT_TRUE(std::holds_alternative<std::int64_t>(ints.variants[2].values[0].value));
  EXPECT_EQ(ints.variants[2].values[0].text, "24");
}

TEST(Sweep, WildcardSetsEveryMatchingStation) {
  const Sweep s = sweep_of(R"([sweep]
[[sweep.param]]
key = "station.gnb-*.height_m"
values = [7, 9]
)");
  const Scenario v = variant_scenario(kBase, "s.toml", s.variants[1]);
  ASSERT_EQ(v.stations.planned().size(), 2u);
  EXPECT_DOUBLE_EQ(v.stations.planned()[0].height_m, 9.0);
  EXPECT_DOUBLE_EQ(v.stations.planned()[1].height_m, 9.0);
  const Sweep one = sweep_of(
      "[sweep]\n[[sweep.param]]\nkey = \"station.gnb-?.height_m\"\n"
      "values = [7]\n[[sweep.param]]\nkey = \"station.gnb-b.eirp_dBm\"\n"
      "values = [3]\n");
  const Scenario w = variant_scenario(kBase, "s.toml", one.variants[0]);
  EXPECT_DOUBLE_EQ(w.stations.planned()[0].height_m, 7.0);
  EXPECT_DOUBLE_EQ(w.stations.planned()[1].height_m, 7.0);
}

const std::string kRandom = R"([sweep]
mode = "MODE"
seed = 11
samples = 20
[[sweep.param]]
key = "station.gnb-a.height_m"
min = 5
max = 25
[[sweep.param]]
key = "station.gnb-b.eirp_dBm"
min = 1
max = 1000
log = true
)";

std::string with_mode(const std::string& mode) {
  std::string t = kRandom;
  t.replace(t.find("MODE"), 4, mode);
  return t;
}

TEST(Sweep, RandomIsDeterministicAndWithinBounds) {
  const Sweep a = sweep_of(with_mode("random"));
  const Sweep b = sweep_of(with_mode("random"));
  ASSERT_EQ(a.variants.size(), 20u);
  EXPECT_EQ(a.variants[7].name, "s0007");
  std::set<std::string> texts;
  for (std::size_t k = 0; k < 20; ++k) {
    const double h = as_number(a.variants[k].values[0].value);
    const double p = as_number(a.variants[k].values[1].value);
    EXPECT_EQ(h, as_number(b.variants[k].values[0].value));
    EXPECT_EQ(p, as_number(b.variants[k].values[1].value));
    EXPECT_GE(h, 5.0);
    EXPECT_LT(h, 25.0);
    EXPECT_GE(p, 1.0);
    EXPECT_LT(p, 1000.0);
    texts.insert(a.variants[k].values[0].text);
  }
  EXPECT_EQ(texts.size(), 20u);  // distinct draws
  std::string other = with_mode("random");
  other.replace(other.find("seed = 11"), 9, "seed = 12");
  EXPECT_NE(sweep_of(other).variants[0].values[0].text, a.variants[0].values[0].text);
}

TEST(Sweep, LatinHypercubeHitsEachStratumOncePerDimension) {
  const Sweep s = sweep_of(with_mode("lhs"));
  const Sweep again = sweep_of(with_mode("lhs"));
  const std::size_t n = s.variants.size();
  ASSERT_EQ(n, 20u);
  std::vector<int> hits_h(n, 0), hits_p(n, 0);
  for (std::size_t k = 0; k < n; ++k) {
    const double h = as_number(s.variants[k].values[0].value);
    const double p = as_number(s.variants[k].values[1].value);
    EXPECT_EQ(s.variants[k].values[0].text, again.variants[k].values[0].text);
    ASSERT_GE(h, 5.0);
    ASSERT_LT(h, 25.0);
    ASSERT_GE(p, 1.0);
    ASSERT_LT(p, 1000.0);
    // Strata of [min, max) for the uniform parameter, of [log min, log max) for the log one.
    ++hits_h[static_cast<std::size_t>((h - 5.0) / 20.0 * static_cast<double>(n))];
    ++hits_p[static_cast<std::size_t>(std::log(p) / std::log(1000.0) * static_cast<double>(n))];
  }
  for (std::size_t i = 0; i < n; ++i) {
    EXPECT_EQ(hits_h[i], 1) << "height stratum " << i;
    EXPECT_EQ(hits_p[i], 1) << "eirp stratum " << i;
  }
}

TEST(Sweep, SampledIntegersAndChoices) {
  const Sweep s = sweep_of(R"([sweep]
mode = "lhs"
seed = 1
samples = 4
[[sweep.param]]
key = "station.gnb-a.height_m"
min = 1
max = 4
integer = true
[[sweep.param]]
key = "propagation.model"
values = ["free_space", "tr38901"]
)");
  std::set<std::int64_t> ints;
  std::set<std::string> models;
  for (const Variant& v : s.variants) {
    ints.insert(std::get<std::int64_t>(v.values[0].value));
    models.insert(std::get<std::string>(v.values[1].value));
  }
  EXPECT_EQ(ints, (std::set<std::int64_t>{1, 2, 3, 4}));  // 4 strata of the 4 integers
  EXPECT_EQ(models, (std::set<std::string>{"free_space", "tr38901"}));
}

std::string at_line(int offset) {
  return "s.toml:" + std::to_string(kSweepLine + offset) + ":";
}

TEST(Sweep, ErrorsNameFileLineAndField) {
  std::string e = error_of(
      "[sweep]\nmode = \"grid\"\n[[sweep.param]]\nkey = \"station.gnb-a.height_m\"\nvalues = "
      "[1]\n");
  EXPECT_NE(e.find(at_line(1)), std::string::npos) << e;
  EXPECT_NE(e.find("sweep.mode: found \"grid\""), std::string::npos) << e;

  e = error_of(
      "[sweep]\nmode = \"random\"\nsamples = 3\n[[sweep.param]]\nkey = "
      "\"station.gnb-a.height_m\"\nmin = 1\nmax = 2\n");
  EXPECT_NE(e.find(at_line(0) + "1: sweep.seed: found no value"), std::string::npos) << e;

  e = error_of(
      "[sweep]\n[[sweep.param]]\nkey = \"station.gnb-a.height_m\"\nvalues = [1, 2]\ngroup = \"g\"\n"
      "[[sweep.param]]\nkey = \"station.gnb-b.height_m\"\nvalues = [1, 2, 3]\ngroup = \"g\"\n");
  EXPECT_NE(e.find(at_line(6)), std::string::npos) << e;
  EXPECT_NE(e.find("found 3 values for station.gnb-b.height_m, expected 2 values"),
            std::string::npos)
      << e;

  e = error_of("[sweep]\n[[sweep.param]]\nkey = \"station.enb-*.height_m\"\nvalues = [1]\n");
  EXPECT_NE(e.find(at_line(2)), std::string::npos) << e;
  EXPECT_NE(e.find("no [[station]] with an id matching"), std::string::npos) << e;
  EXPECT_NE(e.find("gnb-a, gnb-b"), std::string::npos) << e;

  e = error_of("[sweep]\n[[sweep.param]]\nkey = \"incumbent.x.height_m\"\nvalues = [1]\n");
  EXPECT_NE(e.find(at_line(2)), std::string::npos) << e;
  EXPECT_NE(e.find("the scenario has no [[incumbent]]"), std::string::npos) << e;
}

TEST(Sweep, RefusedValueNamesTheVariant) {
  const std::string e = error_of(
      "[sweep]\n[[sweep.param]]\nkey = \"station.gnb-b.height_m\"\nvalues = [12, \"tall\"]\n");
  EXPECT_NE(e.find(at_line(2)), std::string::npos) << e;
  EXPECT_NE(e.find("sweep variant height_m=tall"), std::string::npos) << e;
  EXPECT_NE(e.find("station[1].height_m: found \"tall\" (string)"), std::string::npos) << e;
  // An unknown key added by the sweep is refused by the scenario's own checks.
  const std::string u =
      error_of("[sweep]\n[[sweep.param]]\nkey = \"station.gnb-a.heigth_m\"\nvalues = [12]\n");
  EXPECT_NE(u.find("sweep variant heigth_m=12"), std::string::npos) << u;
  EXPECT_NE(u.find("height_m"), std::string::npos) << u;  // did you mean
}

}  // namespace
}  // namespace akichi::sim::sweep_test
