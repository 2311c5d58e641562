#include "src/store/sqlite/sqlite_store.h"

#include <algorithm>
#include <array>
#include <bit>
#include <boost/json.hpp>
#include <cmath>
#include <filesystem>
#include <future>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <variant>

#include "src/common/time.h"
#include "src/search/facets.h"
#include "src/search/query.h"
#include "src/store/case_doc.h"
#include "src/store/event_hash.h"
#include "src/store/sqlite/case_search_sql.h"
#include "src/store/sqlite/hot_sql.h"
#include "src/store/sqlite/knowledge_sql.h"
#include "src/store/sqlite/migrations.h"
#include "src/store/sqlite/search_bulk.h"

namespace hotline::store::sqlite {
namespace bj = boost::json;
using namespace hotline::domain;

namespace {

// KPI rollup shapes (issue 6): the order in which kpi_*_multi keeps a shape's dimensions in
// v1..v4 (fewest values first, so that seeks on the filtered ones come early), and a key's value
// of one dimension.
constexpr int kKpiMultiOrder[5] = {kKpiDimChannel, kKpiDimType, kKpiDimDistrict, kKpiDimUnit,
                                   kKpiDimCategory};
int64_t KpiDimValue(const KpiKey& k, int dim) {
  switch (dim) {
    case kKpiDimUnit:
      return k.unit;
    case kKpiDimDistrict:
      return k.district;
    case kKpiDimCategory:
      return k.category;
    case kKpiDimChannel:
      return k.channel;
    default:
      return k.type;
  }
}

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
constexpr int kSearchPool = 1000;           // candidates ranked per query
constexpr int64_t kSearchCountCap = 10000;  // matches counted at most
// Cases in the requested open statuses up to which the ranked pool tests its candidates against
// the set of their ids before reading their rows (PlanFacets).
constexpr int64_t kPoolOpenSetMax = 200000;
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
    HOTLINE_RETURN_IF_ERROR(CaseDocFromJson(st.TextView(15), &c));
    if (!st.IsNull(16)) {
      HOTLINE_ASSIGN_OR_RETURN(std::string plain, cipher_.Open(st.BlobView(16)));
      HOTLINE_ASSIGN_OR_RETURN(c.citizen, CitizenFromJson(plain));
    }
    c.last_seq = st.Int(17);
    c.last_hash = st.Text(18);
    return c;
  }

