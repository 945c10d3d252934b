#include "mcp/shaping.hpp"

#include <boost/json.hpp>

#include "tools/framework/catalog.hpp"

namespace kubemcp::mcp {
namespace json = boost::json;

json::object tool_for_version(const tools::Tool& tool, const VersionFeatures& version) {
  json::object o = tools::Catalog::describe(tool);
  if (!version.has_title) o.erase("title");
  if (!version.has_structured_content) o.erase("outputSchema");
  if (!version.has_annotations) o.erase("annotations");
  return o;
}

json::value listing_for_version(json::value listing, const char* key,
                                const VersionFeatures& version) {
  if (version.has_title) return listing;
  if (auto* items = listing.is_object() ? listing.as_object().if_contains(key) : nullptr;
      items && items->is_array())
    for (auto& item : items->as_array())
      if (item.is_object()) item.as_object().erase("title");
  return listing;
}

namespace {

json::object text_item(std::string text) {
  return json::object{{"type", "text"}, {"text", std::move(text)}};
}

}  // namespace

json::object call_result_for_version(tools::Result r, const VersionFeatures& version) {
  json::array content;
  content.push_back(text_item(std::move(r.text)));
  json::object out;
  if (r.structured) {
    if (version.has_structured_content)
      out["structuredContent"] = std::move(*r.structured);
    else if (!r.text_is_structured)  // the data must still reach the client: as JSON text
      content.push_back(text_item(json::serialize(*r.structured)));
  }
  out["content"] = std::move(content);
  out["isError"] = r.is_error;
  return out;
}

}  // namespace kubemcp::mcp
