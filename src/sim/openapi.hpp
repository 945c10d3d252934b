#pragma once
// OpenAPI v3 as kube-apiserver serves it: GET /openapi/v3 (an index naming each group
// version's document with the hash of its content) and GET /openapi/v3/api/v1,
// /openapi/v3/apis/G/V (paths whose operations carry the dryRun/fieldValidation parameters
// kubectl looks for, and components.schemas for every kind of the group version and what they
// reference, with x-kubernetes-group-version-kind). Built-in kinds come from openapi_types.cpp,
// custom kinds from their CRD's openAPIV3Schema. Documents are built once per Registry
// generation; ETag/hash, 301 to the current hash and 304 follow kube-openapi's handler3.
#include <boost/json/object.hpp>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/resources.hpp"

namespace kubemcp::sim {

// Every built-in component schema, by its full name (io.k8s.api.core.v1.Pod, ...).
const boost::json::object& builtin_openapi_schemas();

// The openAPIV3Schema of a custom kind's version (from its CRD); nullopt when it has none.
using CrdSchemaLookup = std::function<std::optional<boost::json::object>(const ResourceType&)>;

// One group version's document ("api/v1", "apis/apps/v1") as JSON; nullopt when not served.
std::optional<boost::json::object> openapi_v3_document(const Registry& reg,
                                                       const CrdSchemaLookup& crd_schema,
                                                       const std::string& gv_path);

struct OpenApiDocs {  // the serialized documents of one Registry generation
  struct Doc {
    std::string body, etag;
  };
  std::map<std::string, Doc> by_path;  // "api/v1" -> document
  Doc index;                           // the /openapi/v3 answer
};

struct OpenApiReply {
  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// GET /openapi/v3 (gv_path empty) or /openapi/v3/<gv_path>?hash=H with If-None-Match;
// nullopt when the group version is not served (404). Documents are cached per cluster
// (cache_key: its epoch) and Registry generation.
std::optional<OpenApiReply> openapi_v3_get(const Registry& reg, const CrdSchemaLookup& crd_schema,
                                           const std::string& cache_key, const std::string& gv_path,
                                           const std::string& hash,
                                           const std::string& if_none_match);

}  // namespace kubemcp::sim
