#pragma once
// exec in a container over WebSocket (v5.channel.k8s.io, falling back to v4.channel.k8s.io):
// channel 0 stdin, 1 stdout, 2 stderr, 3 status (exit code), 255 close (v5: closes stdin).
#include <boost/json/value.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kube/rest_client.hpp"

namespace kubemcp::kube {

struct ExecOptions {
  std::string container;  // empty: the server's choice (single-container pods)
  std::vector<std::string> command;
  std::optional<std::string> stdin_data;  // sent, then stdin is closed (v5)
  bool tty = false;
  std::chrono::milliseconds timeout{60000};
  // Per stream: the first max_output bytes are kept in *_data and the last max_tail bytes
  // after those in *_tail (the end is where a failing command says why); what lies between
  // is dropped and flagged `truncated`. Memory per stream stays under max_output + 2 x
  // max_tail, whatever the command writes.
  std::size_t max_output = 16u << 20;
  std::size_t max_tail = 0;
};

struct ExecResult {
  std::string stdout_data;  // the start of each stream (at most max_output bytes)
  std::string stderr_data;
  std::string stdout_tail;  // the end of each stream past *_data (at most max_tail bytes)
  std::string stderr_tail;
  int exit_code = -1;  // -1 when the server reported a failure without an exit code
  bool timed_out = false;
  bool truncated = false;
  // Bytes the command wrote to each stream, kept or not (more than max_output when truncated).
  std::uint64_t stdout_bytes = 0;
  std::uint64_t stderr_bytes = 0;
  std::string protocol;  // the subprotocol used
  std::string failure;   // the status message when the command could not run
  boost::json::value status;
};

// Exit code from a channel-3 Status: Success → 0; NonZeroExitCode → the ExitCode cause;
// anything else → nullopt (the command did not run), with `message` filled.
std::optional<int> exit_code_from_status(const boost::json::value& status, std::string& message);

// The exec query (command repeated, container, stdin/stdout/stderr/tty flags).
Query exec_query(const ExecOptions& o);

ExecResult exec(Client& c, std::string_view ns, std::string_view pod, const ExecOptions& o,
                const net::CancelPtr& cancel = {});

// Attaches to the running container's main process (same channels; `command` is ignored).
// Ends when the process exits, the timeout passes or `cancel` fires.
ExecResult attach(Client& c, std::string_view ns, std::string_view pod, const ExecOptions& o,
                  const net::CancelPtr& cancel = {});

}  // namespace kubemcp::kube
