#pragma once
// The built-in kinds' schemas in the compact line format described in openapi_types.cpp.
namespace kubemcp::sim {
extern const char* const kOpenApiTypes;
}  // namespace kubemcp::sim
