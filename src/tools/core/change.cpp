#include "tools/core/change.hpp"

#include <boost/json.hpp>
#include <cctype>

#include "kube/errors.hpp"
#include "kube/resource_mapper.hpp"
#include "tools/framework/args.hpp"
#include "tools/framework/object_policy.hpp"
#include "tools/framework/present.hpp"

namespace kubemcp::tools::core {
namespace json = boost::json;

ObjectRef object_ref(const json::object& args, const std::string& tool) {
  ObjectRef ref{arg_string(args, "resource"), arg_string(args, "name")};
  if (const auto slash = ref.resource.find('/'); slash != std::string::npos) {
    if (ref.name.empty()) ref.name = ref.resource.substr(slash + 1);
    ref.resource.resize(slash);
  }
  if (ref.resource.empty() || ref.name.empty())
    throw std::invalid_argument(tool +
                                " needs one object: `resource` and `name`, or `resource` as "
                                "type/name, e.g. {\"resource\": \"deployment/web\"}");
  return ref;
}

std::string kubectl_name(const kube::ResourceInfo& r, std::string_view name) {
  std::string kind = r.kind;
  for (auto& c : kind) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return kind + (r.group.empty() ? "" : "." + r.group) + "/" + std::string(name);
}

std::string resource_group(const kube::ResourceInfo& r) {
  return r.group_resource();
}

void require_allowed(const ClusterCall& call, const kube::ResourceInfo& r, std::string_view ns,
                     std::string_view name) {
  const auto why = check_object_allowed(call.cluster, {ns, r.group, r.kind, name});
  if (!why.empty()) throw Refusal(why + ". Nothing was changed.");
}

Result on_target(Context& ctx, const json::object& args,
                 const std::function<std::string(ClusterCall&)>& fn, bool idempotent) {
  std::optional<int> status;
  auto answer = on_one_cluster(
      ctx, args,
      [&](ClusterCall& call) {
        ClusterAnswer a;
        try {
          a.text = fn(call);
          status = 200;  // patch, put and get answer 200 OK
        } catch (const kube::ApiError& e) {
          status = e.code();
          throw;
        }
        return a;
      },
      idempotent);
  Result r = single_result(answer);
  r.api_status = status;
  return r;
}

}  // namespace kubemcp::tools::core
