#pragma once
// What is removed or masked before an object reaches a model: managedFields and the
// last-applied annotation (noise, and the annotation can hold a Secret's plain values),
// and Secret values (keys and sizes stay visible).
#include <boost/json/value.hpp>
#include <string>

namespace kubemcp::render {

inline constexpr const char* kLastApplied = "kubectl.kubernetes.io/last-applied-configuration";

// Drops metadata.managedFields and the last-applied annotation, in an object or in each
// item of a list (kind *List with items), in place.
void strip_noise(boost::json::value& object_or_list);

// Replaces every value of a Secret's data and stringData with a note of its size, in an
// object, a list's items or a Table's row objects, in place. Returns how many values
// were masked. An object is a Secret when `holds_secrets` says so (the caller asked for
// secrets: the resource mapping knows), when the list's kind is SecretList, or when its own
// kind is Secret — a real API server leaves kind off the items of built-in lists.
std::size_t mask_secret_values(boost::json::value& object_or_list, bool holds_secrets = false);

// "<masked: 12 bytes>": what a masked value reads as.
std::string masked(std::size_t bytes);

}  // namespace kubemcp::render
