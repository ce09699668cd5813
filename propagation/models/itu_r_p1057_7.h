// ITU-R P.1057-7 "Probability distributions relevant to radiowave propagation modelling".
// Implemented: the normal (Gaussian) distribution: the cumulative normal distribution F(x), the
// complementary cumulative normal distribution Q(x) = 1 - F(x) = erfc(x / sqrt 2) / 2, and their
// inverses, which the statistical models of P.2108, P.2109 and P.1411 write as Q^-1 or F^-1.
// Not implemented: the other distributions of the recommendation (log-normal, Rayleigh, Nakagami,
// gamma, exponential, Weibull...), and its polynomial approximation of Q^-1 (absolute error
// < 4.5e-4): the inverses below are computed to full double precision instead (rational first
// guess refined by one Halley step on erfc), because the P.2109-2 validation set was generated
// with an exact inverse and is checked at 1e-4 dB.
#pragma once

namespace akichi::prop::p1057 {

/// Cumulative normal distribution F(x) = P(X <= x) of a standard normal X (dimensionless).
double normal_cdf(double x) noexcept;

/// Complementary cumulative normal distribution Q(x) = 1 - F(x) (dimensionless).
double normal_ccdf(double x) noexcept;

/// Inverse cumulative normal distribution F^-1(p): the x with F(x) = p.
/// @param p probability, 0 < p < 1 (returns -inf at 0, +inf at 1, NaN outside [0, 1])
/// @return x, relative accuracy about 1e-15
double inverse_normal_cdf(double p) noexcept;

/// Inverse complementary cumulative normal distribution Q^-1(q) = F^-1(1 - q) = -F^-1(q).
/// @param q probability, 0 < q < 1
double inverse_normal_ccdf(double q) noexcept;

}  // namespace akichi::prop::p1057
