// Kernels of the vacancy reduction (sim/analysis/vacancy.cpp): one (set, channel) reduced over
// a run of cells of a tile, in a portable version (the compiler's SSE2 vectors) and an AVX2
// version chosen at run time. Both give the same bits: every value of a cell is the same
// sequence of operations on the same operands, rounded alike (AVX2 without FMA: no
// contraction), and the received power's decibels come from one algorithm in both
// (ten_log10). Internal to vacancy.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace akichi::sim::vacancy_detail {

/// The binding value where no receiver limits the cell (kNoBinding, in 32 bits).
inline constexpr std::int32_t kNoBindingId = -1;

/// An active receiver of one (set, channel): its limit a_ik, the station index written where it
/// binds, and its coupling tensor at the run's first cell.
struct RxTerm {
  float a;
  std::int32_t id;
  const float* k;
};

/// An active transmitter of one (set, channel): 10^(b_jk / 10) and its row of 10^(K / 10) at
/// the run's first cell.
struct TxTerm {
  float scale;
  const float* lin;
};

/// The terms of one (set, channel) in the reduction's order (ascending station: the lowest index
/// binds on ties; the power sum in that order), the system maximum EIRP, EIRP_min and the
/// newcomer's limit. `interference`: the run's received interference already reduced by
/// another (set, channel) with the same transmitter terms (the same sum of the same operands,
/// so the same bits), at the run's first cell; the kernel then copies it instead of summing
/// `tx` and taking its decibels. nullptr: reduced here. `max_eirp` and `binding` likewise: the
/// receivers' minimum and binding station of another (set, channel) with the same receiver
/// terms, copied instead of reduced over `rx` (both or neither).
struct RunIn {
  std::span<const RxTerm> rx;
  std::span<const TxTerm> tx;
  float cap, min_useful, limit;
  const float* interference = nullptr;
  const float* max_eirp = nullptr;
  const std::int16_t* binding = nullptr;
};

/// The run's cells in the cube's four arrays.
struct RunOut {
  float* max_eirp;
  std::int16_t* binding;
  float* interference;
  std::uint8_t* usable;
};

/// Scratch of the portable kernel, kMaxRun values each.
inline constexpr std::size_t kMaxRun = 2048;
struct Scratch {
  float sum[kMaxRun];
  std::int32_t bind[kMaxRun];
};

/// log10 of a float by glibc's algorithm of log10f (sysdeps/ieee754/flt-32/e_log10f.c over the
/// logf of sysdeps/ieee754/flt-32/e_logf.c, both as in glibc 2.36), written out here so that the
/// scalar and AVX2 kernels share it: on every positive float it gives glibc 2.36's log10f bits
/// on x86-64 (checked on all 2^31 of them; bench/RESULTS.md); its error against log10 is below
/// 2 ulp. x <= 0 and NaN as log10f (-inf, NaN).
float log10_float(float x) noexcept;

/// The received power's decibels as the cube holds them: x > 0 ? 10 * log10_float(x) (in float)
/// : -inf (also for NaN).
float ten_log10(float x) noexcept;

/// The AVX2 kernel's ten_log10 on n values (any n): the same bits as ten_log10; call only when
/// cpu_has_avx2(). For tests.
void ten_log10_avx2(const float* x, float* out, std::size_t n) noexcept;

/// The cells [0, n) of a run, n <= kMaxRun: max EIRP (min over the receivers and the cap) and
/// its binding station, the power sum of the transmitters and its decibels, and usable.
void reduce_portable(const RunIn& in, const RunOut& out, std::size_t n, Scratch& scratch) noexcept;

/// The same on 8 cells per register; call only when cpu_has_avx2(). The same bits as
/// reduce_portable.
void reduce_avx2(const RunIn& in, const RunOut& out, std::size_t n, Scratch& scratch) noexcept;

bool cpu_has_avx2() noexcept;

}  // namespace akichi::sim::vacancy_detail
