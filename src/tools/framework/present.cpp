#include "tools/framework/present.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "fleet/fleet.hpp"
#include "kube/errors.hpp"
#include "kube/kubeconfig.hpp"
#include "kube/resource_mapper.hpp"
#include "render/budget.hpp"
#include "render/sanitize.hpp"

namespace kubemcp::tools {
namespace json = boost::json;

void prepare_objects(json::value& object_or_list, const fleet::ClusterConfig& cluster,
                     const kube::ResourceInfo& resource) {
  render::strip_noise(object_or_list);
  if (!cluster.reveal_secrets) render::mask_secret_values(object_or_list, resource.is_secret());
}

std::string phrase_error(const std::exception_ptr& error, const std::string& cluster) {
  try {
    std::rethrow_exception(error);
  } catch (const kube::ApiError& e) {
    std::string out = "Error from server (" + e.reason() + "): " + e.message();
    if (e.code() == 404)
      out +=
          "\nCheck the name and namespace (k8s_get lists what exists; all_namespaces=true searches "
          "every namespace).";
    else if (e.code() == 403)
      out += "\nThe credentials for " + cluster +
             " are valid but lack this permission (RBAC); logging in again will not help. Ask a "
             "cluster admin, or use a different cluster.";
    else if (e.code() == 400)
      out +=
          "\nThe server could not read part of the request (named above); fix that argument (a "
          "selector, a name or a value) and call again.";
    else if (e.code() == 409)
      out += "\nThe object changed or already exists; read it again and retry.";
    else if (e.code() == 422)
      out += "\nThe server rejected the object as invalid; fix the fields named above.";
    else if (e.code() == 429 || e.code() >= 500)
      out += "\nThe API server of " + cluster + " is overloaded or failing; try again shortly.";
    return out;
  } catch (const kube::AuthError& e) {
    return std::string("error: You must be logged in to the server (Unauthorized): ") + e.what() +
           "\nLog in to " + cluster +
           " and call again, or configure `login` for it so kubemcp can do it.";
  } catch (const kube::NetworkError& e) {
    return std::string("Unable to connect to the server: ") + e.what() +
           "\nCheck the VPN or network; k8s_clusters shows which clusters answer.";
  } catch (const kube::MappingError& e) {
    return std::string("error: ") + e.what() +
           "\nUse a resource name as kubectl does (pods, deploy, svc, deployments.apps, a CRD's "
           "plural).";
  } catch (const kube::CancelledError&) {
    return "cancelled";
  } catch (const kube::ConfigError& e) {
    return std::string("kubeconfig problem: ") + e.what() + "\nFix the kubeconfig of " + cluster +
           ".";
  } catch (const fleet::HealFailed& e) {
    return phrase_error(e.original(), cluster) + "\nAuto-heal: " + e.heal_error();
  } catch (const std::exception& e) {
    return std::string("error: ") + e.what();
  }
}

std::string heal_note(const std::string& cluster, const std::string& healed, bool several) {
  if (healed.empty()) return {};
  return "Auto-heal" + (several ? " (" + cluster + ")" : std::string()) + ": " + healed + ".\n";
}

Result single_result(const ClusterAnswer& answer, std::size_t budget, const std::string& how) {
  Result r = Result::ok(answer.text);
  r.cut = answer.cut;
  if (budget > 0) {
    auto fitted = render::fit_to_budget(answer.text, budget, how);
    r.text = std::move(fitted.text);
    r.cut = r.cut || fitted.cut;
    if (fitted.cut) r.cut_note = fitted.note;
  }
  if (!r.text.empty() && r.text.back() != '\n' && !answer.healed.empty()) r.text += '\n';
  r.text += heal_note(answer.cluster ? answer.cluster->name : "", answer.healed, false);
  r.is_error = answer.failed;
  return r;
}

Result combine(const std::vector<ClusterAnswer>& answers, std::size_t budget,
               const std::string& how) {
  std::string text;
  std::string heals;
  std::string notes;
  bool all_failed = !answers.empty();
  bool cut = false;
  const bool several = answers.size() > 1;
  const std::size_t share =
      answers.empty() ? budget : std::max<std::size_t>(budget / answers.size(), 500);
  for (const auto& a : answers) {
    if (!a.failed) all_failed = false;
    if (several) text += "== " + a.cluster->name + " ==\n";
    const auto fitted = render::fit_to_budget(a.text, share, how);
    text += fitted.text;
    if (fitted.cut) notes += (several ? a.cluster->name + ": " : "") + fitted.note + "\n";
    cut = cut || fitted.cut || a.cut;
    if (!text.empty() && text.back() != '\n') text += '\n';
    if (several) text += '\n';
    heals += heal_note(a.cluster->name, a.healed, several);
  }
  while (text.size() > 1 && text[text.size() - 1] == '\n' && text[text.size() - 2] == '\n')
    text.pop_back();
  Result r = Result::ok(text + heals);
  r.is_error = all_failed;
  r.cut = cut;
  if (!notes.empty()) notes.pop_back();
  r.cut_note = cut && notes.empty() ? "the answer of a cluster was cut" : notes;
  return r;
}

}  // namespace kubemcp::tools