  Result<Case> GetCase(const std::string& id) override {
    int64_t n = Id(id);
    if (n < 0) return Status::NotFound("no case " + id);
    // The hottest query: build its text once, not on every read.
    static const std::string kSql =
        std::string("SELECT ") + kCaseColumns + " FROM cases WHERE id = ?1";
    HOTLINE_ASSIGN_OR_RETURN(auto st, db_.Prepare("case.get", kSql));
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
    // ---- Open311 (GeoReport v2) filters ----
    if (!q.numbers.empty()) where += " AND c.number IN " + in_list(q.numbers);
    if (q.updated_from) {
      where += " AND c.updated_at >= ?";
      args->emplace_back(int64_t(ToUnixMillis(*q.updated_from)));
    }
    if (q.updated_to) {
      where += " AND c.updated_at < ?";
      args->emplace_back(int64_t(ToUnixMillis(*q.updated_to)));
    }
    if (q.exclude_confidential)
      where += " AND IFNULL(json_extract(c.doc, '$.confidential'), 0) = 0";
    if (q.require_category) where += " AND c.category_id <> ''";
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
    std::string match;  // empty when the text has no searchable word
    std::string find;   // search::MatchOnlyExpression(match): to find and rank, not to highlight
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
      s.find = search::MatchOnlyExpression(s.match);
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
      args->emplace_back(s.find);
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
    if (q.cursor.empty() && q.offset > 0) sql += " OFFSET " + std::to_string(q.offset);
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

  // ---- Case search facets (issue 5: search with filters; migration 0015) ----
  // The list filters of a ranked search as FTS5 terms on case_fts's `facets` column
  // (search/facets.h), ANDed to the query, so the index yields only cases that can pass them.
  // Facet terms: groups ANDed (each group an OR of tokens), then cases with any of `none` removed
  // (FTS5 NOT). A filter that passes most cases (the status closed, a range over most of the
  // data) is given by what it excludes: FTS5 walks a term's whole index entry between the matches
  // it intersects, so a token carried by 94 % of the cases would cost a pass over nearly all of
  // them, while its complement is short.
  struct FacetTerms {
    std::vector<std::string> all;
    std::vector<std::string> none;
  };
  struct FacetPlan {
    bool none = false;  // no case can pass the filters (an empty date range)
    // Terms every case passing the filters has: for the ranked pool and the older matches,
    // which still test every filter on the case row (exact whatever the facets).
    FacetTerms prune;
    // When every status asked for is open and few cases are in them: those statuses (SQL list),
    // for the pool and the older matches to test on the index's candidates before their rows
    // are read — the newest matches of a word may be many cases open in other statuses.
    std::string pool_open_in;
    // The count: each part is `match` with its terms, counted from the index alone unless `rows`
    // (then joined to the case rows and tested against every filter). The parts do not overlap
    // and together hold every case that passes the filters.
    struct Part {
      FacetTerms terms;
      bool rows = false;
      // Without rows: the candidates must be among the cases in these open statuses (SQL list).
      std::string open_in;
    };
    std::vector<Part> count_parts;
  };

  static std::string FacetOr(const std::vector<std::string>& tokens) {
    std::string out = "(";
    for (size_t i = 0; i < tokens.size(); ++i) {
      std::string quoted;
      for (char ch : tokens[i]) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      out += (i ? " OR facets : \"" : "facets : \"") + quoted + "\"";
    }
    return out + ")";
  }

  // `find` restricted by `t`.
  static std::string WithFacets(const std::string& find, const FacetTerms& t) {
    std::string out = "(" + find + ")";
    for (const auto& g : t.all) out += " AND " + g;
    if (!t.none.empty()) out = "(" + out + ") NOT " + FacetOr(t.none);
    return out;
  }

  Result<FacetPlan> PlanFacets(const CaseQuery& q) {
    FacetPlan plan;
    // Filters the facets cannot answer: the count reads the case rows for them.
    const bool rows = q.type || q.channel || !q.phone.empty() || !q.parent_id.empty() ||
                      !q.numbers.empty() || q.updated_from || q.updated_to ||
                      q.exclude_confidential || q.require_category || q.scope_unit_ids ||
                      !q.unit_ids.empty() || q.sla;
    FacetTerms base;  // exact for district and categories
    if (!q.district_id.empty())
      base.all.push_back(FacetOr({search::FacetToken("d", q.district_id)}));
    if (!q.category_ids.empty()) {
      std::vector<std::string> tokens;
      for (const auto& c : q.category_ids) tokens.push_back(search::FacetToken("c", c));
      base.all.push_back(FacetOr(tokens));
    }
    plan.prune = base;
    // Status: closed kinds by their own token (exact); open statuses share "open", and the
    // count tests those candidates against the ids of cases in the requested open statuses
    // (read from the index cases_status: as many as are in hand, however many cases the city
    // has), not against their rows. Closed — most cases of any running hotline — is given as
    // "none of the other statuses".
    struct StatusPart {
      FacetTerms terms;
      std::string open_in;  // "'new','dispatched'": the candidates' exact open statuses
    };
    std::vector<StatusPart> status_parts;
    if (!q.statuses.empty()) {
      static const char* const kKinds[] = {"open", "closed", "merged", "transferred", "invalid"};
      std::set<std::string> wanted;  // facet values
      bool with_closed = false;
      std::vector<std::string> closed;
      std::string open_in;
      for (auto st : q.statuses) {
        const std::string name(domain::Name(st));
        wanted.insert(StatusFacetValue(name));
        if (st == domain::CaseStatus::kClosed) with_closed = true;
        if (domain::KindOf(st) == domain::StatusKind::kOpen) {
          open_in += (open_in.empty() ? "'" : ",'") + name + "'";
        } else if (std::find(closed.begin(), closed.end(), search::FacetToken("s", name)) ==
                   closed.end()) {
          closed.push_back(search::FacetToken("s", name));
        }
      }
      auto excluding = [&](const std::set<std::string>& keep) {
        std::vector<std::string> out;
        for (const char* k : kKinds)
          if (!keep.count(k)) out.push_back(search::FacetToken("s", k));
        return out;
      };
      std::vector<std::string> wanted_tokens;
      for (const auto& v : wanted) wanted_tokens.push_back(search::FacetToken("s", v));
      if (with_closed) {
        for (auto& t : excluding(wanted)) plan.prune.none.push_back(t);
      } else {
        plan.prune.all.push_back(FacetOr(wanted_tokens));
      }
      if (!closed.empty()) {
        StatusPart sp;
        std::set<std::string> closed_values;
        for (auto st : q.statuses)
          if (domain::KindOf(st) == domain::StatusKind::kClosed)
            closed_values.insert(std::string(domain::Name(st)));
        if (with_closed)
          sp.terms.none = excluding(closed_values);
        else
          sp.terms.all.push_back(FacetOr(closed));
        status_parts.push_back(std::move(sp));
      }
      if (!open_in.empty()) {
        StatusPart sp;
        sp.terms.all.push_back(FacetOr({search::FacetToken("s", "open")}));
        sp.open_in = open_in;
        status_parts.push_back(std::move(sp));
        if (closed.empty() && !with_closed) {
          // The set of ids costs ~0.15 µs per case in those statuses; the count builds it
          // anyway, the pool only while it is small.
          HOTLINE_ASSIGN_OR_RETURN(
              auto cnt,
              db_.PrepareDynamic("SELECT COUNT(*) FROM (SELECT 1 FROM cases WHERE status IN (" +
                                 open_in + ") LIMIT " + std::to_string(kPoolOpenSetMax + 1) + ")"));
          Stmt c(cnt.get());
          HOTLINE_ASSIGN_OR_RETURN(bool row, c.Step());
          if (row && c.Int(0) <= kPoolOpenSetMax) plan.pool_open_in = open_in;
        }
      }
    }
    if (status_parts.empty()) status_parts.push_back({});
    // Registration date: the periods wholly inside the range need no row; the partial days do.
    struct DatePart {
      FacetTerms terms;
      bool partial = false;
    };
    std::vector<DatePart> date_parts;
    if (q.from || q.to) {
      // (Two subqueries: SQLite answers a lone MIN or MAX from the index led by created_at, not
      // both in one SELECT.)
      HOTLINE_ASSIGN_OR_RETURN(auto st, db_.Prepare("search.created_bounds",
                                                    "SELECT (SELECT MIN(created_at) FROM cases), "
                                                    "(SELECT MAX(created_at) FROM cases)"));
      HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row || st->IsNull(0)) {
        st->Reset();
        plan.none = true;
        return plan;
      }
      const int64_t data_min = st->Int(0), data_max = st->Int(1);
      st->Reset();
      std::optional<int64_t> from, to;
      if (q.from) from = ToUnixMillis(*q.from);
      if (q.to) to = ToUnixMillis(*q.to);
      const search::DateCover cover = search::CoverRange(from, to, data_min, data_max);
      if (cover.whole.empty() && cover.partial.empty()) {
        plan.none = true;
        return plan;
      }
      const int64_t lo = std::max(from.value_or(data_min), data_min);
      const int64_t hi = std::min(to.value_or(data_max + 1), data_max + 1);
      if (lo <= data_min && hi > data_max) {
        // The range holds every case: no date terms.
      } else if (2 * (hi - lo) > data_max - data_min) {
        // Most of the data: by the whole periods outside the range (the same partial days).
        std::vector<std::string> outside;
        if (from) {
          auto below = search::CoverRange(std::nullopt, from, data_min, data_max);
          outside.insert(outside.end(), below.whole.begin(), below.whole.end());
        }
        if (to) {
          auto above = search::CoverRange(to, std::nullopt, data_min, data_max);
          outside.insert(outside.end(), above.whole.begin(), above.whole.end());
        }
        FacetTerms whole;
        whole.none = outside;
        whole.none.insert(whole.none.end(), cover.partial.begin(), cover.partial.end());
        plan.prune.none.insert(plan.prune.none.end(), outside.begin(), outside.end());
        date_parts.push_back({whole, false});
        if (!cover.partial.empty()) {
          FacetTerms part;
          part.all.push_back(FacetOr(cover.partial));
          date_parts.push_back({part, true});
        }
      } else {
        std::vector<std::string> all = cover.whole;
        all.insert(all.end(), cover.partial.begin(), cover.partial.end());
        plan.prune.all.push_back(FacetOr(all));
        if (!cover.whole.empty()) {
          FacetTerms whole;
          whole.all.push_back(FacetOr(cover.whole));
          date_parts.push_back({whole, false});
        }
        if (!cover.partial.empty()) {
          FacetTerms part;
          part.all.push_back(FacetOr(cover.partial));
          date_parts.push_back({part, true});
        }
      }
    }
    if (date_parts.empty()) date_parts.push_back({});
    for (const auto& sp : status_parts) {
      for (const auto& dp : date_parts) {
        FacetPlan::Part part;
        part.terms = base;
        for (const auto* t : {&sp.terms, &dp.terms}) {
          part.terms.all.insert(part.terms.all.end(), t->all.begin(), t->all.end());
          part.terms.none.insert(part.terms.none.end(), t->none.begin(), t->none.end());
        }
        part.rows = rows || dp.partial;
        if (!part.rows) part.open_in = sp.open_in;
        plan.count_parts.push_back(std::move(part));
      }
    }
    return plan;
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
    // The filters as index terms: the index then yields only cases that can pass them.
    HOTLINE_ASSIGN_OR_RETURN(const FacetPlan facets, PlanFacets(q));
    if (facets.none) return page;
    auto with_terms = [&](const FacetTerms& terms) { return WithFacets(search.find, terms); };
    const std::string match = search.match.empty() ? "" : with_terms(facets.prune);
    // `+rowid`: tested on each candidate against the set built once, before its row is read.
    const std::string pool_open =
        facets.pool_open_in.empty()
            ? ""
            : " AND +case_fts.rowid IN (SELECT id FROM cases WHERE status IN (" +
                  facets.pool_open_in + "))";
    if (q.count_total) {
      // Counted up to kSearchCountCap: a frequent word in a large city would otherwise mean
      // reading every match for a figure no one reads exactly. Filters the facets answer exactly
      // are counted in the index alone; the rest read the case rows of the index's candidates.
      auto count = [&](const std::string& sql, const std::vector<Arg>& args) -> Result<int64_t> {
        HOTLINE_ASSIGN_OR_RETURN(auto cnt,
                                 db_.PrepareDynamic("SELECT COUNT(*) FROM (" + sql + " LIMIT " +
                                                    std::to_string(kSearchCountCap + 1) + ")"));
        Stmt s(cnt.get());
        BindArgs(s, args);
        HOTLINE_ASSIGN_OR_RETURN(bool row, s.Step());
        return row ? s.Int(0) : int64_t(0);
      };
      if (!search.phone_frag) {
        for (const auto& part : facets.count_parts) {
          std::vector<Arg> args = {with_terms(part.terms)};
          std::string sql = "SELECT 1 FROM case_fts";
          if (part.rows && !filters.empty()) {
            args.insert(args.end(), filter_args.begin(), filter_args.end());
            sql += " CROSS JOIN cases c ON c.id = case_fts.rowid WHERE case_fts MATCH ?" + filters;
          } else {
            sql += " WHERE case_fts MATCH ?";
            // `+rowid`: tested on each match against the set built once, not a lookup per id.
            if (!part.open_in.empty())
              sql +=
                  " AND +case_fts.rowid IN (SELECT id FROM cases WHERE "
                  "status IN (" +
                  part.open_in + "))";
          }
          HOTLINE_ASSIGN_OR_RETURN(int64_t n, count(sql, args));
          page.total += n;
          if (page.total > kSearchCountCap) break;
        }
      } else {
        std::vector<Arg> args = filter_args;
        const std::string cond = SearchCondition(search, &args);
        HOTLINE_ASSIGN_OR_RETURN(page.total,
                                 count("SELECT 1 FROM cases c WHERE 1=1" + filters + cond, args));
      }
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
        // The pool: the kSearchPool most recent matches that pass the filters.
        std::vector<Arg> args = {match};
        args.insert(args.end(), filter_args.begin(), filter_args.end());
        HOTLINE_ASSIGN_OR_RETURN(
            auto raw,
            db_.PrepareDynamic("SELECT case_fts.rowid, c.created_at FROM case_fts CROSS JOIN "
                               "cases c ON c.id = case_fts.rowid WHERE case_fts MATCH ?" +
                               pool_open + filters + " ORDER BY case_fts.rowid DESC LIMIT " +
                               std::to_string(kSearchPool)));
        Stmt s(raw.get());
        BindArgs(s, args);
        std::map<int64_t, int64_t> created;  // id → created_at of the pool's cases
        int n = 0;
        while (true) {
          HOTLINE_ASSIGN_OR_RETURN(bool row, s.Step());
          if (!row) break;
          ++n;
          const int64_t id = s.Int(0);
          pool_min_id = id;
          if (std::find(by_phone.begin(), by_phone.end(), id) != by_phone.end()) continue;
          created[id] = s.Int(1);
        }
        // Their BM25 under the query's own words: bm25 weighs every phrase of the MATCH by how
        // many cases contain it (one pass over each phrase's whole index entry), so the facet
        // terms are left out of it, and hotline_bm25 (search/fts5_tokenizer.h) leaves the facets
        // column out of the document lengths — the scores are exactly bm25() of the five text
        // columns. The pool's id range bounds the pass; `+rowid IN` is tested on each match.
        if (!created.empty()) {
          std::string id_list = "[";
          for (const auto& [id, at] : created)
            id_list += (id_list.size() > 1 ? "," : "") + std::to_string(id);
          id_list += "]";
          HOTLINE_ASSIGN_OR_RETURN(
              auto scored,
              db_.Prepare("search.pool_scores",
                          "SELECT rowid, hotline_bm25(case_fts, 4.0, 1.0, 0.7, 1.5, 8.0) "
                          "FROM case_fts WHERE case_fts MATCH ?1 AND rowid >= ?2 AND "
                          "rowid <= ?3 AND +rowid IN (SELECT value FROM json_each(?4))"));
          auto& g = scored;
          g->Bind(1, search.find)
              .Bind(2, created.begin()->first)
              .Bind(3, created.rbegin()->first)
              .Bind(4, id_list);
          const double now_ms = double(ToUnixMillis(q.now));
          while (true) {
            HOTLINE_ASSIGN_OR_RETURN(bool row, g->Step());
            if (!row) break;
            const int64_t id = g->Int(0);
            auto it = created.find(id);
            if (it == created.end()) continue;
            const double age_days = std::max(0.0, (now_ms - double(it->second)) / 86400000.0);
            const double relevance = -g->Double(1);
            pool.push_back({id, relevance * std::exp2(-age_days / kRecencyHalfLifeDays)});
          }
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
      std::vector<Arg> args = {match, keyset_below};
      args.insert(args.end(), filter_args.begin(), filter_args.end());
      HOTLINE_ASSIGN_OR_RETURN(
          auto raw,
          db_.PrepareDynamic("SELECT case_fts.rowid FROM case_fts CROSS JOIN cases c ON c.id = "
                             "case_fts.rowid WHERE case_fts MATCH ? AND case_fts.rowid < ?" +
                             pool_open + filters + " ORDER BY case_fts.rowid DESC LIMIT " +
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
    db_.defer_search_index = mode == SearchIndexMode::kDeferred;
    if (mode == SearchIndexMode::kDeferred) return Status::Ok();
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

  Status SetCaseCountsMode(CaseCountsMode mode) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    if (mode == CaseCountsMode::kBulk) return db_.Exec("UPDATE case_counts_state SET bulk = 1");
    return RecountCases(db_);
  }

  // case_counts from the cases, if the flag says they are behind (a bulk load, or migration 0014
  // on existing cases); resumes the triggers. Inside the caller's transaction.
  static Status RecountCases(Db& db) {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st,
        db.Prepare("case_counts.state", "SELECT bulk FROM case_counts_state WHERE id = 1"));
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    const bool bulk = row && st->Int(0) != 0;
    st->Reset();
    if (!bulk) return Status::Ok();
    return db.Exec(
        "DELETE FROM case_counts;"
        "INSERT INTO case_counts(dim, hour, key, n) SELECT 1, created_at / 3600000 AS h, status, "
        "COUNT(*) FROM cases GROUP BY h, status;"
        "INSERT INTO case_counts(dim, hour, key, n) SELECT 2, created_at / 3600000 AS h, type, "
        "COUNT(*) FROM cases GROUP BY h, type;"
        "INSERT INTO case_counts(dim, hour, key, n) SELECT 3, created_at / 3600000 AS h, channel, "
        "COUNT(*) FROM cases GROUP BY h, channel;"
        "INSERT INTO case_counts(dim, hour, key, n) SELECT 4, created_at / 3600000 AS h, "
        "category_id, COUNT(*) FROM cases GROUP BY h, category_id;"
        "INSERT INTO case_counts(dim, hour, key, n) SELECT 5, created_at / 3600000 AS h, "
        "district_id, COUNT(*) FROM cases GROUP BY h, district_id;"
        "INSERT INTO case_counts(dim, hour, key, n) SELECT 14, created_at / 86400000 AS d, "
        "category_id, COUNT(*) FROM cases GROUP BY d, category_id;"
        "INSERT INTO case_counts(dim, hour, key, n) SELECT 6, c.created_at / 3600000 AS h, "
        "cu.unit_id, COUNT(*) FROM case_units cu JOIN cases c ON c.id = cu.case_id "
        "GROUP BY h, cu.unit_id;"
        "INSERT INTO case_counts(dim, hour, key, n) SELECT 7, h, s, COUNT(*) FROM ("
        "SELECT created_at / 3600000 AS h, json_extract(doc, '$.rating.satisfaction') AS s "
        "FROM cases WHERE instr(doc, '\"satisfaction\"')) WHERE s IS NOT NULL GROUP BY h, s;"
        "UPDATE case_counts_state SET bulk = 0;");
  }

  // ---- The search backlog (migration 0012): cases bulk-loaded without index entries ----

  // Records case `id` (the newest so far) in the backlog: extends the range that ends just
  // before it, or starts a new one.
  Status AddToSearchBacklog(int64_t id) {
    HOTLINE_ASSIGN_OR_RETURN(
        auto ext, db_.Prepare("search_backlog.extend",
                              "UPDATE search_backlog SET to_id = ?1 WHERE to_id = ?1 - 1"));
    ext->Bind(1, id);
    HOTLINE_RETURN_IF_ERROR(ext->Exec());
    if (db_.Changes() > 0) return Status::Ok();
    HOTLINE_ASSIGN_OR_RETURN(auto ins, db_.Prepare("search_backlog.insert",
                                                   "INSERT INTO search_backlog(from_id, to_id) "
                                                   "VALUES(?1, ?1)"));
    ins->Bind(1, id);
    return ins->Exec();
  }

  Result<bool> InSearchBacklog(int64_t id) {
    HOTLINE_ASSIGN_OR_RETURN(auto st, db_.Prepare("search_backlog.find",
                                                  "SELECT to_id FROM search_backlog WHERE from_id "
                                                  "<= ?1 ORDER BY from_id DESC LIMIT 1"));
    st->Bind(1, id);
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    return row && st->Int(0) >= id;
  }

  Result<int64_t> SearchBacklog() override {
    HOTLINE_ASSIGN_OR_RETURN(auto st, db_.Prepare("search_backlog.count",
                                                  "SELECT IFNULL(SUM(to_id - from_id + 1), 0) FROM "
                                                  "search_backlog"));
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    return row ? st->Int(0) : int64_t(0);
  }

  // The newest range of the search backlog (bulk loads append one range each); nullopt if empty.
  Result<std::optional<std::pair<int64_t, int64_t>>> NewestSearchBacklogRange() {
    HOTLINE_ASSIGN_OR_RETURN(auto st, db_.Prepare("search_backlog.last",
                                                  "SELECT from_id, to_id FROM search_backlog "
                                                  "ORDER BY from_id DESC LIMIT 1"));
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return std::optional<std::pair<int64_t, int64_t>>();
    return std::optional<std::pair<int64_t, int64_t>>(std::pair(st->Int(0), st->Int(1)));
  }

  Result<int64_t> IndexSearchBacklog(int max_cases) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    // Newest first: agents search mostly for recent cases.
    HOTLINE_ASSIGN_OR_RETURN(auto range, NewestSearchBacklogRange());
    if (!range) return int64_t(0);
    const auto [from, to] = *range;
    const int64_t start = std::max(from, to - std::max(1, max_cases) + 1);
    std::vector<std::pair<int64_t, std::array<std::string, kCaseSearchColumns>>> texts;
    {
      HOTLINE_ASSIGN_OR_RETURN(auto st, db_.Prepare("search_backlog.texts",
                                                    "SELECT id, title, content, replies, address, "
                                                    "number, facets FROM case_search_src WHERE id "
                                                    "BETWEEN "
                                                    "?1 AND ?2 ORDER BY id"));
      st->Bind(1, start).Bind(2, to);
      while (true) {
        HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
        if (!row) break;
        texts.push_back(
            {st->Int(0),
             {st->Text(1), st->Text(2), st->Text(3), st->Text(4), st->Text(5), st->Text(6)}});
      }
    }
    for (const auto& [id, text] : texts)
      HOTLINE_RETURN_IF_ERROR(WriteIndex(id, text, /*del=*/false));
    if (start == from) {
      HOTLINE_ASSIGN_OR_RETURN(
          auto del,
          db_.Prepare("search_backlog.done", "DELETE FROM search_backlog WHERE from_id = ?1"));
      del->Bind(1, from);
      HOTLINE_RETURN_IF_ERROR(del->Exec());
    } else {
      HOTLINE_ASSIGN_OR_RETURN(auto adv, db_.Prepare("search_backlog.shrink",
                                                     "UPDATE search_backlog SET to_id = ?2 WHERE "
                                                     "from_id = ?1"));
      adv->Bind(1, from).Bind(2, start - 1);
      HOTLINE_RETURN_IF_ERROR(adv->Exec());
    }
    return SearchBacklog();
  }

  Result<bool> MergeSearchIndex(int pages) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    // FTS5: a 'merge' that did no work changes fewer than two rows (fts5.html, "merge" command).
    const int before = sqlite3_total_changes(db_.raw());
    HOTLINE_ASSIGN_OR_RETURN(auto st, db_.Prepare("search.merge",
                                                  "INSERT INTO case_fts(case_fts, rank) "
                                                  "VALUES('merge', ?1)"));
    st->Bind(1, int64_t(std::max(1, pages)));
    HOTLINE_RETURN_IF_ERROR(st->Exec());
    return sqlite3_total_changes(db_.raw()) - before >= 2;
  }

  // The indexed text of a case as case_search_src defines it (see migrations 0002, 0015).
  Result<std::array<std::string, kCaseSearchColumns>> IndexedText(int64_t id) {
    HOTLINE_ASSIGN_OR_RETURN(auto st,
                             db_.Prepare("search.source",
                                         "SELECT title, content, replies, address, number, "
                                         "facets FROM case_search_src WHERE id = ?1"));
    st->Bind(1, id);
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return Status::NotFound("no case " + std::to_string(id));
    return std::array<std::string, kCaseSearchColumns>{st->Text(0), st->Text(1), st->Text(2),
                                                       st->Text(3), st->Text(4), st->Text(5)};
  }

  // Adds (or, with del, removes) the index entries of case `id` for `text`.
  Status WriteIndex(int64_t id, const std::array<std::string, kCaseSearchColumns>& text, bool del) {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, del ? db_.Prepare("search.delete",
                                   "INSERT INTO case_fts(case_fts, rowid, title, content, replies, "
                                   "address, number, facets) VALUES('delete', ?1, ?2, ?3, ?4, ?5, "
                                   "?6, ?7)")
                     : db_.Prepare("search.insert",
                                   "INSERT INTO case_fts(rowid, title, content, replies, address, "
                                   "number, facets) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
    st->Bind(1, id);
    for (int i = 0; i < kCaseSearchColumns; ++i) st->Bind(i + 2, text[size_t(i)]);
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

  // ---- Open311 (GeoReport v2) ----
  static constexpr const char* kOpen311KeyCols =
      "SELECT id, name, key_hash, prefix, created_by, created_at, revoked_at FROM open311_keys";
  static Open311Key ReadOpen311Key(Stmt& st) {
    Open311Key k;
    k.id = std::to_string(st.Int(0));
    k.name = st.Text(1);
    k.key_hash = st.Text(2);
    k.prefix = st.Text(3);
    k.created_by = st.Text(4);
    k.created_at = FromUnixMillis(st.Int(5));
    if (auto r = st.OptInt(6)) k.revoked_at = FromUnixMillis(*r);
    return k;
  }
  static constexpr const char* kOpen311RequestCols =
      "SELECT case_id, token, key_id, fingerprint, service_code, address_id, media_url, device_id, "
      "account_id, attributes, created_at FROM open311_requests";
  static Open311Request ReadOpen311Request(Stmt& st) {
    Open311Request r;
    r.case_id = std::to_string(st.Int(0));
    r.token = st.Text(1);
    r.key_id = st.Text(2);
    r.fingerprint = st.Text(3);
    r.service_code = st.Text(4);
    r.address_id = st.Text(5);
    r.media_url = st.Text(6);
    r.device_id = st.Text(7);
    r.account_id = st.Text(8);
    r.attributes_json = st.Text(9);
    r.created_at = FromUnixMillis(st.Int(10));
    return r;
  }

  Result<std::vector<Open311Key>> ListOpen311Keys() override {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st,
        db_.Prepare("open311.keys.list", std::string(kOpen311KeyCols) + " ORDER BY id DESC"));
    return CollectRows<Open311Key>(*st, [&](Stmt& row) { return ReadOpen311Key(row); });
  }

  Result<std::optional<Open311Key>> GetOpen311KeyByHash(const std::string& key_hash) override {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st,
        db_.Prepare("open311.keys.by_hash", std::string(kOpen311KeyCols) + " WHERE key_hash = ?1"));
    st->Bind(1, key_hash);
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return std::optional<Open311Key>();
    return std::optional<Open311Key>(ReadOpen311Key(*st));
  }

  Result<std::optional<Open311Request>> GetOpen311Request(const std::string& case_id) override {
    int64_t n = Id(case_id);
    if (n < 0) return std::optional<Open311Request>();
    HOTLINE_ASSIGN_OR_RETURN(auto st,
                             db_.Prepare("open311.requests.get",
                                         std::string(kOpen311RequestCols) + " WHERE case_id = ?1"));
    st->Bind(1, n);
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return std::optional<Open311Request>();
    return std::optional<Open311Request>(ReadOpen311Request(*st));
  }

  Result<std::optional<Open311Request>> GetOpen311RequestByToken(
      const std::string& token) override {
    HOTLINE_ASSIGN_OR_RETURN(auto st,
                             db_.Prepare("open311.requests.by_token",
                                         std::string(kOpen311RequestCols) + " WHERE token = ?1"));
    st->Bind(1, token);
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return std::optional<Open311Request>();
    return std::optional<Open311Request>(ReadOpen311Request(*st));
  }

  Result<std::optional<std::string>> FindOpen311Duplicate(const std::string& key_id,
                                                          const std::string& fingerprint,
                                                          TimePoint since) override {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st,
        db_.Prepare("open311.requests.duplicate",
                    "SELECT case_id FROM open311_requests WHERE key_id = ?1 AND "
                    "fingerprint = ?2 AND created_at >= ?3 ORDER BY created_at DESC LIMIT 1"));
    st->Bind(1, key_id).Bind(2, fingerprint).Bind(3, ToUnixMillis(since));
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return std::optional<std::string>();
    return std::optional<std::string>(std::to_string(st->Int(0)));
  }

