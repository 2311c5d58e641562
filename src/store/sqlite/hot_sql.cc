#include "src/store/sqlite/hot_sql.h"

namespace hotline::store::sqlite::hot {

namespace {

int64_t IdOf(const std::string& s) {
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos)
    return -1;
  return std::stoll(s);
}

constexpr const char* kSurgeColumns =
    "id, key, label, category_id, term, place_unit_id, district_id, status, case_count, "
    "window_minutes, threshold, first_case_at, last_case_at, raised_at, updated_at, version";

Surge ReadSurge(Stmt& st) {
  Surge s;
  s.id = std::to_string(st.Int(0));
  s.key = st.Text(1);
  s.label = st.Text(2);
  s.category_id = st.Text(3);
  s.term = st.Text(4);
  s.place_unit_id = st.Text(5);
  s.district_id = st.Text(6);
  s.status = st.Text(7);
  s.case_count = st.Int(8);
  s.window_minutes = int(st.Int(9));
  s.threshold = int(st.Int(10));
  s.first_case_at = FromUnixMillis(st.Int(11));
  s.last_case_at = FromUnixMillis(st.Int(12));
  s.raised_at = FromUnixMillis(st.Int(13));
  s.updated_at = FromUnixMillis(st.Int(14));
  s.version = st.Int(15);
  return s;
}

constexpr const char* kFlagColumns =
    "id, phone_hash, case_id, kind, reason, flagged_by, flagged_by_name, flagged_at, active, "
    "cleared_by, cleared_at, clear_reason";

CallerFlag ReadFlag(Stmt& st) {
  CallerFlag f;
  f.id = std::to_string(st.Int(0));
  f.phone_hash = st.Text(1);
  f.case_id = st.Text(2);
  f.kind = st.Text(3);
  f.reason = st.Text(4);
  f.flagged_by = st.Text(5);
  f.flagged_by_name = st.Text(6);
  f.flagged_at = FromUnixMillis(st.Int(7));
  f.active = st.Int(8) != 0;
  f.cleared_by = st.Text(9);
  if (auto t = st.OptInt(10)) f.cleared_at = FromUnixMillis(*t);
  f.clear_reason = st.Text(11);
  return f;
}

}  // namespace

Status ScanCases(Db& db, const HotCaseQuery& q, const std::function<void(const HotCaseRow&)>& fn) {
  std::string sql =
      "SELECT c.id, c.number, c.created_at, c.status, c.category_id, c.district_id, c.title, "
      "c.content, IFNULL(json_extract(c.doc, '$.location.address'), '') FROM cases c WHERE 1=1";
  std::vector<std::string> strs;
  std::vector<int64_t> ints;
  std::vector<char> kinds;  // 's' or 'i', in bind order
  auto str = [&](const std::string& v) {
    strs.push_back(v);
    kinds.push_back('s');
    return "?";
  };
  auto num = [&](int64_t v) {
    ints.push_back(v);
    kinds.push_back('i');
    return "?";
  };
  if (q.from) sql += std::string(" AND c.created_at >= ") + num(ToUnixMillis(*q.from));
  if (q.to) sql += std::string(" AND c.created_at < ") + num(ToUnixMillis(*q.to));
  if (q.after_id > 0) sql += std::string(" AND c.id > ") + num(q.after_id);
  if (!q.district_id.empty()) sql += std::string(" AND c.district_id = ") + str(q.district_id);
  if (!q.category_ids.empty()) {
    sql += " AND c.category_id IN (";
    for (size_t i = 0; i < q.category_ids.size(); ++i)
      sql += std::string(i ? "," : "") + str(q.category_ids[i]);
    sql += ")";
  }
  if (q.scope_unit_ids) {
    if (q.scope_unit_ids->empty()) return Status::Ok();
    sql += " AND c.id IN (SELECT case_id FROM case_units WHERE unit_id IN (";
    for (size_t i = 0; i < q.scope_unit_ids->size(); ++i)
      sql += std::string(i ? "," : "") + str((*q.scope_unit_ids)[i]);
    sql += "))";
  }
  sql += " ORDER BY c.id";
  if (q.limit > 0) sql += " LIMIT " + std::to_string(q.limit);
  HOTLINE_ASSIGN_OR_RETURN(auto raw, db.PrepareDynamic(sql));
  Stmt st(raw.get());
  size_t si = 0, ii = 0;
  for (size_t k = 0; k < kinds.size(); ++k) {
    if (kinds[k] == 's')
      st.Bind(int(k + 1), strs[si++]);
    else
      st.Bind(int(k + 1), ints[ii++]);
  }
  HotCaseRow r;
  while (true) {
    HOTLINE_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return Status::Ok();
    r.id = st.Int(0);
    r.number = st.Text(1);
    r.created_at = FromUnixMillis(st.Int(2));
    r.status = st.Text(3);
    r.category_id = st.Text(4);
    r.district_id = st.Text(5);
    r.title = st.Text(6);
    r.content = st.Text(7);
    r.address = st.Text(8);
    fn(r);
  }
}

