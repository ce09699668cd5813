// ITU-R P.526-15 diffraction: knife edge J(nu), Bullington, delta-Bullington on built profiles.
// (The owners' reference values are checked in
// tests/validation/models_p526_delta_bullington_test.cpp.)
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "propagation/models/itu_r_p526_15.h"

namespace akichi::prop::p526::itu_r_p526_15_test {
namespace {

constexpr double kExact_dB = 1e-9;

TEST(P526KnifeEdge, JOfNu) {
  // J(nu) = 6.9 + 20 log10(sqrt((nu - 0.1)^2 + 1) + nu - 0.1), nu > -0.78
  //   nu = 0:   6.9 + 20 log10(sqrt(1.01) - 0.1) = 6.9 + 20 log10(0.904987562) = 6.032852208563606
  //   nu = 1:   6.9 + 20 log10(sqrt(1.81) + 0.9) = 13.925728934959924
  //   nu = 2.4: 6.9 + 20 log10(sqrt(6.25) + 2.3) = 6.9 + 20 log10(4.8) = 20.53926612973203
  //   nu = -0.5: 6.9 + 20 log10(sqrt(1.36) - 0.6) = 1.9592497062281762
  EXPECT_NEAR(knife_edge_loss_dB(0.0), 6.032852208563606, kExact_dB);
  EXPECT_NEAR(knife_edge_loss_dB(1.0), 13.925728934959924, kExact_dB);
  EXPECT_NEAR(knife_edge_loss_dB(2.4), 20.53926612973203, kExact_dB);
  EXPECT_NEAR(knife_edge_loss_dB(-0.5), 1.9592497062281762, kExact_dB);
  EXPECT_EQ(knife_edge_loss_dB(-0.78), 0.0);
  EXPECT_EQ(knife_edge_loss_dB(-3.0), 0.0);
  // Close to 0 just above the threshold (the approximation is ~continuous there).
  EXPECT_LT(knife_edge_loss_dB(-0.7799), 0.01);
}

TEST(P526KnifeEdge, NuFromGeometry) {
  // nu = h sqrt(2/lambda (1/d1 + 1/d2)); h = 10 m, d1 = d2 = 1000 m, lambda = 0.2998 m:
  // sqrt(2/0.2998 * 0.002) = sqrt(0.0133422282) = 0.1155085631 -> nu = 1.155085631
  EXPECT_NEAR(knife_edge_nu(10, 1000, 1000, 0.2998), 10 * std::sqrt(2.0 / 0.2998 * 0.002), 1e-12);
  EXPECT_NEAR(knife_edge_nu(10, 1000, 1000, 0.2998), 1.155085631, 1e-9);
}

// Flat profile at z_m, n samples over d_km.
void flat(double d_km, int n, double z_m, std::vector<double>& d, std::vector<double>& h) {
  d.resize(n);
  h.assign(n, z_m);
  for (int i = 0; i < n; ++i) d[i] = d_km * i / (n - 1);
}

TEST(P526Bullington, UnobstructedPathHasNoLoss) {
  std::vector<double> d, h;
  flat(1.0, 51, 0.0, d, h);
  // 100 m clearance over 1 km at 1 GHz: nu ~ -16, J = 0, Lbull = 0 (eq. (22) adds nothing).
  EXPECT_EQ(bullington_loss_dB(d, h, 100, 100, 1.0, 8495, 1.0), 0.0);
  // The same profile given in metres with d_unit_km = 1e-3.
  std::vector<double> d_m(d);
  for (double& x : d_m) x *= 1000;
  EXPECT_EQ(bullington_loss_dB(d_m, h, 100, 100, 1.0, 8495, 1e-3), 0.0);
  // Flat profile: smooth surface heights are the ground itself.
  flat(1.0, 51, 50.0, d, h);
  const auto s = smooth_surface_heights(d, h, 80, 70);
  EXPECT_NEAR(s.hst_m, 50.0, 1e-9);
  EXPECT_NEAR(s.hsr_m, 50.0, 1e-9);
  EXPECT_NEAR(s.hstd_m, 50.0, 1e-9);
  EXPECT_NEAR(s.hsrd_m, 50.0, 1e-9);
}

TEST(P526DeltaBullington, SingleSharpObstacleIsTheKnifeEdge) {
  // 10 km path, 100 m samples, flat at 0 m except a 100 m spike at 4 km; antennas 20 m amsl;
  // f = 1 GHz (lambda = 0.2998 m), ae = 8495 km.
  std::vector<double> d, h;
  flat(10.0, 101, 0.0, d, h);
  h[40] = 100.0;
  const double f_GHz = 1.0;
  const double ae_km = 8495.0;
  // Edge height above the ray: 100 m + earth bulge d1 d2 / (2 ae) - 20 m
  //   = 100 + (4 * 6 / (2 * 8495)) * 1000 - 20 = 81.41259564 m
  const double h_edge = 100.0 + 4.0 * 6.0 / (2.0 * ae_km) * 1000.0 - 20.0;
  EXPECT_NEAR(h_edge, 81.41259564, 1e-8);
  const double nu = knife_edge_nu(h_edge, 4000.0, 6000.0, 0.2998);  // = 9.42 (deep shadow)
  const double J = knife_edge_loss_dB(nu);
  const Surface land;  // vertical, eps_r 22, sigma 0.003
  const DeltaBullington db = delta_bullington(d, h, 20.0, 20.0, f_GHz, ae_km, land);
  // The Bullington point of a single edge is the edge: Lbulla = J(nu) + eq. (22) term.
  EXPECT_NEAR(db.Lbulla_dB, J + (1.0 - std::exp(-J / 6.0)) * (10.0 + 0.02 * 10.0), 1e-9);
  // Delta-Bullington = knife edge + the spherical-earth excess over the smooth Bullington loss.
  EXPECT_NEAR(db.Ld_dB, db.Lbulla_dB + std::max(db.Ldsph_dB - db.Lbulls_dB, 0.0), 1e-12);
  EXPECT_GT(db.Ld_dB, J);
  EXPECT_LT(db.Ld_dB - J, 10.0 + 0.02 * 10.0 + std::max(db.Ldsph_dB - db.Lbulls_dB, 0.0) + 1e-9);
  EXPECT_NEAR(db.Ld_dB, delta_bullington_loss_dB(d, h, 20.0, 20.0, f_GHz, ae_km, land), 0.0);
}

TEST(P526DeltaBullington, ClearSmoothPathHasNoLossAndBeyondHorizonGrows) {
  std::vector<double> d, h;
  flat(2.0, 41, 0.0, d, h);
  const Surface land;
  EXPECT_EQ(delta_bullington_loss_dB(d, h, 30, 30, 2.0, 8495, land), 0.0);
  // Over smooth earth with 10 m antennas the loss grows with distance past the horizon
  // (dlos = sqrt(2 ae)(sqrt(0.01) + sqrt(0.01)) = 26.07 km).
  double previous = 0;
  for (double dist : {30.0, 40.0, 60.0, 100.0}) {
    flat(dist, 201, 0.0, d, h);
    const double L = delta_bullington_loss_dB(d, h, 10, 10, 2.0, 8495, land);
    EXPECT_GT(L, previous) << dist;
    previous = L;
  }
}

TEST(P526SphericalEarth, PolarizationAndSeaMix) {
  Surface h_pol;
  h_pol.pol = Polarization::Horizontal;
  Surface v_pol;
  const double Lh = spherical_earth_loss_dB(80, 10, 10, 8495, 0.1, h_pol);
  const double Lv = spherical_earth_loss_dB(80, 10, 10, 8495, 0.1, v_pol);
  EXPECT_GT(Lh, 0.0);
  EXPECT_GT(Lv, 0.0);
  EXPECT_NE(Lh, Lv);
  // omega mixes the first-term losses linearly, P.452-18 eq. (29).
  Surface sea = v_pol;
  sea.sea_fraction = 1.0;
  Surface half = v_pol;
  half.sea_fraction = 0.5;
  const double Ls = spherical_earth_loss_dB(80, 10, 10, 8495, 0.1, sea);
  EXPECT_NEAR(spherical_earth_loss_dB(80, 10, 10, 8495, 0.1, half), 0.5 * (Ls + Lv), 1e-9);
  EXPECT_NEAR(Ls, first_term_loss_dB(80, 10, 10, 8495, 0.1, 80, 5, Polarization::Vertical), 1e-12);
}

// Beyond the smooth-earth horizon Ldsph is the first-term loss at the run's radius (P.452-18
// §4.2.2), whose radius, frequency and ground terms are remembered per thread: over more
// combinations than are remembered at once, and on both grounds and polarizations, every value
// equals the first-term loss computed afresh, bit for bit.
TEST(P526SphericalEarth, RememberedTermsGiveTheFreshValue) {
  for (int round = 0; round < 2; ++round) {
    for (double ap : {8495.0, 19113.0, 6371.0}) {
      for (double f : {0.5, 4.7, 28.0}) {
        for (Polarization pol : {Polarization::Horizontal, Polarization::Vertical}) {
          Surface s;
          s.pol = pol;
          const double d = 200.0;  // beyond dlos = sqrt(2 ap) (sqrt(0.01) + sqrt(0.0015)) km
          const double fresh = first_term_loss_dB(d, 10, 1.5, ap, f, 22, 0.003, pol);
          EXPECT_EQ(spherical_earth_loss_dB(d, 10, 1.5, ap, f, s), fresh) << ap << " " << f;
          s.sea_fraction = 1.0;
          EXPECT_EQ(spherical_earth_loss_dB(d, 10, 1.5, ap, f, s),
                    first_term_loss_dB(d, 10, 1.5, ap, f, 80, 5, pol))
              << ap << " " << f;
        }
      }
    }
  }
}

TEST(P526, MedianKFactor) {
  // k50 = 157 / (157 - 40) = 1.341880...; dN = 39.25 gives 4/3.
  EXPECT_NEAR(median_k_factor(40), 157.0 / 117.0, 1e-15);
  EXPECT_NEAR(median_k_factor(39.25), 4.0 / 3.0, 1e-15);
}

}  // namespace
}  // namespace akichi::prop::p526::itu_r_p526_15_test
