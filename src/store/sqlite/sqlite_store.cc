#include "src/store/sqlite/sqlite_store.h"

#include <array>
#include <boost/json.hpp>
#include <cmath>
#include <future>
#include <variant>

#include "src/common/time.h"
#include "src/search/query.h"
#include "src/store/case_doc.h"
#include "src/store/event_hash.h"
#include "src/store/sqlite/case_search_sql.h"
#include "src/store/sqlite/migrations.h"

namespace hotline::store::sqlite {
namespace bj = boost::json;
using namespace hotline::domain;

namespace {

int64_t Id(const std::string& s) {
  if (s.empty() || s.size() > 18) return -1;
  int64_t v = 0;
  for (char ch : s) {
    if (ch < '0' || ch > '9') return -1;
    v = v * 10 + (ch - '0');
  }
  return v;
}

std::string JoinRoles(const std::vector<Role>& roles) {
  std::string out;
  for (auto r : roles) {
    if (!out.empty()) out += ',';
    out += Name(r);
  }
  return out;
}

std::vector<Role> SplitRoles(const std::string& s) {
  std::vector<Role> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(',', start);
    if (end == std::string::npos) end = s.size();
    if (auto r = ParseRole(std::string_view(s).substr(start, end - start))) out.push_back(*r);
    start = end + 1;
  }
  return out;
}

std::string ToJsonArray(const std::vector<std::string>& v) {
  bj::array a;
  for (const auto& s : v) a.emplace_back(s);
  return bj::serialize(a);
}

std::vector<std::string> FromJsonArray(const std::string& text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  auto v = bj::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& x : v.as_array())
    if (x.is_string()) out.emplace_back(x.as_string());
  return out;
}

// The next instant at which the SLA sweeper must look at this case, if any.
std::optional<int64_t> NextSlaCheck(const Case& c) {
  std::optional<int64_t> next;
  if (!IsOpen(c.status)) return next;
  for (const auto& a : c.assignments) {
    if (!a.Active() || a.paused_at || a.status == AssignmentStatus::kReplied) continue;
    std::optional<int64_t> t;
    if (a.sla_emitted == SlaState::kOk)
      t = ToUnixMillis(a.warn_at);
    else if (a.sla_emitted == SlaState::kWarning)
      t = ToUnixMillis(a.due_at);
    if (t && (!next || *t < *next)) next = t;
  }
  return next;
}

// Case search (see SqlTx::RankedSearch).
constexpr int kSearchPool = 1000;               // candidates ranked per query
constexpr int64_t kSearchCountCap = 10000;      // matches counted at most
constexpr double kRecencyHalfLifeDays = 365.0;  // a year-old case needs twice the relevance
constexpr size_t kMinPhoneFragment = 4;         // digits
constexpr size_t kMaxPhoneDigits = 20;

constexpr const char* kCaseColumns =
    "id, number, status, type, channel, category_id, district_id, urgent, parent_id, created_at, "
    "updated_at, due_at, version, title, content, doc, citizen, last_seq, last_hash";

}  // namespace

// One transaction on one connection. Read methods work on both reader and writer connections.
class SqlTx : public WriteTx {
 public:
  SqlTx(Db& db, const PiiCipher& cipher, bool writable)
      : db_(db), cipher_(cipher), writable_(writable) {}

  Result<Case> ReadCaseRow(Stmt& st) {
    Case c;
    c.id = std::to_string(st.Int(0));
    c.number = st.Text(1);
    c.status = ParseCaseStatus(st.Text(2)).value_or(CaseStatus::kNew);
    c.type = ParseCaseType(st.Text(3)).value_or(CaseType::kConsultation);
    c.channel = ParseChannel(st.Text(4)).value_or(Channel::kPhone);
    c.category_id = st.Text(5);
    c.location.district_id = st.Text(6);
    c.urgent = st.Int(7) != 0;
    c.parent_id = st.Text(8);
    c.created_at = FromUnixMillis(st.Int(9));
    c.updated_at = FromUnixMillis(st.Int(10));
    if (auto d = st.OptInt(11)) c.due_at = FromUnixMillis(*d);
    c.version = st.Int(12);
    c.title = st.Text(13);
    c.content = st.Text(14);
    HOTLINE_RETURN_IF_ERROR(CaseDocFromJson(st.Text(15), &c));
    if (!st.IsNull(16)) {
      HOTLINE_ASSIGN_OR_RETURN(std::string plain, cipher_.Open(st.Blob(16)));
      HOTLINE_ASSIGN_OR_RETURN(c.citizen, CitizenFromJson(plain));
    }
    c.last_seq = st.Int(17);
    c.last_hash = st.Text(18);
    return c;
  }

