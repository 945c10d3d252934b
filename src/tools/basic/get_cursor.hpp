#pragma once
// k8s_get's `continue` value: kubemcp's own opaque cursor. The API server's continue token
// resumes after a whole page, but the output budget may cut a page part-way; the cursor keeps,
// per cluster and resource type, the token the page was read with and how many of its objects
// were shown, so the next call resumes exactly after the last row shown.
// Form: base64url (no padding) of {"v":1,"c":{CLUSTER:{RESOURCE:{"t":TOKEN,"o":OFFSET}}}}.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace kubemcp::tools::get {

struct Position {
  std::string token;        // the server's continue token of the page ("" = the first page)
  std::int64_t offset = 0;  // objects of that page already shown
  bool operator==(const Position&) const = default;
};

// cluster name → resource (group_resource, e.g. "pods", "deployments.apps") → position.
// A cluster or resource absent from a cursor has nothing left to show.
using Cursor = std::map<std::string, std::map<std::string, Position>>;

std::string encode_cursor(const Cursor& cursor);

// Throws std::invalid_argument saying what is wrong and what to do instead.
Cursor decode_cursor(std::string_view text);

}  // namespace kubemcp::tools::get