Result<int64_t> MaxCaseId(Db& db) {
  HOTLINE_ASSIGN_OR_RETURN(auto st,
                           db.Prepare("hot.max_case_id", "SELECT IFNULL(MAX(id), 0) FROM cases"));
  HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
  return row ? st->Int(0) : int64_t(0);
}

Result<std::optional<HotDay>> GetDay(Db& db, const std::string& key, const std::string& day) {
  HotDay d;
  {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db.Prepare("hot.day.get",
                            "SELECT cases, computed_at FROM hot_days WHERE key = ?1 AND day = ?2"));
    st->Bind(1, key).Bind(2, day);
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return std::optional<HotDay>();
    d.key = key;
    d.day = day;
    d.cases = st->Int(0);
    d.computed_at = FromUnixMillis(st->Int(1));
  }
  return std::optional<HotDay>(std::move(d));
}

Result<std::vector<HotTermCount>> TermCounts(Db& db, const std::string& key,
                                             const std::string& first_day,
                                             const std::string& last_day,
                                             const std::vector<std::string>& terms) {
  HOTLINE_ASSIGN_OR_RETURN(auto st, db.Prepare("hot.day.term_range",
                                               "SELECT day, n FROM hot_day_terms WHERE key = ?1 "
                                               "AND term = ?2 AND day BETWEEN ?3 AND ?4"));
  std::vector<HotTermCount> out;
  for (const auto& t : terms) {
    st->Bind(1, key).Bind(2, t).Bind(3, first_day).Bind(4, last_day);
    while (true) {
      HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      out.push_back({t, st->Text(0), st->Int(1)});
    }
    st->Reset();
  }
  return out;
}

Status PutDay(Db& db, const HotDay& d) {
  HOTLINE_ASSIGN_OR_RETURN(auto before, GetDay(db, d.key, d.day));
  if (before) {  // a recount (rare: days are cached once they are over) replaces every term
    HOTLINE_ASSIGN_OR_RETURN(
        auto del,
        db.Prepare("hot.day.del_terms", "DELETE FROM hot_day_terms WHERE key = ?1 AND day = ?2"));
    HOTLINE_RETURN_IF_ERROR(del->Bind(1, d.key).Bind(2, d.day).Exec());
  }
  HOTLINE_ASSIGN_OR_RETURN(
      auto put,
      db.Prepare(
          "hot.day.put",
          "INSERT OR REPLACE INTO hot_days(key, day, cases, computed_at) VALUES(?1,?2,?3,?4)"));
  HOTLINE_RETURN_IF_ERROR(put->Bind(1, d.key)
                              .Bind(2, d.day)
                              .Bind(3, d.cases)
                              .Bind(4, ToUnixMillis(d.computed_at))
                              .Exec());
  HOTLINE_ASSIGN_OR_RETURN(
      auto ins,
      db.Prepare("hot.day.put_term",
                 "INSERT OR REPLACE INTO hot_day_terms(key, day, term, n) VALUES(?1,?2,?3,?4)"));
  for (const auto& [term, n] : d.terms) {
    HOTLINE_RETURN_IF_ERROR(ins->Bind(1, d.key).Bind(2, d.day).Bind(3, term).Bind(4, n).Exec());
    ins->Reset();
  }
  return Status::Ok();
}

Result<std::optional<std::string>> GetState(Db& db, const std::string& name) {
  HOTLINE_ASSIGN_OR_RETURN(
      auto st, db.Prepare("hot.state.get", "SELECT value FROM hot_state WHERE name = ?1"));
  st->Bind(1, name);
  HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(st->Text(0));
}

