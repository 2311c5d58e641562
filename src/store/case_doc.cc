#include "src/store/case_doc.h"

#include <boost/json/basic_parser_impl.hpp>

namespace hotline::store {
namespace bj = boost::json;
using namespace hotline::domain;

namespace {

void PutTime(bj::object& o, const char* k, const std::optional<TimePoint>& t) {
  if (t) o[k] = ToUnixMillis(*t);
}
std::string GetStr(const bj::object& o, const char* k) {
  auto* v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

// The stored documents are this file's own output (boost::json::serialize of strings that the API
// accepted only as valid UTF-8), so reading them back skips the UTF-8 re-validation: with it,
// every non-ASCII byte (most of a Chinese case) leaves boost::json's vectorised string scan for a
// byte-wise check, the largest single cost of a case read. Structure, escapes and numbers are
// still checked; the bytes of every string are copied as stored either way.
bj::parse_options StoredDocOptions() {
  bj::parse_options o;
  o.allow_invalid_utf8 = true;
  return o;
}

}  // namespace

std::string CaseDocToJson(const Case& c) {
  bj::object o;
  o["query_code"] = c.query_code;
  o["escalated"] = c.escalated;
  o["published"] = c.published;
  o["confidential"] = c.confidential;
  bj::object loc;
  loc["address"] = c.location.address;
  if (c.location.lat) loc["lat"] = *c.location.lat;
  if (c.location.lng) loc["lng"] = *c.location.lng;
  o["location"] = std::move(loc);
  o["call_id"] = c.call_id;
  bj::array as;
  for (const auto& a : c.assignments) {
    bj::object x;
    x["id"] = a.id;
    x["unit_id"] = a.unit_id;
    x["role"] = Name(a.role);
    x["status"] = Name(a.status);
    x["by"] = a.dispatched_by_unit;
    x["parent"] = a.parent_assignment;
    x["assigned_at"] = ToUnixMillis(a.assigned_at);
    x["sign_due_at"] = ToUnixMillis(a.sign_due_at);
    x["contact_due_at"] = ToUnixMillis(a.contact_due_at);
    x["due_at"] = ToUnixMillis(a.due_at);
    x["warn_at"] = ToUnixMillis(a.warn_at);
    x["h24"] = a.clock_24x7;
    PutTime(x, "signed_at", a.signed_at);
    PutTime(x, "contacted_at", a.contacted_at);
    PutTime(x, "replied_at", a.replied_at);
    PutTime(x, "paused_at", a.paused_at);
    if (a.extension) {
      bj::object e;
      e["until"] = ToUnixMillis(a.extension->until);
      e["reason"] = a.extension->reason;
      e["status"] = int(a.extension->status);
      e["note"] = a.extension->note;
      x["extension"] = std::move(e);
    }
    x["return_reason"] = a.return_reason;
    x["reply"] = a.reply;
    x["sla_emitted"] = Name(a.sla_emitted);
    x["urges"] = a.urge_count;
    as.push_back(std::move(x));
  }
  o["assignments"] = std::move(as);
  PutTime(o, "callback_due_at", c.callback_due_at);
  if (c.rating) {
    bj::object r;
    r["satisfaction"] = Name(c.rating->satisfaction);
    r["resolved"] = c.rating->resolved;
    r["note"] = c.rating->note;
    r["source"] = c.rating->source;
    o["rating"] = std::move(r);
  }
  o["reply"] = c.reply;
  o["reply_resolved"] = c.reply_resolved;
  o["reply_to_citizen"] = c.reply_to_citizen;
  o["kb_article_id"] = c.kb_article_id;
  o["transfer_to"] = c.transfer_to;
  bj::array sv;
  for (const auto& s : c.supervisions)
    sv.push_back(bj::object{{"note", s.note},
                            {"due_at", ToUnixMillis(s.due_at)},
                            {"issued_at", ToUnixMillis(s.issued_at)}});
  o["supervisions"] = std::move(sv);
  o["reopens"] = c.reopen_count;
  o["urges"] = c.urge_count;
  o["created_by"] = c.created_by;
  PutTime(o, "closed_at", c.closed_at);
  return bj::serialize(o);
}

namespace {

// CaseDocFromJson reads the document in one pass with boost::json's SAX parser and writes the
// fields straight into the Case, instead of building a DOM and looking every key up in it (a
// case read spent ~2 µs there, a sixth of its in-process time). The result is the same as that
// of the DOM reading it replaced (kept in case_doc_test.cc as the reference, which compares both
// on random and on malformed documents): a field whose value has another type than the one
// written reads as empty / 0 / false / unset, unknown keys (with any nested values) are skipped,
// and of a key given twice the last value counts.
class DocReader {
 public:
  explicit DocReader(Case* c) : c_(c) {}

  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  bool on_document_begin(boost::system::error_code&) { return true; }
  bool on_document_end(boost::system::error_code&) { return true; }

