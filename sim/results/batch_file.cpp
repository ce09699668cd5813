#include "sim/results/batch_file.h"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <span>

#include <fmt/format.h>

#include "akichi_version.h"
#include "base/errors.h"
#include "base/text.h"
#include "sim/results/coverage_file.h"
#include "sim/results/reader.h"
#include "sim/results/writer.h"

namespace akichi::sim::results {

namespace {

std::string join(const std::vector<std::string>& v, char sep) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

double number_of(const std::string& text, const std::string& label) {
  if (text == "true") return 1;
  if (text == "false") return 0;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0') {
    throw RuntimeError(fmt::format("batch: parameter {} value '{}' is not a number", label, text));
  }
  return v;
}

}  // namespace

void write_batch(const std::string& path, const BatchHeader& h,
                 const std::vector<BatchEntry>& entries) {
  Writer writer(path);
  Group& root = writer.root();
  root.set_attribute("Conventions", std::string("CF-1.10"));
  root.set_attribute("title", h.title.empty() ? std::string("akichi batch") : h.title);
  root.set_attribute("source", fmt::format("akichi {} (git {})", AKICHI_VERSION, AKICHI_GIT_SHA));
  root.set_attribute("akichi_version", std::string(AKICHI_VERSION));
  root.set_attribute("format_version", static_cast<std::int32_t>(kResultsFormatVersion));
  root.set_attribute("akichi_batch", static_cast<std::int32_t>(1));
  root.set_attribute("sweep_mode", h.sweep_mode);
  root.set_attribute("sweep_key", h.sweep_key);
  root.set_attribute("variants_total", static_cast<std::int32_t>(h.variants_total));
  root.set_attribute("variants_complete", static_cast<std::int32_t>(entries.size()));
  std::vector<std::string> labels, keys;
  std::vector<std::int32_t> numeric;
  for (const BatchParameter& p : h.parameters) {
    labels.push_back(p.label);
    keys.push_back(p.key);
    numeric.push_back(p.numeric ? 1 : 0);
  }
  root.set_attribute("sweep_labels", join(labels, ' '));
  root.set_attribute("sweep_keys", join(keys, '\n'));
  root.set_attribute("sweep_numeric", numeric);
  root.set_attribute("scenario_path", h.scenario_path);
  root.set_attribute("scenario", h.scenario_text);
  root.set_attribute("history", h.command_line);

  // The variant table.
  root.add_dimension("variant", entries.size());
  std::vector<std::string> names;
  std::vector<std::int32_t> index;
  for (const BatchEntry& e : entries) {
    names.push_back(e.name);
    index.push_back(static_cast<std::int32_t>(e.index));
  }
  root.add_string_variable("variant_name", "variant", names,
                           {{"long_name", std::string("variant name (its group)")}});
  root.write_variable<std::int32_t>("variant_index", {"variant"}, index,
                                    {{"long_name", std::string("position in the sweep")}});
  for (std::size_t k = 0; k < h.parameters.size(); ++k) {
    const BatchParameter& p = h.parameters[k];
    const Attrs attrs{{"long_name", "swept parameter " + p.key}, {"sweep_key", p.key}};
    if (p.numeric) {
      std::vector<double> v;
      for (const BatchEntry& e : entries) v.push_back(number_of(e.texts.at(k), p.label));
      root.write_variable<double>(p.label, {"variant"}, v, attrs);
    } else {
      std::vector<std::string> v;
      for (const BatchEntry& e : entries) v.push_back(e.texts.at(k));
      root.add_string_variable(p.label, "variant", v, attrs);
    }
  }

  // One group per variant.
  for (const BatchEntry& e : entries) {
    Group g = root.copy_group_from(e.source_path, e.source_group, e.name);
    const bool from_batch = e.source_group != "/";
    g.set_attribute("batch_variant", e.name);
    g.set_attribute("batch_variant_index", static_cast<std::int32_t>(e.index));
    g.set_attribute("batch_variant_key", e.variant_key);
    std::vector<std::string> coords;
    for (std::size_t k = 0; k < h.parameters.size(); ++k) {
      const BatchParameter& p = h.parameters[k];
      g.set_attribute("sweep_" + p.label, e.texts.at(k));
      // A group copied from a batch file has its parameter variables already.
      if (!p.numeric || from_batch) continue;
      const double v = number_of(e.texts.at(k), p.label);
      try {
        g.write_variable<double>(p.label, {}, std::span<const double>(&v, 1),
                                 {{"long_name", "swept parameter " + p.key}, {"sweep_key", p.key}});
      } catch (const RuntimeError& err) {
        throw RuntimeError(fmt::format(
            "batch: the sweep label '{}' names a results variable of variant {} too ({}); give "
            "the parameter another label",
            p.label, e.name, err.what()));
      }
      coords.push_back(p.label);
    }
    if (!from_batch) g.append_coordinates(coords);
  }
  writer.commit();
}