  Result<Case> GetCase(const std::string& id) override {
    int64_t n = Id(id);
    if (n < 0) return Status::NotFound("no case " + id);
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("case.get",
                             std::string("SELECT ") + kCaseColumns + " FROM cases WHERE id = ?1"));
    st->Bind(1, n);
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return Status::NotFound("no case " + id);
    return ReadCaseRow(*st);
  }

  Result<Case> GetCaseByNumber(const std::string& number) override {
    HOTLINE_ASSIGN_OR_RETURN(auto st,
                             db_.Prepare("case.by_number", std::string("SELECT ") + kCaseColumns +
                                                               " FROM cases WHERE number = ?1"));
    st->Bind(1, number);
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return Status::NotFound("no case numbered " + number);
    return ReadCaseRow(*st);
  }

  // ---- case lists and case search ----

  // Positional arguments of a dynamic statement, bound in the order of the "?" in its text.
  using Arg = std::variant<std::string, int64_t>;
  static void BindArgs(Stmt& s, const std::vector<Arg>& args) {
    int i = 0;
    for (const auto& a : args) {
      if (const auto* str = std::get_if<std::string>(&a))
        s.Bind(++i, *str);
      else
        s.Bind(++i, std::get<int64_t>(a));
    }
  }

  // Every filter of `q` except text and cursor, as " AND …" conditions over the alias c.
  std::string FilterSql(const CaseQuery& q, std::vector<Arg>* args) {
    std::string where;
    auto in_list = [&](const std::vector<std::string>& vals) {
      std::string out = "(";
      for (size_t i = 0; i < vals.size(); ++i) {
        out += i ? ",?" : "?";
        args->emplace_back(vals[i]);
      }
      return out + ")";
    };
    if (!q.statuses.empty()) {
      std::vector<std::string> names;
      for (auto s : q.statuses) names.emplace_back(Name(s));
      where += " AND c.status IN " + in_list(names);
    }
    if (q.type) {
      where += " AND c.type = ?";
      args->emplace_back(std::string(Name(*q.type)));
    }
    if (q.channel) {
      where += " AND c.channel = ?";
      args->emplace_back(std::string(Name(*q.channel)));
    }
    if (!q.category_ids.empty()) where += " AND c.category_id IN " + in_list(q.category_ids);
    if (!q.district_id.empty()) {
      where += " AND c.district_id = ?";
      args->emplace_back(q.district_id);
    }
    if (!q.phone.empty()) {
      where += " AND c.phone_hash = ?";
      args->emplace_back(cipher_.KeyedHash(q.phone));
    }
    if (!q.parent_id.empty()) {
      where += " AND c.parent_id = ?";
      args->emplace_back(q.parent_id);
    }
    if (q.from) {
      where += " AND c.created_at >= ?";
      args->emplace_back(int64_t(ToUnixMillis(*q.from)));
    }
    if (q.to) {
      where += " AND c.created_at < ?";
      args->emplace_back(int64_t(ToUnixMillis(*q.to)));
    }
    if (q.scope_unit_ids) {
      where += " AND c.id IN (SELECT case_id FROM case_units WHERE unit_id IN " +
               in_list(*q.scope_unit_ids) + ")";
    }
    if (!q.unit_ids.empty() || q.sla) {
      std::string sub = " AND c.id IN (SELECT case_id FROM case_units WHERE 1=1";
      if (!q.unit_ids.empty()) sub += " AND unit_id IN " + in_list(q.unit_ids);
      if (q.active_assignment_only || q.sla) sub += " AND active = 1";
      if (q.assignment_status) {
        sub += " AND status = ?";
        args->emplace_back(std::string(Name(*q.assignment_status)));
      }
      if (q.sla) {
        int64_t now = ToUnixMillis(q.now);
        switch (*q.sla) {
          case SlaState::kOverdue:
            sub += " AND due_at < ?";
            args->emplace_back(now);
            break;
          case SlaState::kWarning:
            sub += " AND warn_at <= ? AND due_at >= ?";
            args->emplace_back(now);
            args->emplace_back(now);
            break;
          case SlaState::kOk:
            sub += " AND warn_at > ?";
            args->emplace_back(now);
            break;
        }
      }
      where += sub + ")";
    }
    return where;
  }

  // A parsed search: the FTS5 MATCH expression and, when allowed and the text is digits, the
  // phone-fragment key.
  struct Search {
    std::string match;                  // empty when the text has no searchable word
    std::optional<int64_t> phone_frag;  // CaseQuery::text_phone_fragments and 4–20 digits
  };

  Result<Search> ParseSearch(const CaseQuery& q) {
    Search s;
    if (q.text_phone_fragments) {
      std::string digits;
      bool only_digits = true;
      for (char ch : q.text) {
        if (ch >= '0' && ch <= '9')
          digits.push_back(ch);
        else if (ch != ' ' && ch != '-' && ch != '+')
          only_digits = false;
      }
      if (only_digits && digits.size() >= kMinPhoneFragment && digits.size() <= kMaxPhoneDigits)
        s.phone_frag = PhoneFragmentKey(digits);
    }
    auto match = search::BuildMatchExpression(q.text);
    if (match.ok()) {
      s.match = std::move(match).value();
    } else if (!s.phone_frag) {
      return Status::Invalid("q: " + match.status().message(), "q");
    }
    return s;
  }

  // " AND (<the case matches the search>)" for the unranked paths (count, explicit sorts).
  static std::string SearchCondition(const Search& s, std::vector<Arg>* args) {
    std::vector<std::string> alts;
    if (!s.match.empty()) {
      alts.push_back("c.id IN (SELECT rowid FROM case_fts WHERE case_fts MATCH ?)");
      args->emplace_back(s.match);
    }
    if (s.phone_frag) {
      alts.push_back("c.phone_hash IN (SELECT phone_hash FROM phone_fragments WHERE frag = ?)");
      args->emplace_back(*s.phone_frag);
    }
    std::string out = " AND (";
    for (size_t i = 0; i < alts.size(); ++i) out += (i ? " OR " : "") + alts[i];
    return out + ")";
  }

  Result<CasePage> ListCases(const CaseQuery& q) override {
    if (q.scope_unit_ids && q.scope_unit_ids->empty()) return CasePage{};
    std::optional<Search> search;
    if (!q.text.empty()) {
      HOTLINE_ASSIGN_OR_RETURN(search, ParseSearch(q));
      if (q.sort == CaseQuery::Sort::kCreatedDesc) return RankedSearch(q, *search);
    }
    std::vector<Arg> args;
    std::string where = " WHERE 1=1" + FilterSql(q, &args);
    if (search) where += SearchCondition(*search, &args);
    CasePage page;
    if (q.count_total) {
      HOTLINE_ASSIGN_OR_RETURN(auto cnt,
                               db_.PrepareDynamic("SELECT COUNT(*) FROM cases c" + where));
      Stmt s(cnt.get());
      BindArgs(s, args);
      HOTLINE_ASSIGN_OR_RETURN(bool row, s.Step());
      if (row) page.total = s.Int(0);
    }
    // Keyset pagination: the cursor is "<sort key>:<id>" of the last row returned.
    std::string key_col, order;
    bool desc = true;
    switch (q.sort) {
      case CaseQuery::Sort::kCreatedDesc:
        key_col = "c.created_at";
        break;
      case CaseQuery::Sort::kCreatedAsc:
        key_col = "c.created_at";
        desc = false;
        break;
      case CaseQuery::Sort::kDueAsc:
        key_col = "IFNULL(c.due_at, 9000000000000000)";
        desc = false;
        break;
      case CaseQuery::Sort::kUpdatedDesc:
        key_col = "c.updated_at";
        break;
    }
    if (!q.cursor.empty()) {
      auto colon = q.cursor.find(':');
      int64_t k = colon == std::string::npos ? -1 : Id(q.cursor.substr(0, colon));
      int64_t id = colon == std::string::npos ? -1 : Id(q.cursor.substr(colon + 1));
      if (k < 0 || id < 0) return Status::Invalid("cursor is not one this server gave", "cursor");
      where += desc ? " AND (" + key_col + " < ? OR (" + key_col + " = ? AND c.id < ?))"
                    : " AND (" + key_col + " > ? OR (" + key_col + " = ? AND c.id > ?))";
      args.emplace_back(k);
      args.emplace_back(k);
      args.emplace_back(id);
    }
    order = " ORDER BY " + key_col + (desc ? " DESC, c.id DESC" : " ASC, c.id ASC");
    int limit = std::clamp(q.limit, 1, 500);
    std::string sql = "SELECT " + std::string(kCaseColumns) + ", " + key_col + " FROM cases c" +
                      where + order + " LIMIT " + std::to_string(limit + 1);
    HOTLINE_ASSIGN_OR_RETURN(auto raw, db_.PrepareDynamic(sql));
    Stmt s(raw.get());
    BindArgs(s, args);
    int64_t last_key = 0;
    while (true) {
      HOTLINE_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      if (int(page.items.size()) == limit) {
        page.next_cursor = std::to_string(last_key) + ":" + page.items.back().id;
        break;
      }
      HOTLINE_ASSIGN_OR_RETURN(Case c, ReadCaseRow(s));
      last_key = s.Int(19);
      page.items.push_back(std::move(c));
    }
    if (search) HOTLINE_RETURN_IF_ERROR(Highlight(*search, &page));
    return page;
  }

  // Ranked search (the default order when there is a query). The candidates are the kSearchPool
  // most recent matching cases that pass every filter, read newest first straight from the FTS5
  // index (its rowid order is the case id, i.e. registration order; CROSS JOIN keeps the index as
  // the outer loop, so SQLite never sorts all cases of a common status by id to probe the index
  // for each) and stopped at the pool size,
  // so a word found in half the city's cases costs no more than a rare one. They are ranked by
  //   score = relevance × 2^(−age_days / kRecencyHalfLifeDays),  relevance = −bm25(weights)
  // with FTS5's BM25 (k1 = 1.2, b = 0.75) and column weights title 4, content 1, replies 0.7,
  // address 1.5, number 8; ties by newer first. Cases found by a phone fragment come first,
  // newest first. Matches older than the pool follow the pool in date order (cursor "k:<id>");
  // pages inside the pool use "r:<offset>".
  Result<CasePage> RankedSearch(const CaseQuery& q, const Search& search) {
    std::vector<Arg> filter_args;
    const std::string filters = FilterSql(q, &filter_args);
    const int limit = std::clamp(q.limit, 1, 500);
    int64_t offset = 0;
    int64_t keyset_below = -1;  // continue below this id in id order
    if (!q.cursor.empty()) {
      int64_t v = q.cursor.size() > 2 && q.cursor[1] == ':' ? Id(q.cursor.substr(2)) : -1;
      if (v < 0 || (q.cursor[0] != 'r' && q.cursor[0] != 'k'))
        return Status::Invalid("cursor is not one this server gave", "cursor");
      (q.cursor[0] == 'r' ? offset : keyset_below) = v;
    }
    CasePage page;
    if (q.count_total) {
      // Counted up to kSearchCountCap: a frequent word in a large city would otherwise mean
      // reading every match (and its case row, under filters) for a figure no one reads exactly.
      std::vector<Arg> args;
      std::string sql;
      if (!search.phone_frag) {
        args = {search.match};
        args.insert(args.end(), filter_args.begin(), filter_args.end());
        sql = "SELECT 1 FROM case_fts" +
              std::string(filters.empty() ? "" : " CROSS JOIN cases c ON c.id = case_fts.rowid") +
              " WHERE case_fts MATCH ?" + filters;
      } else {
        args = filter_args;
        const std::string cond = SearchCondition(search, &args);
        sql = "SELECT 1 FROM cases c WHERE 1=1" + filters + cond;
      }
      HOTLINE_ASSIGN_OR_RETURN(auto cnt,
                               db_.PrepareDynamic("SELECT COUNT(*) FROM (" + sql + " LIMIT " +
                                                  std::to_string(kSearchCountCap + 1) + ")"));
      Stmt s(cnt.get());
      BindArgs(s, args);
      HOTLINE_ASSIGN_OR_RETURN(bool row, s.Step());
      if (row) page.total = s.Int(0);
      if (page.total > kSearchCountCap) {
        page.total = kSearchCountCap;
        page.total_capped = true;
      }
    }
    struct Hit {
      int64_t id;
      double score;
    };
    std::vector<Hit> pool;
    bool pool_full = false;
    int64_t pool_min_id = 0;
    if (keyset_below < 0) {
      std::vector<int64_t> by_phone;
      if (search.phone_frag) {
        std::vector<Arg> args = {*search.phone_frag};
        args.insert(args.end(), filter_args.begin(), filter_args.end());
        HOTLINE_ASSIGN_OR_RETURN(
            auto raw, db_.PrepareDynamic("SELECT c.id FROM cases c WHERE c.phone_hash IN (SELECT "
                                         "phone_hash FROM phone_fragments WHERE frag = ?)" +
                                         filters + " ORDER BY c.id DESC LIMIT " +
                                         std::to_string(kSearchPool)));
        Stmt s(raw.get());
        BindArgs(s, args);
        HOTLINE_ASSIGN_OR_RETURN(by_phone,
                                 CollectRows<int64_t>(s, [](Stmt& r) { return r.Int(0); }));
        for (int64_t id : by_phone) pool.push_back({id, 1e300});
      }
      if (!search.match.empty()) {
        std::vector<Arg> args = {search.match};
        args.insert(args.end(), filter_args.begin(), filter_args.end());
        HOTLINE_ASSIGN_OR_RETURN(
            auto raw,
            db_.PrepareDynamic(
                "SELECT case_fts.rowid, bm25(case_fts, 4.0, 1.0, 0.7, 1.5, 8.0), "
                "c.created_at FROM case_fts CROSS JOIN cases c ON c.id = case_fts.rowid "
                "WHERE case_fts MATCH ?" +
                filters + " ORDER BY case_fts.rowid DESC LIMIT " + std::to_string(kSearchPool)));
        Stmt s(raw.get());
        BindArgs(s, args);
        const double now_ms = double(ToUnixMillis(q.now));
        int n = 0;
        while (true) {
          HOTLINE_ASSIGN_OR_RETURN(bool row, s.Step());
          if (!row) break;
          ++n;
          const int64_t id = s.Int(0);
          pool_min_id = id;
          if (std::find(by_phone.begin(), by_phone.end(), id) != by_phone.end()) continue;
          const double age_days = std::max(0.0, (now_ms - double(s.Int(2))) / 86400000.0);
          const double relevance = -s.Double(1);
          pool.push_back({id, relevance * std::exp2(-age_days / kRecencyHalfLifeDays)});
        }
        pool_full = n == kSearchPool;
      }
      std::stable_sort(pool.begin(), pool.end(), [](const Hit& a, const Hit& b) {
        return a.score != b.score ? a.score > b.score : a.id > b.id;
      });
    }
    std::vector<int64_t> ids;
    for (int64_t i = offset; i < int64_t(pool.size()) && int(ids.size()) < limit; ++i)
      ids.push_back(pool[size_t(i)].id);
    bool more = false;
    if (keyset_below < 0 && offset + limit < int64_t(pool.size())) {
      more = true;
      page.next_cursor = "r:" + std::to_string(offset + limit);
    } else if (pool_full || keyset_below >= 0) {
      // Below the pool: the older matches in id order.
      if (keyset_below < 0) keyset_below = pool_min_id;
      const int want = limit - int(ids.size());
      std::vector<Arg> args = {search.match, keyset_below};
      args.insert(args.end(), filter_args.begin(), filter_args.end());
      HOTLINE_ASSIGN_OR_RETURN(
          auto raw,
          db_.PrepareDynamic("SELECT case_fts.rowid FROM case_fts CROSS JOIN cases c ON c.id = "
                             "case_fts.rowid WHERE case_fts MATCH ? AND case_fts.rowid < ?" +
                             filters + " ORDER BY case_fts.rowid DESC LIMIT " +
                             std::to_string(want + 1)));
      Stmt s(raw.get());
      BindArgs(s, args);
      HOTLINE_ASSIGN_OR_RETURN(auto older,
                               CollectRows<int64_t>(s, [](Stmt& r) { return r.Int(0); }));
      if (int(older.size()) > want) {
        older.resize(size_t(want));
        more = true;
      }
      ids.insert(ids.end(), older.begin(), older.end());
      if (more) page.next_cursor = "k:" + std::to_string(ids.back());
    }
    for (int64_t id : ids) {
      HOTLINE_ASSIGN_OR_RETURN(Case c, GetCase(std::to_string(id)));
      page.items.push_back(std::move(c));
    }
    HOTLINE_RETURN_IF_ERROR(Highlight(search, &page));
    return page;
  }

  // Fills page->highlights: for each case that the text query matches, the matched fields with
  // FTS5's highlight() (short fields) and snippet() (content, replies: a window of ~kSnippetTokens
  // positions around the best match).
  Status Highlight(const Search& search, CasePage* page) {
    page->highlights.assign(page->items.size(), {});
    if (search.match.empty()) return Status::Ok();
    HOTLINE_ASSIGN_OR_RETURN(auto st,
                             db_.Prepare("search.highlight",
                                         "SELECT highlight(case_fts, 0, char(2), char(3)), "
                                         "snippet(case_fts, 1, char(2), char(3), '…', 40), "
                                         "snippet(case_fts, 2, char(2), char(3), '…', 40), "
                                         "highlight(case_fts, 3, char(2), char(3)), "
                                         "highlight(case_fts, 4, char(2), char(3)) "
                                         "FROM case_fts WHERE case_fts MATCH ?1 AND rowid = ?2"));
    static const char* const kFields[] = {"title", "content", "replies", "address", "number"};
    for (size_t i = 0; i < page->items.size(); ++i) {
      st->Bind(1, search.match).Bind(2, Id(page->items[i].id));
      HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
      if (row) {
        for (int col = 0; col < 5; ++col) {
          std::string marked = st->Text(col);
          if (marked.find('\x02') == std::string::npos) continue;
          page->highlights[i].push_back({kFields[col], SplitMarked(marked)});
        }
      }
      st->Reset();
    }
    return Status::Ok();
  }

  // "a\x02b\x03c" → [a] [b, hit] [c].
  static std::vector<HighlightSegment> SplitMarked(const std::string& s) {
    std::vector<HighlightSegment> out;
    std::string cur;
    bool hit = false;
    auto flush = [&] {
      if (!cur.empty()) {
        if (!out.empty() && out.back().hit == hit)
          out.back().text += cur;
        else
          out.push_back({std::move(cur), hit});
      }
      cur.clear();
    };
    for (char ch : s) {
      if (ch == '\x02' || ch == '\x03') {
        flush();
        hit = ch == '\x02';
      } else {
        cur.push_back(ch);
      }
    }
    flush();
    return out;
  }

  // Phone fragments: the key of a run of digits (see migration 0002).
  int64_t PhoneFragmentKey(std::string_view digits) const {
    const std::string h = cipher_.KeyedHash("phone-fragment\x1f" + std::string(digits));
    return int64_t(std::stoull(h.substr(0, 15), nullptr, 16));
  }

  // Records the fragments of `phone` for its keyed hash, once per distinct number.
  Status IndexPhone(const std::string& phone) {
    std::string digits;
    for (char ch : phone)
      if (ch >= '0' && ch <= '9') digits.push_back(ch);
    if (digits.size() < kMinPhoneFragment) return Status::Ok();
    if (digits.size() > kMaxPhoneDigits) digits.resize(kMaxPhoneDigits);
    const std::string phone_hash = cipher_.KeyedHash(phone);
    HOTLINE_ASSIGN_OR_RETURN(
        auto seen,
        db_.Prepare("phone_fragments.seen",
                    "SELECT 1 FROM phone_fragments WHERE frag = ?1 AND phone_hash = ?2"));
    seen->Bind(1, PhoneFragmentKey(digits)).Bind(2, phone_hash);
    HOTLINE_ASSIGN_OR_RETURN(bool known, seen->Step());
    seen->Reset();
    if (known) return Status::Ok();
    HOTLINE_ASSIGN_OR_RETURN(auto ins,
                             db_.Prepare("phone_fragments.insert",
                                         "INSERT OR IGNORE INTO phone_fragments(frag, phone_hash) "
                                         "VALUES(?1, ?2)"));
    for (size_t len = kMinPhoneFragment; len <= digits.size(); ++len) {
      for (size_t at = 0; at + len <= digits.size(); ++at) {
        ins->Bind(1, PhoneFragmentKey(std::string_view(digits).substr(at, len)))
            .Bind(2, phone_hash);
        HOTLINE_RETURN_IF_ERROR(ins->Exec());
        ins->Reset();
      }
    }
    return Status::Ok();
  }

  // Fills phone_fragments from the sealed numbers of cases written before migration 0002; runs
  // once (search_backfill), on the writer before it serves writes.
  Status BackfillPhoneFragments() {
    HOTLINE_ASSIGN_OR_RETURN(
        auto done, db_.Prepare("backfill.state",
                               "SELECT done FROM search_backfill WHERE name = 'phone_fragments'"));
    HOTLINE_ASSIGN_OR_RETURN(bool row, done->Step());
    const bool finished = !row || done->Int(0) != 0;
    done->Reset();
    if (finished) return Status::Ok();
    HOTLINE_ASSIGN_OR_RETURN(
        auto st,
        db_.Prepare("backfill.phones",
                    "SELECT (SELECT citizen FROM cases c WHERE c.phone_hash = p.phone_hash "
                    "AND c.citizen IS NOT NULL LIMIT 1) FROM (SELECT DISTINCT phone_hash "
                    "FROM cases WHERE phone_hash IS NOT NULL) p"));
    std::vector<std::string> phones;
    while (true) {
      HOTLINE_ASSIGN_OR_RETURN(bool more, st->Step());
      if (!more) break;
      if (st->IsNull(0)) continue;
      HOTLINE_ASSIGN_OR_RETURN(std::string plain, cipher_.Open(st->Blob(0)));
      HOTLINE_ASSIGN_OR_RETURN(Citizen who, CitizenFromJson(plain));
      if (!who.phone.empty()) phones.push_back(who.phone);
    }
    st->Reset();
    for (const auto& p : phones) HOTLINE_RETURN_IF_ERROR(IndexPhone(p));
    HOTLINE_ASSIGN_OR_RETURN(
        auto mark,
        db_.Prepare("backfill.done",
                    "UPDATE search_backfill SET done = 1 WHERE name = 'phone_fragments'"));
    return mark->Exec();
  }

  Status SetSearchIndexMode(SearchIndexMode mode) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    // FTS5 keeps these in case_fts_config. hashsize: the pending terms held in memory before a
    // segment is written (the default 1 MiB writes a segment every few cases of CJK text, whose
    // bigrams are many distinct terms); automerge 0 and a high crisismerge: no merging while
    // loading, one merge at the end ('optimize').
    if (mode == SearchIndexMode::kBulk)
      return db_.Exec(
          "INSERT INTO case_fts(case_fts, rank) VALUES('hashsize', 268435456);"
          "INSERT INTO case_fts(case_fts, rank) VALUES('automerge', 0);"
          "INSERT INTO case_fts(case_fts, rank) VALUES('crisismerge', 1000);");
    return db_.Exec(
        "INSERT INTO case_fts(case_fts, rank) VALUES('hashsize', 1048576);"
        "INSERT INTO case_fts(case_fts, rank) VALUES('automerge', 4);"
        "INSERT INTO case_fts(case_fts, rank) VALUES('crisismerge', 16);"
        "INSERT INTO case_fts(case_fts) VALUES('optimize');");
  }

  // The indexed text of a case as case_search_src defines it (see migration 0002).
  Result<std::array<std::string, 5>> IndexedText(int64_t id) {
    HOTLINE_ASSIGN_OR_RETURN(auto st,
                             db_.Prepare("search.source",
                                         "SELECT title, content, replies, address, number FROM "
                                         "case_search_src WHERE id = ?1"));
    st->Bind(1, id);
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return Status::NotFound("no case " + std::to_string(id));
    return std::array<std::string, 5>{st->Text(0), st->Text(1), st->Text(2), st->Text(3),
                                      st->Text(4)};
  }

  // Adds (or, with del, removes) the index entries of case `id` for `text`.
  Status WriteIndex(int64_t id, const std::array<std::string, 5>& text, bool del) {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, del ? db_.Prepare("search.delete",
                                   "INSERT INTO case_fts(case_fts, rowid, title, content, replies, "
                                   "address, number) VALUES('delete', ?1, ?2, ?3, ?4, ?5, ?6)")
                     : db_.Prepare("search.insert",
                                   "INSERT INTO case_fts(rowid, title, content, replies, address, "
                                   "number) VALUES(?1, ?2, ?3, ?4, ?5, ?6)"));
    st->Bind(1, id);
    for (int i = 0; i < 5; ++i) st->Bind(i + 2, text[size_t(i)]);
    return st->Exec();
  }

  Result<std::vector<std::string>> CasesDueForSlaCheck(TimePoint now, int limit) override {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("case.sla_due",
                             "SELECT id FROM cases WHERE next_sla_at IS NOT NULL AND next_sla_at "
                             "<= ?1 ORDER BY next_sla_at LIMIT ?2"));
    st->Bind(1, ToUnixMillis(now)).Bind(2, int64_t(limit));
    return CollectRows<std::string>(*st, [&](Stmt& row) { return std::to_string(row.Int(0)); });
  }

  static Event ReadEvent(Stmt& st, int off) {
    Event e;
    e.case_id = std::to_string(st.Int(off + 0));
    e.seq = st.Int(off + 1);
    e.at = FromUnixMillis(st.Int(off + 2));
    e.actor_id = st.Text(off + 3);
    e.actor_name = st.Text(off + 4);
    e.actor_unit_id = st.Text(off + 5);
    e.action = st.Text(off + 6);
    std::string data = st.Text(off + 7);
    boost::system::error_code ec;
    auto v = bj::parse(data, ec);
    if (!ec && v.is_object()) e.data = std::move(v.as_object());
    e.prev_hash = st.Text(off + 8);
    e.hash = st.Text(off + 9);
    return e;
  }

  Result<std::vector<Event>> ListEvents(const std::string& case_id) override {
    int64_t n = Id(case_id);
    if (n <= 0) return Status::NotFound("no case " + case_id);
    HOTLINE_ASSIGN_OR_RETURN(
        auto st,
        db_.Prepare("events.list",
                    "SELECT case_id, seq, at, actor_id, actor_name, actor_unit_id, action, "
                    "data, prev_hash, hash FROM events WHERE case_id = ?1 "
                    // "case_id > 0" lets SQLite use the partial index events_case_seq.
                    "AND case_id > 0 ORDER BY seq"));
    st->Bind(1, n);
    return CollectRows<Event>(*st, [&](Stmt& row) { return ReadEvent(row, 0); });
  }

  // The raw stored data text of each event, for hash verification.
  Result<std::vector<std::pair<Event, std::string>>> ListEventsRaw(int64_t case_id) {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st,
        db_.Prepare("events.list_raw",
                    "SELECT case_id, seq, at, actor_id, actor_name, actor_unit_id, action, "
                    "data, prev_hash, hash FROM events WHERE case_id = ?1 "
                    // "case_id > 0" lets SQLite use the partial index events_case_seq.
                    "AND case_id > 0 ORDER BY seq"));
    st->Bind(1, case_id);
    return CollectRows<std::pair<Event, std::string>>(*st, [&](Stmt& row) {
      return std::pair<Event, std::string>(ReadEvent(row, 0), row.Text(7));
    });
  }

  Result<std::vector<AuditEntry>> ListAudit(const AuditQuery& q) override {
    std::string sql =
        "SELECT e.id, e.case_id, e.seq, e.at, e.actor_id, e.actor_name, e.actor_unit_id, e.action, "
        "e.data, e.prev_hash, e.hash, IFNULL(c.number, '') FROM events e LEFT JOIN cases c ON "
        "c.id = e.case_id WHERE e.id > ?1";
    if (q.from) sql += " AND e.at >= ?2";
    if (q.to) sql += " AND e.at < ?3";
    if (!q.actor_id.empty()) sql += " AND e.actor_id = ?4";
    if (!q.case_id.empty()) sql += " AND e.case_id = ?5";
    sql += " ORDER BY e.id LIMIT ?6";
    HOTLINE_ASSIGN_OR_RETURN(auto raw, db_.PrepareDynamic(sql));
    Stmt s(raw.get());
    s.Bind(1, q.after_id);
    if (q.from) s.Bind(2, ToUnixMillis(*q.from));
    if (q.to) s.Bind(3, ToUnixMillis(*q.to));
    if (!q.actor_id.empty()) s.Bind(4, q.actor_id);
    if (!q.case_id.empty()) s.Bind(5, Id(q.case_id));
    s.Bind(6, int64_t(std::clamp(q.limit, 1, 1000)));
    return CollectRows<AuditEntry>(s, [&](Stmt& row) {
      AuditEntry a;
      a.id = row.Int(0);
      a.event = ReadEvent(row, 1);
      a.case_number = row.Text(11);
      return a;
    });
  }

  Result<std::vector<Count>> Stats(const StatsQuery& q) override {
    std::string range = " WHERE 1=1";
    if (q.from) range += " AND c.created_at >= " + std::to_string(ToUnixMillis(*q.from));
    if (q.to) range += " AND c.created_at < " + std::to_string(ToUnixMillis(*q.to));
    std::vector<std::string> scope;
    if (q.scope_unit_ids) {
      if (q.scope_unit_ids->empty()) return std::vector<Count>{};
      std::string in = "(";
      for (size_t i = 0; i < q.scope_unit_ids->size(); ++i) in += i ? ",?" : "?";
      in += ")";
      range += " AND c.id IN (SELECT case_id FROM case_units WHERE unit_id IN " + in + ")";
      scope = *q.scope_unit_ids;
    }
    std::string sql;
    int64_t now = ToUnixMillis(q.now);
    switch (q.by) {
      case StatsDimension::kStatus:
        sql = "SELECT c.status, COUNT(*) FROM cases c" + range + " GROUP BY 1";
        break;
      case StatsDimension::kType:
        sql = "SELECT c.type, COUNT(*) FROM cases c" + range + " GROUP BY 1";
        break;
      case StatsDimension::kChannel:
        sql = "SELECT c.channel, COUNT(*) FROM cases c" + range + " GROUP BY 1";
        break;
      case StatsDimension::kCategory:
        sql = "SELECT c.category_id, COUNT(*) FROM cases c" + range + " GROUP BY 1";
        break;
      case StatsDimension::kDistrict:
        sql = "SELECT c.district_id, COUNT(*) FROM cases c" + range + " GROUP BY 1";
        break;
      case StatsDimension::kDay:
        sql = "SELECT (c.created_at + " + std::to_string(int64_t(q.tz_offset_minutes) * 60000) +
              ") / 86400000, COUNT(*) FROM cases c" + range + " GROUP BY 1 ORDER BY 1";
        break;
      case StatsDimension::kUnit:
        sql = "SELECT cu.unit_id, COUNT(*) FROM case_units cu JOIN cases c ON c.id = cu.case_id" +
              range + " GROUP BY 1";
        break;
      case StatsDimension::kSatisfaction:
        sql = "SELECT json_extract(c.doc, '$.rating.satisfaction'), COUNT(*) FROM cases c" + range +
              " AND json_extract(c.doc, '$.rating.satisfaction') IS NOT NULL GROUP BY 1";
        break;
      case StatsDimension::kSla:
        sql = "SELECT CASE WHEN cu.due_at < " + std::to_string(now) +
              " THEN 'overdue' WHEN cu.warn_at <= " + std::to_string(now) +
              " THEN 'warning' ELSE 'ok' END, COUNT(*) FROM case_units cu JOIN "
              "cases c ON c.id = cu.case_id" +
              range + " AND cu.active = 1 GROUP BY 1";
        break;
    }
    HOTLINE_ASSIGN_OR_RETURN(auto raw, db_.PrepareDynamic(sql));
    Stmt s(raw.get());
    for (size_t i = 0; i < scope.size(); ++i) s.Bind(int(i + 1), scope[i]);
    return CollectRows<Count>(s, [&](Stmt& row) {
      Count c;
      if (q.by == StatsDimension::kDay)
        c.key = FormatDate(Date{std::chrono::sys_days{std::chrono::days{row.Int(0)}}});
      else
        c.key = row.Text(0);
      c.count = row.Int(1);
      return c;
    });
  }

  Result<std::vector<std::string>> CaseIds(const std::string& after_id, int limit) override {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st,
        db_.Prepare("case.ids", "SELECT id FROM cases WHERE id > ?1 ORDER BY id LIMIT ?2"));
    st->Bind(1, after_id.empty() ? int64_t(0) : Id(after_id)).Bind(2, int64_t(limit));
    return CollectRows<std::string>(*st, [&](Stmt& row) { return std::to_string(row.Int(0)); });
  }

  Result<std::vector<Unit>> ListUnits() override {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("units.list",
                             "SELECT id, code, name, name_en, parent_id, kind, can_dispatch, "
                             "contact_phone, contact_email, disabled FROM units ORDER BY id"));
    return CollectRows<Unit>(*st, [&](Stmt& row) {
      Unit u;
      u.id = std::to_string(row.Int(0));
      u.code = row.Text(1);
      u.name = row.Text(2);
      u.name_en = row.Text(3);
      u.parent_id = row.Text(4);
      u.kind = ParseUnitKind(row.Text(5)).value_or(UnitKind::kDepartment);
      u.can_dispatch = row.Int(6) != 0;
      u.contact_phone = row.Text(7);
      u.contact_email = row.Text(8);
      u.disabled = row.Int(9) != 0;
      return u;
    });
  }

  Result<std::vector<Category>> ListCategories() override {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st,
        db_.Prepare("categories.list",
                    "SELECT id, code, name, name_en, parent_id, level, default_lead_unit_id, "
                    "street_level, keywords, disabled FROM categories ORDER BY code"));
    return CollectRows<Category>(*st, [&](Stmt& row) {
      Category c;
      c.id = std::to_string(row.Int(0));
      c.code = row.Text(1);
      c.name = row.Text(2);
      c.name_en = row.Text(3);
      c.parent_id = row.Text(4);
      c.level = int(row.Int(5));
      c.default_lead_unit_id = row.Text(6);
      c.street_level = row.Int(7) != 0;
      c.keywords = FromJsonArray(row.Text(8));
      c.disabled = row.Int(9) != 0;
      return c;
    });
  }

  Result<std::vector<RoutingRule>> ListRoutingRules() override {
    HOTLINE_ASSIGN_OR_RETURN(auto st,
                             db_.Prepare("routing.list",
                                         "SELECT id, category_id, district_id, lead_unit_id, "
                                         "co_unit_ids FROM routing_rules ORDER BY id"));
    std::vector<RoutingRule> out;
    while (true) {
      HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      out.push_back({std::to_string(st->Int(0)), st->Text(1), st->Text(2), st->Text(3),
                     FromJsonArray(st->Text(4))});
    }
    return out;
  }

  static User ReadUser(Stmt& st) {
    User u;
    u.id = std::to_string(st.Int(0));
    u.username = st.Text(1);
    u.name = st.Text(2);
    u.password_hash = st.Text(3);
    u.roles = SplitRoles(st.Text(4));
    u.unit_id = st.Text(5);
    u.disabled = st.Int(6) != 0;
    u.failed_logins = int(st.Int(7));
    if (auto t = st.OptInt(8)) u.locked_until = FromUnixMillis(*t);
    u.created_at = FromUnixMillis(st.Int(9));
    return u;
  }
  static constexpr const char* kUserCols =
      "SELECT id, username, name, password_hash, roles, unit_id, disabled, failed_logins, "
      "locked_until, created_at FROM users";

  Result<std::vector<User>> ListUsers() override {
    HOTLINE_ASSIGN_OR_RETURN(auto st,
                             db_.Prepare("users.list", std::string(kUserCols) + " ORDER BY id"));
    return CollectRows<User>(*st, [&](Stmt& row) { return ReadUser(*st); });
  }

  Result<User> GetUser(const std::string& id) override {
    HOTLINE_ASSIGN_OR_RETURN(auto st,
                             db_.Prepare("users.get", std::string(kUserCols) + " WHERE id = ?1"));
    st->Bind(1, Id(id));
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return Status::NotFound("no user " + id);
    return ReadUser(*st);
  }

  Result<User> GetUserByUsername(const std::string& username) override {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("users.by_name", std::string(kUserCols) + " WHERE username = ?1"));
    st->Bind(1, username);
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return Status::NotFound("no user named " + username);
    return ReadUser(*st);
  }

  Result<Session> GetSession(const std::string& token_hash) override {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("sessions.get",
                             "SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM "
                             "sessions WHERE token_hash = ?1"));
    st->Bind(1, token_hash);
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return Status::NotFound("no such session");
    return Session{st->Text(0), st->Text(1), st->Text(2), FromUnixMillis(st->Int(3)),
                   FromUnixMillis(st->Int(4))};
  }

  Result<std::vector<std::string>> ListSlaPolicies() override {
    HOTLINE_ASSIGN_OR_RETURN(auto st,
                             db_.Prepare("sla.list", "SELECT json FROM sla_policies ORDER BY id"));
    return CollectRows<std::string>(*st, [&](Stmt& row) { return row.Text(0); });
  }

  Result<std::vector<CalendarYear>> ListCalendarYears() override {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st,
        db_.Prepare("calendar.list", "SELECT year, json FROM calendar_years ORDER BY year"));
    return CollectRows<CalendarYear>(*st, [&](Stmt& row) {
      return CalendarYear{int(row.Int(0)), row.Text(1)};
    });
  }

  Result<std::optional<std::string>> GetSetting(const std::string& key) override {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("settings.get", "SELECT value FROM settings WHERE key = ?1"));
    st->Bind(1, key);
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return std::optional<std::string>();
    return std::optional<std::string>(st->Text(0));
  }

  Result<std::optional<IdempotencyRecord>> GetIdempotency(const std::string& scope,
                                                          const std::string& key) override {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("idem.get",
                             "SELECT result_id, created_at FROM idempotency WHERE scope = ?1 AND "
                             "key = ?2"));
    st->Bind(1, scope).Bind(2, key);
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return std::optional<IdempotencyRecord>();
    return std::optional<IdempotencyRecord>(
        IdempotencyRecord{scope, key, st->Text(0), FromUnixMillis(st->Int(1))});
  }

  static Attachment ReadAttachment(Stmt& st) {
    return Attachment{std::to_string(st.Int(0)),
                      st.Text(1),
                      st.Text(2),
                      st.Text(3),
                      st.Int(4),
                      st.Text(5),
                      st.Text(6),
                      FromUnixMillis(st.Int(7))};
  }

  Result<std::vector<Attachment>> ListAttachments(const std::string& case_id) override {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("attachments.list",
                             "SELECT id, case_id, name, content_type, size, sha256, uploaded_by, "
                             "uploaded_at FROM attachments WHERE case_id = ?1 ORDER BY id"));
    st->Bind(1, case_id);
    return CollectRows<Attachment>(*st, [&](Stmt& row) { return ReadAttachment(*st); });
  }

  Result<Attachment> GetAttachment(const std::string& id) override {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("attachments.get",
                             "SELECT id, case_id, name, content_type, size, sha256, uploaded_by, "
                             "uploaded_at FROM attachments WHERE id = ?1"));
    st->Bind(1, Id(id));
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return Status::NotFound("no attachment " + id);
    return ReadAttachment(*st);
  }

  Result<int64_t> CountCases() override {
    HOTLINE_ASSIGN_OR_RETURN(auto st, db_.Prepare("case.count", "SELECT COUNT(*) FROM cases"));
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    return row ? st->Int(0) : int64_t(0);
  }

  // ---- writes ----

  Status CheckWritable() const {
    return writable_ ? Status::Ok() : Status::Internal("write on a read transaction");
  }

  Status WriteCaseUnits(const Case& c, int64_t id) {
    HOTLINE_ASSIGN_OR_RETURN(
        auto del, db_.Prepare("case_units.delete", "DELETE FROM case_units WHERE case_id = ?1"));
    HOTLINE_RETURN_IF_ERROR(del->Bind(1, id).Exec());
    HOTLINE_ASSIGN_OR_RETURN(
        auto ins,
        db_.Prepare("case_units.upsert",
                    "INSERT INTO case_units(unit_id, case_id, active, status, warn_at, "
                    "due_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(unit_id, case_id) "
                    "DO UPDATE SET active = MAX(active, excluded.active), status = "
                    "CASE WHEN excluded.active THEN excluded.status ELSE status END, "
                    "warn_at = excluded.warn_at, due_at = excluded.due_at"));
    bool open = IsOpen(c.status);
    for (const auto& a : c.assignments) {
      bool active = open && a.Active();
      ins->Bind(1, a.unit_id).Bind(2, id).Bind(3, active).Bind(4, std::string(Name(a.status)));
      if (active && !a.paused_at && a.status != AssignmentStatus::kReplied) {
        ins->Bind(5, ToUnixMillis(a.warn_at)).Bind(6, ToUnixMillis(a.due_at));
      } else {
        ins->BindNull(5).BindNull(6);
      }
      HOTLINE_RETURN_IF_ERROR(ins->Exec());
      ins->Reset();
    }
    return Status::Ok();
  }

  void BindCase(Stmt& st, const Case& c) {
    st.Bind(1, std::string(Name(c.status)))
        .Bind(2, std::string(Name(c.type)))
        .Bind(3, std::string(Name(c.channel)))
        .Bind(4, c.category_id)
        .Bind(5, c.location.district_id)
        .Bind(6, c.urgent);
    if (c.citizen.phone.empty())
      st.BindNull(7);
    else
      st.Bind(7, cipher_.KeyedHash(c.citizen.phone));
    st.Bind(8, c.parent_id)
        .Bind(9, ToUnixMillis(c.created_at))
        .Bind(10, ToUnixMillis(c.updated_at));
    if (c.due_at)
      st.Bind(11, ToUnixMillis(*c.due_at));
    else
      st.BindNull(11);
    st.Bind(12, NextSlaCheck(c)).Bind(13, c.version).Bind(14, c.title).Bind(15, c.content);
    st.Bind(16, CaseDocToJson(c));
    if (c.citizen.empty())
      st.BindNull(17);
    else
      st.BindBlob(17, cipher_.Seal(CitizenToJson(c.citizen)));
  }

  Status InsertCase(Case& c, int tz_offset_minutes) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    Date d = LocalDate(c.created_at, TimeZone{tz_offset_minutes});
    char day[16];
    std::snprintf(day, sizeof day, "%02d%02u%02u", int(d.year()) % 100, unsigned(d.month()),
                  unsigned(d.day()));
    HOTLINE_ASSIGN_OR_RETURN(
        auto num, db_.Prepare("case.next_number",
                              "INSERT INTO case_numbers(day, last) VALUES(?1, 1) ON CONFLICT(day) "
                              "DO UPDATE SET last = last + 1 RETURNING last"));
    num->Bind(1, std::string(day));
    HOTLINE_ASSIGN_OR_RETURN(bool row, num->Step());
    if (!row) return Status::Internal("case number sequence failed");
    char number[32];
    std::snprintf(number, sizeof number, "%s%04lld", day, static_cast<long long>(num->Int(0)));
    num.operator*().Reset();
    c.number = number;
    c.version = 1;
    HOTLINE_ASSIGN_OR_RETURN(
        auto st,
        db_.Prepare("case.insert",
                    "INSERT INTO cases(status, type, channel, category_id, district_id, "
                    "urgent, phone_hash, parent_id, created_at, updated_at, due_at, "
                    "next_sla_at, version, title, content, doc, citizen, number) "
                    "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)"));
    BindCase(*st, c);
    st->Bind(18, c.number);
    HOTLINE_RETURN_IF_ERROR(st->Exec());
    int64_t id = db_.LastInsertId();
    c.id = std::to_string(id);
    c.last_seq = 0;
    c.last_hash.clear();
    // Case search: indexed in this transaction (the text case_search_src gives for this row).
    HOTLINE_RETURN_IF_ERROR(WriteIndex(id, CaseSearchText(c), /*del=*/false));
    if (!c.citizen.phone.empty()) HOTLINE_RETURN_IF_ERROR(IndexPhone(c.citizen.phone));
    return WriteCaseUnits(c, id);
  }

  Status UpdateCase(const Case& c, int64_t expected_version) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    int64_t id = Id(c.id);
    // Case search: the indexed text before the change, to remove it if it changes.
    auto before = IndexedText(id);
    if (!before.ok() && !before.status().IsNotFound()) return before.status();
    HOTLINE_ASSIGN_OR_RETURN(
        auto st,
        db_.Prepare("case.update",
                    "UPDATE cases SET status=?1, type=?2, channel=?3, category_id=?4, "
                    "district_id=?5, urgent=?6, phone_hash=?7, parent_id=?8, created_at=?9, "
                    "updated_at=?10, due_at=?11, next_sla_at=?12, version=?13, title=?14, "
                    "content=?15, doc=?16, citizen=?17 WHERE id=?18 AND version=?19"));
    BindCase(*st, c);
    st->Bind(18, id).Bind(19, expected_version);
    HOTLINE_RETURN_IF_ERROR(st->Exec());
    if (db_.Changes() == 0) {
      auto cur = GetCase(c.id);
      if (!cur.ok()) return cur.status();
      return Status::StaleVersion("case " + c.number + " was changed by someone else (version " +
                                  std::to_string(cur->version) + ", you had " +
                                  std::to_string(expected_version) + ")");
    }
    auto after = CaseSearchText(c);
    after[4] = before->at(4);  // the number never changes (and UpdateCase does not write it)
    if (after != *before) {
      HOTLINE_RETURN_IF_ERROR(WriteIndex(id, *before, /*del=*/true));
      HOTLINE_RETURN_IF_ERROR(WriteIndex(id, after, /*del=*/false));
    }
    if (!c.citizen.phone.empty()) HOTLINE_RETURN_IF_ERROR(IndexPhone(c.citizen.phone));
    return WriteCaseUnits(c, id);
  }

  Status InsertEvent(int64_t case_id, Event& e, const std::string& data_text) {
    HOTLINE_ASSIGN_OR_RETURN(
        auto ins, db_.Prepare("events.insert",
                              "INSERT INTO events(case_id, seq, at, actor_id, actor_name, "
                              "actor_unit_id, action, data, prev_hash, hash) "
                              "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)"));
    ins->Bind(1, case_id).Bind(2, e.seq).Bind(3, ToUnixMillis(e.at)).Bind(4, e.actor_id);
    ins->Bind(5, e.actor_name).Bind(6, e.actor_unit_id).Bind(7, e.action).Bind(8, data_text);
    ins->Bind(9, e.prev_hash).Bind(10, e.hash);
    return ins->Exec();
  }

  Status AppendEvent(Event& e) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    int64_t case_id = Id(e.case_id);
    HOTLINE_ASSIGN_OR_RETURN(
        auto head,
        db_.Prepare("events.head", "SELECT last_seq, last_hash FROM cases WHERE id = ?1"));
    head->Bind(1, case_id);
    HOTLINE_ASSIGN_OR_RETURN(bool row, head->Step());
    if (!row) return Status::NotFound("no case " + e.case_id);
    e.seq = head->Int(0) + 1;
    e.prev_hash = head->Text(1);
    head.operator*().Reset();
    std::string data_text = bj::serialize(e.data);
    e.hash = EventHash(e.prev_hash, e.case_id, e.seq, e.at, e.actor_id, e.action, data_text);
    HOTLINE_RETURN_IF_ERROR(InsertEvent(case_id, e, data_text));
    HOTLINE_ASSIGN_OR_RETURN(
        auto upd, db_.Prepare("events.advance_head",
                              "UPDATE cases SET last_seq = ?1, last_hash = ?2 WHERE id = ?3"));
    return upd->Bind(1, e.seq).Bind(2, e.hash).Bind(3, case_id).Exec();
  }

  Status AppendAdminEvent(Event& e) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    e.case_id = "0";
    e.seq = 0;
    std::string data_text = bj::serialize(e.data);
    e.hash = EventHash("", "0", 0, e.at, e.actor_id, e.action, data_text);
    return InsertEvent(0, e, data_text);
  }

  Status PutUnit(const Unit& u) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    HOTLINE_ASSIGN_OR_RETURN(
        auto st,
        db_.Prepare("units.put",
                    "INSERT INTO units(id, code, name, name_en, parent_id, kind, "
                    "can_dispatch, contact_phone, contact_email, disabled) "
                    "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10) ON CONFLICT(id) DO UPDATE SET "
                    "code=excluded.code, name=excluded.name, name_en=excluded.name_en, "
                    "parent_id=excluded.parent_id, kind=excluded.kind, "
                    "can_dispatch=excluded.can_dispatch, contact_phone=excluded.contact_phone, "
                    "contact_email=excluded.contact_email, disabled=excluded.disabled"));
    if (u.id.empty())
      st->BindNull(1);
    else
      st->Bind(1, Id(u.id));
    st->Bind(2, u.code).Bind(3, u.name).Bind(4, u.name_en).Bind(5, u.parent_id);
    st->Bind(6, std::string(Name(u.kind))).Bind(7, u.can_dispatch).Bind(8, u.contact_phone);
    st->Bind(9, u.contact_email).Bind(10, u.disabled);
    return st->Exec();
  }

  Status PutCategory(const Category& c) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("categories.put",
                             "INSERT INTO categories(id, code, name, name_en, parent_id, level, "
                             "default_lead_unit_id, street_level, keywords, disabled) "
                             "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10) ON CONFLICT(id) DO UPDATE SET "
                             "code=excluded.code, name=excluded.name, name_en=excluded.name_en, "
                             "parent_id=excluded.parent_id, level=excluded.level, "
                             "default_lead_unit_id=excluded.default_lead_unit_id, "
                             "street_level=excluded.street_level, keywords=excluded.keywords, "
                             "disabled=excluded.disabled"));
    if (c.id.empty())
      st->BindNull(1);
    else
      st->Bind(1, Id(c.id));
    st->Bind(2, c.code).Bind(3, c.name).Bind(4, c.name_en).Bind(5, c.parent_id);
    st->Bind(6, int64_t(c.level)).Bind(7, c.default_lead_unit_id).Bind(8, c.street_level);
    st->Bind(9, ToJsonArray(c.keywords)).Bind(10, c.disabled);
    return st->Exec();
  }

  Status PutRoutingRule(const RoutingRule& r) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    HOTLINE_ASSIGN_OR_RETURN(
        auto st,
        db_.Prepare("routing.put",
                    "INSERT INTO routing_rules(id, category_id, district_id, lead_unit_id, "
                    "co_unit_ids) VALUES(?1,?2,?3,?4,?5) ON CONFLICT(id) DO UPDATE SET "
                    "category_id=excluded.category_id, district_id=excluded.district_id, "
                    "lead_unit_id=excluded.lead_unit_id, co_unit_ids=excluded.co_unit_ids"));
    if (r.id.empty())
      st->BindNull(1);
    else
      st->Bind(1, Id(r.id));
    st->Bind(2, r.category_id).Bind(3, r.district_id).Bind(4, r.lead_unit_id);
    st->Bind(5, ToJsonArray(r.co_unit_ids));
    return st->Exec();
  }

  Status DeleteRoutingRule(const std::string& id) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("routing.delete", "DELETE FROM routing_rules WHERE id = ?1"));
    HOTLINE_RETURN_IF_ERROR(st->Bind(1, Id(id)).Exec());
    return db_.Changes() ? Status::Ok() : Status::NotFound("no routing rule " + id);
  }

  Status PutUser(User& u) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    HOTLINE_ASSIGN_OR_RETURN(
        auto st,
        db_.Prepare("users.put",
                    "INSERT INTO users(id, username, name, password_hash, roles, unit_id, "
                    "disabled, failed_logins, locked_until, created_at) "
                    "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10) ON CONFLICT(id) DO UPDATE SET "
                    "username=excluded.username, name=excluded.name, "
                    "password_hash=excluded.password_hash, roles=excluded.roles, "
                    "unit_id=excluded.unit_id, disabled=excluded.disabled, "
                    "failed_logins=excluded.failed_logins, locked_until=excluded.locked_until"));
    if (u.id.empty())
      st->BindNull(1);
    else
      st->Bind(1, Id(u.id));
    st->Bind(2, u.username).Bind(3, u.name).Bind(4, u.password_hash).Bind(5, JoinRoles(u.roles));
    st->Bind(6, u.unit_id).Bind(7, u.disabled).Bind(8, int64_t(u.failed_logins));
    if (u.locked_until)
      st->Bind(9, ToUnixMillis(*u.locked_until));
    else
      st->BindNull(9);
    st->Bind(10, ToUnixMillis(u.created_at));
    auto s = st->Exec();
    if (!s.ok() && s.reason() == "constraint")
      return Status::Conflict("username_taken", "the user name " + u.username + " is taken");
    HOTLINE_RETURN_IF_ERROR(s);
    if (u.id.empty()) u.id = std::to_string(db_.LastInsertId());
    return Status::Ok();
  }

  Status PutSession(const Session& s) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("sessions.put",
                             "INSERT OR REPLACE INTO sessions(token_hash, user_id, csrf_token, "
                             "created_at, expires_at) VALUES(?1,?2,?3,?4,?5)"));
    st->Bind(1, s.token_hash).Bind(2, s.user_id).Bind(3, s.csrf_token);
    st->Bind(4, ToUnixMillis(s.created_at)).Bind(5, ToUnixMillis(s.expires_at));
    return st->Exec();
  }

  Status DeleteSession(const std::string& token_hash) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("sessions.delete", "DELETE FROM sessions WHERE token_hash = ?1"));
    return st->Bind(1, token_hash).Exec();
  }

  Status PutSlaPolicy(const std::string& id, const std::string& json) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    HOTLINE_ASSIGN_OR_RETURN(
        auto st,
        db_.Prepare("sla.put", "INSERT OR REPLACE INTO sla_policies(id, json) VALUES(?1, ?2)"));
    return st->Bind(1, id).Bind(2, json).Exec();
  }

  Status DeleteSlaPolicy(const std::string& id) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    HOTLINE_ASSIGN_OR_RETURN(auto st,
                             db_.Prepare("sla.delete", "DELETE FROM sla_policies WHERE id = ?1"));
    HOTLINE_RETURN_IF_ERROR(st->Bind(1, id).Exec());
    return db_.Changes() ? Status::Ok() : Status::NotFound("no time-limit policy " + id);
  }

  Status PutCalendarYear(const CalendarYear& y) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("calendar.put",
                             "INSERT OR REPLACE INTO calendar_years(year, json) VALUES(?1, ?2)"));
    return st->Bind(1, int64_t(y.year)).Bind(2, y.json).Exec();
  }

  Status PutSetting(const std::string& key, const std::string& value) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    HOTLINE_ASSIGN_OR_RETURN(
        auto st,
        db_.Prepare("settings.put", "INSERT OR REPLACE INTO settings(key, value) VALUES(?1, ?2)"));
    return st->Bind(1, key).Bind(2, value).Exec();
  }

  Status PutIdempotency(const IdempotencyRecord& r) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("idem.put",
                             "INSERT INTO idempotency(scope, key, result_id, created_at) "
                             "VALUES(?1,?2,?3,?4)"));
    return st->Bind(1, r.scope)
        .Bind(2, r.key)
        .Bind(3, r.result_id)
        .Bind(4, ToUnixMillis(r.created_at))
        .Exec();
  }

  Status PutAttachment(Attachment& a) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("attachments.put",
                             "INSERT INTO attachments(case_id, name, content_type, size, sha256, "
                             "uploaded_by, uploaded_at) VALUES(?1,?2,?3,?4,?5,?6,?7)"));
    st->Bind(1, a.case_id).Bind(2, a.name).Bind(3, a.content_type).Bind(4, a.size);
    st->Bind(5, a.sha256).Bind(6, a.uploaded_by).Bind(7, ToUnixMillis(a.uploaded_at));
    HOTLINE_RETURN_IF_ERROR(st->Exec());
    a.id = std::to_string(db_.LastInsertId());
    return Status::Ok();
  }

 private:
  Db& db_;
  const PiiCipher& cipher_;
  bool writable_;
};