  bool on_object_begin(boost::system::error_code& ec) {
    if (depth_ == 0) {
      // The document itself: the fields every case has, as if absent.
      c_->query_code.clear();
      c_->escalated = c_->published = c_->confidential = false;
      c_->call_id.clear();
      c_->assignments.clear();
      c_->callback_due_at.reset();
      c_->reply.clear();
      c_->reply_resolved = false;
      c_->reply_to_citizen.clear();
      c_->kb_article_id.clear();
      c_->transfer_to.clear();
      c_->supervisions.clear();
      c_->reopen_count = c_->urge_count = 0;
      c_->created_by.clear();
      c_->closed_at.reset();
      return Push(Ctx::kRoot, ec);
    }
    const Ctx parent = Top();
    Ctx child = Ctx::kSkip;
    if (parent == Ctx::kAssignments) {
      c_->assignments.emplace_back();
      role_.clear();
      status_.clear();
      sla_.clear();
      child = Ctx::kAssignment;
    } else if (parent == Ctx::kSupervisions) {
      c_->supervisions.emplace_back();
      child = Ctx::kSupervision;
    } else if (IsObjectCtx(parent)) {
      Reset(parent);  // the key's field, as if the value had the wrong type
      if (parent == Ctx::kRoot && key_ == "location") {
        child = Ctx::kLocation;
      } else if (parent == Ctx::kRoot && key_ == "rating") {
        rating_ = Rating{};
        rating_.resolved = false;  // as GetBool reads a missing "resolved"
        satisfaction_.clear();
        child = Ctx::kRating;
      } else if (parent == Ctx::kAssignment && key_ == "extension") {
        extension_ = Extension{};
        child = Ctx::kExtension;
      }
    }
    return Push(child, ec);
  }

  bool on_object_end(std::size_t, boost::system::error_code&) {
    const Ctx ctx = Pop();
    if (ctx == Ctx::kAssignment) {
      Assignment& a = c_->assignments.back();
      a.role = ParseAssignmentRole(role_).value_or(AssignmentRole::kLead);
      a.status = ParseAssignmentStatus(status_).value_or(AssignmentStatus::kPending);
      a.sla_emitted = ParseSlaState(sla_).value_or(SlaState::kOk);
    } else if (ctx == Ctx::kExtension) {
      c_->assignments.back().extension = std::move(extension_);
    } else if (ctx == Ctx::kRating) {
      rating_.satisfaction = ParseSatisfaction(satisfaction_).value_or(Satisfaction::kSatisfied);
      c_->rating = std::move(rating_);
    }
    return true;
  }

  bool on_array_begin(boost::system::error_code& ec) {
    if (depth_ == 0) return Push(Ctx::kSkip, ec);  // not an object: refused at the end
    const Ctx parent = Top();
    Ctx child = Ctx::kSkip;
    if (IsObjectCtx(parent)) {
      Reset(parent);
      if (parent == Ctx::kRoot && key_ == "assignments") child = Ctx::kAssignments;
      if (parent == Ctx::kRoot && key_ == "supervisions") child = Ctx::kSupervisions;
    }
    return Push(child, ec);
  }
  bool on_array_end(std::size_t, boost::system::error_code&) {
    Pop();
    return true;
  }

  // Keys are copied (the parser's view may not outlive the call); they are short.
  bool on_key_part(std::string_view s, std::size_t, boost::system::error_code&) {
    if (!in_key_) key_.clear();
    in_key_ = true;
    key_.append(s);
    return true;
  }
  bool on_key(std::string_view s, std::size_t, boost::system::error_code&) {
    if (in_key_)
      key_.append(s);
    else
      key_.assign(s.data(), s.size());
    in_key_ = false;
    return true;
  }
  bool on_string_part(std::string_view s, std::size_t, boost::system::error_code&) {
    if (!in_string_) str_buf_.clear();
    in_string_ = true;
    str_buf_.append(s);
    return true;
  }
  bool on_string(std::string_view s, std::size_t, boost::system::error_code&) {
    if (!in_string_) {
      Scalar(Value{Kind::kString, s});
    } else {
      str_buf_.append(s);
      in_string_ = false;
      Scalar(Value{Kind::kString, str_buf_});
    }
    return true;
  }
  bool on_number_part(std::string_view, boost::system::error_code&) { return true; }
  bool on_int64(int64_t v, std::string_view, boost::system::error_code&) {
    Value x{Kind::kInt64, {}};
    x.i = v;
    x.d = double(v);
    Scalar(x);
    return true;
  }
  bool on_uint64(uint64_t v, std::string_view, boost::system::error_code&) {
    Value x{Kind::kOtherNumber, {}};
    x.d = double(v);
    Scalar(x);
    return true;
  }
  bool on_double(double v, std::string_view, boost::system::error_code&) {
    Value x{Kind::kOtherNumber, {}};
    x.d = v;
    Scalar(x);
    return true;
  }
  bool on_bool(bool v, boost::system::error_code&) {
    Value x{Kind::kBool, {}};
    x.b = v;
    Scalar(x);
    return true;
  }
  bool on_null(boost::system::error_code&) {
    Scalar(Value{Kind::kNull, {}});
    return true;
  }
  bool on_comment_part(std::string_view, boost::system::error_code&) { return true; }
  bool on_comment(std::string_view, boost::system::error_code&) { return true; }

