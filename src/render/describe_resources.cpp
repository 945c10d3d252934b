// Services, Ingresses, Nodes, Namespaces, ConfigMaps, Secrets, PVCs, ServiceAccounts, Events.
#include <boost/json.hpp>
#include <cstdlib>
#include <cstring>

#include "net/base64.hpp"
#include "render/describe_kinds.hpp"
#include "render/sanitize.hpp"

namespace kubemcp::render::detail {
namespace json = boost::json;

namespace {
std::string list_text(const json::value* arr, const char* sep = ",") {
  std::string out;
  if (arr && arr->is_array())
    for (const auto& x : arr->get_array())
      if (x.is_string()) {
        if (!out.empty()) out += sep;
        out += std::string(x.get_string());
      }
  return out;
}

void basic_header(DescribeWriter& w, const DescribeInput& in, bool namespaced) {
  write_metadata(w, in.object, namespaced);
}
}  // namespace

std::string describe_service(const DescribeInput& in) {
  const json::value v = in.object;
  DescribeWriter w;
  basic_header(w, in, true);
  w.field(0, "Selector", join_pairs(at_path(v, {"spec", "selector"})));
  std::string type = str_at(v, {"spec", "type"});
  w.field(0, "Type", type.empty() ? "ClusterIP" : type);
  w.field(0, "IP Family Policy", str_at(v, {"spec", "ipFamilyPolicy"}));
  w.field(0, "IP", str_at(v, {"spec", "clusterIP"}));
  if (const auto ext = list_text(at_path(v, {"spec", "externalIPs"})); !ext.empty())
    w.field(0, "External IPs", ext);
  const auto* ing = at_path(v, {"status", "loadBalancer", "ingress"});
  if (ing && ing->is_array() && !ing->get_array().empty()) {
    std::string lb;
    for (const auto& i : ing->get_array()) {
      std::string a = str_at(i, {"ip"});
      if (a.empty()) a = str_at(i, {"hostname"});
      {
        if (!lb.empty()) lb += ",";
        lb += a;
      }
    }
    w.field(0, "LoadBalancer Ingress", lb);
  }
  const auto* ports = at_path(v, {"spec", "ports"});
  if (ports && ports->is_array())
    for (const auto& p : ports->get_array()) {
      std::string name = str_at(p, {"name"});
      std::string proto = str_at(p, {"protocol"});
      if (proto.empty()) proto = "TCP";
      w.field(0, "Port",
              (name.empty() ? "<unset>" : name) + "  " + num_at(p, {"port"}) + "/" + proto);
      std::string target = str_at(p, {"targetPort"});
      w.field(0, "TargetPort", (target.empty() ? num_at(p, {"port"}) : target) + "/" + proto);
      if (const auto np = num_at(p, {"nodePort"}, ""); !np.empty())
        w.field(0, "NodePort", (name.empty() ? "<unset>" : name) + "  " + np + "/" + proto);
    }
  w.field(0, "Session Affinity", str_at(v, {"spec", "sessionAffinity"}));
  return w.str() + describe_events(in.events, in.now);
}

std::string describe_ingress(const DescribeInput& in) {
  const json::value v = in.object;
  DescribeWriter w;
  basic_header(w, in, true);
  w.field(0, "Ingress Class", str_at(v, {"spec", "ingressClassName"}));
  const auto* lb = at_path(v, {"status", "loadBalancer", "ingress"});
  std::string addr;
  if (lb && lb->is_array())
    for (const auto& i : lb->get_array()) {
      std::string a = str_at(i, {"ip"});
      if (a.empty()) a = str_at(i, {"hostname"});
      {
        if (!addr.empty()) addr += ",";
        addr += a;
      }
    }
  w.field(0, "Address", addr);
  const auto* tls = at_path(v, {"spec", "tls"});
  if (tls && tls->is_array() && !tls->get_array().empty()) {
    w.text(0, "TLS:");
    for (const auto& t : tls->get_array())
      w.text(1, str_at(t, {"secretName"}) + " terminates " + list_text(at_path(t, {"hosts"})));
  }
  w.text(0, "Rules:");
  w.text(1, "Host        Path  Backends");
  w.text(1, "----        ----  --------");
  const auto* rules = at_path(v, {"spec", "rules"});
  if (rules && rules->is_array())
    for (const auto& r : rules->get_array()) {
      std::string host = str_at(r, {"host"});
      w.text(1, host.empty() ? "*" : host);
      const auto* paths = at_path(r, {"http", "paths"});
      if (paths && paths->is_array())
        for (const auto& p : paths->get_array()) {
          std::string port = num_at(p, {"backend", "service", "port", "number"}, "");
          if (port.empty()) port = str_at(p, {"backend", "service", "port", "name"});
          w.text(2, "          " + str_at(p, {"path"}) + "   " +
                        str_at(p, {"backend", "service", "name"}) + ":" + port);
        }
    }
  return w.str() + describe_events(in.events, in.now);
}

std::string describe_node(const DescribeInput& in) {
  const json::value v = in.object;
  DescribeWriter w;
  w.field(0, "Name", str_at(v, {"metadata", "name"}));
  std::string roles;
  if (const auto* labels = at_path(v, {"metadata", "labels"}); labels && labels->is_object())
    for (const auto& kv : labels->get_object()) {
      const std::string k(kv.key());
      const std::string prefix = "node-role.kubernetes.io/";
      if (k.rfind(prefix, 0) == 0) {
        if (!roles.empty()) roles += ",";
        roles += k.substr(prefix.size());
      }
    }
  w.field(0, "Roles", roles);
  w.map_field(0, "Labels", at_path(v, {"metadata", "labels"}));
  w.map_field(0, "Annotations", at_path(v, {"metadata", "annotations"}));
  w.field(0, "CreationTimestamp", describe_time(str_at(v, {"metadata", "creationTimestamp"})));
  std::string taints;
  if (const auto* t = at_path(v, {"spec", "taints"}); t && t->is_array())
    for (const auto& x : t->get_array())
      taints += (taints.empty() ? "" : ", ") + str_at(x, {"key"}) +
                (str_at(x, {"value"}).empty() ? "" : "=" + str_at(x, {"value"})) + ":" +
                str_at(x, {"effect"});
  w.field(0, "Taints", taints);
  w.field(0, "Unschedulable", str_at(v, {"spec", "unschedulable"}) == "true" ? "true" : "false");
  const auto* conds = at_path(v, {"status", "conditions"});
  if (conds && conds->is_array()) {
    w.text(0, "Conditions:");
    for (const auto& c : conds->get_array())
      w.text(1, str_at(c, {"type"}) + "  " + str_at(c, {"status"}) + "  " + str_at(c, {"reason"}) +
                    "  " + str_at(c, {"message"}));
  }
  const auto* addrs = at_path(v, {"status", "addresses"});
  if (addrs && addrs->is_array()) {
    w.text(0, "Addresses:");
    for (const auto& a : addrs->get_array())
      w.field(1, str_at(a, {"type"}), str_at(a, {"address"}));
  }
  for (const char* section : {"capacity", "allocatable"}) {
    const auto* res = at_path(v, {"status", section});
    if (!res || !res->is_object()) continue;
    std::string title = section;
    title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
    w.text(0, title + ":");
    for (const auto& kv : res->get_object())
      w.field(1, std::string(kv.key()),
              kv.value().is_string() ? std::string(kv.value().get_string())
                                     : json::serialize(kv.value()));
  }
  if (const auto* info = at_path(v, {"status", "nodeInfo"}); info && info->is_object()) {
    w.text(0, "System Info:");
    w.field(1, "Kernel Version", str_at(*info, {"kernelVersion"}));
    w.field(1, "OS Image", str_at(*info, {"osImage"}));
    w.field(1, "Container Runtime Version", str_at(*info, {"containerRuntimeVersion"}));
    w.field(1, "Kubelet Version", str_at(*info, {"kubeletVersion"}));
    w.field(1, "Architecture", str_at(*info, {"architecture"}));
  }
  w.field(0, "PodCIDR", str_at(v, {"spec", "podCIDR"}));
  return w.str() + describe_events(in.events, in.now);
}

std::string describe_namespace(const DescribeInput& in) {
  const json::value v = in.object;
  DescribeWriter w;
  basic_header(w, in, false);
  w.field(0, "Status", str_at(v, {"status", "phase"}));
  return w.str() + "\nNo resource quota.\n\nNo LimitRange resource.\n" +
         describe_events(in.events, in.now);
}

std::string describe_configmap(const DescribeInput& in) {
  DescribeWriter w;
  basic_header(w, in, true);
  std::string out = w.str();
  out += "\nData\n====\n";
  if (const auto* data = in.object.if_contains("data"); data && data->is_object())
    for (const auto& kv : data->get_object()) {
      out += std::string(kv.key()) + ":\n----\n";
      out += kv.value().is_string() ? std::string(kv.value().get_string())
                                    : json::serialize(kv.value());
      out += "\n\n";
    }
  out += "\nBinaryData\n====\n";
  if (const auto* data = in.object.if_contains("binaryData"); data && data->is_object())
    for (const auto& kv : data->get_object()) {
      const auto bytes =
          kv.value().is_string() ? net::base64_decode(kv.value().get_string()) : std::nullopt;
      out += std::string(kv.key()) + ": " + std::to_string(bytes ? bytes->size() : 0) + " bytes\n";
    }
  return out + "\n" + describe_events(in.events, in.now);
}

std::string describe_secret(const DescribeInput& in) {
  const json::value v = in.object;
  DescribeWriter w;
  basic_header(w, in, true);
  w.field(0, "Type", str_at(v, {"type"}));
  std::string out = w.str() + "\nData\n====\n";
  // Like kubectl: keys and sizes only, whatever the object holds.
  if (const auto* data = in.object.if_contains("data"); data && data->is_object())
    for (const auto& kv : data->get_object()) {
      std::size_t size = 0;
      if (kv.value().is_string()) {
        const std::string s(kv.value().get_string());
        if (s.rfind("<masked: ", 0) == 0)
          size = std::strtoul(s.c_str() + 9, nullptr, 10);
        else if (auto d = net::base64_decode(s))
          size = d->size();
      }
      out += std::string(kv.key()) + ":  " + std::to_string(size) + " bytes\n";
    }
  return out + describe_events(in.events, in.now);
}

std::string describe_pvc(const DescribeInput& in) {
  const json::value v = in.object;
  DescribeWriter w;
  w.field(0, "Name", str_at(v, {"metadata", "name"}));
  w.field(0, "Namespace", str_at(v, {"metadata", "namespace"}));
  w.field(0, "StorageClass", str_at(v, {"spec", "storageClassName"}));
  w.field(0, "Status", str_at(v, {"status", "phase"}));
  w.field(0, "Volume", str_at(v, {"spec", "volumeName"}));
  w.map_field(0, "Labels", at_path(v, {"metadata", "labels"}));
  w.map_field(0, "Annotations", at_path(v, {"metadata", "annotations"}));
  w.field(0, "Capacity", str_at(v, {"status", "capacity", "storage"}));
  std::string modes = list_text(at_path(v, {"status", "accessModes"}));
  if (modes.empty()) modes = list_text(at_path(v, {"spec", "accessModes"}));
  for (const auto& [full, short_] : {std::pair{"ReadWriteOnce", "RWO"},
                                     {"ReadOnlyMany", "ROX"},
                                     {"ReadWriteMany", "RWX"},
                                     {"ReadWriteOncePod", "RWOP"}}) {
    for (std::size_t p; (p = modes.find(full)) != std::string::npos;)
      modes.replace(p, std::strlen(full), short_);
  }
  w.field(0, "Access Modes", modes);
  w.field(0, "VolumeMode", str_at(v, {"spec", "volumeMode"}));
  return w.str() + describe_events(in.events, in.now);
}

std::string describe_serviceaccount(const DescribeInput& in) {
  const json::value v = in.object;
  DescribeWriter w;
  basic_header(w, in, true);
  std::string pulls;
  if (const auto* p = at_path(v, {"imagePullSecrets"}); p && p->is_array())
    for (const auto& s : p->get_array()) {
      if (!pulls.empty()) pulls += ",";
      pulls += str_at(s, {"name"});
    }
  w.field(0, "Image pull secrets", pulls);
  std::string mounts;
  if (const auto* p = at_path(v, {"secrets"}); p && p->is_array())
    for (const auto& s : p->get_array()) {
      if (!mounts.empty()) mounts += ",";
      mounts += str_at(s, {"name"});
    }
  w.field(0, "Mountable secrets", mounts);
  w.field(0, "Tokens", "<none>");
  return w.str() + describe_events(in.events, in.now);
}

std::string describe_event(const DescribeInput& in) {
  const json::value v = in.object;
  DescribeWriter w;
  basic_header(w, in, true);
  w.field(0, "Type", str_at(v, {"type"}));
  w.field(0, "Reason", str_at(v, {"reason"}));
  w.field(0, "Message", str_at(v, {"message"}));
  w.field(0, "Involved Object",
          str_at(v, {"involvedObject", "kind"}) + "/" + str_at(v, {"involvedObject", "name"}));
  w.field(0, "Source", str_at(v, {"source", "component"}));
  w.field(0, "Count", num_at(v, {"count"}, "1"));
  w.field(0, "First Timestamp", describe_time(str_at(v, {"firstTimestamp"})));
  w.field(0, "Last Timestamp", describe_time(str_at(v, {"lastTimestamp"})));
  return w.str();
}

}  // namespace kubemcp::render::detail