Status PutState(Db& db, const std::string& name, const std::string& value) {
  HOTLINE_ASSIGN_OR_RETURN(
      auto st,
      db.Prepare("hot.state.put", "INSERT OR REPLACE INTO hot_state(name, value) VALUES(?1, ?2)"));
  return st->Bind(1, name).Bind(2, value).Exec();
}

Result<Surge> GetSurge(Db& db, const std::string& id) {
  int64_t n = IdOf(id);
  if (n < 0) return Status::NotFound("no surge " + id);
  HOTLINE_ASSIGN_OR_RETURN(
      auto st, db.Prepare("hot.surge.get",
                          std::string("SELECT ") + kSurgeColumns + " FROM surges WHERE id = ?1"));
  st->Bind(1, n);
  HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
  if (!row) return Status::NotFound("no surge " + id);
  return ReadSurge(*st);
}

Result<std::vector<Surge>> ListSurges(Db& db, const SurgeQuery& q) {
  std::string sql = std::string("SELECT ") + kSurgeColumns + " FROM surges WHERE 1=1";
  std::vector<std::string> strs;
  std::vector<int64_t> ints;
  std::vector<char> kinds;
  auto in = [&](const std::vector<std::string>& v) {
    std::string out = "(";
    for (size_t i = 0; i < v.size(); ++i) {
      out += i ? ",?" : "?";
      strs.push_back(v[i]);
      kinds.push_back('s');
    }
    return out + ")";
  };
  if (!q.statuses.empty()) sql += " AND status IN " + in(q.statuses);
  if (q.place_unit_ids) {
    if (q.place_unit_ids->empty()) return std::vector<Surge>{};
    sql += " AND (place_unit_id IN " + in(*q.place_unit_ids) + " OR district_id IN " +
           in(*q.place_unit_ids) + ")";
  }
  if (q.from) {
    sql += " AND raised_at >= ?";
    ints.push_back(ToUnixMillis(*q.from));
    kinds.push_back('i');
  }
  if (q.to) {
    sql += " AND raised_at < ?";
    ints.push_back(ToUnixMillis(*q.to));
    kinds.push_back('i');
  }
  sql += " ORDER BY raised_at DESC, id DESC LIMIT " + std::to_string(q.limit > 0 ? q.limit : 100);
  HOTLINE_ASSIGN_OR_RETURN(auto raw, db.PrepareDynamic(sql));
  Stmt st(raw.get());
  size_t si = 0, ii = 0;
  for (size_t k = 0; k < kinds.size(); ++k) {
    if (kinds[k] == 's')
      st.Bind(int(k + 1), strs[si++]);
    else
      st.Bind(int(k + 1), ints[ii++]);
  }
  return CollectRows<Surge>(st, [](Stmt& row) { return ReadSurge(row); });
}

Status InsertSurge(Db& db, Surge& s) {
  HOTLINE_ASSIGN_OR_RETURN(
      auto st,
      db.Prepare("hot.surge.insert",
                 "INSERT INTO surges(key, label, category_id, term, place_unit_id, district_id, "
                 "status, case_count, window_minutes, threshold, first_case_at, last_case_at, "
                 "raised_at, updated_at, version) "
                 "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)"));
  st->Bind(1, s.key)
      .Bind(2, s.label)
      .Bind(3, s.category_id)
      .Bind(4, s.term)
      .Bind(5, s.place_unit_id);
  st->Bind(6, s.district_id).Bind(7, s.status).Bind(8, s.case_count).Bind(9, s.window_minutes);
  st->Bind(10, s.threshold)
      .Bind(11, ToUnixMillis(s.first_case_at))
      .Bind(12, ToUnixMillis(s.last_case_at));
  st->Bind(13, ToUnixMillis(s.raised_at)).Bind(14, ToUnixMillis(s.updated_at)).Bind(15, s.version);
  HOTLINE_RETURN_IF_ERROR(st->Exec());
  s.id = std::to_string(db.LastInsertId());
  return Status::Ok();
}

