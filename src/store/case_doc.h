// The stored form of a case's non-indexed fields (assignments, replies, rating…) as JSON, and of
// its personal data (sealed separately). Internal to store backends.
#pragma once

#include <boost/json.hpp>

#include "src/common/status.h"
#include "src/domain/model.h"

namespace hotline::store {

std::string CaseDocToJson(const domain::Case& c);
Status CaseDocFromJson(std::string_view text, domain::Case* c);

std::string CitizenToJson(const domain::Citizen& c);
Result<domain::Citizen> CitizenFromJson(std::string_view text);

}  // namespace hotline::store