// A read transaction on a pooled connection; returns the connection when destroyed.
class PooledReadTx final : public SqlTx {
 public:
  PooledReadTx(SqliteStore* store, std::unique_ptr<Db> db, const PiiCipher& cipher)
      : SqlTx(*db, cipher, false), store_(store), db_(std::move(db)) {}
  ~PooledReadTx() override {
    // A cached statement: sqlite3_exec would parse "COMMIT" on every read.
    if (auto commit = db_->Prepare("tx.commit", "COMMIT"); commit.ok())
      (void)(*commit)->Exec();
    else
      (void)db_->Exec("COMMIT");
    store_->ReturnReader(std::move(db_));
  }

 private:
  SqliteStore* store_;
  std::unique_ptr<Db> db_;
};

struct SqliteStore::Job {
  std::function<Status(WriteTx&)> fn;
  std::promise<Status> done;
};

SqliteStore::SqliteStore(std::unique_ptr<Db> writer, PiiCipher cipher, Options options)
    : cipher_(std::move(cipher)), options_(options), writer_(std::move(writer)) {}

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path, PiiCipher cipher,
                                                       Options options) {
  HOTLINE_ASSIGN_OR_RETURN(auto writer, Db::Open(path, Db::Mode::kWriter));
  HOTLINE_RETURN_IF_ERROR(Migrate(*writer));
  {
    // Case search: phone fragments of cases written before migration 0002 (needs the key).
    SqlTx tx(*writer, cipher, true);
    HOTLINE_RETURN_IF_ERROR(writer->Exec("BEGIN IMMEDIATE"));
    Status st = tx.BackfillPhoneFragments();
    HOTLINE_RETURN_IF_ERROR(writer->Exec(st.ok() ? "COMMIT" : "ROLLBACK"));
    HOTLINE_RETURN_IF_ERROR(st);
  }
  std::unique_ptr<SqliteStore> store(
      new SqliteStore(std::move(writer), std::move(cipher), options));
  store->path_ = path;
  for (int i = 0; i < std::max(1, options.readers); ++i) {
    HOTLINE_ASSIGN_OR_RETURN(auto r, Db::Open(path, Db::Mode::kReader));
    store->readers_.push_back(std::move(r));
  }
  store->writer_thread_ = std::thread([s = store.get()] { s->WriterLoop(); });
  return store;
}

