// Message templates of the notifications: which templates exist, which placeholders each may use,
// their built-in texts (zh-CN and en), validation of an admin's edit, and rendering.
//
// A template has a subject (email only) and a body (the SMS text, and the email's text). A
// placeholder is {name} with a name from the template's list; there is no escape syntax: a '{'
// always opens a placeholder. Pure functions, thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "src/common/status.h"
#include "src/store/store.h"

namespace hotline::notify {

inline constexpr std::string_view kLangs[] = {"zh-CN", "en"};
inline constexpr size_t kSubjectMaxChars = 200;
inline constexpr size_t kBodyMaxChars = 1000;

// One kind of message the planner sends.
struct TemplateSpec {
  std::string_view key;
  std::string_view audience;  // citizen | unit | leader
  std::string_view description_zh;
  std::string_view description_en;
  std::vector<std::string_view> placeholders;
};

// Every template key, in display order.
const std::vector<TemplateSpec>& TemplateSpecs();
const TemplateSpec* FindTemplateSpec(std::string_view key);
bool IsLang(std::string_view lang);

// The built-in text of (key, lang). REQUIRES: FindTemplateSpec(key) and IsLang(lang).
store::NotifyTemplate DefaultTemplate(std::string_view key, std::string_view lang);

// Checks an admin's edit: known key and language, non-empty body, lengths, balanced braces and
// only the template's placeholders. The error names the field ("subject" or "body").
Status ValidateTemplate(const store::NotifyTemplate& t);

// Replaces each {name} with vars[name] (a missing value renders as empty).
std::string Render(std::string_view text, const std::map<std::string, std::string>& vars);

// The templates in effect: built-in texts overridden by the admin's stored versions.
class TemplateSet {
 public:
  explicit TemplateSet(const std::vector<store::NotifyTemplate>& stored);
  // REQUIRES: FindTemplateSpec(key); an unknown lang falls back to zh-CN.
  const store::NotifyTemplate& Get(std::string_view key, std::string_view lang) const;
  bool IsCustom(std::string_view key, std::string_view lang) const;

 private:
  std::map<std::pair<std::string, std::string>, store::NotifyTemplate> map_;
  std::map<std::pair<std::string, std::string>, bool> custom_;
};

}  // namespace hotline::notify
