#include "tools/extra/exec_output.hpp"

#include <algorithm>

#include "net/utf8.hpp"

namespace kubemcp::tools::extra {
namespace {

std::string show(const Stream& s, std::size_t share, std::string* cut_note) {
  if (s.total == 0) return std::string(s.name) + ": (empty)\n";
  const std::size_t keep = net::utf8_cut(s.data, std::min(share, s.data.size()));
  std::string text = std::string(s.name) + ":\n" + s.data.substr(0, keep);
  if (text.back() != '\n') text += '\n';
  if (keep < s.total && cut_note)
    *cut_note += (cut_note->empty() ? "" : "; ") + std::string(s.name) + ": " +
                 std::to_string(keep) + " of " + std::to_string(s.total) + " bytes shown";
  if (keep < s.total)
    text += "[cut: " + std::string(s.name) + " showed the first " + std::to_string(keep) + " of " +
            std::to_string(s.total) +
            " bytes; narrow the command (| tail -n 50, | grep ..., | head -c N) to see the rest]\n";
  return text;
}

}  // namespace

std::string show_streams(const Stream& out, const Stream& err, std::size_t room,
                         std::string* cut_note) {
  // Each stream gets half; what one does not need goes to the other.
  const std::size_t half = room / 2;
  const std::size_t out_need = static_cast<std::size_t>(std::min<std::uint64_t>(out.total, room));
  const std::size_t err_need = static_cast<std::size_t>(std::min<std::uint64_t>(err.total, room));
  std::size_t out_share = std::min(out_need, half);
  std::size_t err_share = std::min(err_need, half);
  out_share = std::min(out_need, room - err_share);
  err_share = std::min(err_need, room - out_share);
  return show(out, out_share, cut_note) + show(err, err_share, cut_note);
}

}  // namespace kubemcp::tools::extra
