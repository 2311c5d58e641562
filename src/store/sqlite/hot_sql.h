// SQL of the hot-issue block of the store interface (issue 6, migration 0008): lean case scans,
// cached day term counts, surges with their members and trail, caller flags. SqlTx delegates
// to these, so the block stays together. Not thread-safe (one connection, one thread).
#pragma once

#include <functional>

#include "src/common/crypto.h"
#include "src/store/sqlite/db.h"
#include "src/store/store.h"

namespace hotline::store::sqlite::hot {

Status ScanCases(Db& db, const HotCaseQuery& q, const std::function<void(const HotCaseRow&)>& fn);
Result<int64_t> MaxCaseId(Db& db);
Result<std::optional<HotDay>> GetDay(Db& db, const std::string& key, const std::string& day);
Status PutDay(Db& db, const HotDay& d);
Result<std::vector<HotTermCount>> TermCounts(Db& db, const std::string& key,
                                             const std::string& first_day,
                                             const std::string& last_day,
                                             const std::vector<std::string>& terms);
Result<std::optional<std::string>> GetState(Db& db, const std::string& name);
Status PutState(Db& db, const std::string& name, const std::string& value);

Result<Surge> GetSurge(Db& db, const std::string& id);
Result<std::vector<Surge>> ListSurges(Db& db, const SurgeQuery& q);
Status InsertSurge(Db& db, Surge& s);
Status UpdateSurge(Db& db, const Surge& s, int64_t expected_version);
Status AddSurgeCase(Db& db, const std::string& surge_id, const std::string& case_id, TimePoint at);
Result<std::vector<SurgeMember>> ListSurgeCases(Db& db, const std::string& surge_id);
Status AppendTrail(Db& db, SurgeTrailEntry& e);
Result<std::vector<SurgeTrailEntry>> ListTrail(Db& db, const std::string& surge_id);

Result<CallerFlag> GetFlag(Db& db, const std::string& id);
Result<std::vector<CallerFlag>> ListFlags(Db& db, bool active_only);
Result<std::vector<CallerFlag>> FlagsByHash(Db& db, const std::string& phone_hash);
Status PutFlag(Db& db, CallerFlag& f);
Result<std::vector<CallerActivity>> ActivitySince(Db& db, TimePoint from, int min_cases,
                                                  int min_invalid, int limit);
Result<CallerActivity> ActivityOf(Db& db, const std::string& phone_hash, TimePoint from);

}  // namespace hotline::store::sqlite::hot
