// Reads one 2-D slice of a results file into a map layer and its overlay (stations, premises).
// The only place where viz meets the results file, through sim/results.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "sim/results/reader.h"
#include "viz/map.h"

namespace akichi::viz {

/// Which slice of a variable to map. Any variable whose last two dimensions are (y, x) can be
/// mapped; each leading dimension is fixed by one selector:
///   time                        `time`: the exact `time_local` label, an index, or a prefix of
///                               exactly one label ("2026-12-07T09")
///   channel                     `channel`: the exact `channel_id`, or an index
///   height                      `height_m`: metres; default: the lowest height
///   station, db_station,        `station`: the id, from the string variable `<dimension>_id`
///   mic_station (any *station)  (station_id, db_station_id, mic_station_id)
///   mic_pair                    `pair`: "A->B" (mic_pair_a, mic_pair_b), or an index
///   any other dimension         only when its size is 1
/// A dimension of size 1 needs no selector; a selector given for a dimension the variable does
/// not have is an error.
struct LayerSelection {
  std::string var;
  std::string variant;  ///< batch files (sweeps): a variant's name or its index in the sweep
  std::string station;  ///< required for variables along a station dimension
  std::optional<double> height_m;  ///< default: the lowest height
  std::string time;                ///< required for variables along `time` (size > 1)
  std::string channel;             ///< required for variables along `channel` (size > 1)
  std::string pair;                ///< required for variables along `mic_pair` (size > 1)
};

/// One fixed leading dimension of the slice.
struct SliceCoordinate {
  std::string dim;    ///< e.g. "time"
  std::size_t index;  ///< position along it
  std::string label;  ///< e.g. "2026-12-07T09:00+09:00", "4700-4800MHz", "10 m", "gnb-hall-a"
};

/// The variant group of a batch file that `given` names (its name, or its position in the
/// sweep, `variant_index`), with its coordinate appended to `slice`; "" for the file of a single
/// run. InputError naming --variant when a batch file has no such variant or none is given, or
/// a single run's file is given one.
std::string select_variant(const sim::results::Reader& reader, const std::string& results_path,
                           const std::string& given, std::vector<SliceCoordinate>& slice);

struct LoadedMap {
  MapLayer layer;
  MapOverlay overlay;
  std::vector<SliceCoordinate> slice;  ///< the leading dimensions, outermost first
};

/// Reads the slice. In a batch file (root attribute akichi_batch = 1) the slice is taken from the
/// group of the variant `variant` names, which is required (and refused for a single run's
/// file); it is the first entry of `slice` ("variant", position in the file, name).
/// Variables with `flag_values` and `flag_meanings` (best_server,
/// binding_station, usable, masks) become categorical layers: a stored value equal to
/// flag_values[i] becomes category i, labelled by the i-th word of flag_meanings (so the -1
/// "system_maximum" of binding_station is category 0 and database station k is category k+1).
/// The layer's long_name is the variable's, without a trailing parenthetical remark when longer
/// than 60 characters. The subtitle names the variable, its units and the slice ("time
/// 2026-12-07T09:00+09:00, channel 4700-4800MHz, height 10 m"). Throws InputError naming the file
/// and what exists when the variable, a selector's value or a needed selector is not there, when a
/// selector is given for a dimension the variable lacks, when the variable is not a map (its last
/// dimensions are not y, x), or when a categorical variable holds a value outside its flag_values.
LoadedMap load_map(const std::string& results_path, const LayerSelection& selection);

/// The group of a batch file's variant that `variant` names (its name, or its index in the sweep,
/// as --variant of render); "" for the results file of a single run, which refuses a variant.
/// Throws InputError as load_map() does for --variant (a batch file needs one).
std::string variant_group(const std::string& results_path, const std::string& variant);

/// load_map(), except for a mask (flag_values 0 1) along a station dimension (mic_coverage,
/// mic_coordination) with no `station` selected: the union of every station's mask (a cell is
/// 1 where any station's is 1), its slice label along that dimension "all of N". Any other
/// variable or selection is load_map()'s.
LoadedMap load_mask_union(const std::string& results_path, const LayerSelection& selection);

}  // namespace akichi::viz