SqliteStore::~SqliteStore() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (writer_thread_.joinable()) writer_thread_.join();
}

void SqliteStore::ReturnReader(std::unique_ptr<Db> db) {
  {
    std::lock_guard lock(pool_mu_);
    readers_.push_back(std::move(db));
  }
  pool_cv_.notify_one();
}

Result<std::unique_ptr<ReadTx>> SqliteStore::Read() {
  std::unique_ptr<Db> db;
  {
    std::unique_lock lock(pool_mu_);
    pool_cv_.wait(lock, [&] { return !readers_.empty(); });
    db = std::move(readers_.back());
    readers_.pop_back();
  }
  auto begin = db->Prepare("tx.begin", "BEGIN");
  Status st = begin.ok() ? (*begin)->Exec() : begin.status();
  if (!st.ok()) {
    ReturnReader(std::move(db));
    return st;
  }
  return std::unique_ptr<ReadTx>(new PooledReadTx(this, std::move(db), cipher_));
}

Status SqliteStore::Write(std::function<Status(WriteTx&)> fn) {
  Job job{std::move(fn), {}};
  auto fut = job.done.get_future();
  {
    std::lock_guard lock(mu_);
    if (stopping_) return Status::Unavailable("the store is shutting down");
    queue_.push_back(&job);
  }
  cv_.notify_one();
  return fut.get();
}