Status UpdateSurge(Db& db, const Surge& s, int64_t expected_version) {
  HOTLINE_ASSIGN_OR_RETURN(
      auto st,
      db.Prepare("hot.surge.update",
                 "UPDATE surges SET label = ?2, status = ?3, case_count = ?4, last_case_at = ?5, "
                 "updated_at = ?6, version = ?7 WHERE id = ?1 AND version = ?8"));
  st->Bind(1, IdOf(s.id)).Bind(2, s.label).Bind(3, s.status).Bind(4, s.case_count);
  st->Bind(5, ToUnixMillis(s.last_case_at)).Bind(6, ToUnixMillis(s.updated_at)).Bind(7, s.version);
  st->Bind(8, expected_version);
  HOTLINE_RETURN_IF_ERROR(st->Exec());
  if (db.Changes() == 0) {
    HOTLINE_RETURN_IF_ERROR(GetSurge(db, s.id).status());
    return Status::StaleVersion("the surge was changed by someone else; reload it");
  }
  return Status::Ok();
}

Status AddSurgeCase(Db& db, const std::string& surge_id, const std::string& case_id, TimePoint at) {
  HOTLINE_ASSIGN_OR_RETURN(
      auto st,
      db.Prepare(
          "hot.surge.add_case",
          "INSERT OR IGNORE INTO surge_cases(surge_id, case_id, joined_at) VALUES(?1,?2,?3)"));
  return st->Bind(1, IdOf(surge_id)).Bind(2, IdOf(case_id)).Bind(3, ToUnixMillis(at)).Exec();
}

Result<std::vector<SurgeMember>> ListSurgeCases(Db& db, const std::string& surge_id) {
  HOTLINE_ASSIGN_OR_RETURN(
      auto st,
      db.Prepare(
          "hot.surge.cases",
          "SELECT case_id, joined_at FROM surge_cases WHERE surge_id = ?1 ORDER BY case_id"));
  st->Bind(1, IdOf(surge_id));
  return CollectRows<SurgeMember>(*st, [](Stmt& row) {
    return SurgeMember{std::to_string(row.Int(0)), FromUnixMillis(row.Int(1))};
  });
}

Status AppendTrail(Db& db, SurgeTrailEntry& e) {
  HOTLINE_ASSIGN_OR_RETURN(
      auto st,
      db.Prepare("hot.surge.trail_add",
                 "INSERT INTO surge_trail(surge_id, at, actor_id, actor_name, action, note) "
                 "VALUES(?1,?2,?3,?4,?5,?6)"));
  st->Bind(1, IdOf(e.surge_id))
      .Bind(2, ToUnixMillis(e.at))
      .Bind(3, e.actor_id)
      .Bind(4, e.actor_name);
  st->Bind(5, e.action).Bind(6, e.note);
  HOTLINE_RETURN_IF_ERROR(st->Exec());
  e.id = db.LastInsertId();
  return Status::Ok();
}

Result<std::vector<SurgeTrailEntry>> ListTrail(Db& db, const std::string& surge_id) {
  HOTLINE_ASSIGN_OR_RETURN(
      auto st,
      db.Prepare("hot.surge.trail",
                 "SELECT id, surge_id, at, actor_id, actor_name, action, note FROM surge_trail "
                 "WHERE surge_id = ?1 ORDER BY id"));
  st->Bind(1, IdOf(surge_id));
  return CollectRows<SurgeTrailEntry>(*st, [](Stmt& row) {
    return SurgeTrailEntry{row.Int(0),
                           std::to_string(row.Int(1)),
                           FromUnixMillis(row.Int(2)),
                           row.Text(3),
                           row.Text(4),
                           row.Text(5),
                           row.Text(6)};
  });
}

Result<CallerFlag> GetFlag(Db& db, const std::string& id) {
  int64_t n = IdOf(id);
  if (n < 0) return Status::NotFound("no caller flag " + id);
  HOTLINE_ASSIGN_OR_RETURN(auto st,
                           db.Prepare("hot.flag.get", std::string("SELECT ") + kFlagColumns +
                                                          " FROM caller_flags WHERE id = ?1"));
  st->Bind(1, n);
  HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
  if (!row) return Status::NotFound("no caller flag " + id);
  return ReadFlag(*st);
}

