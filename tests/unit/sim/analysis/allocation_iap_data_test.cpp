// The iterative allocation (sim/analysis/allocation.h) on the IAP test data of the WInnForum
// reference models (tests/data/cbrs-iap, ORIGIN.md there): six Category B CBSDs asking 37 dBm
// per 10 MHz and two FSS earth stations. The reference's expected values come from ITM over
// terrain the repository lacks, so the case is reduced to what can be checked by hand:
//   - path loss: free space (ITU-R P.525-4 eq. (4)) at 3625 MHz (the reference models'
//     propagation frequency) over the geodesic distance (PROJ's azimuthal equidistant
//     projection centred on the earth station, whose radial distance is the geodesic one);
//     antenna gains 0 dBi (the records' antennaGain; the CBSDs' 60° patterns left out);
//   - FSS co-channel (WINNF-TS-0061 / R2-SGN-16 and iap.py): one constraint per 5 MHz IAP
//     channel of 3550-3700 MHz inside the passband, threshold -129 dBm/MHz + 10 log10(5) less the
//     1 dB pre-IAP margin = -123.01 dBm, 0.5 dB FSS insertion loss, a CBSD's 10 MHz EIRP counted
//     as 5/10 of it in each 5 MHz channel it covers; neighbourhood 150 km;
//   - FSS blocking: one constraint per FSS, -60 dBm less the 1 dB margin, the CBSD's whole EIRP
//     through the FSS mask at the passband edge (0.5 dB) and the insertion loss; neighbourhood
//     40 km.
// fss_0 then sees cbsd_2 (9.4 km away, 3610-3620 MHz) and cbsd_0 (3600-3610 MHz) each alone in
// its channels: each is cut to 37 - ceil(37 + c - limit) dBm, worked out below from its
// distance. fss_1 (TT&C, 3700-4200 MHz) has no co-channel IAP channel, but the three CBSDs
// 111-333 m from it at 3690-3700 MHz share its blocking constraint: the fair sharing proper,
// checked on its invariants (the limit kept, the nearest cut most, the others' shares released).
#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "propagation/geo/crs.h"
#include "propagation/models/itu_r_p525.h"
#include "sim/analysis/allocation.h"

