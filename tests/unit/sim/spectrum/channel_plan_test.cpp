// Channel plans: counts, edges and identifiers of the 4.6-4.9 GHz and 28.2-29.1 GHz plans, the
// [spectrum] table forms, and every refused input.
#include "sim/spectrum/channel_plan.h"

#include <gtest/gtest.h>

#include <toml++/toml.h>

#include "base/errors.h"
#include "sim/input/toml_section.h"

namespace akichi::sim::channel_plan_test {
namespace {

struct PlanCase {
  double lo_MHz, hi_MHz, bw_MHz;
  std::size_t count;
};

TEST(ChannelPlan, CountsAndEdgesOfTheLocal5gBands) {
  const PlanCase cases[] = {
      {4600, 4900, 10, 30},   {4600, 4900, 20, 15},   {4600, 4900, 40, 7},  // 40: 20 MHz left over
      {4600, 4900, 50, 6},    {4600, 4900, 100, 3},   {28200, 29100, 50, 18},
      {28200, 29100, 100, 9}, {28200, 29100, 200, 4},  // 200: 100 MHz left over
      {28200, 29100, 400, 2},                          // 400: 100 MHz left over
  };
  for (const PlanCase& c : cases) {
    const auto plan = make_channel_plan(c.lo_MHz * 1e6, c.hi_MHz * 1e6, c.bw_MHz * 1e6, "");
    ASSERT_EQ(plan.size(), c.count) << c.lo_MHz << "-" << c.hi_MHz << " / " << c.bw_MHz;
    for (std::size_t k = 0; k < plan.size(); ++k) {
      EXPECT_DOUBLE_EQ(plan[k].lo_Hz, (c.lo_MHz + c.bw_MHz * static_cast<double>(k)) * 1e6);
      EXPECT_DOUBLE_EQ(plan[k].hi_Hz, (c.lo_MHz + c.bw_MHz * static_cast<double>(k + 1)) * 1e6);
      EXPECT_DOUBLE_EQ(plan[k].bandwidth_Hz(), c.bw_MHz * 1e6);
      if (k > 0) {
        EXPECT_EQ(plan[k].lo_Hz, plan[k - 1].hi_Hz);  // contiguous
      }
    }
    EXPECT_LE(plan.back().hi_Hz, c.hi_MHz * 1e6);
    EXPECT_GT(plan.back().hi_Hz + c.bw_MHz * 1e6, c.hi_MHz * 1e6);  // no further channel fits
  }
}

TEST(ChannelPlan, IdentifiersAndCentres) {
  const auto a = make_channel_plan(4.6e9, 4.9e9, 100e6, "");
  EXPECT_EQ(a[0].id, "4600-4700MHz");
  EXPECT_EQ(a[2].id, "4800-4900MHz");
  EXPECT_DOUBLE_EQ(a[1].centre_Hz(), 4750e6);
  const auto b = make_channel_plan(28.2e9, 29.1e9, 400e6, "n257-");
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].id, "n257-28200-28600MHz");
  EXPECT_EQ(b[1].id, "n257-28600-29000MHz");
  EXPECT_EQ(channel_id(4600.5e6, 4601.25e6, ""), "4600.5-4601.25MHz");
  EXPECT_EQ(channel_id(4600.000001e6, 4601e6, "x"), "x4600.000001-4601MHz");
  for (const Channel& c : make_channel_plan(4.6e9, 4.9e9, 10e6, "n79_"))
    EXPECT_TRUE(toml_in::valid_id(c.id)) << c.id;
}

TEST(ChannelPlan, BandExactlyOneChannelAndRoundedEdges) {
  EXPECT_EQ(make_channel_plan(4.6e9, 4.7e9, 100e6, "").size(), 1u);
  // A band edge written with rounding (0.1 GHz steps in binary) still holds its 3 channels.
  EXPECT_EQ(make_channel_plan(4.6e9, 4.6e9 + 3 * 0.1e9, 0.1e9, "").size(), 3u);
}