std::optional<BatchContents> read_batch(const std::string& path) {
  if (!std::filesystem::exists(path)) return std::nullopt;
  Reader r(path);
  const Attrs root_attrs = r.root_attributes();
  const auto root_attr = [&](const std::string& name) -> const AttrValue* {
    for (const Attr& a : root_attrs) {
      if (a.name == name) return &a.value;
    }
    return nullptr;
  };
  if (root_attr("akichi_batch") == nullptr)
    throw RuntimeError(path + ": not an akichi batch file (no akichi_batch attribute)");
  BatchContents c;
  BatchHeader& h = c.header;
  h.title = r.attr_string("/", "title").value_or("");
  h.sweep_mode = r.attr_string("/", "sweep_mode").value_or("");
  h.sweep_key = r.attr_string("/", "sweep_key").value_or("");
  h.variants_total = static_cast<std::size_t>(r.attr_double("/", "variants_total").value_or(0));
  h.scenario_path = r.attr_string("/", "scenario_path").value_or("");
  h.scenario_text = r.attr_string("/", "scenario").value_or("");
  h.command_line = r.attr_string("/", "history").value_or("");
  const auto list = [&](const char* attr, char sep) {
    const std::string text = r.attr_string("/", attr).value_or("");
    return text.empty() ? std::vector<std::string>{} : split(text, sep);
  };
  const std::vector<std::string> labels = list("sweep_labels", ' ');
  const std::vector<std::string> keys = list("sweep_keys", '\n');
  std::vector<std::int32_t> numeric;
  if (const AttrValue* v = root_attr("sweep_numeric")) {
    if (const auto* vec = std::get_if<std::vector<std::int32_t>>(v)) numeric = *vec;
    if (const auto* one = std::get_if<std::int32_t>(v)) numeric = {*one};
  }
  if (keys.size() != labels.size() || numeric.size() != labels.size()) {
    throw RuntimeError(path + ": inconsistent sweep_labels / sweep_keys / sweep_numeric");
  }
  for (std::size_t k = 0; k < labels.size(); ++k) {
    h.parameters.push_back({labels[k], keys[k], numeric[k] != 0});
  }
  const std::vector<std::string> names = r.read_strings("/variant_name");
  for (const std::string& name : names) {
    const std::string g = "/" + name;
    BatchEntry e;
    e.name = name;
    e.index = static_cast<std::size_t>(r.attr_double(g, "batch_variant_index").value_or(0));
    e.variant_key = r.attr_string(g, "batch_variant_key").value_or("");
    for (const BatchParameter& p : h.parameters) {
      e.texts.push_back(r.attr_string(g, "sweep_" + p.label).value_or(""));
    }
    e.source_path = path;
    e.source_group = g;
    c.entries.push_back(std::move(e));
  }
  return c;
}

std::optional<std::string> read_variant_key(const std::string& path) {
  if (!std::filesystem::exists(path)) return std::nullopt;
  try {
    Reader r(path);
    return r.attr_string("/", "batch_variant_key");
  } catch (const RuntimeError&) {
    return std::nullopt;
  }
}

}  // namespace akichi::sim::results
