// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) on top of the hotline's cases:
// the service catalog (our leaf categories), service definitions (data), the mapping of a case to a
// public service request, the public update feed (FixMyStreet's servicerequestupdates), parsing
// of a POSTed request, and the JSON/XML encodings and error format of the spec.
//
// Everything here is pure: no I/O, no clock (times are passed in), no store access. Personal data
// never leaves through these functions: the citizen is never encoded, and free text (descriptions,
// replies) goes through ScrubPersonalData first. Thread-safe: the functions keep no state; a
// ServiceCatalog is immutable once built.
#pragma once

#include <boost/json.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/common/status.h"
#include "src/common/time.h"
#include "src/domain/model.h"
#include "src/store/store.h"
#include "src/workflow/directory.h"
#include "src/workflow/engine.h"

namespace hotline::open311 {

// ---------------------------------------------------------------- formats and errors

enum class Format { kJson, kXml };

// One encoded response.
struct Encoded {
  unsigned status = 200;
  std::string content_type;  // "application/json; charset=utf-8" or "text/xml; charset=utf-8"
  std::string body;
};

// What an encoded document is: decides the XML root and item element names.
enum class Resource {
  kDiscovery,          // <discovery> … <endpoints><endpoint> … <formats><format>
  kServices,           // <services><service>
  kServiceDefinition,  // <service_definition> … <attributes><attribute> … <values><value>
  kRequests,           // <service_requests><request> (GET requests, GET requests/{id})
  kPostResult,         // <service_requests><request> (POST requests)
  kTokens,             // <service_requests><request> (GET tokens/{token})
  kUpdates,            // <service_requests_updates><request_update>
  kErrors,             // <errors><error>
};

// The JSON value as JSON, or as the spec's XML: an array becomes the resource's root with one item
// element per entry, an object's fields become child elements in order, null an empty element,
// nested arrays of objects/strings take their singular item names (attributes→attribute,
// values→value, endpoints→endpoint, formats→format, notes→note).
Encoded Encode(const boost::json::value& v, Resource r, Format f, unsigned status = 200);
std::string JsonToXml(const boost::json::value& v, Resource r);

// The spec's error list: [{"code": 404, "description": "..."}] / <errors><error><code>404</code>
// <description>…</description></error></errors>, with `http_status` as the HTTP status and code.
Encoded Error(Format f, unsigned http_status, std::string_view description);

// ---------------------------------------------------------------- services

struct AttributeValue {
  std::string key;
  std::string name;
};

// One question of a service definition (GeoReport v2 "attribute").
struct Attribute {
  bool variable = true;
  std::string code;
  std::string datatype;  // string | number | datetime | text | singlevaluelist | multivaluelist
  bool required = false;
  std::string datatype_description;
  int order = 1;
  std::string description;
  std::vector<AttributeValue> values;  // the list types only
};

// Definitions apply to every category whose code starts with `prefix` (longest prefix wins).
struct DefinitionRule {
  std::string prefix;
  domain::CaseType case_type = domain::CaseType::kComplaint;
  std::vector<Attribute> attributes;
};

// Parses the definitions file (data/open311/service_definitions.json): {"rules": [{"prefix",
// "case_type"?, "attributes": [...]}]}. Invalid → InvalidArgument naming the problem.
Result<std::vector<DefinitionRule>> ParseDefinitionRules(std::string_view json);
// The rules compiled into the binary from data/open311/service_definitions.json (parsed once;
// the file is checked by a unit test, so this never fails in a built binary).
const std::vector<DefinitionRule>& BuiltinDefinitionRules();

// The services: every enabled leaf category, service_code = category code, group = the name of its
// top-level category, keywords = the category's keywords (comma-separated).
class ServiceCatalog {
 public:
  struct Service {
    const domain::Category* category =
        nullptr;  // points into the Directory the catalog was built from
    std::string group;
    const DefinitionRule* rule = nullptr;  // never null when rules has a "" prefix
  };

  // REQUIRES: `dir` and `rules` outlive the catalog.
  ServiceCatalog(const workflow::Directory& dir, const std::vector<DefinitionRule>& rules);

  const std::vector<Service>& services() const { return services_; }
  const Service* Find(std::string_view code) const;
  // The code and name of any category (leaf or not) by id; "" when unknown.
  std::string CodeOf(const std::string& category_id) const;

