// ITU-R P.2040-3: Table 3 material properties, complex permittivity, Fresnel coefficients.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <numbers>
#include <string>

#include "propagation/models/itu_r_p2040_3.h"

namespace akichi::prop::p2040::itu_r_p2040_3_test {
namespace {

const Material& named(std::string_view name) {
  const auto i = find_material(name);
  EXPECT_TRUE(i.has_value()) << name;
  return materials()[i.value_or(0)];
}

TEST(P2040Table3, ConcreteFromTheFormula) {
  // Table 3 concrete: a = 5.24, b = 0, c = 0.0462, d = 0.7822 (1-100 GHz).
  const Material& m = named("concrete");
  EXPECT_EQ(m.a, 5.24);
  EXPECT_EQ(m.b, 0.0);
  EXPECT_EQ(m.c, 0.0462);
  EXPECT_EQ(m.d, 0.7822);
  // eta' = 5.24 at every frequency (b = 0); sigma = 0.0462 f^0.7822:
  //   1 GHz: 0.0462; 10 GHz: 0.0462 * 10^0.7822 = 0.27979630543; 28 GHz: 0.62604995357.
  for (double f : {1.0, 10.0, 28.0}) EXPECT_DOUBLE_EQ(relative_permittivity(m, f), 5.24);
  EXPECT_NEAR(conductivity_S_per_m(m, 1.0), 0.0462, 1e-15);
  EXPECT_NEAR(conductivity_S_per_m(m, 10.0), 0.27979630543222445, 1e-12);
  EXPECT_NEAR(conductivity_S_per_m(m, 28.0), 0.6260499535669882, 1e-12);
  // eta'' = 17.98 sigma / f: 1 GHz 0.830676; 10 GHz 0.50307375717; 28 GHz 0.40201350590.
  EXPECT_NEAR(complex_permittivity(m, 1.0).imag(), -0.830676, 1e-12);
  EXPECT_NEAR(complex_permittivity(m, 10.0).imag(), -0.5030737571671395, 1e-12);
  EXPECT_NEAR(complex_permittivity(m, 28.0).imag(), -0.4020135058976589, 1e-12);
  EXPECT_DOUBLE_EQ(complex_permittivity(m, 28.0).real(), 5.24);
}

TEST(P2040Table3, NineGigahertzAgainstAnIndependentImplementation) {
  // MathWorks buildingMaterialPermittivity (ITU-R P.2040-3 Table 3) documents these
  // conductivities at 9 GHz (5 significant figures): concrete 0.25766, brick 0.033826,
  // plasterboard 0.066978, wood 0.049528, glass 0.068299.
  EXPECT_NEAR(conductivity_S_per_m(named("concrete"), 9.0), 0.25766, 5e-6);
  EXPECT_NEAR(conductivity_S_per_m(named("brick"), 9.0), 0.033826, 5e-7);
  EXPECT_NEAR(conductivity_S_per_m(named("plasterboard"), 9.0), 0.066978, 5e-7);
  EXPECT_NEAR(conductivity_S_per_m(named("wood"), 9.0), 0.049528, 5e-7);
  EXPECT_NEAR(conductivity_S_per_m(named("glass"), 9.0), 0.068299, 5e-7);
  EXPECT_DOUBLE_EQ(relative_permittivity(named("glass"), 9.0), 6.31);
  EXPECT_DOUBLE_EQ(relative_permittivity(named("brick"), 9.0), 3.91);
}

TEST(P2040Table3, FrequencyDependentPermittivityOfGround) {
  // Wet ground a = 30, b = -0.4, c = 0.15, d = 1.30; medium dry a = 15, b = -0.1, c = 0.035,
  // d = 1.63 (1-10 GHz). At 5 GHz: 30 * 5^-0.4 = 15.7591668264, 0.15 * 5^1.3 = 1.21549244752;
  // 15 * 5^-0.1 = 12.7700988378, 0.035 * 5^1.63 = 0.482379842538.
  EXPECT_NEAR(relative_permittivity(named("wet_ground"), 5.0), 15.759166826422602, 1e-12);
  EXPECT_NEAR(conductivity_S_per_m(named("wet_ground"), 5.0), 1.215492447519572, 1e-12);
  EXPECT_NEAR(relative_permittivity(named("medium_dry_ground"), 5.0), 12.77009883781177, 1e-12);
  EXPECT_NEAR(conductivity_S_per_m(named("medium_dry_ground"), 5.0), 0.4823798425383154, 1e-12);
}

TEST(P2040Table3, RowsAndRanges) {
  const auto all = materials();
  ASSERT_EQ(all.size(), 15u);
  EXPECT_EQ(all[0].name, "vacuum");
  EXPECT_EQ(all[1].name, "concrete");  // building.h default material index 1
  EXPECT_EQ(all[14].name, "wet_ground");
  // Every row: a > 0, c >= 0, a valid frequency range.
  for (const Material& m : all) {
    EXPECT_GT(m.a, 0.0) << m.name;
    EXPECT_GE(m.c, 0.0) << m.name;
    EXPECT_LT(m.f_min_GHz, m.f_max_GHz) << m.name;
    EXPECT_LE(m.f_max_GHz, 100.0) << m.name;
  }
  EXPECT_EQ(named("brick").f_max_GHz, 40.0);
  EXPECT_EQ(named("marble").f_max_GHz, 60.0);
  EXPECT_EQ(named("floorboard").f_min_GHz, 50.0);
  EXPECT_EQ(named("very_dry_ground").f_max_GHz, 10.0);
  // Vacuum is lossless with eta = 1; metal has sigma = 1e7 S/m.
  EXPECT_EQ(complex_permittivity(named("vacuum"), 3.5), std::complex<double>(1.0, 0.0));
  EXPECT_EQ(conductivity_S_per_m(named("metal"), 3.5), 1.0e7);
  const auto names = material_names();
  ASSERT_EQ(names.size(), all.size());
  for (std::size_t i = 0; i < names.size(); ++i) EXPECT_EQ(names[i], all[i].name);
}

TEST(P2040FindMaterial, NameVariants) {
  EXPECT_EQ(find_material("concrete"), 1u);
  EXPECT_EQ(find_material("Concrete"), 1u);
  EXPECT_EQ(find_material("CONCRETE"), 1u);
  const auto ceiling = find_material("ceiling_board");
  ASSERT_TRUE(ceiling.has_value());
  EXPECT_EQ(find_material("ceiling-board"), ceiling);
  EXPECT_EQ(find_material("Ceiling Board"), ceiling);
  EXPECT_EQ(find_material("Medium-Dry Ground"), find_material("medium_dry_ground"));
  EXPECT_FALSE(find_material("").has_value());
  EXPECT_FALSE(find_material("concret").has_value());
  EXPECT_FALSE(find_material("concretes").has_value());
  EXPECT_FALSE(find_material("steel").has_value());
  EXPECT_FALSE(find_material("ceilingboard").has_value());
}

TEST(P2040Fresnel, NormalIncidence) {
  // theta = 0: R_TE = (1 - sqrt(eta)) / (1 + sqrt(eta)), R_TM = (sqrt(eta) - 1) / (sqrt(eta) + 1).
  // eta = 4: R_TE = -1/3, R_TM = +1/3.
  const Reflection r = fresnel_reflection({4.0, 0.0}, 0.0);
  EXPECT_NEAR(r.te.real(), -1.0 / 3.0, 1e-15);
  EXPECT_NEAR(r.tm.real(), 1.0 / 3.0, 1e-15);
  EXPECT_NEAR(r.te.imag(), 0.0, 1e-15);
  // Lossy concrete at 10 GHz: R_TM = -R_TE at normal incidence, |R| = |1 - sqrt(eta)|/|1 +
  // sqrt(eta)|.
  const std::complex<double> eta = complex_permittivity(named("concrete"), 10.0);
  const Reflection c = fresnel_reflection(eta, 0.0);
  const std::complex<double> root = std::sqrt(eta);
  EXPECT_NEAR(std::abs(c.te - (1.0 - root) / (1.0 + root)), 0.0, 1e-14);
  EXPECT_NEAR(std::abs(c.tm + c.te), 0.0, 1e-14);
  // For eta = 5.24 - j0.50307: sqrt(eta) = 2.291734 - j0.109758, |R| = 0.3936129.
  EXPECT_NEAR(std::abs(c.te), std::abs((1.0 - root) / (1.0 + root)), 1e-15);
  EXPECT_NEAR(std::abs(c.te), 0.39361288, 1e-7);
}

TEST(P2040Fresnel, GrazingIncidenceReflectsTotally) {
  for (std::size_t i = 1; i < materials().size(); ++i) {
    const Material& m = materials()[i];
    const std::complex<double> eta = complex_permittivity(m, m.f_min_GHz);
    const Reflection r = fresnel_reflection(eta, std::numbers::pi / 2);
    EXPECT_NEAR(r.te.real(), -1.0, 1e-9) << m.name;
    EXPECT_NEAR(r.tm.real(), -1.0, 1e-9) << m.name;
    // Near grazing |R| -> 1 monotonically from below.
    const Reflection r89 = fresnel_reflection(eta, 89.0 * std::numbers::pi / 180);
    const Reflection r899 = fresnel_reflection(eta, 89.9 * std::numbers::pi / 180);
    EXPECT_LT(std::abs(r89.te), std::abs(r899.te)) << m.name;
    EXPECT_LE(std::abs(r899.te), 1.0 + 1e-15) << m.name;
  }
}

TEST(P2040Fresnel, BrewsterAngleOfALosslessDielectric) {
  // tan(theta_B) = sqrt(eps_r): R_TM = 0 there, and changes sign across it; R_TE never vanishes.
  for (double eps_r : {2.0, 4.0, 6.31, 30.0}) {
    const double theta_B = std::atan(std::sqrt(eps_r));
    const Reflection r = fresnel_reflection({eps_r, 0.0}, theta_B);
    EXPECT_NEAR(std::abs(r.tm), 0.0, 1e-14) << eps_r;
    EXPECT_GT(std::abs(r.te), 0.1) << eps_r;
    const Reflection below = fresnel_reflection({eps_r, 0.0}, theta_B - 0.05);
    const Reflection above = fresnel_reflection({eps_r, 0.0}, theta_B + 0.05);
    EXPECT_GT(below.tm.real(), 0.0) << eps_r;
    EXPECT_LT(above.tm.real(), 0.0) << eps_r;
  }
}

TEST(P2040Fresnel, LosslessEnergyConservation) {
  // Real eta: 1 - |R|^2 equals the transmitted power fraction computed from the transmission
  // coefficients, TE: t = 2 cos t / (cos t + q), TM (magnetic field): t = 2 eta cos t /
  // (eta cos t + q), q = sqrt(eta - sin^2 t); fractions |t|^2 q / cos t and |t|^2 q / (eta cos t).
  for (double eps_r : {1.5, 5.24, 30.0}) {
    for (double deg = 0.0; deg < 89.5; deg += 7.5) {
      const double t = deg * std::numbers::pi / 180;
      const double c = std::cos(t);
      const double q = std::sqrt(eps_r - std::sin(t) * std::sin(t));
      const Reflection r = fresnel_reflection({eps_r, 0.0}, t);
      const double t_te = 2 * c / (c + q);
      const double t_tm = 2 * eps_r * c / (eps_r * c + q);
      EXPECT_NEAR(1.0 - std::norm(r.te), t_te * t_te * q / c, 1e-12) << eps_r << " " << deg;
      EXPECT_NEAR(1.0 - std::norm(r.tm), t_tm * t_tm * q / (eps_r * c), 1e-12)
          << eps_r << " " << deg;
    }
  }
}

TEST(P2040Fresnel, LossyMediaNeverReflectMoreThanIncident) {
  for (const Material& m : materials()) {
    for (double f : {m.f_min_GHz, std::sqrt(m.f_min_GHz * m.f_max_GHz), m.f_max_GHz}) {
      const std::complex<double> eta = complex_permittivity(m, f);
      for (double deg = 0.0; deg <= 90.0; deg += 2.5) {
        const Reflection r = fresnel_reflection(eta, deg * std::numbers::pi / 180);
        EXPECT_LE(std::abs(r.te), 1.0 + 1e-12) << m.name << " " << f << " " << deg;
        EXPECT_LE(std::abs(r.tm), 1.0 + 1e-12) << m.name << " " << f << " " << deg;
        EXPECT_TRUE(std::isfinite(r.te.real()) && std::isfinite(r.tm.imag())) << m.name;
      }
    }
  }
  // Metal reflects almost totally: R_TE ~ -1 at normal incidence.
  const Reflection metal = fresnel_reflection(complex_permittivity(named("metal"), 3.5), 0.0);
  EXPECT_NEAR(metal.te.real(), -1.0, 1e-3);
  EXPECT_NEAR(metal.tm.real(), 1.0, 1e-3);
}

}  // namespace
}  // namespace akichi::prop::p2040::itu_r_p2040_3_test

