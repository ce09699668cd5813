// The add-on losses of propagation/engine/adapters/additional_losses.h: P.2108-1 §3.2 clutter
// loss and P.2109-2 building entry loss equal the pure models inside their domains, clamp
// outside, and reject invalid parameters naming the field.
#include <gtest/gtest.h>

#include <string>

#include "base/errors.h"
#include "propagation/engine/adapters/additional_losses.h"
#include "propagation/models/itu_r_p2108_1.h"
#include "propagation/models/itu_r_p2109_2.h"

namespace akichi::prop {
namespace {

TEST(ClutterLossAddOn, EqualsP2108AndClamps) {
  const ClutterLoss c(ClutterLossParams{});
  EXPECT_DOUBLE_EQ(c.loss_dB(3.5e9, 1000.0), p2108::terrestrial_clutter_loss_dB(3.5, 1.0, 50.0));
  // shorter than 250 m: the 250 m value; above 67 GHz: the 67 GHz value
  EXPECT_DOUBLE_EQ(c.loss_dB(28e9, 50.0), p2108::terrestrial_clutter_loss_dB(28.0, 0.25, 50.0));
  EXPECT_DOUBLE_EQ(c.loss_dB(80e9, 1000.0), p2108::terrestrial_clutter_loss_dB(67.0, 1.0, 50.0));
  ClutterLossParams both;
  both.both_ends = true;
  both.location_percent = 90.0;
  const ClutterLoss c2(both);
  EXPECT_DOUBLE_EQ(c2.loss_dB(28e9, 1500.0),
                   2.0 * p2108::terrestrial_clutter_loss_dB(28.0, 1.5, 90.0));
  EXPECT_DOUBLE_EQ(c2.loss_dB(28e9, 900.0), p2108::terrestrial_clutter_loss_dB(28.0, 0.9, 90.0));
  EXPECT_NE(c2.describe().find("P.2108-1"), std::string::npos);
}

TEST(ClutterLossAddOn, RejectsPercentageOutsideOpenInterval) {
  for (double p : {0.0, 100.0, -1.0}) {
    ClutterLossParams bad;
    bad.location_percent = p;
    try {
      ClutterLoss c(bad);
      ADD_FAILURE() << p;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("propagation.clutter_loss.location_percent"),
                std::string::npos);
    }
  }
}

TEST(BuildingEntryLossAddOn, EqualsP2109AndClamps) {
  BuildingEntryLossParams p;
  p.building_type = "thermally_efficient";
  p.probability_percent = 70.0;
  const BuildingEntryLoss b(p);
  EXPECT_DOUBLE_EQ(
      b.loss_dB(28e9, 10.0),
      p2109::building_entry_loss_dB(28.0, 0.7, p2109::BuildingType::ThermallyEfficient, 10.0));
  EXPECT_DOUBLE_EQ(
      b.loss_dB(150e9, 0.0),
      p2109::building_entry_loss_dB(100.0, 0.7, p2109::BuildingType::ThermallyEfficient, 0.0));
  EXPECT_DOUBLE_EQ(b.loss_dB(3.5e9, 120.0), b.loss_dB(3.5e9, 90.0));
  const BuildingEntryLoss t(BuildingEntryLossParams{});
  EXPECT_LT(t.loss_dB(28e9, 0.0), b.loss_dB(28e9, 0.0));
}

TEST(BuildingEntryLossAddOn, RejectsBadParameters) {
  BuildingEntryLossParams p;
  p.building_type = "igloo";
  EXPECT_THROW(BuildingEntryLoss{p}, InputError);
  try {
    BuildingEntryLoss b(p);
  } catch (const InputError& e) {
    EXPECT_NE(
        std::string(e.what()).find("propagation.building_entry_loss.building_type: found 'igloo'"),
        std::string::npos)
        << e.what();
  }
  p = BuildingEntryLossParams{};
  p.probability_percent = 100.0;
  EXPECT_THROW(BuildingEntryLoss{p}, InputError);
}

}  // namespace
}  // namespace akichi::prop
