// The errors of the HTTP API: a status and the JSON body every error has,
//   {"error": {"status": 422, "message": "...", "field": "...", "found": "...",
//              "expected": "..."}}
// naming the field, what was found and what was expected where there is one.
#pragma once

#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace akichi::sim::serve {

class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string message, std::string field = {}, std::string found = {},
           std::string expected = {})
      : std::runtime_error(message),
        status_(status),
        field_(std::move(field)),
        found_(std::move(found)),
        expected_(std::move(expected)) {}

  int status() const { return status_; }
  nlohmann::json body() const {
    nlohmann::json e{{"status", status_}, {"message", what()}};
    if (!field_.empty()) e["field"] = field_;
    if (!found_.empty()) e["found"] = found_;
    if (!expected_.empty()) e["expected"] = expected_;
    return nlohmann::json{{"error", e}};
  }

 private:
  int status_;
  std::string field_, found_, expected_;
};

}  // namespace akichi::sim::serve
