// The vacancy reduction's kernels: the decibel conversion against log10 in double over the whole
// float range, and the AVX2 kernel against the portable one, bit for bit, on the same runs.
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "sim/analysis/vacancy_kernels.h"

namespace akichi::sim::vacancy_kernels_test {
namespace {

using namespace vacancy_detail;

constexpr float kInf = std::numeric_limits<float>::infinity();

std::uint32_t bits(float x) {
  return std::bit_cast<std::uint32_t>(x);
}

/// |got - exact| in units of the last place of float at exact.
double ulps(float got, double exact) {
  const float e = static_cast<float>(std::abs(exact));
  const double ulp = std::nextafter(e, kInf) - e;
  return std::abs(static_cast<double>(got) - exact) / ulp;
}

/// Calls f with batches of floats: every float in [0.5, 2) (all of logf's reduced arguments, every
/// mantissa), and the positive floats from the smallest subnormal to the largest finite one at a
/// step of 509 representations (every exponent, 4.2 M values).
template <class F>
void for_dense_positive_floats(F f) {
  std::vector<float> batch;
  auto add = [&](std::uint32_t b) {
    batch.push_back(std::bit_cast<float>(b));
    if (batch.size() == 4096) {
      f(batch);
      batch.clear();
    }
  };
  for (std::uint32_t b = bits(0.5f); b < bits(2.0f); ++b) add(b);
  for (std::uint32_t b = 1; b <= bits(std::numeric_limits<float>::max()); b += 509) add(b);
  f(batch);
}

TEST(VacancyKernels, Log10WithinTwoPointOneUlpOfLog10InDouble) {
  double worst_log = 0, worst_dB = 0, worst_dB_abs = 0;
  std::size_t n = 0;
  for_dense_positive_floats([&](const std::vector<float>& xs) {
    for (float x : xs) {
      const double exact = std::log10(static_cast<double>(x));
      worst_log = std::max(worst_log, ulps(log10_float(x), exact));
      const float dB = ten_log10(x);
      worst_dB = std::max(worst_dB, ulps(dB, 10.0 * exact));
      worst_dB_abs = std::max(worst_dB_abs, std::abs(dB - 10.0 * exact));
    }
    n += xs.size();
  });
  EXPECT_EQ(n, (std::size_t{1} << 24) + 4202545);
  // glibc's log10f algorithm: 2.064 ulp at most (here and over all positive floats, near x = 1
  // where log10 is small); the decibels after the multiplication by 10 in float: 2.315 ulp at
  // most, and 3.5e-5 dB at most over the whole float range (at its ends, near +-450 dB).
  EXPECT_LE(worst_log, 2.1);
  EXPECT_LE(worst_dB, 2.4);
  EXPECT_LE(worst_dB_abs, 4e-5);
}

TEST(VacancyKernels, Log10SpecialValues) {
  EXPECT_EQ(ten_log10(0.0f), -kInf);
  EXPECT_EQ(ten_log10(-0.0f), -kInf);
  EXPECT_EQ(ten_log10(-1.0f), -kInf);
  EXPECT_EQ(ten_log10(std::numeric_limits<float>::quiet_NaN()), -kInf);
  EXPECT_EQ(ten_log10(kInf), kInf);
  EXPECT_EQ(bits(ten_log10(1.0f)), bits(0.0f));
  EXPECT_EQ(ten_log10(10.0f), 10.0f);
  EXPECT_EQ(ten_log10(1e-10f), -100.0f);
  EXPECT_EQ(log10_float(0.0f), -kInf);
  EXPECT_TRUE(std::isnan(log10_float(-2.0f)));
  EXPECT_NEAR(ten_log10(std::numeric_limits<float>::denorm_min()), -448.5, 0.1);
}

TEST(VacancyKernels, Log10Avx2GivesTheScalarBits) {
  if (!cpu_has_avx2()) GTEST_SKIP() << "no AVX2 on this CPU";
  std::size_t differ = 0;
  std::vector<float> out;
  auto check = [&](const std::vector<float>& xs) {
    out.resize(xs.size());
    ten_log10_avx2(xs.data(), out.data(), xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i) differ += bits(out[i]) != bits(ten_log10(xs[i]));
  };
  for_dense_positive_floats(check);
  // Every kind of lane the conversion meets, among ordinary values, and a tail of 3
  check({0.0f, 3.0f, -0.0f, -3.0f, kInf, -kInf, std::numeric_limits<float>::quiet_NaN(),
         std::numeric_limits<float>::denorm_min(), std::numeric_limits<float>::min(),
         std::numeric_limits<float>::max(), 1.0f, 0.7f, 1e-20f, 1e20f, 2.0f, 0.5f, 5e-39f, 1e-3f,
         7.0f});
  EXPECT_EQ(differ, 0u);
}

/// Runs of random terms: couplings in [-160, -60] dB with some of them equal across receivers
/// (ties: the lowest station binds), -inf (no path) and NaN, limits either side of the cap.
struct RandomRun {
  std::vector<std::vector<float>> k, lin;
  std::vector<RxTerm> rx;
  std::vector<TxTerm> tx;
  RunIn in{};

