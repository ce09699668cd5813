// Channel plans: the channels a newcomer may be assigned and on which vacancy is evaluated.
//
// A plan is either a band cut into contiguous channels of one bandwidth, from the band's lower
// edge upwards, as many as fit entirely (the remainder at the top of the band, if any, is left
// unassigned), or an explicit list of channels. Channel identifiers:
//   generated: PREFIX + "<lo>-<hi>MHz", edges in MHz with the shortest exact decimal
//              ("4600-4700MHz", "n79-4600-4610MHz", "28200-28600MHz", "4600.5-4601.5MHz");
//   explicit:  as written, or generated from the edges when no id is given.
// Identifiers are letters and digits (any script), '_', '.', '-' (toml_in::valid_id) so that
// they can name HDF5 labels and files.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace akichi::sim {

namespace toml_in {
class Section;
}

/// One channel: the band [lo_Hz, hi_Hz] it occupies (a transmitter) or is tuned to (a receiver).
struct Channel {
  std::string id;
  double lo_Hz = 0, hi_Hz = 0;

  double centre_Hz() const noexcept { return 0.5 * (lo_Hz + hi_Hz); }
  double bandwidth_Hz() const noexcept { return hi_Hz - lo_Hz; }
};

/// PREFIX + "<lo>-<hi>MHz" (see above); edges rounded to 1 Hz.
std::string channel_id(double lo_Hz, double hi_Hz, std::string_view id_prefix);

/// floor((band_hi - band_lo) / bandwidth) contiguous channels from band_lo_Hz (a relative
/// tolerance of 1e-9 absorbs rounding of the band edges). InputError when band_lo_Hz is not
/// finite and > 0, band_hi_Hz <= band_lo_Hz, bandwidth_Hz <= 0, the bandwidth exceeds the band,
/// or more than 100'000 channels would be made.
std::vector<Channel> make_channel_plan(double band_lo_Hz, double band_hi_Hz, double bandwidth_Hz,
                                       std::string_view id_prefix);

/// The channel plan of a [spectrum] table (docs/time-and-spectrum.md): either
///   band_lo_{Hz,MHz,GHz}, band_hi_{Hz,MHz,GHz}, bandwidth_{Hz,MHz} [, id_prefix]
/// or
///   channels = [{id = "...", lo_{Hz,MHz,GHz} = ..., hi_{Hz,MHz,GHz} = ...}, ...]
/// Channel ids must be unique. InputError with file:line:col and the key otherwise.
std::vector<Channel> parse_channel_plan(const toml_in::Section& s);

/// Every key a [spectrum] table may hold (channel plan and coupling model).
const std::vector<std::string_view>& spectrum_keys();

}  // namespace akichi::sim
