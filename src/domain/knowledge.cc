#include "src/domain/knowledge.h"

namespace hotline::domain {

namespace {
constexpr std::string_view kArticleStatus[] = {"draft", "in_review", "published", "retired"};
constexpr std::string_view kRevisionStatus[] = {"draft", "in_review", "published", "superseded"};
constexpr std::string_view kAudience[] = {"internal", "public"};

template <typename E, size_t N>
std::optional<E> ParseFrom(const std::string_view (&names)[N], std::string_view s) {
  for (size_t i = 0; i < N; ++i)
    if (names[i] == s) return static_cast<E>(i);
  return std::nullopt;
}
}  // namespace

std::string_view Name(ArticleStatus s) { return kArticleStatus[static_cast<int>(s)]; }
std::string_view Name(RevisionStatus s) { return kRevisionStatus[static_cast<int>(s)]; }
std::string_view Name(Audience a) { return kAudience[static_cast<int>(a)]; }
std::optional<ArticleStatus> ParseArticleStatus(std::string_view s) {
  return ParseFrom<ArticleStatus>(kArticleStatus, s);
}
std::optional<RevisionStatus> ParseRevisionStatus(std::string_view s) {
  return ParseFrom<RevisionStatus>(kRevisionStatus, s);
}
std::optional<Audience> ParseAudience(std::string_view s) {
  return ParseFrom<Audience>(kAudience, s);
}

bool ValidOn(const ArticleContent& c, std::string_view date) {
  if (!c.valid_from.empty() && std::string_view(c.valid_from) > date) return false;
  if (!c.valid_until.empty() && std::string_view(c.valid_until) < date) return false;
  return true;
}

}  // namespace hotline::domain