Result<std::vector<CallerFlag>> ListFlags(Db& db, bool active_only) {
  HOTLINE_ASSIGN_OR_RETURN(
      auto st, db.Prepare("hot.flag.list",
                          std::string("SELECT ") + kFlagColumns +
                              " FROM caller_flags WHERE active >= ?1 ORDER BY id DESC LIMIT 500"));
  st->Bind(1, active_only ? 1 : 0);
  return CollectRows<CallerFlag>(*st, [](Stmt& row) { return ReadFlag(row); });
}

Result<std::vector<CallerFlag>> FlagsByHash(Db& db, const std::string& phone_hash) {
  HOTLINE_ASSIGN_OR_RETURN(
      auto st,
      db.Prepare("hot.flag.by_hash",
                 std::string("SELECT ") + kFlagColumns +
                     " FROM caller_flags WHERE phone_hash = ?1 AND active = 1 ORDER BY id"));
  st->Bind(1, phone_hash);
  return CollectRows<CallerFlag>(*st, [](Stmt& row) { return ReadFlag(row); });
}

Status PutFlag(Db& db, CallerFlag& f) {
  HOTLINE_ASSIGN_OR_RETURN(
      auto st,
      db.Prepare("hot.flag.put",
                 "INSERT OR REPLACE INTO caller_flags(id, phone_hash, case_id, kind, reason, "
                 "flagged_by, flagged_by_name, flagged_at, active, cleared_by, cleared_at, "
                 "clear_reason) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)"));
  if (f.id.empty())
    st->BindNull(1);
  else
    st->Bind(1, IdOf(f.id));
  st->Bind(2, f.phone_hash)
      .Bind(3, f.case_id)
      .Bind(4, f.kind)
      .Bind(5, f.reason)
      .Bind(6, f.flagged_by);
  st->Bind(7, f.flagged_by_name)
      .Bind(8, ToUnixMillis(f.flagged_at))
      .Bind(9, f.active)
      .Bind(10, f.cleared_by);
  if (f.cleared_at)
    st->Bind(11, ToUnixMillis(*f.cleared_at));
  else
    st->BindNull(11);
  st->Bind(12, f.clear_reason);
  HOTLINE_RETURN_IF_ERROR(st->Exec());
  if (f.id.empty()) f.id = std::to_string(db.LastInsertId());
  return Status::Ok();
}

Result<std::vector<CallerActivity>> ActivitySince(Db& db, TimePoint from, int min_cases,
                                                  int min_invalid, int limit) {
  HOTLINE_ASSIGN_OR_RETURN(
      auto st,
      db.Prepare("hot.callers.activity",
                 "SELECT phone_hash, COUNT(*), SUM(status = 'invalid'), MAX(id), MAX(created_at) "
                 "FROM cases WHERE created_at >= ?1 AND phone_hash IS NOT NULL GROUP BY phone_hash "
                 "HAVING COUNT(*) >= ?2 OR SUM(status = 'invalid') >= ?3 "
                 "ORDER BY COUNT(*) DESC, phone_hash LIMIT ?4"));
  st->Bind(1, ToUnixMillis(from)).Bind(2, min_cases).Bind(3, min_invalid).Bind(4, limit);
  return CollectRows<CallerActivity>(*st, [](Stmt& row) {
    return CallerActivity{row.Text(0), row.Int(1), row.Int(2), std::to_string(row.Int(3)),
                          FromUnixMillis(row.Int(4))};
  });
}

Result<CallerActivity> ActivityOf(Db& db, const std::string& phone_hash, TimePoint from) {
  HOTLINE_ASSIGN_OR_RETURN(
      auto st,
      db.Prepare(
          "hot.callers.one",
          "SELECT COUNT(*), IFNULL(SUM(status = 'invalid'), 0), IFNULL(MAX(id), 0), "
          "IFNULL(MAX(created_at), 0) FROM cases WHERE phone_hash = ?1 AND created_at >= ?2"));
  st->Bind(1, phone_hash).Bind(2, ToUnixMillis(from));
  HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
  CallerActivity a;
  a.phone_hash = phone_hash;
  if (row) {
    a.cases = st->Int(0);
    a.invalid = st->Int(1);
    if (st->Int(2) > 0) a.last_case_id = std::to_string(st->Int(2));
    a.last_at = FromUnixMillis(st->Int(3));
  }
  return a;
}

}  // namespace hotline::store::sqlite::hot
