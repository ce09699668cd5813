// [coordination] (sim/scenario/coordination_spec.h): the method and its parameters, the order of
// service by station id, the channels of the applicants, defaults from [vacancy], and the
// located messages of bad input.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "base/errors.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim::coordination_spec_test {
namespace {

constexpr const char* kBase = R"(
[area]
crs = "EPSG:32654"
xmin_m = 400000
ymin_m = 3900000
xmax_m = 400600
ymax_m = 3900600
cell_size_m = 30
rx_heights_m = [10.0]

[terrain]
source = "flat"

[propagation]
model = "free_space"

[spectrum]
band_lo_MHz = 4600
band_hi_MHz = 4900
bandwidth_MHz = 100

[[incumbent]]
id = "rx"
x_m = 400150
y_m = 3900450
height_m = 20
freq_lo_MHz = 4700
freq_hi_MHz = 4800
noise_figure_dB = 4
i_over_n_dB = -10

[vacancy]
max_eirp_dBm = 40
min_useful_eirp_dBm = 5

[aggregate]
terminals = false

[[station]]
id = "a"
x_m = 400200
y_m = 3900400
height_m = 8
freq_MHz = 4750
bandwidth_MHz = 100
eirp_dBm = 20

[[station]]
id = "b"
x_m = 400300
y_m = 3900300
height_m = 8
freq_MHz = 4650
bandwidth_MHz = 100
eirp_dBm = 20
)";

std::string with(const std::string& coordination) {
  return std::string(kBase) + "\n[coordination]\n" + coordination;
}

void expect_error(const std::string& text, const std::vector<std::string>& parts) {
  try {
    parse_scenario(text, "dir/s.toml");
    ADD_FAILURE() << "no InputError for:\n" << text;
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.rfind("dir/s.toml:", 0), 0u) << msg;
    for (const auto& p : parts)
      EXPECT_NE(msg.find(p), std::string::npos) << "'" << p << "' not in: " << msg;
  }
}

TEST(CoordinationSpec, MethodsParametersAndDefaults) {
  const Scenario none = parse_scenario(kBase, "dir/s.toml");
  EXPECT_FALSE(none.sharing.coordination.enabled);

  const Scenario f = parse_scenario(with("method = \"fcfs\"\norder = [\"b\", \"a\"]\n"), "s.toml");
  const CoordinationSpec& q = f.sharing.coordination;
  EXPECT_TRUE(q.enabled);
  EXPECT_EQ(q.method, CoordinationSpec::Method::Fcfs);
  EXPECT_EQ(q.order, (std::vector<std::size_t>{1, 0}));
  // Channels of the plan 4600-4700, 4700-4800, 4800-4900: a on 1, b on 0.
  EXPECT_EQ(q.applicant_channel, (std::vector<std::size_t>{1, 0}));
  EXPECT_DOUBLE_EQ(q.max_eirp_dBm, 40.0);  // from [vacancy]
  EXPECT_DOUBLE_EQ(q.min_eirp_dBm, 5.0);

  const Scenario i =
      parse_scenario(with("method = \"iterative\"\nstep_dB = 0.5\nmin_eirp_dBm = -10\n"), "s.toml");
  EXPECT_EQ(i.sharing.coordination.method, CoordinationSpec::Method::Iterative);
  EXPECT_DOUBLE_EQ(i.sharing.coordination.step_dB, 0.5);
  EXPECT_DOUBLE_EQ(i.sharing.coordination.min_eirp_dBm, -10.0);
  EXPECT_TRUE(i.sharing.coordination.order.empty());

  const Scenario m =
      parse_scenario(with("method = \"move_list\"\npercentile = 99\ntrials = 300\nseed = 4\n"
                          "shadowing_sigma_dB = 5.5\n"),
                     "s.toml");
  const CoordinationSpec& mq = m.sharing.coordination;
  EXPECT_EQ(mq.method, CoordinationSpec::Method::MoveList);
  EXPECT_DOUBLE_EQ(mq.percentile, 99.0);
  EXPECT_EQ(mq.trials, 300u);
  EXPECT_EQ(mq.seed, 4u);
  EXPECT_DOUBLE_EQ(mq.shadowing_sigma_dB, 5.5);
  EXPECT_NE(describe_coordination(mq, 2).find("99th percentile of 300"), std::string::npos);

  const Scenario c = parse_scenario(with("method = \"channel_assignment\"\n"), "s.toml");
  EXPECT_EQ(c.sharing.coordination.method, CoordinationSpec::Method::ChannelAssignment);
  EXPECT_EQ(coordination_method_name(c.sharing.coordination.method),
            std::string("channel_assignment"));
}

TEST(CoordinationSpec, BadInputIsLocated) {
  expect_error(with(""), {"coordination.method", "no value", "\"fcfs\""});
  expect_error(with("method = \"auction\"\n"), {"coordination.method", "auction"});
  expect_error(with("method = \"iterative\"\norder = [\"a\", \"b\"]\n"),
               {"coordination.order", "no order unless method = \"fcfs\""});
  expect_error(with("method = \"fcfs\"\nstep_dB = 2\n"),
               {"coordination.step_dB", "no step_dB unless method = \"iterative\""});
  expect_error(with("method = \"fcfs\"\ntrials = 20\n"),
               {"coordination.trials", "no trials unless method = \"move_list\""});
  expect_error(with("method = \"fcfs\"\norder = [\"a\", \"zz\"]\n"),
               {"coordination.order", "\"zz\" (no [[station]] with that id)",
                "an array of the 2 [[station]] ids, each once"});
  expect_error(with("method = \"fcfs\"\norder = [\"a\", \"a\"]\n"),
               {"coordination.order", "\"a\" twice"});
  expect_error(with("method = \"fcfs\"\norder = [\"a\"]\n"),
               {"coordination.order", "1 ids (\"b\" missing)"});
  expect_error(with("method = \"iterative\"\nstep_dB = 0\n"), {"coordination.step_dB", "found 0"});
  expect_error(with("method = \"move_list\"\npercentile = 101\n"),
               {"coordination.percentile", "101"});
  expect_error(with("method = \"fcfs\"\nmin_eirp_dBm = 45\n"),
               {"coordination.min_eirp_dBm", "at most max_eirp_dBm (40 dBm)"});
  expect_error(with("method = \"fcfs\"\nspeed = 1\n"), {"coordination", "speed"});
  // A station off the plan's channels.
  std::string off = with("method = \"fcfs\"\n");
  off.replace(off.find("freq_MHz = 4650"), 15, "freq_MHz = 4660");
  expect_error(off,
               {"station[1].freq_MHz", "4610-4710 MHz", "the band of a channel of [spectrum]"});
  // Without [aggregate].
  std::string no_agg = with("method = \"fcfs\"\n");
  no_agg.replace(no_agg.find("[aggregate]\nterminals = false"), 29, "");
  expect_error(no_agg, {"coordination", "without [aggregate]"});
}

}  // namespace
}  // namespace akichi::sim::coordination_spec_test