void SqliteStore::WriterLoop() {
  SqlTx tx(*writer_, cipher_, true);
  std::vector<Job*> batch;
  while (true) {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    std::vector<Status> results(batch.size());
    Status begin = writer_->Exec("BEGIN IMMEDIATE");
    if (!begin.ok()) {
      for (auto* j : batch) j->done.set_value(begin);
      batch.clear();
      continue;
    }
    for (size_t i = 0; i < batch.size(); ++i) {
      (void)writer_->Exec("SAVEPOINT w");
      Status st;
      try {
        st = batch[i]->fn(tx);
      } catch (const std::exception& e) {
        st = Status::Internal(std::string("write failed: ") + e.what());
      }
      if (!st.ok()) (void)writer_->Exec("ROLLBACK TO w");
      (void)writer_->Exec("RELEASE w");
      results[i] = st;
    }
    Status commit = writer_->Exec("COMMIT");
    if (!commit.ok()) {
      (void)writer_->Exec("ROLLBACK");
      for (auto& r : results)
        if (r.ok())
          r = Status::Unavailable("the write could not be committed: " + commit.message());
    }
    {
      std::lock_guard lock(mu_);
      ++commits_;
      writes_ += batch.size();
    }
    for (size_t i = 0; i < batch.size(); ++i) batch[i]->done.set_value(results[i]);
    batch.clear();
  }
}

SqliteStore::WriteCounters SqliteStore::Counters() const {
  std::lock_guard lock(mu_);
  return {commits_, writes_};
}

}  // namespace hotline::store::sqlite
