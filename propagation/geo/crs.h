// Coordinate reference systems through GDAL/OGR and PROJ.
// Every study runs in one projected CRS (metres); geographic inputs are converted at the edge.
#pragma once

#include <memory>
#include <string>

namespace akichi::prop {

/// A coordinate reference system. Copyable value type (wraps OGRSpatialReference).
/// Axis order is always the "traditional GIS" order: (x, y) = (easting, northing) or
/// (longitude, latitude), whatever the authority says.
class Crs {
 public:
  Crs();  // WGS 84 geographic (EPSG:4326)
  ~Crs();
  Crs(const Crs&);
  Crs& operator=(const Crs&);
  Crs(Crs&&) noexcept;
  Crs& operator=(Crs&&) noexcept;

  /// Any definition that OGRSpatialReference::SetFromUserInput accepts: "EPSG:32654",
  /// WKT1/WKT2, PROJ strings. Throws InputError (naming `what`) when PROJ does not know it.
  static Crs from_user_input(const std::string& definition, const std::string& what = "crs");
  static Crs from_epsg(int code);
  static Crs wgs84();

  /// EPSG code of the WGS 84 / UTM zone containing (lon, lat): 326zz north, 327zz south.
  static int utm_epsg_for(double lon_deg, double lat_deg);

  bool is_projected() const;
  bool is_geographic() const;
  /// WKT (WKT1_GDAL flavour, what GDAL's netCDF driver and CF `crs_wkt` readers expect).
  std::string wkt() const;
  /// WKT2:2019, the lossless form.
  std::string wkt2() const;
  /// PROJ.4 string (informative only).
  std::string proj4() const;
  /// Human-readable name, e.g. "WGS 84 / UTM zone 54N".
  std::string name() const;
  /// "EPSG:32654" when the CRS has an EPSG identity, else "".
  std::string authority_code() const;

  /// The underlying OGRSpatialReference* (as void* to keep GDAL headers out of this one).
  const void* native() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Converts points between two CRSs. Not thread-safe: make one per thread.
class Transformer {
 public:
  Transformer(const Crs& from, const Crs& to);
  ~Transformer();
  Transformer(Transformer&&) noexcept;
  Transformer& operator=(Transformer&&) noexcept;
  Transformer(const Transformer&) = delete;
  Transformer& operator=(const Transformer&) = delete;

  /// Transforms (x, y) in place. Throws RuntimeError when PROJ fails on this point.
  void transform(double& x, double& y) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace akichi::prop
