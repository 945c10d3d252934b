#pragma once
// Content negotiation of the simulated API server's answers, as apimachinery's
// negotiation.NegotiateOutputMediaType does it: JSON or YAML, server-side printed Tables,
// metadata only (PartialObjectMetadata[List]); 406 NotAcceptable for what cannot be produced;
// gzip for answers of 128 KiB or more when the client accepts it.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>

#include "net/server_https.hpp"

namespace kubemcp::sim {

enum class Form { Json, Yaml, Table, Metadata };

enum class Endpoint { Object, List, Watch };

struct MediaChoice {
  Form form = Form::Json;
  std::string content_type = "application/json";
};

// The first clause of `accept` this endpoint can answer (an empty header means JSON).
// Throws ApiError 406 NotAcceptable when none can.
MediaChoice negotiate(const std::string& accept, Endpoint endpoint);

// An object reduced to its metadata: {"kind":"PartialObjectMetadata","apiVersion":
// "meta.k8s.io/v1","metadata":{...}} — no spec, status or data.
// True when the first media type of `accept` this server can produce is plain protobuf
// (client-go's typed clients send "application/vnd.kubernetes.protobuf,application/json").
bool prefers_protobuf(const std::string& accept);

boost::json::object partial_metadata(const boost::json::object& object);

std::string to_yaml(const boost::json::value& value);

// Compresses the body with gzip when the request accepts it and the body is 128 KiB or more
// (kube-apiserver's threshold); sets Content-Encoding and Vary.
void gzip_if_large(net::HttpResponse& response, const std::string& accept_encoding);

}  // namespace kubemcp::sim
