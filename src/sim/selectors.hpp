#pragma once
// Label selectors (=, ==, !=, in, notin, exists, !exists, >, <) and field selectors (=, ==, !=)
// with the syntax of apimachinery's labels.Parse (label_syntax.cpp) and fields.ParseSelector.
#include <boost/json/object.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace kubemcp::sim {

struct LabelRequirement {
  enum class Op { Equals, NotEquals, In, NotIn, Exists, DoesNotExist, GreaterThan, LessThan };
  std::string key;
  Op op = Op::Exists;
  std::vector<std::string> values;
};

class LabelSelector {
 public:
  // Throws std::invalid_argument with a message like the API server's on bad syntax.
  static LabelSelector parse(std::string_view text);
  // From a metav1.LabelSelector object ({matchLabels, matchExpressions}).
  static LabelSelector from_json(const boost::json::object& selector);

  bool empty() const { return reqs_.empty(); }
  bool matches(const boost::json::object* labels) const;
  std::string to_string() const;  // canonical form, e.g. "app=web,tier in (a,b)"
  const std::vector<LabelRequirement>& requirements() const { return reqs_; }

 private:
  std::vector<LabelRequirement> reqs_;
};

// Where a field label's value lives in the served object: `path` (the label itself when
// empty), else `fallback`, else `absent` (what the API server's field set holds for an unset
// field: "false" for spec.unschedulable, "0" for counts).
struct FieldPath {
  std::string path, fallback, absent;
};

class FieldSelector {
 public:
  static FieldSelector parse(std::string_view text);
  bool empty() const { return terms_.empty(); }
  // Fields are dotted paths into the object (metadata.name, status.phase, spec.nodeName,
  // involvedObject.kind, ...); a missing field compares as "".
  bool matches(const boost::json::object& object) const;
  // The value a term requires for `field` with "=" (e.g. metadata.name), if any.
  const std::string* equality(std::string_view field) const;
  // Maps every term's label to where its value lives; `where` throws to refuse a label.
  void resolve(const std::function<FieldPath(const std::string& label)>& where);

 private:
  struct Term {
    std::string field, value;
    bool negate = false;
    FieldPath where;
  };
  std::vector<Term> terms_;
};

// Reads a dotted path ("status.phase") from an object; "" when absent, numbers and booleans
// rendered as text.
std::string field_value(const boost::json::object& object, std::string_view path);

}  // namespace kubemcp::sim
