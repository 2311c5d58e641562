#include "src/search/tokenizer.h"

#include "src/search/normalize.h"
#include "src/search/utf8.h"

namespace hotline::search {
namespace {

class Emitter {
 public:
  Emitter(Mode mode, TokenSink sink, void* ctx) : mode_(mode), sink_(sink), ctx_(ctx) {}

  int rc() const { return rc_; }

  // One folded code point of class `cls` coming from original bytes [start, end).
  void Add(CharClass cls, std::string_view folded, int start, int end) {
    switch (cls) {
      case CharClass::kWord: {
        EndCjkRun();
        const bool digit = folded.size() == 1 && folded[0] >= '0' && folded[0] <= '9';
        if (word_start_ >= 0 && digit != word_is_number_) EndWord();
        if (word_start_ < 0) {
          word_start_ = start;
          word_is_number_ = digit;
        }
        word_end_ = end;
        if (word_.size() + folded.size() <= kMaxWordBytes) word_.append(folded);
        return;
      }
      case CharClass::kCjk:
        EndWord();
        AddCjk(folded, start, end);
        return;
      case CharClass::kSeparator:
        Finish();
        return;
    }
  }

  void Finish() {
    EndWord();
    EndCjkRun();
  }

 private:
  void Emit(std::string_view token, int start, int end, bool colocated) {
    FlushHeld();
    if (rc_ == 0) rc_ = sink_(ctx_, token, start, end, colocated);
  }

  // A held character (kQueryMatchOnly) is followed by another token: it keeps the alignment.
  void FlushHeld() {
    if (!held_) return;
    held_ = false;
    if (rc_ == 0) rc_ = sink_(ctx_, held_text_, held_start_, held_end_, false);
  }

  void EndWord() {
    if (word_start_ < 0) return;
    Emit(word_, word_start_, word_end_, false);
    word_.clear();
    word_start_ = -1;
  }

  void AddCjk(std::string_view folded, int start, int end) {
    if (have_prev_) {
      pair_.assign(prev_);
      pair_.append(folded);
      if (mode_ == Mode::kDocument) {
        Emit(prev_, prev_start_, prev_end_, false);
        Emit(pair_, prev_start_, end, true);
      } else {
        Emit(pair_, prev_start_, end, false);
      }
    }
    prev_.assign(folded);
    prev_start_ = start;
    prev_end_ = end;
    have_prev_ = true;
    ++run_length_;
  }

  // The last character of a run: its own position in a document; in a query it is the single
  // character of a one-character run, or the alignment token after the bigrams.
  void EndCjkRun() {
    if (!have_prev_) return;
    have_prev_ = false;
    if (mode_ == Mode::kQueryMatchOnly && run_length_ >= 2) {
      // Implied by the bigram before it; emitted only if another token follows (Emit).
      FlushHeld();
      held_ = true;
      held_text_ = prev_;
      held_start_ = prev_start_;
      held_end_ = prev_end_;
    } else {
      Emit(prev_, prev_start_, prev_end_, false);
    }
    run_length_ = 0;
  }

  const Mode mode_;
  const TokenSink sink_;
  void* const ctx_;
  int rc_ = 0;

  std::string word_;
  int word_start_ = -1;
  int word_end_ = 0;
  bool word_is_number_ = false;

  std::string prev_;
  std::string pair_;
  int prev_start_ = 0;
  int prev_end_ = 0;
  bool have_prev_ = false;
  int run_length_ = 0;  // characters of the current CJK run so far

  std::string held_text_;
  int held_start_ = 0;
  int held_end_ = 0;
  bool held_ = false;
};

int PushToVector(void* ctx, std::string_view token, int start, int end, bool colocated) {
  static_cast<std::vector<Token>*>(ctx)->push_back({std::string(token), start, end, colocated});
  return 0;
}

}  // namespace

int TokenizeTo(std::string_view text, Mode mode, TokenSink sink, void* ctx) {
  Emitter emitter(mode, sink, ctx);
  std::string scratch;
  for (std::size_t pos = 0; pos < text.size() && emitter.rc() == 0;) {
    const int start = static_cast<int>(pos);
    const char32_t cp = utf8::Decode(text, &pos);
    const int end = static_cast<int>(pos);
    if (cp == utf8::kInvalid) {
      emitter.Add(CharClass::kSeparator, {}, start, end);
      continue;
    }
    const FoldedChar f = Fold(cp, &scratch);
    if (f.single) {
      emitter.Add(f.cls, f.utf8, start, end);
      continue;
    }
    // Folds to nothing (ignorables, stray accents: skipped, the token goes on) or to several code
    // points (½ → 1⁄2, ㈠ → (一)): each classified on its own, all mapped to the original
    // character.
    for (std::size_t i = 0; i < f.utf8.size();) {
      const std::size_t from = i;
      const char32_t c = utf8::Decode(f.utf8, &i);
      emitter.Add(ClassOf(c), f.utf8.substr(from, i - from), start, end);
    }
  }
  emitter.Finish();
  return emitter.rc();
}

std::vector<Token> Tokenize(std::string_view text, Mode mode) {
  std::vector<Token> tokens;
  (void)TokenizeTo(text, mode, &PushToVector, &tokens);
  return tokens;
}

}  // namespace hotline::search
