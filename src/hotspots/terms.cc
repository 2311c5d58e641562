#include "src/hotspots/terms.h"

#include <algorithm>

#include "src/search/tokenizer.h"

namespace hotline::hotspots {

namespace {

// Decodes one UTF-8 code point at s[i]; advances i. Returns 0 on malformed input.
uint32_t Next(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return 0;
  }
  uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
  i += len;
  return cp;
}

void Append(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xc0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += char(0xe0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3f));
    out += char(0x80 | (cp & 0x3f));
  } else {
    out += char(0xf0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3f));
    out += char(0x80 | ((cp >> 6) & 0x3f));
    out += char(0x80 | (cp & 0x3f));
  }
}

// Words every hotline message carries whatever it is about: greetings, the centre's own
// vocabulary, vague verbs and pronouns. Terms, not single characters.
const char* const kStopTerms[] = {
    "市民", "反映",   "来电",   "您好", "你好", "领导", "谢谢", "感谢", "请问", "希望", "问题",
    "相关", "部门",   "情况",   "政府", "我们", "没有", "一个", "现在", "这个", "已经", "可以",
    "什么", "怎么",   "为什么", "能否", "尊敬", "解决", "处理", "及时", "要求", "诉求", "工单",
    "热线", "咨询",   "投诉",   "举报", "建议", "请求", "帮助", "给予", "进行", "目前", "其他",
    "自己", "他们",   "你们",   "大家", "今天", "昨天", "时候", "时间", "一直", "还是", "但是",
    "因为", "所以",   "如果",   "如何", "哪里", "多少", "一下", "一些", "很多", "非常", "这样",
    "那么", "然后",   "之前",   "之后", "以上", "以下", "网友", "本人", "我家", "地址", "电话",
    "联系", "落实",   "关于",   "有关", "存在", "造成", "导致", "严重", "影响", "生活", "居民",
    "群众", "老百姓", "单位",   "办理", "回复", "答复", "核实", "到位", "表示", "称其", "来信",
    "您的", "中心",   "市长",   "江城", "城市", "年月", "月日"};

// Function characters: a bigram containing one is rarely a topic (的停, 了水, 是否 …).
const char* const kStopChars =
    "的了是在有和与及或我你他她它们这那个也就都不吗呢吧啊着要会到说把被给让对从向为以而且并但还又再"
    "很太更最已于其之此所等该些每各啦哦呀嘛么";

}  // namespace

TermId TermOf(std::string_view s) {
  size_t i = 0;
  if (s.empty()) return 0;
  uint32_t a = Next(s, i);
  if (i >= s.size()) return 0;
  uint32_t b = Next(s, i);
  if (i != s.size() || a == 0 || b == 0) return 0;
  return (TermId(a) << 32) | b;
}

std::string TermText(TermId t) {
  std::string out;
  Append(out, uint32_t(t >> 32));
  Append(out, uint32_t(t & 0xffffffffu));
  return out;
}

TermFilter::TermFilter(const std::vector<std::string>& extra) {
  for (const char* t : kStopTerms)
    if (TermId id = TermOf(t)) stop_terms_.insert(id);
  for (const auto& t : extra)
    if (TermId id = TermOf(t)) stop_terms_.insert(id);
  std::string_view chars(kStopChars);
  size_t i = 0;
  while (i < chars.size()) stop_chars_.insert(Next(chars, i));
}

bool TermFilter::Stopped(TermId t) const {
  return stop_terms_.count(t) || stop_chars_.count(uint32_t(t >> 32)) ||
         stop_chars_.count(uint32_t(t & 0xffffffffu));
}

namespace {
struct Sink {
  const TermFilter* filter;
  std::vector<TermId>* out;
};
int Collect(void* ctx, std::string_view token, int, int, bool colocated) {
  if (!colocated) return 0;  // single characters and words; bigrams come colocated
  auto* s = static_cast<Sink*>(ctx);
  TermId t = TermOf(token);
  if (t != 0 && !s->filter->Stopped(t)) s->out->push_back(t);
  return 0;
}
}  // namespace

std::vector<TermId> TermFilter::Terms(std::string_view text) const {
  std::vector<TermId> out;
  Sink sink{this, &out};
  search::TokenizeTo(text, search::Mode::kDocument, &Collect, &sink);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace hotline::hotspots