void expect_plan_error(double lo, double hi, double bw, const char* prefix,
                       const std::string& part) {
  try {
    make_channel_plan(lo, hi, bw, prefix);
    ADD_FAILURE() << "no error for " << lo << " " << hi << " " << bw;
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

TEST(ChannelPlan, BadArguments) {
  expect_plan_error(0, 4.9e9, 10e6, "", "band_lo_Hz: found 0");
  expect_plan_error(-1e9, 4.9e9, 10e6, "", "band_lo_Hz");
  expect_plan_error(std::nan(""), 4.9e9, 10e6, "", "band_lo_Hz");
  expect_plan_error(4.9e9, 4.6e9, 10e6, "", "band_hi_Hz");
  expect_plan_error(4.6e9, 4.6e9, 10e6, "", "band_hi_Hz");
  expect_plan_error(4.6e9, 4.9e9, 0, "", "bandwidth_Hz: found 0");
  expect_plan_error(4.6e9, 4.9e9, -10e6, "", "bandwidth_Hz");
  expect_plan_error(4.6e9, 4.9e9, 400e6, "", "not above the band's width");
  expect_plan_error(4.6e9, 4.9e9, 1, "", "channels in the band");
  expect_plan_error(4.6e9, 4.9e9, 10e6, "n79/", "id_prefix");
}

// ---- [spectrum] tables ------------------------------------------------------------------------

struct Parsed {
  toml::table root;
  toml_in::Context ctx{"sc.toml", "."};
};

std::vector<Channel> plan_of(const std::string& text) {
  Parsed p;
  p.root = toml::parse(std::string_view(text), std::string_view("sc.toml"));
  const toml_in::Section s(p.ctx, *p.root["spectrum"].as_table(), "spectrum");
  return parse_channel_plan(s);
}

std::string plan_error(const std::string& text) {
  try {
    plan_of(text);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ChannelPlanToml, BandForm) {
  const auto p = plan_of(
      "[spectrum]\nband_lo_MHz = 4600\nband_hi_GHz = 4.9\nbandwidth_MHz = 20\n"
      "id_prefix = \"n79-\"\n");
  ASSERT_EQ(p.size(), 15u);
  EXPECT_EQ(p[0].id, "n79-4600-4620MHz");
  EXPECT_DOUBLE_EQ(p[14].hi_Hz, 4.9e9);
  const auto q =
      plan_of("[spectrum]\nband_lo_Hz = 28.2e9\nband_hi_MHz = 29100\nbandwidth_MHz = 400\n");
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[1].id, "28600-29000MHz");
}

TEST(ChannelPlanToml, ExplicitList) {
  const auto p = plan_of(
      "[spectrum]\nchannels = [{id = \"A\", lo_MHz = 4600, hi_MHz = 4700},\n"
      "            {lo_GHz = 4.8, hi_MHz = 4900}]\n");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].id, "A");
  EXPECT_DOUBLE_EQ(p[0].lo_Hz, 4.6e9);
  EXPECT_EQ(p[1].id, "4800-4900MHz");
  EXPECT_DOUBLE_EQ(p[1].bandwidth_Hz(), 100e6);
}

