#include "sim/cli/limits.h"

#include <exception>

#include <fmt/format.h>

#include "base/errors.h"
#include "sim/parallel/comm.h"

namespace akichi::sim::cli {
namespace {

CheckedSize total(const std::vector<results::FootprintTerm>& terms) {
  CheckedSize s = std::uint64_t{0};
  for (const results::FootprintTerm& t : terms) s = checked_add(s, t.bytes);
  return s;
}

bool exceeds(const CheckedSize& need, const CheckedSize& limit) {
  return limit && (!need || *need > *limit);
}

std::string found_text(const std::vector<results::FootprintTerm>& terms, std::string_view in_all) {
  const results::FootprintTerm& big = results::largest_term(terms);
  return fmt::format("{} {} = {} ({} {})", big.name, big.formula, bytes_text(big.bytes),
                     bytes_text(total(terms)), in_all);
}

}  // namespace

Limits resolve_limits(const std::string& max_memory, const std::string& max_output,
                      const std::string& output_path) {
  Limits lim;
  if (!max_memory.empty()) {
    lim.memory = parse_size(max_memory, "--max-memory");
    lim.memory_source = "--max-memory";
  } else {
    lim.memory = available_memory_bytes();
    lim.memory_source = "the memory available now; --max-memory sets another limit";
  }
  if (!max_output.empty()) {
    lim.output = parse_size(max_output, "--max-output");
    lim.output_source = "--max-output";
  } else {
    lim.output = free_disk_bytes(output_path);
    lim.output_source = "free on the output's file system; --max-output sets another limit";
  }
  return lim;
}

void enforce_limits(const std::string& scenario_path, const std::string& output_path,
                    const std::vector<results::FootprintTerm>& memory,
                    const std::vector<results::FootprintTerm>& output, const Limits& limits) {
  if (!memory.empty() && exceeds(total(memory), limits.memory)) {
    throw_input_error(
        {scenario_path}, "memory", found_text(memory, "in all at the peak"),
        fmt::format("at most {} ({})", bytes_text(limits.memory), limits.memory_source));
  }
  if (!output.empty() && exceeds(total(output), limits.output)) {
    throw_input_error(
        {scenario_path}, "output",
        found_text(output, fmt::format("in all, uncompressed, for {}", output_path)),
        fmt::format("at most {} ({})", bytes_text(limits.output), limits.output_source));
  }
}

void enforce_limits_on_ranks(par::Comm* comm, const std::string& scenario_path,
                             const std::string& output_path,
                             const std::vector<results::FootprintTerm>& memory,
                             const std::vector<results::FootprintTerm>& output,
                             const Limits& limits) {
  if (comm == nullptr || comm->size() <= 1) {
    enforce_limits(scenario_path, output_path, memory, output, limits);
    return;
  }
  std::exception_ptr refused;
  try {
    enforce_limits(scenario_path, output_path, memory, output, limits);
  } catch (const InputError&) {
    refused = std::current_exception();
  }
  const bool any = comm->max(refused ? 1.0 : 0.0) > 0.0;
  if (refused) std::rethrow_exception(refused);
  if (any) {
    throw_input_error({scenario_path}, "memory or output", "a rank whose limit the run exceeds",
                      "every rank within its limits");
  }
}

void print_footprint(std::FILE* out, const std::vector<results::FootprintTerm>& memory,
                     const std::vector<results::FootprintTerm>& output, const Limits& limits) {
  const auto print = [&](const char* head, const std::vector<results::FootprintTerm>& terms,
                         const CheckedSize& limit, const std::string& source) {
    fmt::print(out, "{}{} in all; limit {} ({})\n", head, bytes_text(total(terms)),
               limit ? bytes_text(limit) : std::string("not known"), source);
    for (const results::FootprintTerm& t : terms)
      fmt::print(out, "            {}: {} = {}\n", t.name, t.formula, bytes_text(t.bytes));
  };
  print("Peak:     memory ", memory, limits.memory, limits.memory_source);
  print("Output:   results data, uncompressed, ", output, limits.output, limits.output_source);
}

}  // namespace akichi::sim::cli