  bool was_object() const { return root_was_object_; }

 private:
  enum class Ctx : uint8_t {
    kRoot,
    kLocation,
    kAssignments,
    kAssignment,
    kExtension,
    kRating,
    kSupervisions,
    kSupervision,
    kSkip
  };
  enum class Kind : uint8_t { kString, kInt64, kOtherNumber, kBool, kNull };
  struct Value {
    Kind kind;
    std::string_view s;
    int64_t i = 0;
    double d = 0;
    bool b = false;
  };

  static bool IsObjectCtx(Ctx c) {
    return c == Ctx::kRoot || c == Ctx::kLocation || c == Ctx::kAssignment ||
           c == Ctx::kExtension || c == Ctx::kRating || c == Ctx::kSupervision;
  }

  bool Push(Ctx c, boost::system::error_code& ec) {
    if (depth_ == 0) root_was_object_ = c == Ctx::kRoot;
    if (depth_ >= kMaxDepth) {
      // boost::json's own limit (parse_options::max_depth, 32) stops the parse before this.
      ec = boost::json::error::too_deep;
      return false;
    }
    stack_[depth_++] = c;
    return true;
  }
  Ctx Pop() { return stack_[--depth_]; }
  Ctx Top() const { return stack_[depth_ - 1]; }

  // A scalar value: of the current key, or an element of an array.
  void Scalar(const Value& v) {
    if (depth_ == 0) return;  // a document that is a bare scalar: refused at the end
    const Ctx ctx = Top();
    if (IsObjectCtx(ctx)) Set(ctx, v);
  }
  // The key's field as a value of the wrong type leaves it (before a nested value is read).
  void Reset(Ctx ctx) { Set(ctx, Value{Kind::kNull, {}}); }

  static void Str(std::string& out, const Value& v) {
    if (v.kind == Kind::kString)
      out.assign(v.s.data(), v.s.size());
    else
      out.clear();
  }
  static int64_t Int(const Value& v) { return v.kind == Kind::kInt64 ? v.i : 0; }
  static bool Bool(const Value& v) { return v.kind == Kind::kBool && v.b; }
  static std::optional<TimePoint> Time(const Value& v) {
    if (v.kind != Kind::kInt64) return std::nullopt;
    return FromUnixMillis(v.i);
  }
  static std::optional<double> Number(const Value& v) {
    if (v.kind != Kind::kInt64 && v.kind != Kind::kOtherNumber) return std::nullopt;
    return v.d;
  }

