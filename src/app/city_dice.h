// Random draws that make the demo and benchmark cities look like a real centre's year: channels in
// their usual proportions, and creation times denser recently and in the day's busy hours.
// Not thread-safe: one per thread, over that thread's generator.
#pragma once

#include <random>

#include "src/common/clock.h"
#include "src/domain/enums.h"

namespace hotline::app {

class CityDice {
 public:
  explicit CityDice(std::mt19937_64& rng) : rng_(rng) {}
  bool Chance(double p);
  int Uniform(int a, int b);  // inclusive
  // Phone most, then web, mailbox, app, SMS, email, letter, Open311.
  domain::Channel PickChannel();
  // The i-th of n creation times over the year before `now`, oldest first, more in recent weeks,
  // between 07:00 and 22:00 city time (around 14:00), never later than a minute before now.
  TimePoint PickCreated(TimePoint now, int64_t i, int64_t n);

 private:
  std::mt19937_64& rng_;
};

}  // namespace hotline::app
