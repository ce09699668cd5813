// Importers of licence data as regulators publish it, into akichi's own station-list CSV
// (docs/station-lists.md). Every field of the published records is either mapped to a station
// key or counted in the report of fields not mapped; records that cannot make a station are
// skipped with the reason. The mapping tables are in docs/importing.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace akichi::sim {

/// Stations imported from a regulator's files, as the rows of an akichi station-list CSV
/// (`header` the columns; an empty cell is a key not given), and what could not be mapped.
struct ImportedStations {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  /// One line per published field or record type that holds values but has no akichi station
  /// key: "LO position 19 (Ground Elevation): 3 records: the ground comes from the terrain".
  std::vector<std::string> not_mapped;
  /// One line per record that gives no station: "FILE:LINE: FR (call sign ...): why".
  std::vector<std::string> skipped;
};

/// The FCC's Universal Licensing System public access files (weekly or daily downloads):
/// pipe-delimited records HD (licence header), EN (entities), LO (locations), AN (antennas),
/// FR (frequencies) and EM (emissions), in any number of files in any order (one .dat per
/// record type as published, or their concatenation). One station per FR record, joined to
/// its licence, location and antenna by unique system identifier, location number and antenna
/// number. Field positions are those of the FCC's "ULS public access database" record
/// definitions (pa_ddef). A field that cannot be read (a latitude that is not a number, an
/// emission designator without a unit letter) is an InputError "FILE:LINE: RECORD position N
/// (NAME): found X, expected Y".
ImportedStations import_fcc_uls(const std::vector<std::string>& paths);

/// ISED Canada's Technical and Administrative Frequency Lists as the Spectrum Management System
/// publishes them (TAFL_LTAF.csv in TAFL_LTAF.zip): a CSV file without header, one row per
/// frequency assignment of a station, 61 columns in the order of ISED's field descriptions
/// (tafl_description_ltaf). One station per transmitting (TX) row; receive-only rows, rows
/// without coordinates, height, ERP or bandwidth are skipped with the reason. A field that cannot
/// be read is an InputError "FILE:N: column C (NAME): found X, expected Y", N the row.
ImportedStations import_tafl(const std::vector<std::string>& paths);

/// The necessary bandwidth of an ITU emission designator (Radio Regulations Appendix 1, §1):
/// three digits and one letter H, K, M or G standing for the decimal point, in Hz ("40M0" ->
/// 40e6, "11K2" -> 11.2e3, "400H" -> 400). 0 when the text is not of that form.
double emission_bandwidth_Hz(std::string_view designator);

}  // namespace akichi::sim