  Result<std::vector<AuditEntry>> ListOpen311Updates(const Open311UpdateQuery& q) override {
    if (q.actions.empty()) return std::vector<AuditEntry>();
    std::string sql =
        "SELECT e.id, e.case_id, e.seq, e.at, e.actor_id, e.actor_name, e.actor_unit_id, e.action, "
        "e.data, e.prev_hash, e.hash, c.number FROM events e JOIN cases c ON c.id = e.case_id "
        "WHERE e.at >= ?1 AND e.at < ?2 AND e.case_id > 0 AND c.category_id <> '' AND "
        "IFNULL(json_extract(c.doc, '$.confidential'), 0) = 0 AND e.action IN (";
    for (size_t i = 0; i < q.actions.size(); ++i) sql += i ? ",?" : "?";
    sql += ") ORDER BY e.at, e.id LIMIT ? OFFSET ?";
    HOTLINE_ASSIGN_OR_RETURN(auto raw, db_.PrepareDynamic(sql));
    Stmt s(raw.get());
    int i = 0;
    s.Bind(++i, ToUnixMillis(q.from));
    s.Bind(++i, ToUnixMillis(q.to));
    for (const auto& a : q.actions) s.Bind(++i, a);
    s.Bind(++i, int64_t(std::clamp(q.limit, 1, 1000)));
    s.Bind(++i, int64_t(std::max(q.offset, 0)));
    return CollectRows<AuditEntry>(s, [&](Stmt& row) {
      AuditEntry a;
      a.id = row.Int(0);
      a.event = ReadEvent(row, 1);
      a.case_number = row.Text(11);
      return a;
    });
  }

  // GET /api/v1/stats. Counts of cases by a case dimension, for the whole centre (no data scope),
  // come from case_counts (migration 0014: per hour of registration, kept by triggers) for the
  // whole hours of the period, and from the cases themselves only for the part-hours at its ends,
  // so their cost does not grow with the cases in the period. Scoped counts (a unit's subtree),
  // SLA states (now against each open assignment's times) and day counts in a time zone with a
  // part-hour offset are counted from the cases.
  Result<std::vector<Count>> Stats(const StatsQuery& q) override {
    if (q.scope_unit_ids && q.scope_unit_ids->empty()) return std::vector<Count>{};
    std::optional<int64_t> lo, hi;
    if (q.from) lo = ToUnixMillis(*q.from);
    if (q.to) hi = ToUnixMillis(*q.to);
    if (!q.scope_unit_ids && !lo && !hi &&
        (q.by == StatsDimension::kSla || q.by == StatsDimension::kOverdue))
      return CountOpenAssignments(q);
    const int dim = CountsDimension(q.by);
    const bool whole_hour_zone = q.tz_offset_minutes % 60 == 0;
    if (dim == 0 || q.scope_unit_ids || (q.by == StatsDimension::kDay && !whole_hour_zone))
      return CountCases(q, lo, hi);
    constexpr int64_t kHour = 3600000;
    // Whole hours [h0, h1) from the counts; an open end is unbounded.
    std::optional<int64_t> h0, h1;
    if (lo) h0 = *lo >= 0 ? (*lo + kHour - 1) / kHour : *lo / kHour;
    if (hi) h1 = *hi >= 0 ? *hi / kHour : (*hi - kHour + 1) / kHour;
    if (h0 && h1 && *h0 >= *h1) return CountCases(q, lo, hi);  // within one or two part-hours
    std::map<std::string, int64_t> acc;
    // Dimensions with many values also keep UTC-day rows (dim + 10): whole days from those, the
    // hours around them from the hour rows.
    std::optional<int64_t> d0, d1;
    if (h0) d0 = *h0 >= 0 ? (*h0 + 23) / 24 : *h0 / 24;
    if (h1) d1 = *h1 >= 0 ? *h1 / 24 : (*h1 - 23) / 24;
    if (HasDayCounts(dim) && (!d0 || !d1 || *d0 < *d1)) {
      HOTLINE_RETURN_IF_ERROR(SumCounts(q, dim + 10, d0, d1, acc));
      if (h0) HOTLINE_RETURN_IF_ERROR(SumCounts(q, dim, h0, *d0 * 24, acc));
      if (h1) HOTLINE_RETURN_IF_ERROR(SumCounts(q, dim, *d1 * 24, h1, acc));
    } else {
      HOTLINE_RETURN_IF_ERROR(SumCounts(q, dim, h0, h1, acc));
    }
    auto add_part = [&](int64_t a, int64_t b) -> Status {
      HOTLINE_ASSIGN_OR_RETURN(auto part, CountCases(q, a, b));
      for (const auto& c : part) acc[c.key] += c.count;
      return Status::Ok();
    };
    if (lo && *lo < *h0 * kHour) HOTLINE_RETURN_IF_ERROR(add_part(*lo, *h0 * kHour));
    if (hi && *h1 * kHour < *hi) HOTLINE_RETURN_IF_ERROR(add_part(*h1 * kHour, *hi));
    std::vector<Count> out;
    for (const auto& [key, n] : acc)
      if (n > 0) out.push_back(Count{key, n});
    return out;
  }

  // case_counts dimensions that also keep rows per UTC day (as dim + 10), for their many values.
  static bool HasDayCounts(int dim) { return dim == 4; }  // category

