#include "sim/spectrum/channel_plan.h"

#include <cmath>
#include <cstdio>
#include <set>

#include <fmt/format.h>

#include "base/errors.h"
#include "sim/input/toml_section.h"

namespace akichi::sim {

namespace {

constexpr std::size_t kMaxChannels = 100'000;

/// MHz with the shortest decimal that is exact to 1 Hz: 4600 -> "4600", 4600.5 -> "4600.5".
std::string mhz_text(double f_Hz) {
  const long long hz = std::llround(f_Hz);
  const long long whole = hz / 1'000'000, frac = hz % 1'000'000;
  char buf[48];
  if (frac == 0) {
    std::snprintf(buf, sizeof buf, "%lld", whole);
  } else {
    std::snprintf(buf, sizeof buf, "%lld.%06lld", whole, frac);
    std::string s(buf);
    while (s.back() == '0') s.pop_back();
    return s;
  }
  return buf;
}

}  // namespace

std::string channel_id(double lo_Hz, double hi_Hz, std::string_view id_prefix) {
  return std::string(id_prefix) + mhz_text(lo_Hz) + "-" + mhz_text(hi_Hz) + "MHz";
}

std::vector<Channel> make_channel_plan(double band_lo_Hz, double band_hi_Hz, double bandwidth_Hz,
                                       std::string_view id_prefix) {
  using toml_in::num;
  if (!std::isfinite(band_lo_Hz) || !(band_lo_Hz > 0))
    throw_input_error({}, "band_lo_Hz", num(band_lo_Hz), "a frequency > 0 Hz");
  if (!std::isfinite(band_hi_Hz) || !(band_hi_Hz > band_lo_Hz))
    throw_input_error({}, "band_hi_Hz", num(band_hi_Hz),
                      "a frequency above band_lo_Hz = " + num(band_lo_Hz) + " Hz");
  if (!std::isfinite(bandwidth_Hz) || !(bandwidth_Hz > 0))
    throw_input_error({}, "bandwidth_Hz", num(bandwidth_Hz), "a bandwidth > 0 Hz");
  if (!id_prefix.empty() && !toml_in::valid_id(id_prefix))
    throw_input_error({}, "id_prefix", toml_in::in_quotes(id_prefix),
                      "letters, digits, '_', '.', '-'");
  const double span_Hz = band_hi_Hz - band_lo_Hz;
  const double n_real = std::floor(span_Hz / bandwidth_Hz * (1 + 1e-9));
  if (n_real < 1)
    throw_input_error({}, "bandwidth_Hz", num(bandwidth_Hz),
                      "a bandwidth not above the band's width " + num(span_Hz) + " Hz");
  if (n_real > static_cast<double>(kMaxChannels))
    throw_input_error({}, "bandwidth_Hz", num(bandwidth_Hz) + " (" + num(n_real) + " channels)",
                      "at most " + std::to_string(kMaxChannels) + " channels in the band");
  const auto n = static_cast<std::size_t>(n_real);
  std::vector<Channel> plan;
  plan.reserve(n);
  for (std::size_t k = 0; k < n; ++k) {
    const double lo = band_lo_Hz + static_cast<double>(k) * bandwidth_Hz;
    const double hi = band_lo_Hz + static_cast<double>(k + 1) * bandwidth_Hz;
    plan.push_back({channel_id(lo, hi, id_prefix), lo, hi});
  }
  return plan;
}

const std::vector<std::string_view>& spectrum_keys() {
  static const std::vector<std::string_view> keys{
      "band_lo_Hz",   "band_lo_MHz",   "band_lo_GHz", "band_hi_Hz", "band_hi_MHz", "band_hi_GHz",
      "bandwidth_Hz", "bandwidth_MHz", "id_prefix",   "channels",   "aclr_dB",     "acs_dB"};
  return keys;
}

std::vector<Channel> parse_channel_plan(const toml_in::Section& s) {
  using namespace toml_in;
  s.check_keys(spectrum_keys());
  static const std::vector<std::string_view> lo_keys{"band_lo_Hz", "band_lo_MHz", "band_lo_GHz"};
  static const std::vector<std::string_view> hi_keys{"band_hi_Hz", "band_hi_MHz", "band_hi_GHz"};
  static const std::vector<std::string_view> bw_keys{"bandwidth_Hz", "bandwidth_MHz"};
  static const std::vector<double> f_scales{1.0, 1e6, 1e9};
  static const std::vector<double> bw_scales{1.0, 1e6};

  bool band_form = s.has("id_prefix");
  for (const auto* keys : {&lo_keys, &hi_keys, &bw_keys})
    for (std::string_view k : *keys) band_form = band_form || s.has(k);
  const bool list_form = s.has("channels");
  if (band_form && list_form)
    throw_input_error(s.where_key("channels"), s.field("channels"),
                      "both an explicit channel list and band_lo/band_hi/bandwidth keys",
                      "either channels = [...] or band_lo_MHz, band_hi_MHz and bandwidth_MHz");
  if (!band_form && !list_form)
    s.missing("channels",
              "a channel plan: band_lo_MHz, band_hi_MHz and bandwidth_MHz, or "
              "channels = [{id = ..., lo_MHz = ..., hi_MHz = ...}, ...]");

  if (band_form) {
    const double lo = *s.scaled(lo_keys, f_scales, positive("Hz"), true);
    const double hi = *s.scaled(hi_keys, f_scales, positive("Hz"), true);
    const double bw = *s.scaled(bw_keys, bw_scales, positive("Hz"), true);
    const std::string prefix = s.string("id_prefix").value_or("");
    if (!prefix.empty() && !valid_id(prefix))
      s.fail("id_prefix", in_quotes(prefix), "letters, digits, '_', '.', '-'");
    if (!(hi > lo)) {
      const int k = s.one_of(hi_keys, true);
      s.fail(hi_keys[static_cast<std::size_t>(k)], num(hi / f_scales[static_cast<std::size_t>(k)]),
             "a band upper edge above the lower edge");
    }
    if (bw > (hi - lo) * (1 + 1e-9)) {
      const int k = s.one_of(bw_keys, true);
      s.fail(bw_keys[static_cast<std::size_t>(k)], num(bw / bw_scales[static_cast<std::size_t>(k)]),
             "a bandwidth not above the band's width (" + num((hi - lo) / 1e6) + " MHz)");
    }
    // The channel count is checked here too, where the keys the user wrote and their place in
    // the file are known (make_channel_plan can only name the band in Hz).
    if (const double n = std::floor((hi - lo) / bw * (1 + 1e-9));
        n > static_cast<double>(kMaxChannels)) {
      const int k = s.one_of(hi_keys, true);
      const int kb = s.one_of(bw_keys, true);
      s.fail(hi_keys[static_cast<std::size_t>(k)],
             fmt::format("{} ({} channels of {} {})",
                         num(hi / f_scales[static_cast<std::size_t>(k)]), num(n),
                         num(bw / bw_scales[static_cast<std::size_t>(kb)]), kb == 0 ? "Hz" : "MHz"),
             fmt::format("a band of at most {} channels", kMaxChannels));
    }
    return make_channel_plan(lo, hi, bw, prefix);
  }

  const toml::array* arr = s.tables("channels", "an array of tables {id, lo_MHz, hi_MHz}");
  std::vector<Channel> plan;
  std::set<std::string, std::less<>> ids;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const toml::node& n = *arr->get(i);
    const std::string name = s.field("channels") + "[" + std::to_string(i) + "]";
    const toml::table* t = n.as_table();
    if (t == nullptr)
      throw_input_error(s.ctx().at(n.source()), name, describe(n), "a table {id, lo_MHz, hi_MHz}");
    const Section c(s.ctx(), *t, name);
    c.check_keys({"id", "lo_Hz", "lo_MHz", "lo_GHz", "hi_Hz", "hi_MHz", "hi_GHz"});
    static const std::vector<std::string_view> clo{"lo_Hz", "lo_MHz", "lo_GHz"};
    static const std::vector<std::string_view> chi{"hi_Hz", "hi_MHz", "hi_GHz"};
    const double lo = *c.scaled(clo, f_scales, positive("Hz"), true);
    const double hi = *c.scaled(chi, f_scales, positive("Hz"), true);
    if (!(hi > lo)) {
      const int k = c.one_of(chi, true);
      c.fail(chi[static_cast<std::size_t>(k)], num(hi / f_scales[static_cast<std::size_t>(k)]),
             "an upper edge above the lower edge");
    }
    std::string id = c.string("id").value_or("");
    if (c.has("id") && !valid_id(id))
      c.fail("id", in_quotes(id), "a channel id of letters, digits, '_', '.', '-'");
    if (id.empty()) id = channel_id(lo, hi, "");
    if (!ids.insert(id).second)
      c.fail(c.has("id") ? "id" : "lo_MHz", in_quotes(id) + " (already used by another channel)",
             "a unique channel id");
    plan.push_back({id, lo, hi});
  }
  return plan;
}

}  // namespace akichi::sim
