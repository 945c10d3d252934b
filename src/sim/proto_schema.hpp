#pragma once
// The protobuf field tables of the built-in kinds (generated data, proto_schema_data.cpp, from
// upstream's generated.proto and types.go) and the lookup the codec needs: message by name,
// field by number or JSON name, and the message of an apiVersion + kind.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kubemcp::sim::proto {

enum class Label : uint8_t { Optional, Repeated, Map };

// One field of one message. `type` is a scalar ("string", "int32", "bytes", ...) or the full
// name of a message; for maps it is the value type (keys are always strings in Kubernetes).
// `json` is the Go JSON name: "" for an embedded struct whose fields are inlined, "-" for
// none. omitempty and pointer come from the Go field and decide whether a zero value that
// arrived on the wire is written to JSON (Go drops it only when omitempty and not a pointer).
struct FieldRow {
  const char* message;
  uint32_t number;
  const char* json;
  const char* type;
  Label label;
  bool omitempty;
  bool pointer;
};

extern const FieldRow kFieldRows[];
extern const std::size_t kFieldRowCount;

struct Message {
  std::string name;
  std::vector<const FieldRow*> fields;  // ascending by number
  const FieldRow* by_number(uint32_t number) const;
  const FieldRow* by_json(std::string_view json) const;
};

// nullptr when the tables have no such message.
const Message* find_message(std::string_view full_name);

// "k8s.io.api.apps.v1.Deployment" for ("apps/v1", "Deployment"); meta.k8s.io kinds (Status,
// DeleteOptions, ...) are found whatever group the client named. nullptr when not in the tables.
const Message* message_for(std::string_view api_version, std::string_view kind);

}  // namespace kubemcp::sim::proto