namespace akichi::prop::p2040::itu_r_p2040_3_test {
namespace {

using cplx = std::complex<double>;
constexpr double kLambda485 = 299792458.0 / 4.85e9;  // m, at 4.85 GHz

// P.2040-3 §2.2.2.2 written out: R' from eqs. (37a) (TE) and (37b) (TM), q from eq. (44),
// T from eq. (43b), R from eq. (43a).
struct Written {
  cplx r, t;
};
Written written(cplx eta, double theta, double d, double lambda, bool te) {
  const double c = std::cos(theta), s2 = std::sin(theta) * std::sin(theta);
  const cplx root = std::sqrt(eta - s2);
  const cplx r1 = te ? (c - root) / (c + root) : (eta * c - root) / (eta * c + root);
  const cplx q = 2.0 * std::numbers::pi * d / lambda * root;
  const cplx j(0, 1);
  const cplx den = 1.0 - r1 * r1 * std::exp(-2.0 * j * q);
  return {r1 * (1.0 - std::exp(-2.0 * j * q)) / den, (1.0 - r1 * r1) * std::exp(-j * q) / den};
}

// The same slab by P.2040-3 Attachment 1 to Annex 1 (the ABCD, or characteristic, matrix of a
// layer between two air half-spaces): M = [cos d, j sin d / Y; j Y sin d, cos d] with the
// electrical thickness d = k0 h sqrt(eta - sin^2 t) and the tilted admittances (relative to
// free space) Y = sqrt(eta - sin^2 t) (TE), eta / sqrt(eta - sin^2 t) (TM); in air Y0 = cos t
// (TE), 1 / cos t (TM). T = 2 Y0 / (Y0 M11 + Y0^2 M12 + M21 + Y0 M22). A different route to
// the same field: the two agree to rounding.
cplx abcd_transmission(cplx eta, double theta, double d, double lambda, bool te) {
  const double c = std::cos(theta);
  const cplx k = std::sqrt(eta - std::sin(theta) * std::sin(theta));
  const cplx delta = 2.0 * std::numbers::pi * d / lambda * k;
  const cplx y1 = te ? k : eta / k;
  const double y0 = te ? c : 1.0 / c;
  const cplx j(0, 1);
  const cplx m11 = std::cos(delta), m12 = j * std::sin(delta) / y1, m21 = j * y1 * std::sin(delta);
  return 2.0 * y0 / (y0 * m11 + y0 * y0 * m12 + m21 + y0 * m11);
}

double loss_dB(cplx t) {
  return -20.0 * std::log10(std::abs(t));
}

TEST(P2040Slab, MatchesEquations43And44AndTheAbcdMatrixAtNormalAndObliqueIncidence) {
  for (const auto& [name, d] : {std::pair{"concrete", 0.2},
                                {"brick", 0.2},
                                {"glass", 0.012},
                                {"plasterboard", 0.0125},
                                {"wood", 0.05}}) {
    const cplx eta = complex_permittivity(named(name), 4.85);
    for (const double deg : {0.0, 30.0, 60.0, 80.0}) {
      const double th = deg * std::numbers::pi / 180.0;
      const Slab s = slab_coefficients(eta, th, d, kLambda485);
      for (const bool te : {true, false}) {
        const Written w = written(eta, th, d, kLambda485, te);
        const cplx t = te ? s.t_te : s.t_tm, r = te ? s.r_te : s.r_tm;
        EXPECT_NEAR(std::abs(t - w.t), 0.0, 1e-14) << name << " " << deg << " te " << te;
        EXPECT_NEAR(std::abs(r - w.r), 0.0, 1e-14) << name << " " << deg << " te " << te;
        EXPECT_NEAR(std::abs(t - abcd_transmission(eta, th, d, kLambda485, te)), 0.0, 1e-12)
            << name << " " << deg << " te " << te;
      }
      if (deg == 0.0) {  // at normal incidence TE and TM are one wave
        EXPECT_NEAR(std::abs(s.t_te - s.t_tm), 0.0, 1e-15);
      }
    }
  }
  // The losses at normal incidence, 4.85 GHz, from the closed form: 0.2 m concrete 24.13 dB,
  // 0.2 m brick 5.97 dB, 12 mm glass 0.36 dB.
  const auto normal = [&](std::string_view name, double d) {
    return loss_dB(
        slab_coefficients(complex_permittivity(named(name), 4.85), 0, d, kLambda485).t_te);
  };
  EXPECT_NEAR(normal("concrete", 0.2), 24.13, 0.005);
  EXPECT_NEAR(normal("brick", 0.2), 5.97, 0.005);
  EXPECT_NEAR(normal("glass", 0.012), 0.357, 0.0005);
  // Oblique incidence on 0.2 m concrete: the path in the slab lengthens and TE reflects more.
  const cplx eta = complex_permittivity(named("concrete"), 4.85);
  const Slab at60 = slab_coefficients(eta, std::numbers::pi / 3, 0.2, kLambda485);
  EXPECT_GT(loss_dB(at60.t_te), normal("concrete", 0.2));
  EXPECT_GT(loss_dB(at60.t_te), loss_dB(at60.t_tm));
}

TEST(P2040Slab, LimitsAndEnergy) {
  const cplx glass = complex_permittivity(named("glass"), 4.85);
  // No thickness: no slab.
  const Slab none = slab_coefficients(glass, 0.4, 0.0, kLambda485);
  EXPECT_NEAR(std::abs(none.t_te - 1.0), 0.0, 1e-15);
  EXPECT_NEAR(std::abs(none.r_tm), 0.0, 1e-15);
  // A lossless slab (eta = 4) conserves power, |R|^2 + |T|^2 = 1, and is transparent when its
  // thickness is a whole number of half wavelengths in it at normal incidence (q = pi).
  for (const double deg : {0.0, 45.0, 75.0}) {
    const Slab s = slab_coefficients(4.0, deg * std::numbers::pi / 180.0, 0.037, kLambda485);
    EXPECT_NEAR(std::norm(s.r_te) + std::norm(s.t_te), 1.0, 1e-13);
    EXPECT_NEAR(std::norm(s.r_tm) + std::norm(s.t_tm), 1.0, 1e-13);
  }
  const Slab half = slab_coefficients(4.0, 0.0, kLambda485 / 4.0, kLambda485);  // n d = lambda/2
  EXPECT_NEAR(std::abs(half.t_te), 1.0, 1e-13);
  // Metal (sigma = 1e7 S/m) lets nothing through a 1 mm sheet.
  EXPECT_LT(
      std::abs(
          slab_coefficients(complex_permittivity(named("metal"), 4.85), 0, 1e-3, kLambda485).t_te),
      1e-30);
}

}  // namespace
}  // namespace akichi::prop::p2040::itu_r_p2040_3_test