  // Adds the case_counts rows of `dim` with bucket in [from, to) (open ends: unbounded) to `acc`,
  // by key — or, for kDay, by local day of the hour bucket.
  Status SumCounts(const StatsQuery& q, int dim, std::optional<int64_t> from,
                   std::optional<int64_t> to, std::map<std::string, int64_t>& acc) {
    if (from && to && *from >= *to) return Status::Ok();
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("case_counts.range",
                             "SELECT hour, key, n FROM case_counts WHERE dim = ?1 AND hour >= ?2 "
                             "AND hour < ?3"));
    st->Bind(1, int64_t(dim));
    st->Bind(2, from.value_or(std::numeric_limits<int64_t>::min()));
    st->Bind(3, to.value_or(std::numeric_limits<int64_t>::max()));
    const int64_t offset = int64_t(q.tz_offset_minutes) * 60000;
    int64_t last_day = std::numeric_limits<int64_t>::min();
    int64_t* day_count = nullptr;
    while (true) {
      HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      if (q.by == StatsDimension::kDay) {
        // Rows come in hour order: look the day up only when it changes.
        const int64_t local = st->Int(0) * 3600000 + offset;
        const int64_t day = local >= 0 ? local / 86400000 : (local - 86399999) / 86400000;
        if (day != last_day || !day_count) {
          last_day = day;
          day_count = &acc[FormatDate(Date{std::chrono::sys_days{std::chrono::days{day}}})];
        }
        *day_count += st->Int(2);
      } else {
        acc[st->Text(1)] += st->Int(2);
      }
    }
    return Status::Ok();
  }

  // SLA states and overdue units of every open assignment (no period, no scope): counted on the
  // partial index of open assignments, without reading an assignment row or a case.
  Result<std::vector<Count>> CountOpenAssignments(const StatsQuery& q) {
    const int64_t now = ToUnixMillis(q.now);
    if (q.by == StatsDimension::kSla) {
      HOTLINE_ASSIGN_OR_RETURN(
          auto st,
          db_.Prepare("case_units.sla_counts",
                      "SELECT (SELECT COUNT(*) FROM case_units INDEXED BY case_units_open "
                      "WHERE active = 1), (SELECT COUNT(*) FROM case_units INDEXED BY "
                      "case_units_open WHERE active = 1 AND due_at < ?1), (SELECT COUNT(*) FROM "
                      "case_units INDEXED BY case_units_open WHERE active = 1 AND due_at >= ?1 "
                      "AND warn_at <= ?1)"));
      st->Bind(1, now);
      HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) return Status::Internal("SLA counts gave no row");
      const int64_t all = st->Int(0), overdue = st->Int(1), warning = st->Int(2);
      std::vector<Count> out;
      // In key order, as the other dimensions.
      if (all - overdue - warning > 0) out.push_back(Count{"ok", all - overdue - warning});
      if (overdue > 0) out.push_back(Count{"overdue", overdue});
      if (warning > 0) out.push_back(Count{"warning", warning});
      return out;
    }
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("case_units.overdue_units",
                             "SELECT unit_id FROM case_units INDEXED BY case_units_open WHERE "
                             "active = 1 AND due_at < ?1"));
    st->Bind(1, now);
    std::map<std::string, int64_t> acc;
    while (true) {
      HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      ++acc[st->Text(0)];
    }
    std::vector<Count> out;
    for (const auto& [key, n] : acc) out.push_back(Count{key, n});
    return out;
  }

  // The case_counts dimension (migration 0014) of a stats dimension, 0 if it has none.
  static int CountsDimension(StatsDimension by) {
    switch (by) {
      case StatsDimension::kStatus:
      case StatsDimension::kDay:  // every case has one status: the day's total
        return 1;
      case StatsDimension::kType:
        return 2;
      case StatsDimension::kChannel:
        return 3;
      case StatsDimension::kCategory:
        return 4;
      case StatsDimension::kDistrict:
        return 5;
      case StatsDimension::kUnit:
        return 6;
      case StatsDimension::kSatisfaction:
        return 7;
      case StatsDimension::kSla:
      case StatsDimension::kOverdue:
        return 0;
    }
    return 0;
  }

  static std::string StatsKey(StatsDimension by, Stmt& row) {
    if (by == StatsDimension::kDay)
      return FormatDate(Date{std::chrono::sys_days{std::chrono::days{row.Int(0)}}});
    return row.Text(0);
  }

  // The counts of Stats read from the cases registered in [lo, hi) (an open end: unbounded).
  Result<std::vector<Count>> CountCases(const StatsQuery& q, std::optional<int64_t> lo,
                                        std::optional<int64_t> hi) {
    std::string range = " WHERE 1=1";
    if (lo) range += " AND c.created_at >= " + std::to_string(*lo);
    if (hi) range += " AND c.created_at < " + std::to_string(*hi);
    std::vector<std::string> scope;
    if (q.scope_unit_ids) {
      std::string in = "(";
      for (size_t i = 0; i < q.scope_unit_ids->size(); ++i) in += i ? ",?" : "?";
      in += ")";
      // A bounded period: test each of its cases (cost grows with the period's cases); else the
      // scope's cases (cost grows with the units' cases of all time).
      range += lo && hi
                   ? " AND EXISTS (SELECT 1 FROM case_units su WHERE su.case_id = c.id AND "
                     "su.unit_id IN " +
                         in + ")"
                   : " AND c.id IN (SELECT case_id FROM case_units WHERE unit_id IN " + in + ")";
      scope = *q.scope_unit_ids;
    }
    // Open assignments only, from their partial index; with no period and no scope, without
    // reading the cases at all.
    const bool assignments_only = !lo && !hi && scope.empty();
    const std::string open_assignments =
        assignments_only ? " FROM case_units cu WHERE cu.active = 1"
                         : " FROM case_units cu JOIN cases c ON c.id = cu.case_id" + range +
                               " AND cu.active = 1";
    std::string sql;
    const std::string now = std::to_string(ToUnixMillis(q.now));
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
        sql = "SELECT CASE WHEN cu.due_at < " + now + " THEN 'overdue' WHEN cu.warn_at <= " + now +
              " THEN 'warning' ELSE 'ok' END, COUNT(*)" + open_assignments + " GROUP BY 1";
        break;
      case StatsDimension::kOverdue:
        sql = "SELECT cu.unit_id, COUNT(*)" + open_assignments + " AND cu.due_at < " + now +
              " GROUP BY 1";
        break;
    }
    HOTLINE_ASSIGN_OR_RETURN(auto raw, db_.PrepareDynamic(sql));
    Stmt s(raw.get());
    for (size_t i = 0; i < scope.size(); ++i) s.Bind(int(i + 1), scope[i]);
    return CollectRows<Count>(s, [&](Stmt& row) { return Count{StatsKey(q.by, row), row.Int(1)}; });
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

  // ---- public site (issue 4): uploads, published letters, reply timeliness ----

  Result<PublicUpload> GetPublicUpload(const std::string& token_hash) override {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("public_uploads.get",
                             "SELECT sha256, name, content_type, size, client, created_at, case_id "
                             "FROM public_uploads WHERE token_hash = ?1"));
    st->Bind(1, token_hash);
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return Status::NotFound("no such upload");
    return PublicUpload{token_hash,
                        st->Text(0),
                        st->Text(1),
                        st->Text(2),
                        st->Int(3),
                        st->Text(4),
                        FromUnixMillis(st->Int(5)),
                        st->Text(6)};
  }

  static constexpr const char* kLetterColumns =
      "id, case_id, type, category_id, district_id, unit_id, title, question, reply, received_at, "
      "replied_at, published_at, published_by, unpublished_at, version";

  static PublishedLetter ReadLetter(Stmt& st) {
    PublishedLetter l;
    l.id = std::to_string(st.Int(0));
    l.case_id = st.Text(1);
    l.type = st.Text(2);
    l.category_id = st.Text(3);
    l.district_id = st.Text(4);
    l.unit_id = st.Text(5);
    l.title = st.Text(6);
    l.question = st.Text(7);
    l.reply = st.Text(8);
    l.received_at = FromUnixMillis(st.Int(9));
    if (auto t = st.OptInt(10)) l.replied_at = FromUnixMillis(*t);
    l.published_at = FromUnixMillis(st.Int(11));
    l.published_by = st.Text(12);
    if (auto t = st.OptInt(13)) l.unpublished_at = FromUnixMillis(*t);
    l.version = st.Int(14);
    return l;
  }

  Result<PublishedLetter> GetPublishedLetter(const std::string& id) override {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("letters.get", std::string("SELECT ") + kLetterColumns +
                                                " FROM published_letters WHERE id = ?1"));
    st->Bind(1, Id(id));
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return Status::NotFound("no published letter " + id);
    return ReadLetter(*st);
  }

  Result<PublishedLetter> GetPublishedLetterByCase(const std::string& case_id) override {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("letters.by_case", std::string("SELECT ") + kLetterColumns +
                                                    " FROM published_letters WHERE case_id = ?1"));
    st->Bind(1, case_id);
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return Status::NotFound("case " + case_id + " has no published letter");
    return ReadLetter(*st);
  }

  Result<LetterPage> ListPublishedLetters(const LetterQuery& q) override {
    // A letter whose case was reopened is not shown until the case is closed again.
    std::string where =
        " WHERE unpublished_at IS NULL AND EXISTS (SELECT 1 FROM cases c WHERE c.id = "
        "CAST(published_letters.case_id AS INTEGER) AND c.status = 'closed')";
    std::vector<std::string> binds;
    if (!q.type.empty()) {
      where += " AND type = ?";
      binds.push_back(q.type);
    }
    if (!q.category_ids.empty()) {
      where += " AND category_id IN (";
      for (size_t i = 0; i < q.category_ids.size(); ++i) {
        where += i ? ",?" : "?";
        binds.push_back(q.category_ids[i]);
      }
      where += ")";
    }
    LetterPage page;
    {
      HOTLINE_ASSIGN_OR_RETURN(
          auto raw, db_.PrepareDynamic("SELECT COUNT(*) FROM published_letters" + where));
      Stmt s(raw.get());
      for (size_t i = 0; i < binds.size(); ++i) s.Bind(int(i + 1), binds[i]);
      HOTLINE_ASSIGN_OR_RETURN(bool row, s.Step());
      page.total = row ? s.Int(0) : 0;
    }
    // Cursor "<published_at>:<id>" of the last item shown.
    std::string page_where = where;
    if (!q.cursor.empty()) {
      auto colon = q.cursor.find(':');
      int64_t at = colon == std::string::npos ? -1 : Id(q.cursor.substr(0, colon));
      int64_t id = colon == std::string::npos ? -1 : Id(q.cursor.substr(colon + 1));
      if (at < 0 || id < 0) return Status::Invalid("cursor is not valid", "cursor");
      page_where += " AND (published_at < " + std::to_string(at) +
                    " OR (published_at = " + std::to_string(at) + " AND id < " +
                    std::to_string(id) + "))";
    }
    const int limit = std::clamp(q.limit, 1, 500);
    HOTLINE_ASSIGN_OR_RETURN(
        auto raw,
        db_.PrepareDynamic(std::string("SELECT ") + kLetterColumns + " FROM published_letters" +
                           page_where + " ORDER BY published_at DESC, id DESC LIMIT " +
                           std::to_string(limit + 1)));
    Stmt s(raw.get());
    for (size_t i = 0; i < binds.size(); ++i) s.Bind(int(i + 1), binds[i]);
    HOTLINE_ASSIGN_OR_RETURN(
        page.items, CollectRows<PublishedLetter>(s, [&](Stmt& row) { return ReadLetter(row); }));
    if (int(page.items.size()) > limit) {
      page.items.pop_back();
      const auto& last = page.items.back();
      page.next_cursor = std::to_string(ToUnixMillis(last.published_at)) + ":" + last.id;
    }
    return page;
  }

  Result<ReplyTimeliness> GetReplyTimeliness(TimePoint from, TimePoint to) override {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st,
        db_.Prepare("stats.reply_timeliness",
                    "SELECT COUNT(*), IFNULL(SUM(json_extract(a.value, '$.replied_at') <= "
                    "json_extract(a.value, '$.due_at')), 0) FROM cases c, json_each(c.doc, "
                    "'$.assignments') a WHERE c.created_at >= ?1 AND c.created_at < ?2 AND "
                    "json_extract(a.value, '$.role') = 'lead' AND "
                    "json_extract(a.value, '$.replied_at') IS NOT NULL"));
    st->Bind(1, ToUnixMillis(from)).Bind(2, ToUnixMillis(to));
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    ReplyTimeliness r;
    if (row) {
      r.replied = st->Int(0);
      r.on_time = st->Int(1);
    }
    return r;
  }

  // ---- KPIs, assessment and reports (analytics) ----

  static std::string KpiSumColumns() {
    std::string cols;
    for (int i = 0; i < kKpiCounters; ++i) {
      if (i) cols += ", ";
      cols += "SUM(" + std::string(kKpiCounterNames[i]) + ")";
    }
    return cols;
  }

  static std::string IdList(const std::vector<int64_t>& ids) {
    std::string out;
    for (auto id : ids) {
      if (!out.empty()) out += ',';
      out += std::to_string(id);
    }
    return out;
  }

  // The dimensions q filters or groups by, as a rollup shape (store.h): the shape that answers
  // it. No dimension at all reads the unit shape (summed over units).
  static int KpiDims(const KpiQuery& q) {
    using G = KpiQuery::GroupBy;
    int dims = 0;
    if (q.units || q.group_by == G::kUnit) dims |= kKpiDimUnit;
    if (!q.districts.empty() || q.group_by == G::kDistrict) dims |= kKpiDimDistrict;
    if (!q.categories.empty() || q.group_by == G::kCategory) dims |= kKpiDimCategory;
    if (q.channel || q.group_by == G::kChannel) dims |= kKpiDimChannel;
    if (q.type || q.group_by == G::kType) dims |= kKpiDimType;
    return dims ? dims : kKpiDimUnit;
  }

  // Where a shape's rows live: the table suffix, a fixed condition, and the column of each of its
  // dimensions in key order (after the period, or after shape and period for the multi shapes).
  struct KpiShapeTable {
    std::string suffix;
    std::string fixed;
    std::vector<std::pair<int, std::string>> cols;
  };
  static KpiShapeTable ShapeTableOf(int shape) {
    if (shape == kKpiCube)
      return {"",
              "",
              {{kKpiDimUnit, "unit"},
               {kKpiDimDistrict, "district"},
               {kKpiDimCategory, "category"},
               {kKpiDimChannel, "channel"},
               {kKpiDimType, "type"}}};
    if (shape == kKpiDimUnit) return {"_unit", "", {{kKpiDimUnit, "unit"}}};
    if (std::popcount(unsigned(shape)) == 1) {
      const int dim = shape == kKpiDimDistrict   ? 1
                      : shape == kKpiDimCategory ? 2
                      : shape == kKpiDimChannel  ? 3
                                                 : 4;
      return {"_dim1", "dim = " + std::to_string(dim) + " AND ", {{shape, "value"}}};
    }
    KpiShapeTable t{"_multi", "shape = " + std::to_string(shape) + " AND ", {}};
    for (int bit : kKpiMultiOrder)
      if (shape & bit) t.cols.push_back({bit, "v" + std::to_string(t.cols.size() + 1)});
    return t;
  }

  // The periods [lo, hi] as an SQL list (days YYYYMMDD or months YYYYMM), so that the period
  // column is an equality and the seek goes on through the dimension columns after it.
  static std::string PeriodList(bool monthly, int lo, int hi) {
    std::string out;
    auto add = [&](int v) { out += (out.empty() ? "" : ",") + std::to_string(v); };
    if (monthly) {
      for (int m = lo; m <= hi; m = m % 100 == 12 ? (m / 100 + 1) * 100 + 1 : m + 1) add(m);
      return out;
    }
    using namespace std::chrono;
    auto ymd = [](int d) {
      return year_month_day{year(d / 10000), month(unsigned(d / 100 % 100)),
                            day(unsigned(d % 100))};
    };
    for (sys_days d = sys_days(ymd(lo)); d <= sys_days(ymd(hi)); d += days(1)) {
      year_month_day x(d);
      add(int(x.year()) * 10000 + int(unsigned(x.month())) * 100 + int(unsigned(x.day())));
    }
    return out;
  }

  // One grouped sum over one table (the shape of q's dimensions, by day or by month) for [lo, hi].
  // Every dimension column is constrained (the filters; the group-by dimension by the values it
  // takes in the period, from the one-dimension shapes), so SQLite seeks straight to the rows
  // that count instead of scanning the period.
  Status SumKpis(const KpiQuery& q, bool monthly, int lo, int hi,
                 std::map<int64_t, KpiCounters>& acc) {
    const std::string period = monthly ? "month" : "day";
    const int shape = KpiDims(q);
    const KpiShapeTable t = ShapeTableOf(shape);
    const std::string periods = PeriodList(monthly, lo, hi);
    int group_dim = 0;
    std::string group;
    switch (q.group_by) {
      case KpiQuery::GroupBy::kNone:
        group = "0";
        break;
      case KpiQuery::GroupBy::kUnit:
        group_dim = kKpiDimUnit;
        break;
      case KpiQuery::GroupBy::kDistrict:
        group_dim = kKpiDimDistrict;
        break;
      case KpiQuery::GroupBy::kCategory:
        group_dim = kKpiDimCategory;
        break;
      case KpiQuery::GroupBy::kChannel:
        group_dim = kKpiDimChannel;
        break;
      case KpiQuery::GroupBy::kType:
        group_dim = kKpiDimType;
        break;
      case KpiQuery::GroupBy::kDay:
        group = monthly ? "" : "day";
        break;
      case KpiQuery::GroupBy::kMonth:
        group = monthly ? "month" : "day / 100";
        break;
    }
    if (group_dim)
      for (const auto& [bit, col] : t.cols)
        if (bit == group_dim) group = col;
    if (group.empty()) return Status::Internal("group by day reads kpi_day only");
    // Ids are integers we format ourselves: no injection, and IN lists of a few hundred stay fast.
    std::string sql = "SELECT " + group + ", " + KpiSumColumns() + " FROM kpi_" + period +
                      t.suffix + " WHERE " + t.fixed + period + " IN (" + periods + ")";
    for (size_t i = 0; i < t.cols.size(); ++i) {
      const auto& [bit, col] = t.cols[i];
      std::string list;
      if (bit == kKpiDimUnit && q.units) list = IdList(*q.units);
      if (bit == kKpiDimDistrict) list = IdList(q.districts);
      if (bit == kKpiDimCategory) list = IdList(q.categories);
      if (bit == kKpiDimChannel && q.channel) list = std::to_string(*q.channel);
      if (bit == kKpiDimType && q.type) list = std::to_string(*q.type);
      if (list.empty() && bit == group_dim && i + 1 < t.cols.size()) {
        // The group-by dimension sits before other key columns: seek through its values.
        std::string values_sql =
            bit == kKpiDimUnit ? "SELECT DISTINCT unit FROM kpi_" + period + "_unit WHERE " +
                                     period + " IN (" + periods + ")"
                               : "SELECT DISTINCT value FROM kpi_" + period + "_dim1 WHERE " +
                                     ShapeTableOf(bit).fixed + period + " IN (" + periods + ")";
        HOTLINE_ASSIGN_OR_RETURN(auto vraw, db_.PrepareDynamic(values_sql));
        Stmt vst(vraw.get());
        std::vector<int64_t> values;
        while (true) {
          HOTLINE_ASSIGN_OR_RETURN(bool row, vst.Step());
          if (!row) break;
          values.push_back(vst.Int(0));
        }
        if (values.empty()) return Status::Ok();  // nothing in the period
        list = IdList(values);
      }
      if (!list.empty()) sql += " AND " + col + " IN (" + list + ")";
    }
    sql += " GROUP BY 1";
    HOTLINE_ASSIGN_OR_RETURN(auto raw, db_.PrepareDynamic(sql));
    Stmt st(raw.get());
    while (true) {
      HOTLINE_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      auto& c = acc[st.Int(0)];
      for (int i = 0; i < kKpiCounters; ++i) c[i] += st.Int(i + 1);
    }
    return Status::Ok();
  }

  // The deltas still queued for the writer's next fold (kpi_pending: about a second's worth).
  Status SumPendingKpis(const KpiQuery& q, std::map<int64_t, KpiCounters>& acc) {
    std::string group;
    switch (q.group_by) {
      case KpiQuery::GroupBy::kNone:
        group = "0";
        break;
      case KpiQuery::GroupBy::kUnit:
        group = "unit";
        break;
      case KpiQuery::GroupBy::kDistrict:
        group = "district";
        break;
      case KpiQuery::GroupBy::kCategory:
        group = "category";
        break;
      case KpiQuery::GroupBy::kChannel:
        group = "channel";
        break;
      case KpiQuery::GroupBy::kType:
        group = "type";
        break;
      case KpiQuery::GroupBy::kDay:
        group = "day";
        break;
      case KpiQuery::GroupBy::kMonth:
        group = "day / 100";
        break;
    }
    std::string sql = "SELECT " + group + ", " + KpiSumColumns() +
                      " FROM kpi_pending WHERE day BETWEEN ?1 AND ?2";
    if (q.units) sql += " AND unit IN (" + IdList(*q.units) + ")";
    if (!q.districts.empty()) sql += " AND district IN (" + IdList(q.districts) + ")";
    if (!q.categories.empty()) sql += " AND category IN (" + IdList(q.categories) + ")";
    if (q.channel) sql += " AND channel = " + std::to_string(*q.channel);
    if (q.type) sql += " AND type = " + std::to_string(*q.type);
    sql += " GROUP BY 1";
    HOTLINE_ASSIGN_OR_RETURN(auto raw, db_.PrepareDynamic(sql));
    Stmt st(raw.get());
    st.Bind(1, int64_t(q.from_day)).Bind(2, int64_t(q.to_day));
    while (true) {
      HOTLINE_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      auto& c = acc[st.Int(0)];
      for (int i = 0; i < kKpiCounters; ++i) c[i] += st.Int(i + 1);
    }
    return Status::Ok();
  }

  Result<std::vector<KpiRow>> QueryKpis(const KpiQuery& q) override {
    std::map<int64_t, KpiCounters> acc;
    if (q.units && q.units->empty()) return std::vector<KpiRow>{};
    if (q.from_day > q.to_day) return std::vector<KpiRow>{};
    auto ymd = [](int d) {
      return std::chrono::year_month_day{std::chrono::year(d / 10000),
                                         std::chrono::month(unsigned(d / 100 % 100)),
                                         std::chrono::day(unsigned(d % 100))};
    };
    auto num = [](std::chrono::year_month_day d) {
      return int(d.year()) * 10000 + int(unsigned(d.month())) * 100 + int(unsigned(d.day()));
    };
    // Whole months inside [from, to] come from kpi_month; the ragged edges from kpi_day.
    using std::chrono::sys_days;
    const auto from = ymd(q.from_day), to = ymd(q.to_day);
    auto first_full = from.day() == std::chrono::day(1)
                          ? from.year() / from.month()
                          : (from.year() / from.month()) + std::chrono::months(1);
    auto next_after_to = sys_days(to) + std::chrono::days(1);
    auto last_full = std::chrono::year_month_day(next_after_to).day() == std::chrono::day(1)
                         ? to.year() / to.month()
                         : (to.year() / to.month()) - std::chrono::months(1);
    const bool by_day = q.group_by == KpiQuery::GroupBy::kDay;
    if (!by_day && first_full <= last_full) {
      int m_lo = int(first_full.year()) * 100 + int(unsigned(first_full.month()));
      int m_hi = int(last_full.year()) * 100 + int(unsigned(last_full.month()));
      HOTLINE_RETURN_IF_ERROR(SumKpis(q, true, m_lo, m_hi, acc));
      int head_hi = num(sys_days(first_full / std::chrono::day(1)) - std::chrono::days(1));
      if (q.from_day <= head_hi)
        HOTLINE_RETURN_IF_ERROR(SumKpis(q, false, q.from_day, head_hi, acc));
      int tail_lo = num((last_full + std::chrono::months(1)) / std::chrono::day(1));
      if (tail_lo <= q.to_day) HOTLINE_RETURN_IF_ERROR(SumKpis(q, false, tail_lo, q.to_day, acc));
    } else {
      HOTLINE_RETURN_IF_ERROR(SumKpis(q, false, q.from_day, q.to_day, acc));
    }
    HOTLINE_RETURN_IF_ERROR(SumPendingKpis(q, acc));
    std::vector<KpiRow> out;
    out.reserve(acc.size());
    for (auto& [k, c] : acc) out.push_back({k, c});
    return out;
  }

  Result<std::vector<KpiFact>> ListKpiFacts(const std::vector<int64_t>& units, int from_day,
                                            int to_day, int limit) override {
    if (units.empty()) return std::vector<KpiFact>{};
    std::string sql =
        "SELECT unit, day, case_id, seq, action, deltas FROM kpi_facts WHERE unit IN (" +
        IdList(units) + ") AND day BETWEEN ?1 AND ?2 ORDER BY day, case_id, seq LIMIT ?3";
    HOTLINE_ASSIGN_OR_RETURN(auto raw, db_.PrepareDynamic(sql));
    Stmt st(raw.get());
    st.Bind(1, int64_t(from_day)).Bind(2, int64_t(to_day)).Bind(3, int64_t(limit));
    return CollectRows<KpiFact>(st, [](Stmt& r) {
      return KpiFact{r.Int(0), int(r.Int(1)), r.Int(2), r.Int(3), r.Text(4), r.Text(5)};
    });
  }

  Result<bool> HasEarlierCase(const std::string& phone, const std::string& category_id,
                              TimePoint since, TimePoint before,
                              const std::string& exclude_case_id) override {
    if (phone.empty()) return false;
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("kpi.earlier_case",
                             "SELECT 1 FROM cases WHERE phone_hash = ?1 AND created_at >= ?2 AND "
                             "created_at < ?3 AND category_id = ?4 AND id <> ?5 LIMIT 1"));
    st->Bind(1, cipher_.KeyedHash(phone))
        .Bind(2, ToUnixMillis(since))
        .Bind(3, ToUnixMillis(before));
    st->Bind(4, category_id).Bind(5, Id(exclude_case_id));
    return st->Step();
  }

  Result<std::optional<AssessmentConfigRecord>> ReadConfig(StmtGuard& st) {
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return std::optional<AssessmentConfigRecord>();
    return std::optional<AssessmentConfigRecord>(AssessmentConfigRecord{
        st->Int(0), st->Text(1), TimePoint(std::chrono::milliseconds(st->Int(2))), st->Text(3)});
  }

  Result<std::optional<AssessmentConfigRecord>> LatestAssessmentConfig() override {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("assessment_config.latest",
                             "SELECT version, json, created_at, created_by FROM assessment_configs "
                             "ORDER BY version DESC LIMIT 1"));
    return ReadConfig(st);
  }

  Result<std::optional<AssessmentConfigRecord>> GetAssessmentConfig(int64_t version) override {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("assessment_config.get",
                             "SELECT version, json, created_at, created_by FROM assessment_configs "
                             "WHERE version = ?1"));
    st->Bind(1, version);
    return ReadConfig(st);
  }

  Result<std::optional<AssessmentRun>> GetAssessmentRun(int month) override {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("assessment_run.get",
                             "SELECT month, config_version, json, computed_at FROM assessment_runs "
                             "WHERE month = ?1"));
    st->Bind(1, int64_t(month));
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return std::optional<AssessmentRun>();
    return std::optional<AssessmentRun>(
        AssessmentRun{int(st->Int(0)), st->Int(1), st->Text(2),
                      TimePoint(std::chrono::milliseconds(st->Int(3)))});
  }

  Result<std::optional<StoredReport>> GetReport(const std::string& kind,
                                                const std::string& period) override {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("report.get",
                             "SELECT kind, period, json, created_at FROM reports WHERE kind = ?1 "
                             "AND period = ?2"));
    st->Bind(1, kind).Bind(2, period);
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return std::optional<StoredReport>();
    return std::optional<StoredReport>(StoredReport{
        st->Text(0), st->Text(1), st->Text(2), TimePoint(std::chrono::milliseconds(st->Int(3)))});
  }
  // ---- Hot issues, surges and caller flags (issue 6; SQL in hot_sql.cc) ----
  Status ScanHotCases(const HotCaseQuery& q,
                      const std::function<void(const HotCaseRow&)>& fn) override {
    return hot::ScanCases(db_, q, fn);
  }
  Result<int64_t> MaxCaseId() override { return hot::MaxCaseId(db_); }
  Result<std::optional<HotDay>> GetHotDay(const std::string& key, const std::string& day) override {
    return hot::GetDay(db_, key, day);
  }
  Result<std::vector<HotTermCount>> HotTermCounts(const std::string& key,
                                                  const std::string& first_day,
                                                  const std::string& last_day,
                                                  const std::vector<std::string>& terms) override {
    return hot::TermCounts(db_, key, first_day, last_day, terms);
  }
  Result<std::optional<std::string>> GetHotState(const std::string& name) override {
    return hot::GetState(db_, name);
  }
  Result<Surge> GetSurge(const std::string& id) override { return hot::GetSurge(db_, id); }
  Result<std::vector<Surge>> ListSurges(const SurgeQuery& q) override {
    return hot::ListSurges(db_, q);
  }
  Result<std::vector<SurgeMember>> ListSurgeCases(const std::string& surge_id) override {
    return hot::ListSurgeCases(db_, surge_id);
  }
  Result<std::vector<SurgeTrailEntry>> ListSurgeTrail(const std::string& surge_id) override {
    return hot::ListTrail(db_, surge_id);
  }
  Result<CallerFlag> GetCallerFlag(const std::string& id) override { return hot::GetFlag(db_, id); }
  Result<std::vector<CallerFlag>> ListCallerFlags(bool active_only) override {
    return hot::ListFlags(db_, active_only);
  }
  Result<std::vector<CallerFlag>> CallerFlagsByPhone(const std::string& phone) override {
    return hot::FlagsByHash(db_, cipher_.KeyedHash(phone));
  }
  Result<std::vector<CallerActivity>> CallerActivitySince(TimePoint from, int min_cases,
                                                          int min_invalid, int limit) override {
    return hot::ActivitySince(db_, from, min_cases, min_invalid, limit);
  }
  Result<CallerActivity> CallerActivityOf(const std::string& phone, TimePoint from) override {
    return hot::ActivityOf(db_, cipher_.KeyedHash(phone), from);
  }
  std::string PhoneHash(const std::string& phone) const override {
    return cipher_.KeyedHash(phone);
  }

  // ---- Notifications (issue 4) ----

  static constexpr const char* kOutboxColumns =
      "seq, id, kind, audience, recipient, recipient_hint, template_key, lang, subject, body, "
      "case_id, case_number, event_seq, unit_id, state, attempts, next_attempt_at, last_error, "
      "created_at, sent_at";

  Result<OutboxMessage> ReadOutboxRow(Stmt& st) {
    OutboxMessage m;
    m.seq = st.Int(0);
    m.id = st.Text(1);
    m.kind = st.Text(2);
    m.audience = st.Text(3);
    HOTLINE_ASSIGN_OR_RETURN(m.recipient, cipher_.Open(st.Blob(4)));
    m.recipient_hint = st.Text(5);
    m.template_key = st.Text(6);
    m.lang = st.Text(7);
    m.subject = st.Text(8);
    HOTLINE_ASSIGN_OR_RETURN(m.body, cipher_.Open(st.Blob(9)));
    m.case_id = st.Text(10);
    m.case_number = st.Text(11);
    m.event_seq = st.Int(12);
    m.unit_id = st.Text(13);
    m.state = st.Text(14);
    m.attempts = int(st.Int(15));
    m.next_attempt_at = FromUnixMillis(st.Int(16));
    m.last_error = st.Text(17);
    m.created_at = FromUnixMillis(st.Int(18));
    if (auto t = st.OptInt(19)) m.sent_at = FromUnixMillis(*t);
    return m;
  }

  Result<std::vector<OutboxMessage>> ReadOutboxRows(Stmt& st) {
    std::vector<OutboxMessage> out;
    while (true) {
      HOTLINE_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) return out;
      HOTLINE_ASSIGN_OR_RETURN(OutboxMessage m, ReadOutboxRow(st));
      out.push_back(std::move(m));
    }
  }

  Result<std::vector<OutboxMessage>> ListOutbox(const OutboxQuery& q) override {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st,
        db_.Prepare("outbox.list", std::string("SELECT ") + kOutboxColumns +
                                       " FROM outbox WHERE (?1 = '' OR state = ?1) AND (?2 = '' OR "
                                       "case_id = ?2) AND (?3 = 0 OR seq < ?3) ORDER BY seq DESC "
                                       "LIMIT ?4"));
    st->Bind(1, q.state).Bind(2, q.case_id).Bind(3, q.before_seq).Bind(4, int64_t(q.limit));
    return ReadOutboxRows(*st);
  }

  Result<std::vector<Count>> OutboxCounts() override {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("outbox.counts", "SELECT state, COUNT(*) FROM outbox GROUP BY state"));
    return CollectRows<Count>(*st, [](Stmt& row) { return Count{row.Text(0), row.Int(1)}; });
  }

  Result<std::vector<NotifyTemplate>> ListNotifyTemplates() override {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("notify_templates.list",
                             "SELECT key, lang, subject, body, updated_by, updated_at FROM "
                             "notify_templates ORDER BY key, lang"));
    return CollectRows<NotifyTemplate>(*st, [](Stmt& row) {
      return NotifyTemplate{row.Text(0), row.Text(1), row.Text(2),
                            row.Text(3), row.Text(4), FromUnixMillis(row.Int(5))};
    });
  }

  Result<std::vector<NotifyContact>> ListNotifyContacts() override {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("notify_contacts.list",
                             "SELECT id, unit_id, role, name, phone, email, lang, disabled FROM "
                             "notify_contacts ORDER BY unit_id, role, id"));
    return CollectRows<NotifyContact>(*st, [](Stmt& row) {
      return NotifyContact{std::to_string(row.Int(0)),
                           row.Text(1),
                           row.Text(2),
                           row.Text(3),
                           row.Text(4),
                           row.Text(5),
                           row.Text(6),
                           row.Int(7) != 0};
    });
  }

  // ---- The email channel (issue 4) ----

  Result<std::optional<MailImport>> GetMailImport(const std::string& key) override {
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("mail_imports.get",
                             "SELECT message_id, case_id, case_number, attachments, imported_at "
                             "FROM mail_imports WHERE key = ?1"));
    st->Bind(1, key);
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return std::optional<MailImport>();
    return std::optional<MailImport>(MailImport{key, st->Text(0), st->Text(1), st->Text(2),
                                                int(st->Int(3)), FromUnixMillis(st->Int(4))});
  }

  // ---- writes ----

  Status CheckWritable() const {
    return writable_ ? Status::Ok() : Status::Internal("write on a read transaction");
  }

  // case_units: one row per unit that holds or held the case. A unit with several assignments
  // (taken back and sent again) is active if any of them is, with the status of its last active
  // one and the times of its last one. Rows are updated in place and only removed units deleted,
  // so an update touches no row (and no count, migration 0014) whose unit did not change.
  Status WriteCaseUnits(const Case& c, int64_t id) {
    struct Row {
      std::string unit_id;
      bool active = false;
      std::string status;
      std::optional<std::pair<int64_t, int64_t>> times;  // warn_at, due_at
    };
    std::vector<Row> rows;
    const bool open = IsOpen(c.status);
    for (const auto& a : c.assignments) {
      const bool active = open && a.Active();
      auto it = std::find_if(rows.begin(), rows.end(),
                             [&](const Row& r) { return r.unit_id == a.unit_id; });
      if (it == rows.end()) {
        rows.push_back(Row{a.unit_id, false, std::string(Name(a.status)), std::nullopt});
        it = rows.end() - 1;
      } else if (active) {
        it->status = std::string(Name(a.status));
      }
      it->active = it->active || active;
      if (active && !a.paused_at && a.status != AssignmentStatus::kReplied)
        it->times = std::make_pair(ToUnixMillis(a.warn_at), ToUnixMillis(a.due_at));
      else
        it->times.reset();
    }
    HOTLINE_ASSIGN_OR_RETURN(
        auto held,
        db_.Prepare("case_units.of_case", "SELECT unit_id FROM case_units WHERE case_id = ?1"));
    held->Bind(1, id);
    std::vector<std::string> gone;
    while (true) {
      HOTLINE_ASSIGN_OR_RETURN(bool row, held->Step());
      if (!row) break;
      std::string unit = held->Text(0);
      if (std::none_of(rows.begin(), rows.end(), [&](const Row& r) { return r.unit_id == unit; }))
        gone.push_back(std::move(unit));
    }
    held->Reset();
    if (!gone.empty()) {
      HOTLINE_ASSIGN_OR_RETURN(
          auto del, db_.Prepare("case_units.delete_one",
                                "DELETE FROM case_units WHERE unit_id = ?1 AND case_id = ?2"));
      for (const auto& unit : gone) {
        HOTLINE_RETURN_IF_ERROR(del->Bind(1, unit).Bind(2, id).Exec());
        del->Reset();
      }
    }
    HOTLINE_ASSIGN_OR_RETURN(
        auto ins,
        db_.Prepare("case_units.put",
                    "INSERT INTO case_units(unit_id, case_id, active, status, warn_at, due_at) "
                    "VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(unit_id, case_id) DO UPDATE SET "
                    "active = excluded.active, status = excluded.status, "
                    "warn_at = excluded.warn_at, due_at = excluded.due_at"));
    for (const auto& r : rows) {
      ins->Bind(1, r.unit_id).Bind(2, id).Bind(3, r.active).Bind(4, r.status);
      if (r.times)
        ins->Bind(5, r.times->first).Bind(6, r.times->second);
      else
        ins->BindNull(5).BindNull(6);
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
    num->Reset();
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
    // Case search: indexed in this transaction (the text case_search_src gives for this row), or,
    // during a deferred bulk load, recorded in the search backlog in this transaction.
    if (db_.defer_search_index)
      HOTLINE_RETURN_IF_ERROR(AddToSearchBacklog(id));
    else
      HOTLINE_RETURN_IF_ERROR(WriteIndex(id, CaseSearchText(c), /*del=*/false));
    if (!c.citizen.phone.empty()) HOTLINE_RETURN_IF_ERROR(IndexPhone(c.citizen.phone));
    return WriteCaseUnits(c, id);
  }

  Status UpdateCase(const Case& c, int64_t expected_version) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    int64_t id = Id(c.id);
    // Case search: the indexed text before the change, to remove it if it changes — unless the
    // case is still in the search backlog (not in the index yet; it is indexed as it is then).
    HOTLINE_ASSIGN_OR_RETURN(bool pending_index, InSearchBacklog(id));
    Result<std::array<std::string, kCaseSearchColumns>> before = Status::NotFound("not indexed");
    if (!pending_index) {
      before = IndexedText(id);
      if (!before.ok() && !before.status().IsNotFound()) return before.status();
    }
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
    if (!pending_index) {
      auto after = CaseSearchText(c);
      after[4] = before->at(4);  // the number never changes (and UpdateCase does not write it)
      if (after != *before) {
        HOTLINE_RETURN_IF_ERROR(WriteIndex(id, *before, /*del=*/true));
        HOTLINE_RETURN_IF_ERROR(WriteIndex(id, after, /*del=*/false));
      }
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
    head->Reset();
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

  // ---- KPIs, assessment and reports (analytics) ----

  // The upsert of one rollup table: its key columns, then the counters, each added.
  static std::string KpiUpsertSql(const std::string& table, const std::vector<std::string>& keys) {
    std::string key_cols, vals, sets;
    for (size_t i = 0; i < keys.size(); ++i) {
      key_cols += (i ? ", " : "") + keys[i];
      vals += (i ? ", ?" : "?") + std::to_string(i + 1);
    }
    std::string cols;
    for (int i = 0; i < kKpiCounters; ++i) {
      std::string n = kKpiCounterNames[i];
      cols += ", " + n;
      vals += ", ?" + std::to_string(keys.size() + i + 1);
      sets += std::string(i ? ", " : "") + n + " = " + n + " + excluded." + n;
    }
    return "INSERT INTO " + table + "(" + key_cols + cols + ") VALUES(" + vals + ") ON CONFLICT(" +
           key_cols + ") DO UPDATE SET " + sets;
  }

  // Where one rollup row of one shape (store.h ForEachKpiRollupRow) lives: the table family (0 the
  // cube, 1 unit, 2 dim1, 3 multi), the period kind, then the row's primary key in the table's
  // column order (unused places 0). The multi shapes keep their dimensions in the order channel,
  // type, district, unit, category (migration 0010). Sorting rows by it sorts each table's rows
  // in its key order.
  static std::array<int64_t, 8> KpiRowPlace(int shape, bool monthly, const KpiKey& p) {
    const int64_t m = monthly ? 1 : 0;
    const int64_t period = p.day;
    if (shape == kKpiCube)
      return {0, m, period, p.unit, p.district, p.category, int64_t(p.channel), int64_t(p.type)};
    if (shape == kKpiDimUnit) return {1, m, period, p.unit, 0, 0, 0, 0};
    if (std::popcount(unsigned(shape)) == 1) {
      const int dim = shape == kKpiDimDistrict   ? 1
                      : shape == kKpiDimCategory ? 2
                      : shape == kKpiDimChannel  ? 3
                                                 : 4;
      return {2, m, period, dim, KpiDimValue(p, shape), 0, 0, 0};
    }
    std::array<int64_t, 8> out{3, m, shape, period, 0, 0, 0, 0};
    size_t v = 4;
    for (int bit : kKpiMultiOrder)
      if (shape & bit) out[v++] = KpiDimValue(p, bit);
    return out;
  }

  // Adds c to one rollup row (KpiRowPlace).
  Status AddKpiRollupRow(const std::array<int64_t, 8>& place, const KpiCounters& c) {
    static const std::string kSql[4][2] = {
        {KpiUpsertSql("kpi_day", {"day", "unit", "district", "category", "channel", "type"}),
         KpiUpsertSql("kpi_month", {"month", "unit", "district", "category", "channel", "type"})},
        {KpiUpsertSql("kpi_day_unit", {"day", "unit"}),
         KpiUpsertSql("kpi_month_unit", {"month", "unit"})},
        {KpiUpsertSql("kpi_day_dim1", {"day", "dim", "value"}),
         KpiUpsertSql("kpi_month_dim1", {"month", "dim", "value"})},
        {KpiUpsertSql("kpi_day_multi", {"shape", "day", "v1", "v2", "v3", "v4"}),
         KpiUpsertSql("kpi_month_multi", {"shape", "month", "v1", "v2", "v3", "v4"})}};
    static const char* kNames[4][2] = {{"kpi_day.add", "kpi_month.add"},
                                       {"kpi_day_unit.add", "kpi_month_unit.add"},
                                       {"kpi_day_dim1.add", "kpi_month_dim1.add"},
                                       {"kpi_day_multi.add", "kpi_month_multi.add"}};
    static constexpr int kKeyColumns[4] = {6, 2, 3, 6};
    const size_t family = size_t(place[0]), m = size_t(place[1]);
    HOTLINE_ASSIGN_OR_RETURN(auto st, db_.Prepare(kNames[family][m], kSql[family][m]));
    const int keys = kKeyColumns[family];
    for (int i = 0; i < keys; ++i) st->Bind(i + 1, place[size_t(2 + i)]);
    for (int k = 0; k < kKpiCounters; ++k) st->Bind(keys + 1 + k, c[k]);
    return st->Exec();
  }
  Status AddKpiRollupRow(int shape, bool monthly, const KpiKey& p, const KpiCounters& c) {
    return AddKpiRollupRow(KpiRowPlace(shape, monthly, p), c);
  }

  static std::string KpiColumns() {
    std::string cols;
    for (int i = 0; i < kKpiCounters; ++i) cols += std::string(i ? ", " : "") + kKpiCounterNames[i];
    return cols;
  }
  bool queue_kpis_ = false;
  int64_t kpi_queued_ = 0;  // deltas queued since the last complete fold (or more)

  // In each table's key order: neighbouring rows share B-tree pages, so every page is found in
  // the cache and changed once, instead of one random page per row.
  Status AddKpiRollupRows(const std::vector<KpiRollupRow>& rows) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    std::vector<std::pair<std::array<int64_t, 8>, const KpiRollupRow*>> order;
    order.reserve(rows.size());
    for (const auto& r : rows) order.emplace_back(KpiRowPlace(r.shape, r.monthly, r.key), &r);
    std::sort(order.begin(), order.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [place, r] : order)
      HOTLINE_RETURN_IF_ERROR(AddKpiRollupRow(place, r->counters));
    return Status::Ok();
  }

  // The group-commit writer queues case events' deltas in kpi_pending (one append each) instead
  // of adding them to the 62 rollup rows of every shape; FoldKpiPending sums the queue into the
  // shapes in batches, so rows shared by many events are written once per fold.
  void QueueKpiRows(bool on) { queue_kpis_ = on; }
  int64_t QueuedKpiRows() const { return kpi_queued_; }
  void KpiFoldFailed() { kpi_queued_ = std::max<int64_t>(kpi_queued_, 1); }

  Result<int64_t> FoldKpiPending(int64_t max_rows) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("kpi_pending.take",
                             "SELECT id, day, unit, district, category, channel, type, " +
                                 KpiColumns() + " FROM kpi_pending ORDER BY id LIMIT ?1"));
    st->Bind(1, max_rows);
    std::map<std::array<int64_t, 6>, KpiCounters> cube;
    int64_t last = 0, n = 0;
    while (true) {
      HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      last = st->Int(0);
      ++n;
      auto [it, fresh] = cube.try_emplace(std::array<int64_t, 6>{
          st->Int(1), st->Int(2), st->Int(3), st->Int(4), st->Int(5), st->Int(6)});
      if (fresh) it->second.fill(0);
      for (int i = 0; i < kKpiCounters; ++i) it->second[size_t(i)] += st->Int(7 + i);
    }
    st->Reset();
    if (n == 0) {
      kpi_queued_ = 0;
      return n;
    }
    std::map<std::array<int64_t, 8>, KpiCounters> rows;
    for (const auto& [k, c] : cube)
      ForEachKpiRollupRow(
          KpiKey{int(k[0]), k[1], k[2], k[3], int(k[4]), int(k[5])},
          [&](int shape, bool monthly, const KpiKey& p) {
            auto [it, fresh] = rows.try_emplace(std::array<int64_t, 8>{
                shape, monthly ? 1 : 0, p.day, p.unit, p.district, p.category, p.channel, p.type});
            if (fresh) it->second.fill(0);
            for (int i = 0; i < kKpiCounters; ++i) it->second[size_t(i)] += c[size_t(i)];
          });
    for (const auto& [k, c] : rows)
      HOTLINE_RETURN_IF_ERROR(AddKpiRollupRow(
          int(k[0]), k[1] != 0, KpiKey{int(k[2]), k[3], k[4], k[5], int(k[6]), int(k[7])}, c));
    HOTLINE_ASSIGN_OR_RETURN(
        auto del, db_.Prepare("kpi_pending.drop", "DELETE FROM kpi_pending WHERE id <= ?1"));
    del->Bind(1, last);
    HOTLINE_RETURN_IF_ERROR(del->Exec());
    if (n < max_rows) kpi_queued_ = 0;
    return n;
  }

  Status AddKpiDeltas(const std::vector<KpiDelta>& deltas) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    for (const auto& d : deltas) {
      if (d.rollup && queue_kpis_) {
        static const std::string kSql = [] {
          std::string vals;
          for (int i = 1; i <= 6 + kKpiCounters; ++i)
            vals += (i > 1 ? ", ?" : "?") + std::to_string(i);
          return "INSERT INTO kpi_pending(day, unit, district, category, channel, type, " +
                 KpiColumns() + ") VALUES(" + vals + ")";
        }();
        HOTLINE_ASSIGN_OR_RETURN(auto st, db_.Prepare("kpi_pending.add", kSql));
        st->Bind(1, int64_t(d.key.day)).Bind(2, d.key.unit).Bind(3, d.key.district);
        st->Bind(4, d.key.category).Bind(5, int64_t(d.key.channel)).Bind(6, int64_t(d.key.type));
        for (int k = 0; k < kKpiCounters; ++k) st->Bind(7 + k, d.counters[k]);
        HOTLINE_RETURN_IF_ERROR(st->Exec());
        ++kpi_queued_;
      } else if (d.rollup) {
        Status st = Status::Ok();
        ForEachKpiRollupRow(d.key, [&](int shape, bool monthly, const KpiKey& p) {
          if (st.ok()) st = AddKpiRollupRow(shape, monthly, p, d.counters);
        });
        HOTLINE_RETURN_IF_ERROR(st);
      }
      if (d.key.unit == 0 || !d.ledger) continue;
      bj::object o;
      for (int i = 0; i < kKpiCounters; ++i)
        if (d.counters[i]) o[kKpiCounterNames[i]] = d.counters[i];
      HOTLINE_ASSIGN_OR_RETURN(
          auto st, db_.Prepare("kpi_facts.put",
                               "INSERT OR REPLACE INTO kpi_facts(unit, day, case_id, seq, action, "
                               "deltas) VALUES(?1, ?2, ?3, ?4, ?5, ?6)"));
      st->Bind(1, d.key.unit).Bind(2, int64_t(d.key.day)).Bind(3, d.case_id).Bind(4, d.seq);
      st->Bind(5, d.action).Bind(6, bj::serialize(o));
      HOTLINE_RETURN_IF_ERROR(st->Exec());
    }
    return Status::Ok();
  }

  Status ClearKpis() override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    return db_.Exec(
        "DELETE FROM kpi_day; DELETE FROM kpi_month; DELETE FROM kpi_day_unit; DELETE FROM "
        "kpi_month_unit; DELETE FROM kpi_day_dim1; DELETE FROM kpi_month_dim1; DELETE FROM "
        "kpi_day_multi; DELETE FROM kpi_month_multi; DELETE FROM kpi_pending; DELETE FROM "
        "kpi_facts;");
  }

  Status AddAssessmentConfig(AssessmentConfigRecord& r) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("assessment_config.add",
                             "INSERT INTO assessment_configs(json, created_at, created_by) "
                             "VALUES(?1, ?2, ?3)"));
    st->Bind(1, r.json).Bind(2, ToUnixMillis(r.created_at)).Bind(3, r.created_by);
    HOTLINE_RETURN_IF_ERROR(st->Exec());
    r.version = db_.LastInsertId();
    return Status::Ok();
  }

  Status PutAssessmentRun(const AssessmentRun& r) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("assessment_run.put",
                             "INSERT OR REPLACE INTO assessment_runs(month, config_version, json, "
                             "computed_at) VALUES(?1, ?2, ?3, ?4)"));
    st->Bind(1, int64_t(r.month)).Bind(2, r.config_version).Bind(3, r.json);
    return st->Bind(4, ToUnixMillis(r.computed_at)).Exec();
  }

  Status PutReport(const StoredReport& r) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("report.put",
                             "INSERT OR REPLACE INTO reports(kind, period, json, created_at) "
                             "VALUES(?1, ?2, ?3, ?4)"));
    st->Bind(1, r.kind).Bind(2, r.period).Bind(3, r.json).Bind(4, ToUnixMillis(r.created_at));
    return st->Exec();
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

  // ---- Open311 (GeoReport v2) ----
  Status PutOpen311Key(Open311Key& k) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    HOTLINE_ASSIGN_OR_RETURN(
        auto st,
        db_.Prepare("open311.keys.put",
                    "INSERT INTO open311_keys(name, key_hash, prefix, created_by, created_at, "
                    "revoked_at) VALUES(?1,?2,?3,?4,?5,?6)"));
    std::optional<int64_t> revoked;
    if (k.revoked_at) revoked = ToUnixMillis(*k.revoked_at);
    HOTLINE_RETURN_IF_ERROR(st->Bind(1, k.name)
                                .Bind(2, k.key_hash)
                                .Bind(3, k.prefix)
                                .Bind(4, k.created_by)
                                .Bind(5, ToUnixMillis(k.created_at))
                                .Bind(6, revoked)
                                .Exec());
    k.id = std::to_string(db_.LastInsertId());
    return Status::Ok();
  }

  Status RevokeOpen311Key(const std::string& id, TimePoint at) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    int64_t n = Id(id);
    if (n < 0) return Status::NotFound("no Open311 key " + id);
    HOTLINE_ASSIGN_OR_RETURN(
        auto st,
        db_.Prepare("open311.keys.revoke",
                    "UPDATE open311_keys SET revoked_at = IFNULL(revoked_at, ?2) WHERE id = ?1"));
    HOTLINE_RETURN_IF_ERROR(st->Bind(1, n).Bind(2, ToUnixMillis(at)).Exec());
    if (db_.Changes() == 0) return Status::NotFound("no Open311 key " + id);
    return Status::Ok();
  }

  Status PutOpen311Request(const Open311Request& r) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    int64_t n = Id(r.case_id);
    if (n <= 0) return Status::Invalid("Open311 request without a case", "case_id");
    HOTLINE_ASSIGN_OR_RETURN(
        auto st,
        db_.Prepare("open311.requests.put",
                    "INSERT INTO open311_requests(case_id, token, key_id, fingerprint, "
                    "service_code, address_id, media_url, device_id, account_id, attributes, "
                    "created_at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)"));
    return st->Bind(1, n)
        .Bind(2, r.token)
        .Bind(3, r.key_id)
        .Bind(4, r.fingerprint)
        .Bind(5, r.service_code)
        .Bind(6, r.address_id)
        .Bind(7, r.media_url)
        .Bind(8, r.device_id)
        .Bind(9, r.account_id)
        .Bind(10, r.attributes_json)
        .Bind(11, ToUnixMillis(r.created_at))
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

  // --- Knowledge base (知识库): the queries live in knowledge_sql.cc ---
  Result<Article> GetArticle(const std::string& id) override {
    return knowledge_sql::GetArticle(db_, id);
  }
  Result<ArticlePage> ListArticles(const ArticleQuery& q) override {
    return knowledge_sql::ListArticles(db_, q);
  }
  Result<std::vector<ArticleRevision>> ListArticleRevisions(
      const std::string& article_id) override {
    return knowledge_sql::ListRevisions(db_, article_id);
  }
  Result<ArticleRevision> GetArticleRevision(const std::string& article_id, int64_t rev) override {
    return knowledge_sql::GetRevision(db_, article_id, rev);
  }
  Result<std::vector<Article>> ArticlesToRemind(const std::string& today,
                                                const std::string& soon) override {
    return knowledge_sql::ArticlesToRemind(db_, today, soon);
  }
  Result<std::vector<KnowledgeReminder>> ListKnowledgeReminders(
      const std::vector<std::string>& unit_ids, int limit) override {
    return knowledge_sql::ListReminders(db_, unit_ids, limit);
  }
  Status InsertArticle(Article& a, ArticleRevision& r) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    return knowledge_sql::InsertArticle(db_, a, r);
  }
  Status UpdateArticle(const Article& a, int64_t expected_version) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    return knowledge_sql::UpdateArticle(db_, a, expected_version);
  }
  Status PutArticleRevision(const ArticleRevision& r) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    return knowledge_sql::PutRevision(db_, r);
  }
  Status IncrementArticleUsage(const std::string& id) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    return knowledge_sql::IncrementUsage(db_, id);
  }
  Status InsertKnowledgeReminder(KnowledgeReminder& r) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    return knowledge_sql::InsertReminder(db_, r);
  }

  Status PutPublicUpload(const PublicUpload& u) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("public_uploads.put",
                             "INSERT INTO public_uploads(token_hash, sha256, name, content_type, "
                             "size, client, created_at, case_id) VALUES(?1,?2,?3,?4,?5,?6,?7,?8)"));
    st->Bind(1, u.token_hash).Bind(2, u.sha256).Bind(3, u.name).Bind(4, u.content_type);
    st->Bind(5, u.size).Bind(6, u.client).Bind(7, ToUnixMillis(u.created_at)).Bind(8, u.case_id);
    Status s = st->Exec();
    if (!s.ok() && s.message().find("UNIQUE") != std::string::npos)
      return Status::Conflict("upload_exists", "this upload ticket exists already");
    return s;
  }

  Status BindPublicUpload(const std::string& token_hash, const std::string& case_id) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    HOTLINE_ASSIGN_OR_RETURN(PublicUpload u, GetPublicUpload(token_hash));
    if (u.case_id == case_id) return Status::Ok();
    if (!u.case_id.empty())
      return Status::Conflict("upload_already_used",
                              "this file was already sent with another request");
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("public_uploads.bind",
                             "UPDATE public_uploads SET case_id = ?2 WHERE token_hash = ?1"));
    st->Bind(1, token_hash).Bind(2, case_id);
    return st->Exec();
  }

  Result<DroppedUploads> DropUnclaimedUploads(TimePoint before) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    HOTLINE_ASSIGN_OR_RETURN(
        auto old, db_.Prepare("public_uploads.unclaimed",
                              "SELECT DISTINCT sha256 FROM public_uploads WHERE case_id = '' AND "
                              "created_at < ?1"));
    old->Bind(1, ToUnixMillis(before));
    HOTLINE_ASSIGN_OR_RETURN(auto shas,
                             CollectRows<std::string>(*old, [](Stmt& row) { return row.Text(0); }));
    HOTLINE_ASSIGN_OR_RETURN(
        auto del, db_.Prepare("public_uploads.drop_unclaimed",
                              "DELETE FROM public_uploads WHERE case_id = '' AND created_at < ?1"));
    HOTLINE_RETURN_IF_ERROR(del->Bind(1, ToUnixMillis(before)).Exec());
    DroppedUploads out;
    out.uploads = db_.Changes();
    HOTLINE_ASSIGN_OR_RETURN(
        auto used, db_.Prepare("files.used",
                               "SELECT EXISTS(SELECT 1 FROM attachments WHERE sha256 = ?1) OR "
                               "EXISTS(SELECT 1 FROM public_uploads WHERE sha256 = ?1)"));
    for (auto& sha : shas) {
      used->Bind(1, sha);
      HOTLINE_ASSIGN_OR_RETURN(bool row, used->Step());
      const bool in_use = row && used->Int(0) != 0;
      used->Reset();
      if (!in_use) out.unused_files.push_back(std::move(sha));
    }
    return out;
  }

  Status PutPublishedLetter(PublishedLetter& l) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    HOTLINE_ASSIGN_OR_RETURN(
        auto st,
        db_.Prepare("letters.put",
                    "INSERT INTO published_letters(case_id, type, category_id, district_id, "
                    "unit_id, title, question, reply, received_at, replied_at, published_at, "
                    "published_by, unpublished_at, version) "
                    "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,1) "
                    "ON CONFLICT(case_id) DO UPDATE SET type=excluded.type, "
                    "category_id=excluded.category_id, district_id=excluded.district_id, "
                    "unit_id=excluded.unit_id, title=excluded.title, question=excluded.question, "
                    "reply=excluded.reply, received_at=excluded.received_at, "
                    "replied_at=excluded.replied_at, published_at=excluded.published_at, "
                    "published_by=excluded.published_by, unpublished_at=excluded.unpublished_at, "
                    "version=published_letters.version+1 RETURNING id, version"));
    st->Bind(1, l.case_id).Bind(2, l.type).Bind(3, l.category_id).Bind(4, l.district_id);
    st->Bind(5, l.unit_id).Bind(6, l.title).Bind(7, l.question).Bind(8, l.reply);
    st->Bind(9, ToUnixMillis(l.received_at));
    st->Bind(10, l.replied_at ? std::optional<int64_t>(ToUnixMillis(*l.replied_at)) : std::nullopt);
    st->Bind(11, ToUnixMillis(l.published_at)).Bind(12, l.published_by);
    st->Bind(13, l.unpublished_at ? std::optional<int64_t>(ToUnixMillis(*l.unpublished_at))
                                  : std::nullopt);
    HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return Status::Internal("letters.put returned no row");
    l.id = std::to_string(st->Int(0));
    l.version = st->Int(1);
    return Status::Ok();
  }

  // ---- Hot issues, surges and caller flags (issue 6) ----
  Status PutHotDay(const HotDay& d) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    return hot::PutDay(db_, d);
  }
  Status PutHotState(const std::string& name, const std::string& value) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    return hot::PutState(db_, name, value);
  }
  Status InsertSurge(Surge& s) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    return hot::InsertSurge(db_, s);
  }
  Status UpdateSurge(const Surge& s, int64_t expected_version) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    return hot::UpdateSurge(db_, s, expected_version);
  }
  Status AddSurgeCase(const std::string& surge_id, const std::string& case_id,
                      TimePoint at) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    return hot::AddSurgeCase(db_, surge_id, case_id, at);
  }
  Status AppendSurgeTrail(SurgeTrailEntry& e) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    return hot::AppendTrail(db_, e);
  }
  Status PutCallerFlag(CallerFlag& f) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    return hot::PutFlag(db_, f);
  }

  // ---- Notifications (issue 4) ----

  Status InsertOutbox(OutboxMessage& m) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    HOTLINE_ASSIGN_OR_RETURN(
        auto st,
        db_.Prepare("outbox.insert",
                    "INSERT INTO outbox(id, kind, audience, recipient, recipient_hint, "
                    "template_key, lang, subject, body, case_id, case_number, event_seq, unit_id, "
                    "state, attempts, next_attempt_at, last_error, created_at) "
                    "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,'pending',0,?14,'',?15)"));
    st->Bind(1, m.id).Bind(2, m.kind).Bind(3, m.audience).BindBlob(4, cipher_.Seal(m.recipient));
    st->Bind(5, m.recipient_hint).Bind(6, m.template_key).Bind(7, m.lang).Bind(8, m.subject);
    st->BindBlob(9, cipher_.Seal(m.body)).Bind(10, m.case_id).Bind(11, m.case_number);
    st->Bind(12, m.event_seq).Bind(13, m.unit_id).Bind(14, ToUnixMillis(m.next_attempt_at));
    st->Bind(15, ToUnixMillis(m.created_at));
    HOTLINE_RETURN_IF_ERROR(st->Exec());
    m.seq = db_.LastInsertId();
    m.state = "pending";
    m.attempts = 0;
    return Status::Ok();
  }

  Result<std::vector<OutboxMessage>> ClaimOutbox(TimePoint now, TimePoint lease_until,
                                                 const std::vector<std::string>& kinds,
                                                 int limit) override {
    if (kinds.empty()) return std::vector<OutboxMessage>{};
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("outbox.claim",
                             std::string("UPDATE outbox SET state = 'sending', attempts = attempts "
                                         "+ 1, next_attempt_at = ?2 WHERE seq IN (SELECT seq FROM "
                                         "outbox WHERE state IN ('pending', 'sending') AND "
                                         "next_attempt_at <= ?1 AND kind IN (?4, ?5) ORDER BY "
                                         "seq LIMIT ?3) RETURNING ") +
                                 kOutboxColumns));
    st->Bind(1, ToUnixMillis(now)).Bind(2, ToUnixMillis(lease_until)).Bind(3, int64_t(limit));
    st->Bind(4, kinds[0]).Bind(5, kinds.size() > 1 ? kinds[1] : kinds[0]);
    HOTLINE_ASSIGN_OR_RETURN(auto out, ReadOutboxRows(*st));
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.seq < b.seq; });
    return out;
  }

  Status FinishOutbox(const std::string& id, int attempt, const std::string& state, TimePoint at,
                      TimePoint next_attempt_at, const std::string& error) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    if (state != "sent" && state != "pending" && state != "failed")
      return Status::Internal("FinishOutbox: bad state " + state);
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("outbox.finish",
                             "UPDATE outbox SET state = ?1, sent_at = CASE WHEN ?1 = 'sent' THEN "
                             "?2 ELSE NULL END, next_attempt_at = ?3, last_error = ?4 WHERE id = "
                             "?5 AND state = 'sending' AND attempts = ?6"));
    st->Bind(1, state).Bind(2, ToUnixMillis(at)).Bind(3, ToUnixMillis(next_attempt_at));
    st->Bind(4, error).Bind(5, id).Bind(6, int64_t(attempt));
    HOTLINE_RETURN_IF_ERROR(st->Exec());
    if (db_.Changes() == 0)
      return Status::Conflict("lease_lost", "message " + id + " is no longer held by this sender");
    return Status::Ok();
  }

  Status RetryOutbox(const std::string& id, TimePoint now) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("outbox.retry",
                             "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = "
                             "?1 WHERE id = ?2 AND state = 'failed'"));
    HOTLINE_RETURN_IF_ERROR(st->Bind(1, ToUnixMillis(now)).Bind(2, id).Exec());
    return db_.Changes() ? Status::Ok() : Status::NotFound("no failed message " + id);
  }

  Status PutNotifyTemplate(const NotifyTemplate& t) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("notify_templates.put",
                             "INSERT OR REPLACE INTO notify_templates(key, lang, subject, body, "
                             "updated_by, updated_at) VALUES(?1,?2,?3,?4,?5,?6)"));
    st->Bind(1, t.key).Bind(2, t.lang).Bind(3, t.subject).Bind(4, t.body).Bind(5, t.updated_by);
    return st->Bind(6, ToUnixMillis(t.updated_at)).Exec();
  }

  Status DeleteNotifyTemplate(const std::string& key, const std::string& lang) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("notify_templates.delete",
                             "DELETE FROM notify_templates WHERE key = ?1 AND lang = ?2"));
    return st->Bind(1, key).Bind(2, lang).Exec();
  }

  Status PutNotifyContact(NotifyContact& c) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("notify_contacts.put",
                             "INSERT INTO notify_contacts(id, unit_id, role, name, phone, email, "
                             "lang, disabled) VALUES(?1,?2,?3,?4,?5,?6,?7,?8) ON CONFLICT(id) DO "
                             "UPDATE SET unit_id=excluded.unit_id, role=excluded.role, "
                             "name=excluded.name, phone=excluded.phone, email=excluded.email, "
                             "lang=excluded.lang, disabled=excluded.disabled"));
    if (c.id.empty())
      st->BindNull(1);
    else
      st->Bind(1, Id(c.id));
    st->Bind(2, c.unit_id).Bind(3, c.role).Bind(4, c.name).Bind(5, c.phone).Bind(6, c.email);
    st->Bind(7, c.lang).Bind(8, c.disabled);
    HOTLINE_RETURN_IF_ERROR(st->Exec());
    if (c.id.empty()) c.id = std::to_string(db_.LastInsertId());
    return Status::Ok();
  }

  Status DeleteNotifyContact(const std::string& id) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    HOTLINE_ASSIGN_OR_RETURN(auto st, db_.Prepare("notify_contacts.delete",
                                                  "DELETE FROM notify_contacts WHERE id = ?1"));
    HOTLINE_RETURN_IF_ERROR(st->Bind(1, Id(id)).Exec());
    return db_.Changes() ? Status::Ok() : Status::NotFound("no contact " + id);
  }

  // ---- The email channel (issue 4) ----

  Status PutMailImport(const MailImport& m) override {
    HOTLINE_RETURN_IF_ERROR(CheckWritable());
    HOTLINE_ASSIGN_OR_RETURN(
        auto st, db_.Prepare("mail_imports.put",
                             "INSERT INTO mail_imports(key, message_id, case_id, case_number, "
                             "attachments, imported_at) VALUES(?1,?2,?3,?4,?5,?6)"));
    st->Bind(1, m.key).Bind(2, m.message_id).Bind(3, m.case_id).Bind(4, m.case_number);
    st->Bind(5, int64_t(m.attachments)).Bind(6, ToUnixMillis(m.imported_at));
    Status s = st->Exec();
    if (!s.ok() && s.reason() == "constraint")
      return Status::Conflict("already_imported", "this message was already imported");
    return s;
  }

  // The connection, for the bulk search index's link (SqliteStore::BulkIndexSearchBacklog).
  Db& db() { return db_; }

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
    // Kept open for the next request when snapshots are reused (SqliteStore::Read).
    if (!db_->snapshot().open) SqliteStore::EndSnapshot(*db_);
    store_->ReturnReader(std::move(db_));
  }

 private:
  SqliteStore* store_;
  std::unique_ptr<Db> db_;
};

