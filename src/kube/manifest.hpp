#pragma once
// Manifests as kubectl reads them: YAML (one or many documents split on `---` lines) or JSON
// (one or more concatenated objects), `List` kinds expanded into their items. Pure: no I/O,
// no cluster. Every document is parsed and checked before the caller sends anything, so one
// bad document stops the whole apply, and the error names its index and line.
#include <boost/json/object.hpp>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "kube/errors.hpp"

namespace kubemcp::kube {

struct ManifestObject {
  std::size_t document = 0;  // 1-based index of the document it came from
  std::size_t line = 0;      // 1-based line where the object starts in the source
  std::string source;        // the file it came from, or "manifest"
  boost::json::object object;

  std::string api_version() const;
  std::string kind() const;
  std::string name() const;
  std::string namespace_() const;  // metadata.namespace, "" when unset
};

// A document that cannot be used; what() reads "manifest: document 2 (line 14): ...".
class ManifestError : public KubeError {
 public:
  ManifestError(const std::string& source, std::size_t document, std::size_t line,
                const std::string& why);
  std::size_t document() const noexcept { return document_; }
  std::size_t line() const noexcept { return line_; }

 private:
  std::size_t document_;
  std::size_t line_;
};

// Limits that keep a hostile manifest from exhausting memory (aliases expand).
inline constexpr std::size_t kMaxManifestBytes = 16u << 20;
inline constexpr std::size_t kMaxManifestNodes = 1'000'000;

// Parses every document of `text`; empty documents (only comments) are skipped. Each object
// must be a map with string `apiVersion`, `kind` and `metadata.name` (server-side apply
// needs a name). Throws ManifestError on the first fault, before anything could be sent.
std::vector<ManifestObject> parse_manifests(std::string_view text,
                                            const std::string& source = "manifest");

}  // namespace kubemcp::kube
