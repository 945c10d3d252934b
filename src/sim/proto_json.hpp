#pragma once
// Kubernetes protobuf bodies (application/vnd.kubernetes.protobuf) to and from the JSON the
// simulator works in. A body is the 4-byte magic "k8s\0" then a runtime.Unknown
// {typeMeta{apiVersion, kind}, raw, contentEncoding, contentType} whose raw is the message of
// that kind. Messages are walked with the generated field tables (proto_schema.hpp); the few
// types with their own wire form (Time, MicroTime, IntOrString, Quantity, RawExtension,
// FieldsV1, ExtraValue, Verbs) are handled here. Unknown field numbers are skipped; malformed
// input throws proto::WireError, never reads past the buffer.
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "sim/proto_schema.hpp"
#include "sim/proto_wire.hpp"

namespace kubemcp::sim::proto {

inline constexpr std::string_view kMediaType = "application/vnd.kubernetes.protobuf";

// The message's JSON object (Go's JSON of the decoded struct: zero values of omitempty,
// non-pointer fields are left out).
boost::json::object decode_message(const Message& message, std::string_view bytes);
// The message's wire bytes; JSON keys the message has no field for are not written.
std::string encode_message(const Message& message, const boost::json::object& object);

// A whole body → its object with kind and apiVersion set. Throws WireError when the body is
// not a Kubernetes protobuf envelope, and std::invalid_argument (with the kind) when the
// tables have no message for it.
boost::json::object decode_body(std::string_view body);
// An object with kind and apiVersion → a whole body; nullopt when the tables have no message
// for its kind (custom resources, Tables): the caller answers JSON instead.
std::optional<std::string> encode_body(const boost::json::object& object);

}  // namespace kubemcp::sim::proto