  void Set(Ctx ctx, const Value& v) {
    const std::string_view k = key_;
    switch (ctx) {
      case Ctx::kRoot:
        if (k == "query_code")
          Str(c_->query_code, v);
        else if (k == "escalated")
          c_->escalated = Bool(v);
        else if (k == "published")
          c_->published = Bool(v);
        else if (k == "confidential")
          c_->confidential = Bool(v);
        else if (k == "location")
          c_->location.address.clear(), c_->location.lat.reset(), c_->location.lng.reset();
        else if (k == "call_id")
          Str(c_->call_id, v);
        else if (k == "assignments")
          c_->assignments.clear();
        else if (k == "callback_due_at")
          c_->callback_due_at = Time(v);
        else if (k == "rating")
          c_->rating.reset();
        else if (k == "reply")
          Str(c_->reply, v);
        else if (k == "reply_resolved")
          c_->reply_resolved = Bool(v);
        else if (k == "reply_to_citizen")
          Str(c_->reply_to_citizen, v);
        else if (k == "kb_article_id")
          Str(c_->kb_article_id, v);
        else if (k == "transfer_to")
          Str(c_->transfer_to, v);
        else if (k == "supervisions")
          c_->supervisions.clear();
        else if (k == "reopens")
          c_->reopen_count = int(Int(v));
        else if (k == "urges")
          c_->urge_count = int(Int(v));
        else if (k == "created_by")
          Str(c_->created_by, v);
        else if (k == "closed_at")
          c_->closed_at = Time(v);
        return;
      case Ctx::kLocation:
        if (k == "address")
          Str(c_->location.address, v);
        else if (k == "lat")
          c_->location.lat = Number(v);
        else if (k == "lng")
          c_->location.lng = Number(v);
        return;
      case Ctx::kAssignment: {
        Assignment& a = c_->assignments.back();
        if (k == "id")
          Str(a.id, v);
        else if (k == "unit_id")
          Str(a.unit_id, v);
        else if (k == "role")
          Str(role_, v);
        else if (k == "status")
          Str(status_, v);
        else if (k == "by")
          Str(a.dispatched_by_unit, v);
        else if (k == "parent")
          Str(a.parent_assignment, v);
        else if (k == "assigned_at")
          a.assigned_at = FromUnixMillis(Int(v));
        else if (k == "sign_due_at")
          a.sign_due_at = FromUnixMillis(Int(v));
        else if (k == "contact_due_at")
          a.contact_due_at = FromUnixMillis(Int(v));
        else if (k == "due_at")
          a.due_at = FromUnixMillis(Int(v));
        else if (k == "warn_at")
          a.warn_at = FromUnixMillis(Int(v));
        else if (k == "h24")
          a.clock_24x7 = Bool(v);
        else if (k == "signed_at")
          a.signed_at = Time(v);
        else if (k == "contacted_at")
          a.contacted_at = Time(v);
        else if (k == "replied_at")
          a.replied_at = Time(v);
        else if (k == "paused_at")
          a.paused_at = Time(v);
        else if (k == "extension")
          a.extension.reset();
        else if (k == "return_reason")
          Str(a.return_reason, v);
        else if (k == "reply")
          Str(a.reply, v);
        else if (k == "sla_emitted")
          Str(sla_, v);
        else if (k == "urges")
          a.urge_count = int(Int(v));
        return;
      }
      case Ctx::kExtension:
        if (k == "until")
          extension_.until = FromUnixMillis(Int(v));
        else if (k == "reason")
          Str(extension_.reason, v);
        else if (k == "status")
          extension_.status = ExtensionStatus(Int(v));
        else if (k == "note")
          Str(extension_.note, v);
        return;
      case Ctx::kRating:
        if (k == "satisfaction")
          Str(satisfaction_, v);
        else if (k == "resolved")
          rating_.resolved = Bool(v);
        else if (k == "note")
          Str(rating_.note, v);
        else if (k == "source")
          Str(rating_.source, v);
        return;
      case Ctx::kSupervision: {
        Supervision& s = c_->supervisions.back();
        if (k == "note")
          Str(s.note, v);
        else if (k == "due_at")
          s.due_at = FromUnixMillis(Int(v));
        else if (k == "issued_at")
          s.issued_at = FromUnixMillis(Int(v));
        return;
      }
      default:
        return;
    }
  }

  static constexpr int kMaxDepth = 64;
  Case* c_;
  Ctx stack_[kMaxDepth];
  int depth_ = 0;
  bool root_was_object_ = false;
  std::string key_;  // the last key read
  bool in_key_ = false, in_string_ = false;
  std::string str_buf_;
  // The assignment, extension and rating being read.
  std::string role_, status_, sla_, satisfaction_;
  Extension extension_;
  Rating rating_;
};

}  // namespace

Status CaseDocFromJson(std::string_view text, Case* c) {
  boost::json::basic_parser<DocReader> p(StoredDocOptions(), c);
  boost::system::error_code ec;
  const size_t n = p.write_some(false, text.data(), text.size(), ec);
  if (!ec && n < text.size()) ec = bj::error::extra_data;
  if (ec || !p.handler().was_object())
    return Status::Internal("case " + c->id + ": stored document is corrupt (" + ec.message() +
                            ", " + std::to_string(text.size()) + " bytes)");
  return Status::Ok();
}

std::string CitizenToJson(const Citizen& c) {
  bj::object o;
  if (!c.name.empty()) o["name"] = c.name;
  if (!c.phone.empty()) o["phone"] = c.phone;
  if (!c.id_number.empty()) o["id_number"] = c.id_number;
  if (!c.email.empty()) o["email"] = c.email;
  return bj::serialize(o);
}

Result<Citizen> CitizenFromJson(std::string_view text) {
  boost::system::error_code ec;
  unsigned char buffer[1024];
  bj::monotonic_resource arena(buffer, sizeof buffer);
  bj::value v = bj::parse(text, ec, &arena, StoredDocOptions());
  if (ec || !v.is_object()) return Status::Internal("stored personal data is corrupt");
  const auto& o = v.as_object();
  return Citizen{GetStr(o, "name"), GetStr(o, "phone"), GetStr(o, "id_number"), GetStr(o, "email")};
}

}  // namespace hotline::store
