// The label selector grammar of apimachinery's labels.Parse, token for token, so the simulator
// accepts exactly what kube-apiserver accepts (`app>1`, `!key`, `x in (a,,b)`, `key notin ()`)
// and refuses the rest with the same words. Keys are qualified names, values label values,
// each checked as pkg/util/validation does.
#include <algorithm>
#include <cctype>
#include <optional>
#include <set>
#include <stdexcept>

#include "sim/selectors.hpp"

namespace kubemcp::sim {

namespace {

using Op = LabelRequirement::Op;

bool alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
bool qualified_name_chars(std::string_view s) {
  if (s.empty() || !alnum(s.front()) || !alnum(s.back())) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return alnum(c) || c == '-' || c == '_' || c == '.'; });
}

// [a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*
bool dns1123_subdomain_chars(std::string_view s) {
  auto lower_alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    auto part = s.substr(start, dot == std::string_view::npos ? s.npos : dot - start);
    if (part.empty() || !lower_alnum(part.front()) || !lower_alnum(part.back())) return false;
    for (char c : part)
      if (!lower_alnum(c) && c != '-') return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

const char* kQualifiedNameRule =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
    "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

// validation.IsQualifiedName: the messages joined with "; " as labels.Parse reports them.
std::string qualified_name_errors(std::string_view key) {
  std::vector<std::string> errs;
  std::string_view name = key;
  size_t slash = key.find('/');
  if (slash != std::string_view::npos) {
    if (key.find('/', slash + 1) != std::string_view::npos)
      return std::string("a qualified name ") + kQualifiedNameRule +
             " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
    auto prefix = key.substr(0, slash);
    name = key.substr(slash + 1);
    if (prefix.empty()) {
      errs.emplace_back("prefix part must be non-empty");
    } else {
      if (prefix.size() > 253) errs.emplace_back("prefix part must be no more than 253 characters");
      if (!dns1123_subdomain_chars(prefix))
        errs.emplace_back(
            "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
            "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. "
            "'example.com', regex used for validation is "
            "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
    }
  }
  if (name.empty())
    errs.emplace_back("name part must be non-empty");
  else if (name.size() > 63)
    errs.emplace_back("name part must be no more than 63 characters");
  if (!qualified_name_chars(name))
    errs.emplace_back(std::string("name part ") + kQualifiedNameRule);
  std::string out;
  for (const auto& e : errs) out += (out.empty() ? "" : "; ") + e;
  return out;
}

// validation.IsValidLabelValue.
std::string label_value_errors(std::string_view v) {
  std::vector<std::string> errs;
  if (v.size() > 63) errs.emplace_back("must be no more than 63 characters");
  if (!v.empty() && !qualified_name_chars(v))
    errs.emplace_back(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' "
        "or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
        "'my_value',  or '12345', regex used for validation is "
        "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
  std::string out;
  for (const auto& e : errs) out += (out.empty() ? "" : "; ") + e;
  return out;
}

// Go's %q for the printable ASCII a selector holds.
std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string invalid(const std::string& path, std::string_view value, const std::string& why) {
  return path + ": Invalid value: " + quoted(value) + ": " + why;
}

enum class Tok {
  Error,
  End,
  ClosedPar,
  Comma,
  Not,
  DoubleEquals,
  Equals,
  Greater,
  Identifier,
  In,
  Less,
  NotEquals,
  NotIn,
  OpenPar
};

struct Item {
  Tok tok;
  std::string lit;
};

std::optional<Tok> keyword(std::string_view s) {
  static const std::pair<std::string_view, Tok> table[] = {
      {")", Tok::ClosedPar},  {",", Tok::Comma},     {"!", Tok::Not},    {"==", Tok::DoubleEquals},
      {"=", Tok::Equals},     {">", Tok::Greater},   {"in", Tok::In},    {"<", Tok::Less},
      {"!=", Tok::NotEquals}, {"notin", Tok::NotIn}, {"(", Tok::OpenPar}};
  for (const auto& [k, t] : table)
    if (k == s) return t;
  return std::nullopt;
}

bool special(char c) {
  return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
}
bool blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::vector<Item> lex(std::string_view s) {
  std::vector<Item> out;
  size_t i = 0;
  while (true) {
    while (i < s.size() && blank(s[i])) ++i;
    if (i >= s.size()) {
      out.push_back({Tok::End, ""});
      return out;
    }
    if (special(s[i])) {
      // The longest run of symbols that is still an operator ("!=", "==", ...).
      std::string buf;
      std::optional<Item> last;
      while (i < s.size() && special(s[i])) {
        buf += s[i];
        if (auto t = keyword(buf)) {
          last = Item{*t, buf};
        } else if (last) {
          break;
        }
        ++i;
      }
      if (!last) {
        out.push_back({Tok::Error, "error expected: keyword found '" + buf + "'"});
        continue;
      }
      out.push_back(*last);
      continue;
    }
    size_t start = i;
    while (i < s.size() && !special(s[i]) && !blank(s[i])) ++i;
    std::string word(s.substr(start, i - start));
    auto t = keyword(word);
    out.push_back({t ? *t : Tok::Identifier, word});
  }
}

class Parser {
 public:
  explicit Parser(std::string_view text) : items_(lex(text)) {}

  std::vector<LabelRequirement> parse() {
    std::vector<LabelRequirement> reqs;
    while (true) {
      auto [tok, lit] = peek(true);
      if (tok == Tok::End) return reqs;
      if (tok != Tok::Identifier && tok != Tok::Not)
        fail("found '" + lit + "', expected: !, identifier, or 'end of string'");
      reqs.push_back(requirement());
      auto [t, l] = next(true);
      if (t == Tok::End) return reqs;
      if (t != Tok::Comma) fail("found '" + l + "', expected: ',' or 'end of string'");
      auto [t2, l2] = peek(true);
      if (t2 != Tok::Identifier && t2 != Tok::Not)
        fail("found '" + l2 + "', expected: identifier after ','");
    }
  }

 private:
  // In a value position "in" and "notin" are plain words ("x in (in)").
  Item peek(bool values) const { return as(items_[pos_], values); }
  Item next(bool values) { return as(items_[pos_++], values); }
  static Item as(Item it, bool values) {
    if (values && (it.tok == Tok::In || it.tok == Tok::NotIn)) it.tok = Tok::Identifier;
    return it;
  }
  [[noreturn]] static void fail(const std::string& why) { throw std::invalid_argument(why); }
  [[noreturn]] static void fail_requirement(const std::string& why) {
    fail("unable to parse requirement: " + why);
  }

  LabelRequirement requirement() {
    LabelRequirement r;
    Item it = next(true);
    bool negated = it.tok == Tok::Not;
    if (negated) it = next(true);
    auto& [tok, lit] = it;
    if (tok != Tok::Identifier) fail_requirement("found '" + lit + "', expected: identifier");
    if (auto errs = qualified_name_errors(lit); !errs.empty())
      fail_requirement(invalid("<nil>", lit, errs));
    r.key = lit;
    auto after = peek(true).tok;
    if (negated || after == Tok::End || after == Tok::Comma) {
      r.op = negated ? Op::DoesNotExist : Op::Exists;
      return r;
    }
    r.op = operator_();
    std::set<std::string> values = r.op == Op::In || r.op == Op::NotIn ? set_values() : exact();
    r.values.assign(values.begin(), values.end());
    check(r);
    return r;
  }

  Op operator_() {
    auto [tok, lit] = next(false);
    switch (tok) {
      case Tok::In:
        return Op::In;
      case Tok::Equals:
      case Tok::DoubleEquals:
        return Op::Equals;
      case Tok::Greater:
        return Op::GreaterThan;
      case Tok::Less:
        return Op::LessThan;
      case Tok::NotIn:
        return Op::NotIn;
      case Tok::NotEquals:
        return Op::NotEquals;
      default:
        fail_requirement("found '" + lit + "', expected: '=', '!=', '==', 'in', notin'");
    }
  }

  std::set<std::string> set_values() {
    auto [tok, lit] = next(true);
    if (tok != Tok::OpenPar) fail_requirement("found '" + lit + "' expected: '('");
    auto [t, l] = peek(true);
    if (t == Tok::ClosedPar) {
      ++pos_;
      return {""};
    }
    if (t != Tok::Identifier && t != Tok::Comma)
      fail_requirement("found '" + l + "', expected: ',', ')' or identifier");
    auto s = identifiers();
    if (next(true).tok != Tok::ClosedPar) fail_requirement("found '" + l + "', expected: ')'");
    return s;
  }

  // A comma-separated list in which empty entries are the empty value: "(a,,b)", "(,a)".
  std::set<std::string> identifiers() {
    std::set<std::string> s;
    while (true) {
      auto [tok, lit] = next(true);
      if (tok == Tok::Identifier) {
        s.insert(lit);
        auto [t2, l2] = peek(true);
        if (t2 == Tok::Comma) continue;
        if (t2 == Tok::ClosedPar) return s;
        fail_requirement("found '" + l2 + "', expected: ',' or ')'");
      }
      if (tok != Tok::Comma) fail_requirement("found '" + lit + "', expected: ',', or identifier");
      if (s.empty()) s.insert("");
      auto t2 = peek(true).tok;
      if (t2 == Tok::ClosedPar) {
        s.insert("");
        return s;
      }
      if (t2 == Tok::Comma) {
        ++pos_;
        s.insert("");
      }
    }
  }

  std::set<std::string> exact() {
    auto t = peek(true).tok;
    if (t == Tok::End || t == Tok::Comma) return {""};
    auto [tok, lit] = next(true);
    if (tok != Tok::Identifier) fail_requirement("found '" + lit + "', expected: identifier");
    return {lit};
  }

  // labels.NewRequirement's checks on the values, reported as one aggregate.
  static void check(const LabelRequirement& r) {
    std::vector<std::string> errs;
    bool ordered = r.op == Op::GreaterThan || r.op == Op::LessThan;
    for (size_t i = 0; i < r.values.size(); ++i) {
      const auto& v = r.values[i];
      std::string path = "values[" + std::to_string(i) + "]";
      if (ordered) {
        bool integer = !v.empty();
        size_t digits = v.front() == '-' || v.front() == '+' ? 1 : 0;
        if (digits == v.size() || v.size() - digits > 18) integer = false;
        for (size_t j = digits; integer && j < v.size(); ++j)
          integer = std::isdigit(static_cast<unsigned char>(v[j])) != 0;
        if (!integer)
          errs.push_back(
              invalid(path, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
      }
    }
    for (size_t i = 0; i < r.values.size(); ++i)
      if (auto e = label_value_errors(r.values[i]); !e.empty())
        errs.push_back(invalid("values[" + std::to_string(i) + "][" + r.key + "]", r.values[i], e));
    if (errs.empty()) return;
    if (errs.size() == 1) fail_requirement(errs[0]);
    std::string all;
    for (const auto& e : errs) all += (all.empty() ? "" : ", ") + e;
    fail_requirement("[" + all + "]");
  }

  std::vector<Item> items_;
  size_t pos_ = 0;
};

}  // namespace

LabelSelector LabelSelector::parse(std::string_view text) {
  LabelSelector sel;
  sel.reqs_ = Parser(text).parse();
  return sel;
}

}  // namespace kubemcp::sim
