#pragma once
// CronJob schedule syntax as kube-apiserver checks it: robfig/cron/v3's ParseStandard (five
// fields, names, ranges, steps, @descriptors), with the same error wording.
#include <optional>
#include <string>

namespace kubemcp::sim {

// nullopt when the schedule parses; else robfig/cron's error message.
std::optional<std::string> cron_schedule_error(const std::string& schedule);

}  // namespace kubemcp::sim
