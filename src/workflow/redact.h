// Finds personal data in text meant for publication (信件公开), and makes a redacted draft.
//
// What it looks for, in the text as written and after folding full-width characters (１３８,
// ＠) and ignoring single spaces, dashes or dots between digits:
//   phone       a mainland mobile number (11 digits 1[3-9]…, optionally +86), or a landline
//               with its area code (0 + 9–11 digits)
//   id_number   an ID-card number (18 digits, or 17 + X; or the old 15 digits)
//   number      any other run of 7 or more digits (an account, a plate, a local phone number)
//   number      7 or more Chinese numerals in a row (一三八… spelling out a number)
//   email       an address like a.b@example.com
//   address     a house or room number (12栋, 3单元, 502室)
//   name        the citizen's name as sealed in the case (the full name, spaces between its
//               characters ignored, and for names of 3+ characters the given name alone)
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "src/domain/model.h"

namespace hotline::workflow {

struct PiiFinding {
  std::string kind;   // phone | id_number | number | email | address | name
  size_t offset = 0;  // byte offset in the text
  size_t length = 0;  // bytes
  std::string text;   // the matched text, as written
};

// Every finding in `text`, in order, non-overlapping. `citizen` holds the case's sealed personal
// data (may be empty).
std::vector<PiiFinding> FindPersonalData(std::string_view text, const domain::Citizen& citizen);

// `text` with every finding replaced: numbers and emails by "***", a full name by its surname and
// "某" (李某), a given name alone by "某", an address detail by "**" and its unit (**栋).
std::string RedactPersonalData(std::string_view text, const domain::Citizen& citizen);

}  // namespace hotline::workflow