namespace akichi::sim::allocation_iap_data_test {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kFreq_MHz = 3625.0;

struct Cbsd {
  double lat, lon, eirp_dBm, lo_Hz, hi_Hz;
};
struct Fss {
  double lat, lon, lo_Hz, hi_Hz;
};

nlohmann::json read(const std::string& name) {
  std::ifstream f(std::string(AKICHI_TEST_DATA_DIR) + "/cbrs-iap/" + name);
  return nlohmann::json::parse(f);
}

std::vector<Cbsd> cbsds() {
  std::vector<Cbsd> out;
  for (int i = 0; i < 6; ++i) {
    const nlohmann::json j = read("cbsd_" + std::to_string(i) + ".json");
    const auto& p = j["registration"]["installationParam"];
    const auto& g = j["grants"][0]["operationParam"];
    out.push_back({p["latitude"], p["longitude"], g["maxEirp"],
                   g["operationFrequencyRange"]["lowFrequency"],
                   g["operationFrequencyRange"]["highFrequency"]});
  }
  return out;
}

std::vector<Fss> fsses() {
  std::vector<Fss> out;
  for (int i = 0; i < 2; ++i) {
    const nlohmann::json j = read("fss_" + std::to_string(i) + ".json");
    const auto& d = j["record"]["deploymentParam"][0];
    const auto& band = d["operationParam"]["operationFrequencyRange"];
    out.push_back({d["installationParam"]["latitude"], d["installationParam"]["longitude"],
                   band["lowFrequency"], band["highFrequency"]});
  }
  return out;
}

/// Geodesic distance (km) from the earth station to the CBSD.
double distance_km(const Fss& f, const Cbsd& c) {
  const prop::Crs aeqd =
      prop::Crs::from_user_input("+proj=aeqd +lat_0=" + std::to_string(f.lat) +
                                 " +lon_0=" + std::to_string(f.lon) + " +datum=WGS84 +units=m");
  const prop::Transformer t(prop::Crs::wgs84(), aeqd);
  double x = c.lon, y = c.lat;
  t.transform(x, y);
  return std::hypot(x, y) / 1000.0;
}

struct Case {
  AllocationInput in;
  std::vector<std::string> names;  ///< [receiver]
  std::vector<double> loss_dB;     ///< [fss][cbsd] free-space loss
  std::vector<double> distance;    ///< [fss][cbsd] km
};

Case reduce() {
  const std::vector<Cbsd> c = cbsds();
  const std::vector<Fss> f = fsses();
  Case k;
  AllocationInput& in = k.in;
  in.n_applicants = c.size();
  for (const Cbsd& x : c) in.requested_eirp_dBm.push_back(x.eirp_dBm);
  in.channel.assign(c.size(), 0);
  in.min_eirp_dBm = -50;  // the IAP has no floor: low enough never to bind here
  for (std::size_t s = 0; s < f.size(); ++s) {
    for (const Cbsd& x : c) {
      k.distance.push_back(distance_km(f[s], x));
      k.loss_dB.push_back(prop::p525::free_space_loss_dB(kFreq_MHz, k.distance.back()));
    }
  }
  auto add = [&](const std::string& name, double limit, auto coupling) {
    k.names.push_back(name);
    in.limit_dBm.push_back(limit);
    for (std::size_t a = 0; a < c.size(); ++a) in.coupling_dB.push_back(coupling(a));
    ++in.n_receivers;
  };
  const double cochannel = -129.0 + 10 * std::log10(5.0) - 1.0;
  for (std::size_t s = 0; s < f.size(); ++s) {
    for (double lo = 3550e6; lo < 3700e6; lo += 5e6) {
      if (lo < f[s].lo_Hz || lo + 5e6 > f[s].hi_Hz) continue;
      add("fss_" + std::to_string(s) + " " + std::to_string(lo / 1e6), cochannel,
          [&](std::size_t a) {
            const bool covers = c[a].lo_Hz <= lo && lo + 5e6 <= c[a].hi_Hz;
            if (!covers || k.distance[s * c.size() + a] > 150.0) return -kInf;
            return 10 * std::log10(5.0 / 10.0) - k.loss_dB[s * c.size() + a] - 0.5;
          });
    }
    add("fss_" + std::to_string(s) + " blocking", -61.0, [&](std::size_t a) {
      if (k.distance[s * c.size() + a] > 40.0) return -kInf;
      return -k.loss_dB[s * c.size() + a] - 0.5 - 0.5;
    });
  }
  return k;
}

TEST(AllocationIapData, SingleApplicantConstraintsAreCutAsByHand) {
  const Case k = reduce();
  const AllocationResult r = allocate_iterative(k.in, 1.0);
  // fss_0 co-channel channels 3600-3700 MHz (20), its blocking; fss_1 blocking only.
  ASSERT_EQ(k.in.n_receivers, 22u);
  // cbsd_2, 9.36 km from fss_0: FSPL 32.45 + 20 log10(3625) + 20 log10(9.36) = 123.05 dB; at
  // 37 dBm its 5 MHz part is 37 - 3.01 - 123.05 - 0.5 = -89.56 dBm, 33.45 dB over -123.01 dBm:
  // 34 cuts of 1 dB, 3 dBm.
  EXPECT_NEAR(k.distance[2], 9.36, 0.01);
  const double c2 = 37.0 - 3.0103 - k.loss_dB[2] - 0.5;
  const double n2 = std::ceil(c2 - (-123.0103));
  EXPECT_EQ(n2, 34.0);
  EXPECT_DOUBLE_EQ(r.eirp_dBm[2], 37.0 - n2);
  // cbsd_0, 136 km away: the same rule from its own distance.
  EXPECT_NEAR(k.distance[0], 136.4, 1.0);
  const double c0 = 37.0 - 3.0103 - k.loss_dB[0] - 0.5;
  EXPECT_DOUBLE_EQ(r.eirp_dBm[0], 37.0 - std::ceil(c0 - (-123.0103)));
  // cbsd_1 (3590-3600 MHz, out of fss_0's passband and 40 km from both blockings) keeps 37.
  EXPECT_DOUBLE_EQ(r.eirp_dBm[1], 37.0);
  for (std::size_t rx = 0; rx < k.in.n_receivers; ++rx)
    EXPECT_LE(r.aggregate_dBm[rx], k.in.limit_dBm[rx] + 1e-9) << k.names[rx];
}

TEST(AllocationIapData, ThreeCbsdsShareTheBlockingOfFss1Fairly) {
  const Case k = reduce();
  const AllocationResult r = allocate_iterative(k.in, 1.0);
  const std::size_t blocking = k.in.n_receivers - 1;
  EXPECT_EQ(k.names[blocking], "fss_1 blocking");
  // Nearest first: cbsd_3 (111 m), cbsd_4 (222 m), cbsd_5 (333 m).
  EXPECT_LT(k.distance[6 + 3], k.distance[6 + 4]);
  EXPECT_LT(k.distance[6 + 4], k.distance[6 + 5]);
  EXPECT_LE(r.eirp_dBm[3], r.eirp_dBm[4]);
  EXPECT_LE(r.eirp_dBm[4], r.eirp_dBm[5]);
  EXPECT_LT(r.eirp_dBm[5], 37.0);
  // Every one of them reaches and is bound by the blocking constraint.
  for (std::size_t a : {3, 4, 5}) {
    EXPECT_EQ(r.reaches[a * k.in.n_receivers + blocking], 1);
    EXPECT_EQ(r.bound_by[a * k.in.n_receivers + blocking], 1);
  }
  // The limit kept, and within one 1 dB step of the three shares: raising the last settled
  // applicant by 1 dB would pass the limit or its share, so the aggregate is within a factor
  // 10^0.1 x 3 of nothing left: at least limit - 10 log10(3) - 1 dB.
  EXPECT_LE(r.aggregate_dBm[blocking], -61.0 + 1e-9);
  EXPECT_GE(r.aggregate_dBm[blocking], -61.0 - 10 * std::log10(3.0) - 1.0);
  // Each contribution within its first share (limit / 3) once settled: none above it.
  for (std::size_t a : {3, 4, 5}) {
    const double c = r.eirp_dBm[a] + k.in.coupling(blocking, 0, a);
    EXPECT_LE(c, -61.0 + 1e-9);
  }
  // The release of unused shares: the farthest is granted more than an equal split would give
  // it, had all three its coupling (limit - 10 log10(3) rounded down to the step).
  const double equal =
      37.0 - std::ceil(37.0 + k.in.coupling(blocking, 0, 5) - (-61.0 - 10 * std::log10(3.0)));
  EXPECT_GE(r.eirp_dBm[5], equal);
  // As many steps as the largest cut, plus the settling step.
  EXPECT_EQ(r.steps.size(), static_cast<std::size_t>(37.0 - r.eirp_dBm[2]) + 1);
}

}  // namespace
}  // namespace akichi::sim::allocation_iap_data_test