struct SqliteStore::Job {
  std::function<Status(WriteTx&)> fn;
  std::promise<Status> done;
  bool alone = false;  // in a transaction of its own, never grouped with other writes
};

// Folds every queued KPI delta, 100,000 per transaction.
static Status FoldKpis(Db& db, SqlTx& tx) {
  while (true) {
    HOTLINE_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
    auto n = tx.FoldKpiPending(100000);
    Status st = n.ok() ? db.Exec("COMMIT") : n.status();
    if (!st.ok()) {
      (void)db.Exec("ROLLBACK");
      tx.KpiFoldFailed();  // still queued (and still counted by queries): try again later
      return st;
    }
    if (*n < 100000) return Status::Ok();
  }
}

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
    // KPI deltas queued when the last process stopped (issue 6).
    HOTLINE_RETURN_IF_ERROR(FoldKpis(*writer, tx));
    // Dashboard counts a bulk load that died left behind, or migration 0014's first count.
    HOTLINE_RETURN_IF_ERROR(writer->Exec("BEGIN IMMEDIATE"));
    st = SqlTx::RecountCases(*writer);
    HOTLINE_RETURN_IF_ERROR(writer->Exec(st.ok() ? "COMMIT" : "ROLLBACK"));
    HOTLINE_RETURN_IF_ERROR(st);
  }
  std::unique_ptr<SqliteStore> store(
      new SqliteStore(std::move(writer), std::move(cipher), options));
  store->path_ = path;
  for (int i = 0; i < std::max(1, options.readers); ++i) {
    HOTLINE_ASSIGN_OR_RETURN(auto r, Db::Open(path, Db::Mode::kReader, options.reader_cache_kib));
    store->readers_.push_back(std::move(r));
  }
  // The writer has opened the log (migrations), so the WAL index exists. Without it (an unusual
  // file system), every read begins its own snapshot as before.
  if (options.snapshot_reuse_ms > 0) {
    if (auto watch = WalWatch::Open(path); watch.ok()) store->wal_watch_ = std::move(*watch);
  }
  store->writer_thread_ = std::thread([s = store.get()] { s->WriterLoop(); });
  if (store->wal_watch_)
    store->janitor_thread_ = std::thread([s = store.get()] { s->JanitorLoop(); });
  return store;
}