  boost::json::array ServicesJson() const;
  boost::json::object DefinitionJson(const Service& s) const;

 private:
  const workflow::Directory& dir_;
  std::vector<Service> services_;
  std::map<std::string, size_t, std::less<>> by_code_;
};

// ---------------------------------------------------------------- requests (cases) in public

// "open" or "closed": the kind of the case status.
std::string_view PublicStatus(domain::CaseStatus s);

// `text` with what could identify a person replaced by "***": runs of 7 or more digits (phones,
// ID numbers, with spaces or dashes inside), e-mail addresses, and the citizen's own name and
// phone as given.
std::string ScrubPersonalData(std::string_view text, const domain::Citizen& citizen);

// One public step of a case (an entry of the update feed and of extensions=true notes).
struct PublicNote {
  std::string status;  // OPEN | ACTION_SCHEDULED | IN_PROGRESS | FIXED | CLOSED | DUPLICATE | …
  std::string description;  // plain words or the approved reply, scrubbed
};
// The actions that make a public note, for the store's update-feed query.
const std::vector<std::string>& PublicNoteActions();
// The note for a case event, or nullopt for internal steps (comments, urges, returns, …).
std::optional<PublicNote> NoteForEvent(const domain::Event& e, const workflow::Directory& dir,
                                       const domain::Citizen& citizen);

// The public service request for a case. `extra` is what the Open311 client sent (when the case
// came through POST requests). With `events` (extensions=true), adds "extended_attributes" with the
// case type, channel, detailed status and the public notes.
boost::json::object RequestJson(const domain::Case& c,
                                const std::optional<store::Open311Request>& extra,
                                const ServiceCatalog& catalog, const workflow::Directory& dir,
                                TimeZone tz, const std::vector<domain::Event>* events = nullptr);

// One entry of the update feed.
boost::json::object UpdateJson(const store::AuditEntry& a, const PublicNote& note, TimeZone tz);

// ---------------------------------------------------------------- API keys

// A new API key: the secret ("o311_" + 48 hex digits, from libsodium's random source) to show once,
// and the record to store (SHA-256 of the secret, its first 12 characters as prefix).
struct NewApiKey {
  store::Open311Key key;
  std::string secret;
};
NewApiKey MakeApiKey(const std::string& name, const std::string& created_by, TimePoint now);
// The stored hash of a secret as a client sends it.
std::string ApiKeyHash(std::string_view secret);

// ---------------------------------------------------------------- POST requests

// Decodes an application/x-www-form-urlencoded body ('+' is a space). Malformed escapes or
// invalid UTF-8 → InvalidArgument.
Result<std::vector<std::pair<std::string, std::string>>> ParseForm(std::string_view body);

// A POSTed service request, checked against the spec and the service definition.
struct Submission {
  std::string api_key;
  std::string jurisdiction_id;
  std::string service_code;
  std::optional<double> lat, lng;
  std::string address_string, address_id;
  std::string email, device_id, account_id, first_name, last_name, phone, description, media_url;
  std::map<std::string, std::vector<std::string>> attributes;  // code → values (one unless multi)
};

// Reads the POST parameters (form fields, then query parameters for what the form lacks). Errors:
// InvalidArgument (400) for a missing or malformed field, naming the field. api_key and the
// service are checked by the caller (they need the store and the catalog).
Result<Submission> ParseSubmission(const std::vector<std::pair<std::string, std::string>>& params);
// Checks the attributes against the service definition (required ones present, list values among
// the keys, no unknown codes) → InvalidArgument naming attribute[code].
Status CheckAttributes(const Submission& s, const ServiceCatalog::Service& service);
// The case the submission becomes (channel open311; citizen sealed by the store; attributes and
// media_url appended to the content so staff see them).
workflow::NewCase ToNewCase(const Submission& s, const ServiceCatalog::Service& service);
// SHA-256 over the normalised submission (everything but api_key): equal for a double submit.
std::string Fingerprint(const Submission& s);
// A mainland mobile (11 digits) or landline with area code; spaces, '-' and +86 dropped.
std::optional<std::string> NormalizePhone(std::string_view in);

}  // namespace hotline::open311
