#pragma once
// How k8s_exec shows a command's streams: each cut to its share of the output budget (a share
// one stream leaves unused goes to the other), never splitting a UTF-8 character, with a note
// saying how much was left out and how to see it.
#include <cstddef>
#include <cstdint>
#include <string>

namespace kubemcp::tools::extra {

struct Stream {
  const char* name;         // "stdout" | "stderr"
  std::string data;         // what was kept of the start of the stream
  std::uint64_t total = 0;  // bytes the command wrote
  std::string tail{};       // what was kept of its end, past `data` (kube::ExecResult)
};

// The streams as they appear in the result, within `room` characters for their contents.
// A stream that does not fit shows its start and its end — where a failing command usually
// says why — with what was left out between them:
//   stdout:\n<start>\n[cut: N bytes of stdout left out here; ...]\n<end>\n
// (without a kept end, only the start: "[cut: stdout showed the first N of M bytes; ...]");
// "stdout: (empty)" when nothing was written.
// `cut_note`, when given, receives what was left out ("stdout: 4000 of 10000000 bytes shown"),
// empty when nothing was: the result's cut flag, which the catalog reports to the client.
std::string show_streams(const Stream& out, const Stream& err, std::size_t room,
                         std::string* cut_note = nullptr);

}  // namespace kubemcp::tools::extra