SqliteStore::~SqliteStore() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (writer_thread_.joinable()) writer_thread_.join();
  {
    std::lock_guard lock(pool_mu_);
    janitor_stop_ = true;
  }
  janitor_cv_.notify_all();
  if (janitor_thread_.joinable()) janitor_thread_.join();
  {
    std::lock_guard lock(pool_mu_);
    for (auto& r : readers_) EndSnapshot(*r);
  }
  // The connections first, then the watch: closing the watch's descriptor of the -shm file
  // releases every POSIX lock this process holds on that file, SQLite's own included, so it must
  // not happen while a connection still relies on them (wal_watch.h).
  readers_.clear();
  writer_.reset();
  wal_watch_.reset();
}

void SqliteStore::EndSnapshot(Db& db) {
  db.snapshot().open = false;
  if (sqlite3_get_autocommit(db.raw())) return;  // no transaction (or SQLite ended it)
  // A cached statement: sqlite3_exec would parse "COMMIT" on every read.
  if (auto commit = db.Prepare("tx.commit", "COMMIT"); commit.ok())
    (void)(*commit)->Exec();
  else
    (void)db.Exec("COMMIT");
}

void SqliteStore::JanitorLoop() {
  const auto period = std::chrono::milliseconds(std::max(1, options_.snapshot_reuse_ms));
  std::unique_lock lock(pool_mu_);
  while (!janitor_stop_) {
    janitor_cv_.wait_for(lock, period, [&] { return janitor_stop_; });
    const auto now = std::chrono::steady_clock::now();
    for (auto& r : readers_)
      if (r->snapshot().open && now - r->snapshot().began >= period) EndSnapshot(*r);
  }
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
  // Snapshot reuse: a reader returned to the pool keeps its read transaction open, and the next
  // request continues in it if nothing at all has been committed since it began (the WAL header,
  // which every commit of any process rewrites, is unchanged) and it is younger than
  // snapshot_reuse_ms. That saves the two WAL read-lock system calls and the statements that
  // begin and end a transaction; the answer is the same as from a new snapshot, because the
  // database has not changed. Otherwise: end it and begin a new one.
  Db::Snapshot& snap = db->snapshot();
  if (snap.open) {
    const bool fresh = wal_watch_ && !sqlite3_get_autocommit(db->raw()) &&
                       std::chrono::steady_clock::now() - snap.began <
                           std::chrono::milliseconds(options_.snapshot_reuse_ms) &&
                       wal_watch_->Now() == snap.stamp;
    if (fresh) {
      snapshots_reused_.fetch_add(1, std::memory_order_relaxed);
      return std::unique_ptr<ReadTx>(new PooledReadTx(this, std::move(db), cipher_));
    }
    EndSnapshot(*db);
  }
  // The header is read before the snapshot is established (at the first statement), so a commit
  // in between can only make the next comparison fail.
  if (wal_watch_) {
    snap.stamp = wal_watch_->Now();
    snap.began = std::chrono::steady_clock::now();
  }
  auto begin = db->Prepare("tx.begin", "BEGIN");
  Status st = begin.ok() ? (*begin)->Exec() : begin.status();
  if (!st.ok()) {
    ReturnReader(std::move(db));
    return st;
  }
  snap.open = wal_watch_ != nullptr;
  return std::unique_ptr<ReadTx>(new PooledReadTx(this, std::move(db), cipher_));
}