TEST(ChannelPlanToml, Errors) {
  auto has = [](const std::string& m, const std::string& part) {
    return m.find(part) != std::string::npos;
  };
  std::string m = plan_error("[spectrum]\nband_lo_MHz = 4600\nband_hi_MHz = 4900\n");
  EXPECT_TRUE(has(m, "sc.toml:1:1: spectrum.bandwidth_Hz")) << m;
  m = plan_error(
      "[spectrum]\nband_lo_MHz = 4600\nband_hi_MHz = 4900\nbandwidth_MHz = 10\n"
      "channels = [{lo_MHz = 4600, hi_MHz = 4700}]\n");
  EXPECT_TRUE(has(m, "sc.toml:5:1: spectrum.channels: found both")) << m;
  m = plan_error("[spectrum]\naclr_dB = 45\n");
  EXPECT_TRUE(has(m, "spectrum.channels: found no value, expected a channel plan")) << m;
  m = plan_error("[spectrum]\nband_lo_MHz = 4900\nband_hi_MHz = 4600\nbandwidth_MHz = 10\n");
  EXPECT_TRUE(has(m, "sc.toml:3:15: spectrum.band_hi_MHz: found 4600")) << m;
  m = plan_error("[spectrum]\nband_lo_MHz = 4600\nband_hi_MHz = 4900\nbandwidth_MHz = 400\n");
  EXPECT_TRUE(has(m, "spectrum.bandwidth_MHz: found 400, expected a bandwidth not above")) << m;
  // A band of too many channels names the upper edge as the user wrote it, in the file.
  m = plan_error("[spectrum]\nband_lo_MHz = 4600\nband_hi_MHz = 1e12\nbandwidth_MHz = 100\n");
  EXPECT_EQ(
      m,
      "sc.toml:3:15: spectrum.band_hi_MHz: found 1000000000000 (9999999964 channels of 100 MHz), "
      "expected a band of at most 100000 channels")
      << m;
  m = plan_error("[spectrum]\nband_lo_GHz = 4.6\nband_hi_GHz = 4.9\nbandwidth_Hz = 1\n");
  EXPECT_EQ(m,
            "sc.toml:3:15: spectrum.band_hi_GHz: found 4.9 (300000000 channels of 1 Hz), "
            "expected a band of at most 100000 channels")
      << m;
  m = plan_error("[spectrum]\nband_lo_MHz = 4600\nband_hi_MHz = 4900\nbandwidth_MHz = -5\n");
  EXPECT_TRUE(has(m, "spectrum.bandwidth_MHz: found -5")) << m;
  m = plan_error("[spectrum]\nband_lo_MHz = 4600\nband_hi_MHz = 4900\nbandwith_MHz = 10\n");
  EXPECT_TRUE(has(m, "bandwith_MHz")) << m;
  EXPECT_TRUE(has(m, "bandwidth_MHz")) << m;  // did you mean
  m = plan_error(
      "[spectrum]\nband_lo_MHz = 4600\nband_hi_MHz = 4900\nbandwidth_MHz = 10\n"
      "id_prefix = \"a b\"\n");
  EXPECT_TRUE(has(m, "spectrum.id_prefix: found \"a b\"")) << m;
  m = plan_error(
      "[spectrum]\nchannels = [{id = \"A\", lo_MHz = 4600, hi_MHz = 4700},\n"
      "            {id = \"A\", lo_MHz = 4700, hi_MHz = 4800}]\n");
  EXPECT_TRUE(has(m, "spectrum.channels[1].id: found \"A\" (already used")) << m;
  m = plan_error(
      "[spectrum]\nchannels = [{lo_MHz = 4600, hi_MHz = 4700},\n"
      "            {lo_MHz = 4600, hi_MHz = 4700}]\n");
  EXPECT_TRUE(has(m, "spectrum.channels[1].lo_MHz: found \"4600-4700MHz\" (already used")) << m;
  m = plan_error("[spectrum]\nchannels = [{id = \"A/B\", lo_MHz = 4600, hi_MHz = 4700}]\n");
  EXPECT_TRUE(has(m, "spectrum.channels[0].id: found \"A/B\"")) << m;
  m = plan_error("[spectrum]\nchannels = [{id = \"A\", lo_MHz = 4700, hi_MHz = 4600}]\n");
  EXPECT_TRUE(has(m, "spectrum.channels[0].hi_MHz: found 4600")) << m;
  m = plan_error("[spectrum]\nchannels = [{id = \"A\", lo_MHz = 4600}]\n");
  EXPECT_TRUE(has(m, "spectrum.channels[0].hi_Hz")) << m;
  m = plan_error("[spectrum]\nchannels = [{id = \"A\", lo_MHz = 4600, hi_MHz = 4700, bw = 1}]\n");
  EXPECT_TRUE(has(m, "spectrum.channels[0].bw")) << m;
  m = plan_error("[spectrum]\nchannels = []\n");
  EXPECT_TRUE(has(m, "spectrum.channels")) << m;
  m = plan_error("[spectrum]\nchannels = [4600]\n");
  EXPECT_TRUE(has(m, "spectrum.channels")) << m;
}

}  // namespace
}  // namespace akichi::sim::channel_plan_test
