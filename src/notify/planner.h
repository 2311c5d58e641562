// Which messages an event calls for, as data: event action → template → recipients. The planner
// runs inside the store write of the workflow command (Engine::SetInTxHook), so the messages are
// written to the outbox in the same transaction as the event — a rolled-back command leaves no
// message, a committed one always has its messages.
//
// Recipients: the citizen (SMS to a mobile number, else email), a unit's duty officers (contacts
// with role "duty"; without any, the unit's own contact email / mobile), and leaders (contacts
// with role "leader" of the centre, or of a unit above the case's lead unit or district).
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "src/common/clock.h"
#include "src/common/time.h"
#include "src/domain/model.h"
#include "src/notify/templates.h"
#include "src/store/store.h"
#include "src/workflow/directory.h"

namespace hotline::notify {

enum class Audience { kCitizen, kDispatchedUnits, kEventUnit, kLeaders };

struct Rule {
  std::string_view action;        // the event's action
  std::string_view template_key;  // see templates.h
  Audience to;
};

// The rules, one per event action that notifies someone.
const std::vector<Rule>& Rules();

struct PlanContext {
  const workflow::Directory& dir;
  const TemplateSet& templates;
  const std::vector<store::NotifyContact>& contacts;
  TimePoint now;
  TimeZone tz;
};

// The messages for one event of case c (ids not yet assigned, state pending, due now). Pure.
std::vector<store::OutboxMessage> PlanMessages(const PlanContext& ctx, const domain::Case& c,
                                               const domain::Event& e);

// A mainland mobile number (11 digits, 1[3-9]…), the only kind an SMS can reach.
bool IsMobile(std::string_view phone);
// For views and logs: 138****5678, z***@example.cn.
std::string MaskRecipient(std::string_view recipient);

class NotificationPlanner {
 public:
  NotificationPlanner(const workflow::DirectoryHolder& directory, const Clock& clock);

  // Writes the messages these events call for into the outbox through tx (the caller's write
  // transaction). An error fails the caller's write. Thread-safe.
  Status Plan(store::WriteTx& tx, const std::vector<std::pair<domain::Case, domain::Event>>& done);

 private:
  const workflow::DirectoryHolder& directory_;
  const Clock& clock_;
};

}  // namespace hotline::notify
