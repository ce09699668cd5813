// GDAL diagnostics as exceptions: while a QuietGdal lives, GDAL reports nothing on stderr and
// the last message is read with gdal_message() to be put into the exception that follows.
#pragma once

#include <string>

#include <cpl_error.h>

namespace akichi {

class QuietGdal {
 public:
  QuietGdal() {
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
  }
  ~QuietGdal() { CPLPopErrorHandler(); }
  QuietGdal(const QuietGdal&) = delete;
  QuietGdal& operator=(const QuietGdal&) = delete;
};

/// GDAL's last error message, or a note that it gave none.
inline std::string gdal_message() {
  const char* msg = CPLGetLastErrorMsg();
  return (msg != nullptr && *msg != '\0') ? std::string(msg) : std::string("no message from GDAL");
}

}  // namespace akichi
