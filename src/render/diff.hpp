#pragma once
// A unified line diff (as `diff -u` prints it) of two texts: Myers' O(ND) shortest edit
// script, hunks with `context` unchanged lines around each change. Used to preview what an
// apply would change (live object against the server's dry-run result).
#include <cstddef>
#include <string>

namespace kubemcp::render {

struct DiffOptions {
  std::size_t context = 3;
  // Past this many differing lines the edit script is not searched further: the rest is
  // shown as one replacement (still correct, just not minimal).
  std::size_t max_edit_distance = 1000;
};

// "" when the texts are equal; else "--- from\n+++ to\n@@ -a,b +c,d @@\n..." hunks.
// A text that does not end with '\n' is treated as if it did.
std::string unified_diff(const std::string& from, const std::string& to,
                         const std::string& from_label, const std::string& to_label,
                         const DiffOptions& options = {});

}  // namespace kubemcp::render
