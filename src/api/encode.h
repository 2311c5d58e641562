// JSON encodings of the domain for the API, with personal data masked by role.
#pragma once

#include <boost/json.hpp>

#include "src/domain/model.h"
#include "src/workflow/engine.h"

namespace hotline::api {

std::string MaskName(const std::string& name);    // 张三丰 → 张**
std::string MaskPhone(const std::string& phone);  // 13812345678 → 138****5678
std::string MaskId(const std::string& id);        // 1101…1234 with the middle hidden

enum class PiiView { kFull, kMasked, kHidden };

// The case as API.md describes it, for this actor (masking, allowed_actions, SLA state now).
boost::json::object EncodeCase(const workflow::Engine& engine, const workflow::Actor& actor,
                               const domain::Case& c, bool with_actions = true);
// The same case written straight as JSON text, appended to `*out`: byte for byte
// boost::json::serialize(EncodeCase(engine, actor, c, with_actions)), without building the tree
// (the hot point-read path; encode_test.cc holds the two to the same bytes). A field added to
// EncodeCase must be added here too, in the same place.
void EncodeCaseTo(std::string* out, const workflow::Engine& engine, const workflow::Actor& actor,
                  const domain::Case& c, bool with_actions = true);
boost::json::object EncodeEvent(const domain::Event& e, const workflow::Directory& dir, TimeZone tz);
boost::json::object EncodeUnit(const domain::Unit& u);
boost::json::object EncodeCategory(const domain::Category& c);
boost::json::object EncodeUser(const domain::User& u);

}  // namespace hotline::api
