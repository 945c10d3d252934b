#include "tools/extra/exec_output.hpp"

#include <algorithm>

#include "net/utf8.hpp"

namespace kubemcp::tools::extra {
namespace {

constexpr const char* kNarrow =
    "narrow the command (| tail -n 50, | grep ..., | head -c N) to see the rest";

bool continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// The stream's last `n` bytes (fewer at a UTF-8 boundary), when they are known: from the kept
// tail, or from the start and the tail when the tail is all there was past the start.
std::string last_bytes(const Stream& s, std::size_t n) {
  std::string end;
  if (s.tail.size() >= n)
    end = s.tail.substr(s.tail.size() - n);
  else if (s.data.size() + s.tail.size() == s.total)
    end = (s.data + s.tail).substr(static_cast<std::size_t>(s.total) - n);
  std::size_t skip = 0;  // never start inside a character
  while (skip < end.size() && skip < 3 && continuation(end[skip])) ++skip;
  return end.substr(skip);
}

std::string show_head(const Stream& s, std::size_t share, std::string* cut_note) {
  const std::size_t keep = net::utf8_cut(s.data, std::min(share, s.data.size()));
  std::string text = std::string(s.name) + ":\n" + s.data.substr(0, keep);
  if (text.back() != '\n') text += '\n';
  if (keep < s.total && cut_note)
    *cut_note += (cut_note->empty() ? "" : "; ") + std::string(s.name) + ": " +
                 std::to_string(keep) + " of " + std::to_string(s.total) + " bytes shown";
  if (keep < s.total)
    text += "[cut: " + std::string(s.name) + " showed the first " + std::to_string(keep) + " of " +
            std::to_string(s.total) + " bytes; " + kNarrow + "]\n";
  return text;
}

std::string show(const Stream& s, std::size_t share, std::string* cut_note) {
  if (s.total == 0) return std::string(s.name) + ": (empty)\n";
  const bool whole = s.data.size() + s.tail.size() == s.total;
  if (whole && s.total <= share)
    return show_head({s.name, s.data + s.tail, s.total}, share, cut_note);
  const std::string end = last_bytes(s, share / 2);
  if (end.empty()) return show_head(s, share, cut_note);  // only the start was kept
  const std::size_t keep = net::utf8_cut(s.data, std::min(share - share / 2, s.data.size()));
  const std::uint64_t left_out = s.total - keep - end.size();
  std::string text = std::string(s.name) + ":\n" + s.data.substr(0, keep);
  if (text.back() != '\n') text += '\n';
  text += "[cut: " + std::to_string(left_out) + " bytes of " + s.name +
          " left out here; it showed the first " + std::to_string(keep) + " and the last " +
          std::to_string(end.size()) + " of " + std::to_string(s.total) + " bytes; " + kNarrow +
          "]\n" + end;
  if (text.back() != '\n') text += '\n';
  if (cut_note)
    *cut_note += (cut_note->empty() ? "" : "; ") + std::string(s.name) + ": first " +
                 std::to_string(keep) + " and last " + std::to_string(end.size()) + " of " +
                 std::to_string(s.total) + " bytes shown";
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
