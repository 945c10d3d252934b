#pragma once
// kubectl's human duration (apimachinery's duration.HumanDuration): 45s, 3m12s, 47m, 5h12m,
// 20h, 3d4h, 12d, 2y45d. The one formatter behind every AGE kubemcp and the simulator print.
#include <cstdint>
#include <string>

namespace kubemcp::net {

std::string human_duration(std::int64_t seconds);

}  // namespace kubemcp::net