  RandomRun(std::size_t n, std::size_t n_rx, std::size_t n_tx, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> coupling(-160.0f, -60.0f), limit(-120.0f, -80.0f);
    std::uniform_int_distribution<int> pick(0, 99);
    k.assign(n_rx, std::vector<float>(n));
    for (std::size_t r = 0; r < n_rx; ++r) {
      for (std::size_t c = 0; c < n; ++c) {
        const int p = pick(rng);
        k[r][c] = p < 10 && r > 0 ? k[r - 1][c]
                  : p < 12        ? -kInf
                  : p < 13        ? std::numeric_limits<float>::quiet_NaN()
                                  : coupling(rng);
      }
      rx.push_back({limit(rng), static_cast<std::int32_t>(3 * r + 1), k[r].data()});
    }
    // Equal limits for two receivers, so that equal couplings tie
    if (n_rx > 1) rx[1].a = rx[0].a;
    lin.assign(n_tx, std::vector<float>(n));
    for (std::size_t t = 0; t < n_tx; ++t) {
      for (std::size_t c = 0; c < n; ++c)
        lin[t][c] = pick(rng) < 5 ? 0.0f : std::exp(coupling(rng) * 0.2302585f);
      tx.push_back({std::pow(10.0f, static_cast<float>(t) + 1.0f), lin[t].data()});
    }
    in = {rx, tx, 10.0f, -40.0f, -105.0f};
  }
};

struct Cube {
  std::vector<float> max_eirp, interference;
  std::vector<std::int16_t> binding;
  std::vector<std::uint8_t> usable;
  explicit Cube(std::size_t n) : max_eirp(n), interference(n), binding(n), usable(n) {}
  RunOut out() { return {max_eirp.data(), binding.data(), interference.data(), usable.data()}; }
};

TEST(VacancyKernels, Avx2KernelGivesThePortableKernelsBits) {
  if (!cpu_has_avx2()) GTEST_SKIP() << "no AVX2 on this CPU";
  auto scratch = std::make_unique<Scratch>();
  std::size_t runs = 0, bound = 0, unbound = 0, ties = 0, usable = 0;
  for (std::size_t n : {std::size_t{1}, std::size_t{7}, std::size_t{8}, std::size_t{31},
                        std::size_t{45}, std::size_t{2048}}) {
    for (std::size_t n_rx : {0, 1, 5, 12}) {
      for (std::size_t n_tx : {0, 1, 8}) {
        const RandomRun run(n, n_rx, n_tx, static_cast<unsigned>(n * 100 + n_rx * 10 + n_tx));
        Cube a(n), b(n);
        reduce_portable(run.in, a.out(), n, *scratch);
        reduce_avx2(run.in, b.out(), n, *scratch);
        EXPECT_EQ(std::memcmp(a.max_eirp.data(), b.max_eirp.data(), n * sizeof(float)), 0) << n;
        EXPECT_EQ(std::memcmp(a.interference.data(), b.interference.data(), n * sizeof(float)), 0)
            << n;
        EXPECT_EQ(a.binding, b.binding) << n;
        EXPECT_EQ(a.usable, b.usable) << n;
        for (std::size_t c = 0; c < n; ++c) {
          bound += a.binding[c] != kNoBindingId;
          unbound += a.binding[c] == kNoBindingId;
          ties += n_rx > 1 && run.k[0][c] == run.k[1][c] && a.binding[c] == run.rx[0].id;
          usable += a.usable[c];
          // The reference of one cell: the minimum, the first receiver reaching it, the sum
          float m = run.in.cap;
          std::int32_t id = kNoBindingId;
          for (const RxTerm& r : run.rx) {
            if (r.a - r.k[c] < m) {
              m = r.a - r.k[c];
              id = r.id;
            }
          }
          float sum = 0;
          for (const TxTerm& t : run.tx) sum += t.scale * t.lin[c];
          EXPECT_EQ(bits(a.max_eirp[c]), bits(m));
          EXPECT_EQ(a.binding[c], id);
          EXPECT_EQ(bits(a.interference[c]), bits(ten_log10(sum)));
          EXPECT_EQ(a.usable[c], m >= run.in.min_useful && ten_log10(sum) <= run.in.limit);
        }
        ++runs;
      }
    }
  }
  // The runs met every case: bound and unbound cells, ties, usable and unusable cells.
  EXPECT_EQ(runs, 72u);
  EXPECT_GT(bound, 0u);
  EXPECT_GT(unbound, 0u);
  EXPECT_GT(ties, 0u);
  EXPECT_GT(usable, 0u);
}

}  // namespace
}  // namespace akichi::sim::vacancy_kernels_test
