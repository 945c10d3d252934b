#pragma once
// Every tool result has a size budget. A result that would pass it is cut at a line
// boundary and ends with what was left out and how to get it.
#include <cstddef>
#include <string>

namespace kubemcp::render {

struct Budgeted {
  std::string text;
  bool cut = false;
  std::size_t lines_dropped = 0;
  std::string note;  // the "[cut: ...]" line appended (without its newline); empty when not cut
};

// Keeps whole lines while they fit `budget` characters (the note is extra room the caller
// reserves); when lines are dropped, appends "[cut: N more lines ...] <how_to_continue>".
Budgeted fit_to_budget(const std::string& text, std::size_t budget,
                       const std::string& how_to_continue);

}  // namespace kubemcp::render
