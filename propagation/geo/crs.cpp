#include "propagation/geo/crs.h"

#include <algorithm>
#include <cmath>
#include <string>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <ogr_spatialref.h>

#include "base/errors.h"

namespace akichi::prop {
namespace {

std::string export_wkt(const OGRSpatialReference& srs, const char* const* options) {
  char* raw = nullptr;
  if (srs.exportToWkt(&raw, options) != OGRERR_NONE || raw == nullptr) {
    CPLFree(raw);
    throw RuntimeError("cannot export the CRS as WKT: " + std::string(CPLGetLastErrorMsg()));
  }
  std::string out(raw);
  CPLFree(raw);
  return out;
}

}  // namespace

struct Crs::Impl {
  OGRSpatialReference srs;
  Impl() { srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER); }
  Impl(const Impl& other) : srs(other.srs) {
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  }
};

Crs::Crs() : impl_(std::make_unique<Impl>()) {
  impl_->srs.importFromEPSG(4326);
}
Crs::~Crs() = default;
Crs::Crs(const Crs& other) : impl_(std::make_unique<Impl>(*other.impl_)) {}
Crs& Crs::operator=(const Crs& other) {
  if (this != &other) impl_ = std::make_unique<Impl>(*other.impl_);
  return *this;
}
Crs::Crs(Crs&&) noexcept = default;
Crs& Crs::operator=(Crs&&) noexcept = default;

Crs Crs::from_user_input(const std::string& definition, const std::string& what) {
  Crs crs;
  CPLErrorReset();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  const OGRErr err = crs.impl_->srs.SetFromUserInput(
      definition.c_str(), OGRSpatialReference::SET_FROM_USER_INPUT_LIMITATIONS_get());
  CPLPopErrorHandler();
  if (err != OGRERR_NONE) {
    throw InputError(format_input_error({}, what, "'" + definition + "'",
                                        "a CRS that PROJ knows (e.g. \"EPSG:32654\", WKT or a "
                                        "PROJ string)"));
  }
  crs.impl_->srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return crs;
}

Crs Crs::from_epsg(int code) {
  Crs crs;
  if (crs.impl_->srs.importFromEPSG(code) != OGRERR_NONE) {
    throw InputError(format_input_error({}, "crs", "EPSG:" + std::to_string(code),
                                        "an EPSG code that PROJ knows"));
  }
  crs.impl_->srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return crs;
}

Crs Crs::wgs84() {
  return Crs();
}

int Crs::utm_epsg_for(double lon_deg, double lat_deg) {
  double lon = std::fmod(lon_deg + 180.0, 360.0);
  if (lon < 0) lon += 360.0;
  int zone = static_cast<int>(std::floor(lon / 6.0)) + 1;
  zone = std::clamp(zone, 1, 60);
  return (lat_deg >= 0 ? 32600 : 32700) + zone;
}

bool Crs::is_projected() const {
  return impl_->srs.IsProjected() != 0;
}
bool Crs::is_geographic() const {
  return impl_->srs.IsGeographic() != 0;
}

std::string Crs::wkt() const {
  const char* options[] = {"FORMAT=WKT1_GDAL", nullptr};
  return export_wkt(impl_->srs, options);
}

std::string Crs::wkt2() const {
  const char* options[] = {"FORMAT=WKT2_2019", nullptr};
  return export_wkt(impl_->srs, options);
}

std::string Crs::proj4() const {
  char* raw = nullptr;
  if (impl_->srs.exportToProj4(&raw) != OGRERR_NONE || raw == nullptr) {
    CPLFree(raw);
    return {};
  }
  std::string out(raw);
  CPLFree(raw);
  return out;
}

std::string Crs::name() const {
  const char* n = impl_->srs.GetName();
  return n ? std::string(n) : std::string();
}

std::string Crs::authority_code() const {
  const char* key = is_projected() ? "PROJCS" : (is_geographic() ? "GEOGCS" : nullptr);
  const char* auth = impl_->srs.GetAuthorityName(key);
  const char* code = impl_->srs.GetAuthorityCode(key);
  if (auth == nullptr || code == nullptr) return {};
  return std::string(auth) + ":" + code;
}

const void* Crs::native() const {
  return &impl_->srs;
}

struct Transformer::Impl {
  OGRCoordinateTransformation* ct = nullptr;
  ~Impl() { OGRCoordinateTransformation::DestroyCT(ct); }
};

Transformer::Transformer(const Crs& from, const Crs& to) : impl_(std::make_unique<Impl>()) {
  impl_->ct =
      OGRCreateCoordinateTransformation(static_cast<const OGRSpatialReference*>(from.native()),
                                        static_cast<const OGRSpatialReference*>(to.native()));
  if (impl_->ct == nullptr) {
    throw RuntimeError("no coordinate transformation from " + from.name() + " to " + to.name() +
                       ": " + CPLGetLastErrorMsg());
  }
}
Transformer::~Transformer() = default;
Transformer::Transformer(Transformer&&) noexcept = default;
Transformer& Transformer::operator=(Transformer&&) noexcept = default;

void Transformer::transform(double& x, double& y) const {
  double z = 0;
  if (!impl_->ct->Transform(1, &x, &y, &z)) {
    throw RuntimeError("coordinate transformation failed at (" + std::to_string(x) + ", " +
                       std::to_string(y) + ")");
  }
}

}  // namespace akichi::prop
