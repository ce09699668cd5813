// ACIR arithmetic, masks and the coupling loss between channels: analytic values, continuity at
// the channel edges and at co-channel, and every refused [spectrum] coupling input.
#include "sim/spectrum/acir.h"

#include <gtest/gtest.h>

#include <cmath>

#include <toml++/toml.h>

#include "base/errors.h"
#include "sim/input/toml_section.h"

namespace akichi::sim::acir_test {
namespace {

const double k3dB = 10 * std::log10(2.0);  // 3.0103 dB

Channel ch(double lo_MHz, double hi_MHz) {
  return {"c", lo_MHz * 1e6, hi_MHz * 1e6};
}

TEST(Acir, EqualAclrAndAcsLose3dB) {
  EXPECT_NEAR(acir_dB(45, 45), 45 - k3dB, 1e-12);
  EXPECT_NEAR(acir_dB(33, 33), 33 - 3.0103, 1e-4);
}

TEST(Acir, DominatedByTheSmallerRatio) {
  EXPECT_NEAR(acir_dB(80, 33), 33, 1e-4);  // 10 log10(1 + 10^-4.7) = 8.7e-5 dB
  EXPECT_NEAR(acir_dB(33, 80), 33, 1e-4);
  EXPECT_LT(acir_dB(80, 33), 33);
  // 45 and 33 dB: 1/(10^-4.5 + 10^-3.3) -> 32.734 dB.
  EXPECT_NEAR(acir_dB(45, 33), -10 * std::log10(std::pow(10, -4.5) + std::pow(10, -3.3)), 1e-12);
  EXPECT_NEAR(acir_dB(45, 33), 32.734, 1e-3);
}

TEST(AcirMask, InterpolationStepsAndEnds) {
  const Mask m{{0, 100e6, 100e6, 300e6}, {45, 45, 50, 60}};
  EXPECT_DOUBLE_EQ(m.at(0), 45);
  EXPECT_DOUBLE_EQ(m.at(50e6), 45);
  EXPECT_DOUBLE_EQ(m.at(100e6 - 1), 45);
  EXPECT_DOUBLE_EQ(m.at(100e6), 50);  // the value after the step
  EXPECT_DOUBLE_EQ(m.at(200e6), 55);
  EXPECT_DOUBLE_EQ(m.at(300e6), 60);
  EXPECT_DOUBLE_EQ(m.at(1e9), 60);  // constant beyond the last point
  EXPECT_DOUBLE_EQ(Mask::flat(33).at(0), 33);
  EXPECT_DOUBLE_EQ(Mask::flat(33).at(5e9), 33);
  const Mask late{{10e6, 20e6}, {40, 50}};
  EXPECT_DOUBLE_EQ(late.at(0), 40);  // constant before the first point
  EXPECT_NO_THROW(check_mask(m, "m"));
}

TEST(AcirMask, CheckRefusesBadMasks) {
  EXPECT_THROW(check_mask(Mask{{}, {}}, "m"), InputError);
  EXPECT_THROW(check_mask(Mask{{0, 1}, {45}}, "m"), InputError);
  EXPECT_THROW(check_mask(Mask{{-1}, {45}}, "m"), InputError);
  EXPECT_THROW(check_mask(Mask{{0}, {-3}}, "m"), InputError);
  EXPECT_THROW(check_mask(Mask{{0}, {NAN}}, "m"), InputError);
  EXPECT_THROW(check_mask(Mask{{0, 2, 1}, {45, 45, 45}}, "m"), InputError);
  EXPECT_THROW(check_mask(Mask{{0, 1, 1, 1}, {45, 45, 50, 55}}, "m"), InputError);
}

TEST(Coupling, OverlapAndGap) {
  EXPECT_DOUBLE_EQ(overlap_Hz(ch(4600, 4700), ch(4650, 4800)), 50e6);
  EXPECT_DOUBLE_EQ(overlap_Hz(ch(4600, 4700), ch(4700, 4800)), 0);
  EXPECT_DOUBLE_EQ(edge_gap_Hz(ch(4600, 4700), ch(4700, 4800)), 0);
  EXPECT_DOUBLE_EQ(edge_gap_Hz(ch(4600, 4700), ch(4800, 4900)), 100e6);
  EXPECT_DOUBLE_EQ(edge_gap_Hz(ch(4800, 4900), ch(4600, 4700)), 100e6);
  EXPECT_DOUBLE_EQ(edge_gap_Hz(ch(4600, 4700), ch(4650, 4660)), 0);
}

TEST(Coupling, OverlapFractions) {
  const CouplingModel m;  // ACLR 45, ACS 45 -> ACIR 41.99 dB
  const double leak = std::pow(10, -acir_dB(45, 45) / 10);
  // Full: the same channel, or a receiver band containing the transmitter's.
  EXPECT_NEAR(coupling_loss_dB(ch(4600, 4700), ch(4600, 4700), m), 0, 1e-12);
  EXPECT_NEAR(coupling_loss_dB(ch(4600, 4700), ch(4500, 4800), m), 0, 1e-12);
  // Half: a 50 MHz receiver inside a 100 MHz transmitter, or half-shifted channels.
  const double half = -10 * std::log10(0.5 + 0.5 * leak);
  EXPECT_NEAR(coupling_loss_dB(ch(4600, 4700), ch(4600, 4650), m), half, 1e-12);
  EXPECT_NEAR(coupling_loss_dB(ch(4600, 4700), ch(4650, 4750), m), half, 1e-12);
  EXPECT_NEAR(half, k3dB, 1e-3);
  // A quarter: 10 log10(4) less the leakage of the other three quarters.
  EXPECT_NEAR(coupling_loss_dB(ch(4600, 4700), ch(4675, 4775), m),
              -10 * std::log10(0.25 + 0.75 * leak), 1e-12);
  // None: adjacent and second adjacent channels see ACIR at their edge gap.
  EXPECT_NEAR(coupling_loss_dB(ch(4600, 4700), ch(4700, 4800), m), 45 - k3dB, 1e-9);
  EXPECT_NEAR(coupling_loss_dB(ch(4600, 4700), ch(4800, 4900), m), 45 - k3dB, 1e-9);
}

TEST(Coupling, FirstAndSecondAdjacentFromMasks) {
  CouplingModel m;
  m.aclr = Mask{{0, 100e6, 100e6}, {45, 45, 50}};  // step at one channel bandwidth
  m.acs = Mask::flat(80);
  const Channel tx = ch(4600, 4700);
  EXPECT_NEAR(coupling_loss_dB(tx, ch(4700, 4800), m), acir_dB(45, 80), 1e-12);  // first adjacent
  EXPECT_NEAR(coupling_loss_dB(tx, ch(4800, 4900), m), acir_dB(50, 80), 1e-12);  // second
  EXPECT_NEAR(coupling_loss_dB(tx, ch(4500, 4600), m), acir_dB(45, 80), 1e-12);  // below too
  // A narrow receiver 10 MHz above the edge is still in the first adjacent range.
  EXPECT_NEAR(coupling_loss_dB(tx, ch(4710, 4720), m), acir_dB(45, 80), 1e-12);
}

TEST(Coupling, ContinuousAtTheEdgeAndAtCoChannel) {
  const CouplingModel m;
  const Channel tx = ch(4600, 4700);
  const double touching = coupling_loss_dB(tx, ch(4700, 4800), m);
  // Overlap of 1 Hz and of 0.01 Hz: the in-band share f = 1e-8 and 1e-10 adds 4.34 f / leak dB
  // (leak = 10^-4.199), i.e. 6.9e-4 and 6.9e-6 dB.
  const double overlap_1Hz = coupling_loss_dB(tx, Channel{"r", 4700e6 - 1, 4800e6 - 1}, m);
  const double overlap_10mHz = coupling_loss_dB(tx, Channel{"r", 4700e6 - 0.01, 4800e6 - 0.01}, m);
  const double gap_1Hz = coupling_loss_dB(tx, Channel{"r", 4700e6 + 1, 4800e6 + 1}, m);
  EXPECT_NEAR(overlap_1Hz, touching, 1e-3);
  EXPECT_NEAR(overlap_10mHz, touching, 1e-5);
  EXPECT_NEAR(gap_1Hz, touching, 1e-9);
  EXPECT_LT(overlap_1Hz, touching);  // a little in-band power only adds
  const double shifted_1Hz = coupling_loss_dB(tx, Channel{"r", 4600e6 + 1, 4700e6 + 1}, m);
  EXPECT_NEAR(shifted_1Hz, 0, 1e-7);
}

TEST(Coupling, SelfGeneratedSweepIsContinuousAndMonotone) {
  // Self-generated: a 100 MHz receiver slid from co-channel to 300 MHz away in 1 MHz steps; the
  // loss never decreases; with at least 20 MHz of overlap a 1 MHz step changes it by at most
  // 10 log10(21/20) = 0.21 dB (the in-band share dominates; the last MHz of overlap is steep:
  // from 10 log10(100) to the ACIR floor), and beyond the edge it follows the mask slopes.
  CouplingModel m;
  m.aclr = Mask{{0, 300e6}, {45, 60}};
  m.acs = Mask{{0, 300e6}, {33, 50}};
  const Channel tx = ch(4600, 4700);
  double prev = coupling_loss_dB(tx, tx, m);
  for (int s = 1; s <= 400; ++s) {
    const double loss = coupling_loss_dB(tx, ch(4600 + s, 4700 + s), m);
    EXPECT_GE(loss, prev - 1e-12) << "shift " << s << " MHz";
    if (s <= 80) {
      EXPECT_LT(loss - prev, 0.3) << "shift " << s << " MHz";
    }
    if (s > 100) {  // mask slopes are 0.05-0.06 dB/MHz
      EXPECT_LT(loss - prev, 0.2) << "shift " << s << " MHz";
    }
    prev = loss;
  }
  EXPECT_NEAR(prev, acir_dB(60, 50), 1e-12);  // beyond the masks' last points
}

// ---- [spectrum] coupling keys -----------------------------------------------------------------

struct Parsed {
  toml::table root;
  toml_in::Context ctx{"sc.toml", "."};
};

CouplingModel coupling_of(const std::string& text) {
  Parsed p;
  p.root = toml::parse(std::string_view(text), std::string_view("sc.toml"));
  const toml_in::Section s(p.ctx, *p.root["spectrum"].as_table(), "spectrum");
  return parse_coupling(s);
}

std::string coupling_error(const std::string& text) {
  try {
    coupling_of(text);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(CouplingToml, DefaultsNumbersAndTables) {
  const CouplingModel d = coupling_of("[spectrum]\nbandwidth_MHz = 100\n");
  EXPECT_DOUBLE_EQ(d.aclr.at(0), 45);
  EXPECT_DOUBLE_EQ(d.acs.at(0), 45);
  const CouplingModel n = coupling_of("[spectrum]\naclr_dB = 30\nacs_dB = 33.5\n");
  EXPECT_DOUBLE_EQ(n.aclr.at(1e9), 30);
  EXPECT_DOUBLE_EQ(n.acs.at(0), 33.5);
  const CouplingModel t = coupling_of(
      "[spectrum]\naclr_dB = {gap_MHz = [0, 100, 100], dB = [45, 45, 50]}\n"
      "acs_dB = {gap_Hz = [0, 1e8], dB = [33, 43]}\n");
  EXPECT_DOUBLE_EQ(t.aclr.at(100e6), 50);
  EXPECT_DOUBLE_EQ(t.aclr.at(99e6), 45);
  EXPECT_DOUBLE_EQ(t.acs.at(50e6), 38);
  EXPECT_NO_THROW(check_mask(t.aclr, "aclr"));
}

TEST(CouplingToml, Errors) {
  auto expect = [](const std::string& text, const std::string& part) {
    const std::string m = coupling_error(text);
    EXPECT_NE(m.find(part), std::string::npos) << m;
  };
  expect("[spectrum]\naclr_dB = \"high\"\n", "sc.toml:2:11: spectrum.aclr_dB: found");
  expect("[spectrum]\naclr_dB = -3\n", "spectrum.aclr_dB: found -3");
  expect("[spectrum]\nacs_dB = {gap_MHz = [0, 100], dB = [45]}\n",
         "spectrum.acs_dB.dB: found 1 values for 2 gaps");
  expect("[spectrum]\nacs_dB = {gap_MHz = [0, 100]}\n", "spectrum.acs_dB.dB: found no value");
  expect("[spectrum]\nacs_dB = {dB = [45]}\n", "spectrum.acs_dB.gap_Hz");
  expect("[spectrum]\nacs_dB = {gap_MHz = [], dB = []}\n",
         "spectrum.acs_dB.gap_MHz: found an empty array");
  expect("[spectrum]\nacs_dB = {gap_MHz = [0, 200, 100], dB = [1, 2, 3]}\n",
         "spectrum.acs_dB.gap_MHz: found gaps out of order at [2]");
  expect("[spectrum]\nacs_dB = {gap_MHz = [0, 100, 100, 100], dB = [1, 2, 3, 4]}\n",
         "three points at one gap at [3]");
  expect("[spectrum]\nacs_dB = {gap_MHz = [-1], dB = [45]}\n",
         "spectrum.acs_dB.gap_MHz[0]: found -1");
  expect("[spectrum]\nacs_dB = {gap_MHz = [0], dB = [-45]}\n", "spectrum.acs_dB.dB[0]: found -45");
  expect("[spectrum]\nacs_dB = {gap_MHz = [0], gap_Hz = [0], dB = [45]}\n", "gap_");
  expect("[spectrum]\nacs_dB = {gap_MHz = [0], dB = [45], slope = 1}\n", "spectrum.acs_dB.slope");
  expect("[spectrum]\nacr_dB = 45\n", "spectrum.acr_dB");
}

}  // namespace
}  // namespace akichi::sim::acir_test