Status SqliteStore::Write(std::function<Status(WriteTx&)> fn) {
  return Submit(std::move(fn), false);
}

Status SqliteStore::Submit(std::function<Status(WriteTx&)> fn, bool alone) {
  Job job{std::move(fn), {}, alone};
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
  tx.QueueKpiRows(true);  // case events' KPI deltas go through kpi_pending (FoldKpis)
  auto last_fold = std::chrono::steady_clock::now();
  std::vector<Job*> batch;
  while (true) {
    {
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, std::chrono::seconds(1), [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        // A write that must be alone ends the group before it, or is a group of its own.
        if (queue_.front()->alone && !batch.empty()) break;
        batch.push_back(queue_.front());
        queue_.pop_front();
        if (batch.back()->alone) break;
      }
    }
    // KPI rollups (issue 6): fold the queued deltas into every shape once a second, or sooner
    // when many are waiting. A failed fold leaves them queued for the next one.
    const auto now = std::chrono::steady_clock::now();
    if (tx.QueuedKpiRows() > 0 &&
        (tx.QueuedKpiRows() >= 5000 || now - last_fold >= std::chrono::seconds(1))) {
      last_fold = now;
      (void)FoldKpis(*writer_, tx);
    }
    if (batch.empty()) continue;
    std::vector<Status> results(batch.size());
    Status begin = writer_->Exec("BEGIN IMMEDIATE");
    if (!begin.ok()) {
      for (auto* j : batch) j->done.set_value(begin);
      batch.clear();
      continue;
    }
    // Each write of a group runs in a savepoint of its own, so a failed one is undone alone. A
    // write alone in its transaction needs none (a failure rolls the transaction back): while a
    // savepoint is open SQLite copies every page the transaction changes into its statement
    // journal and walks that journal at the end of each statement that keeps one (upserts,
    // multi-row updates), which made large writes (bulk loads: thousands of cases in one write)
    // quadratic in their size.
    const bool alone = batch.size() == 1;
    bool rolled_back = false;
    for (size_t i = 0; i < batch.size(); ++i) {
      if (!alone) (void)writer_->Exec("SAVEPOINT w");
      Status st;
      try {
        st = batch[i]->fn(tx);
      } catch (const std::exception& e) {
        st = Status::Internal(std::string("write failed: ") + e.what());
      }
      if (alone) {
        // Never committed after a failure: the transaction ends here either way.
        if (!st.ok()) {
          rolled_back = true;
          if (!writer_->Exec("ROLLBACK").ok() && !sqlite3_get_autocommit(writer_->raw()))
            (void)writer_->Exec("ROLLBACK");
        }
      } else {
        if (!st.ok()) (void)writer_->Exec("ROLLBACK TO w");
        (void)writer_->Exec("RELEASE w");
      }
      results[i] = st;
    }
    Status commit = rolled_back ? Status::Ok() : writer_->Exec("COMMIT");
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

Result<Store::BulkSearchIndexReport> SqliteStore::BulkIndexSearchBacklog(
    const BulkSearchIndexOptions& options) {
  using Clock = std::chrono::steady_clock;
  BulkSearchIndexReport report;
  auto backlog = [&]() -> Result<int64_t> {
    HOTLINE_ASSIGN_OR_RETURN(auto tx, Read());
    return tx->SearchBacklog();
  };
  int64_t from = 0, to = -1;
  {
    HOTLINE_ASSIGN_OR_RETURN(auto tx, Read());
    HOTLINE_ASSIGN_OR_RETURN(auto range, static_cast<SqlTx&>(*tx).NewestSearchBacklogRange());
    if (range) std::tie(from, to) = *range;
    if (to - from + 1 < std::max<int64_t>(1, options.min_cases)) {
      HOTLINE_ASSIGN_OR_RETURN(report.left, tx->SearchBacklog());
      return report;
    }
  }
  const auto t0 = Clock::now();
  SearchBulkOptions bulk;
  bulk.threads = options.threads;
  bulk.memory_bytes = options.memory_bytes;
  bulk.temp_dir = (std::filesystem::path(path_).parent_path() / "search-bulk.tmp").string();
  HOTLINE_ASSIGN_OR_RETURN(auto build, SearchBulkBuild::Collect(path_, from, to, bulk));
  report.collect_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  if (options.before_link) options.before_link();
  const auto t1 = Clock::now();
  // Alone in its transaction: FTS5 caches the structure and averages records on the writer's
  // connection while it writes rows, and would write its cached copies back over the link's.
  const Status link_status = Submit(
      [&](WriteTx& wtx) -> Status {
        auto& tx = static_cast<SqlTx&>(wtx);
        Db& db = tx.db();
        HOTLINE_ASSIGN_OR_RETURN(auto st, db.Prepare("bulk_index.still",
                                                     "SELECT to_id FROM search_backlog WHERE "
                                                     "from_id = ?1"));
        st->Bind(1, from);
        HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
        const int64_t now_to = row ? st->Int(0) : -1;
        st->Reset();
        if (now_to < to)
          return Status::Conflict("search_backlog_changed",
                                  "the search backlog changed while its cases were read");
        HOTLINE_ASSIGN_OR_RETURN(SearchBulkBuild::Linked linked, build->Link(db));
        if (now_to == to) {
          HOTLINE_ASSIGN_OR_RETURN(auto del, db.Prepare("search_backlog.done",
                                                        "DELETE FROM search_backlog WHERE "
                                                        "from_id = ?1"));
          del->Bind(1, from);
          HOTLINE_RETURN_IF_ERROR(del->Exec());
        } else {
          HOTLINE_ASSIGN_OR_RETURN(auto cut, db.Prepare("bulk_index.cut",
                                                        "UPDATE search_backlog SET from_id = ?2 "
                                                        "WHERE from_id = ?1"));
          cut->Bind(1, from).Bind(2, to + 1);
          HOTLINE_RETURN_IF_ERROR(cut->Exec());
        }
        for (int64_t id : linked.left_out) HOTLINE_RETURN_IF_ERROR(tx.AddToSearchBacklog(id));
        // FTS5 keeps the structure record it last read on this connection and checks it only
        // against other connections' commits: make it read the new one. (A 'merge' of 0 pages
        // drops the cached record and writes nothing.)
        HOTLINE_RETURN_IF_ERROR(db.Exec("INSERT INTO case_fts(case_fts, rank) VALUES('merge', 0)"));
        // Gigabytes of log: copied back into the database by a checkpoint on a connection of
        // its own below, not by this commit's automatic one (the writer would wait for it).
        HOTLINE_RETURN_IF_ERROR(db.Exec("PRAGMA wal_autocheckpoint=0"));
        report.indexed = linked.indexed;
        report.left_out = static_cast<int64_t>(linked.left_out.size());
        return Status::Ok();
      },
      /*alone=*/true);
  report.link_seconds = std::chrono::duration<double>(Clock::now() - t1).count();
  build.reset();  // removes its run files
  if (link_status.ok()) {
    // PASSIVE: copies what it can without waiting for readers or blocking writers.
    auto checkpointer = Db::Open(path_, Db::Mode::kWriter);
    if (checkpointer.ok())
      (void)sqlite3_wal_checkpoint_v2((*checkpointer)->raw(), "main", SQLITE_CHECKPOINT_PASSIVE,
                                      nullptr, nullptr);
  }
  // Whatever happened (the link may have failed at its commit, after turning it off).
  HOTLINE_RETURN_IF_ERROR(Submit(
      [](WriteTx& wtx) {
        return static_cast<SqlTx&>(wtx).db().Exec("PRAGMA wal_autocheckpoint=" +
                                                  std::to_string(kWalAutocheckpointPages));
      },
      /*alone=*/false));
  std::error_code ec;
  std::filesystem::remove(bulk.temp_dir, ec);  // if empty
  HOTLINE_RETURN_IF_ERROR(link_status);
  HOTLINE_ASSIGN_OR_RETURN(report.left, backlog());
  return report;
}

SqliteStore::WriteCounters SqliteStore::Counters() const {
  std::lock_guard lock(mu_);
  return {commits_, writes_};
}

}  // namespace hotline::store::sqlite
