#include "src/app/city_dice.h"

#include <algorithm>
#include <cmath>

#include "src/common/time.h"

namespace hotline::app {

bool CityDice::Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }

int CityDice::Uniform(int a, int b) { return std::uniform_int_distribution<int>(a, b)(rng_); }

domain::Channel CityDice::PickChannel() {
  using domain::Channel;
  int r = Uniform(0, 99);
  return r < 62 ? Channel::kPhone : r < 75 ? Channel::kWeb : r < 83 ? Channel::kMailbox
         : r < 90 ? Channel::kApp : r < 94 ? Channel::kSms : r < 97 ? Channel::kEmail
         : r < 99 ? Channel::kLetter : Channel::kOpen311;
}

TimePoint CityDice::PickCreated(TimePoint now, int64_t i, int64_t n) {
  double frac = double(i) / double(std::max<int64_t>(1, n));
  double age_days = 365.0 * (1.0 - std::sqrt(frac)) + std::uniform_real_distribution<double>(0, 1.0)(rng_);
  TimePoint day = now - std::chrono::duration_cast<Millis>(
                            std::chrono::duration<double, std::ratio<86400>>(age_days));
  int minute = std::clamp(int(std::normal_distribution<double>(14 * 60, 200)(rng_)), 7 * 60, 22 * 60);
  TimePoint t = LocalMidnight(LocalDate(day)) + std::chrono::minutes(minute) +
                std::chrono::seconds(Uniform(0, 59));
  return std::min(t, now - std::chrono::minutes(1));
}

}  // namespace hotline::app
