#include "render/budget.hpp"

#include "net/utf8.hpp"

namespace kubemcp::render {

Budgeted fit_to_budget(const std::string& text, std::size_t budget, const std::string& how) {
  Budgeted b;
  if (text.size() <= budget) {
    b.text = text;
    return b;
  }
  std::size_t end = text.rfind('\n', budget);
  // One long line: cut inside it, between two characters.
  if (end == std::string::npos || end == 0) end = net::utf8_cut(text, budget);
  b.text = text.substr(0, end);
  if (b.text.back() != '\n') b.text += '\n';
  b.cut = true;
  // Count the lines of what is left out (a partial last line counts as one).
  const std::size_t rest = text[end] == '\n' ? end + 1 : end;
  std::size_t dropped = 0;
  for (std::size_t i = rest; i < text.size(); ++i)
    if (text[i] == '\n') ++dropped;
  if (rest < text.size() && text.back() != '\n') ++dropped;
  b.lines_dropped = dropped;
  b.note = "[cut: " + std::to_string(dropped) + " more line" + (dropped == 1 ? "" : "s") +
           " over the " + std::to_string(budget) + "-character budget]";
  if (!how.empty()) b.note += " " + how;
  b.text += b.note + '\n';
  return b;
}

}  // namespace kubemcp::render
