// Pods, their containers, and pod templates (shared with the workload describers).
#include <boost/json.hpp>

#include "render/describe_kinds.hpp"

namespace kubemcp::render::detail {
namespace json = boost::json;

namespace {

const json::value* find_status(const json::value* statuses, const std::string& name) {
  if (!statuses || !statuses->is_array()) return nullptr;
  for (const auto& s : statuses->get_array())
    if (str_at(s, {"name"}) == name) return &s;
  return nullptr;
}

void write_state(DescribeWriter& w, int level, const char* label, const json::value* state) {
  if (!state || !state->is_object() || state->get_object().empty()) return;
  const auto& st = state->get_object();
  const json::value v = st;
  if (st.contains("running")) {
    w.field(level, label, "Running");
    w.field(level + 1, "Started", describe_time(str_at(v, {"running", "startedAt"})));
  } else if (st.contains("waiting")) {
    w.field(level, label, "Waiting");
    w.field(level + 1, "Reason", str_at(v, {"waiting", "reason"}));
    if (const auto m = str_at(v, {"waiting", "message"}); !m.empty())
      w.field(level + 1, "Message", m);
  } else if (st.contains("terminated")) {
    w.field(level, label, "Terminated");
    w.field(level + 1, "Reason", str_at(v, {"terminated", "reason"}));
    if (const auto m = str_at(v, {"terminated", "message"}); !m.empty())
      w.field(level + 1, "Message", m);
    w.field(level + 1, "Exit Code", num_at(v, {"terminated", "exitCode"}));
    w.field(level + 1, "Started", describe_time(str_at(v, {"terminated", "startedAt"})));
    w.field(level + 1, "Finished", describe_time(str_at(v, {"terminated", "finishedAt"})));
  }
}

std::string ports_text(const json::value& c) {
  const auto* ports = at_path(c, {"ports"});
  if (!ports || !ports->is_array() || ports->get_array().empty()) return {};
  std::string out;
  for (const auto& p : ports->get_array()) {
    std::string proto = str_at(p, {"protocol"});
    {
      if (!out.empty()) out += ", ";
      out += num_at(p, {"containerPort"}) + "/" + (proto.empty() ? "TCP" : proto);
    }
  }
  return out;
}

void write_resources(DescribeWriter& w, int level, const char* label, const json::value* list) {
  if (!list || !list->is_object() || list->get_object().empty()) return;
  w.text(level, std::string(label) + ":");
  for (const auto& kv : list->get_object())
    w.field(level + 1, std::string(kv.key()),
            kv.value().is_string() ? std::string(kv.value().get_string())
                                   : json::serialize(kv.value()));
}

void write_env(DescribeWriter& w, int level, const json::value& c) {
  const auto* env = at_path(c, {"env"});
  if (!env || !env->is_array() || env->get_array().empty()) {
    w.field(level, "Environment", "<none>");
    return;
  }
  w.text(level, "Environment:");
  for (const auto& e : env->get_array()) {
    std::string value = str_at(e, {"value"});
    if (const auto* from = at_path(e, {"valueFrom"})) {
      if (const auto* s = at_path(*from, {"secretKeyRef"}))
        value = "<set to the key '" + str_at(*s, {"key"}) + "' in secret '" + str_at(*s, {"name"}) +
                "'>";
      else if (const auto* cm = at_path(*from, {"configMapKeyRef"}))
        value = "<set to the key '" + str_at(*cm, {"key"}) + "' of config map '" +
                str_at(*cm, {"name"}) + "'>";
      else if (const auto* f = at_path(*from, {"fieldRef"}))
        value = " (" + str_at(*f, {"apiVersion"}) + ":" + str_at(*f, {"fieldPath"}) + ")";
    }
    w.field(level + 1, str_at(e, {"name"}), value.empty() ? "\"\"" : value);
  }
}

}  // namespace

void write_containers(DescribeWriter& w, int level, const char* title,
                      const json::value* containers, const json::value* statuses) {
  if (!containers || !containers->is_array() || containers->get_array().empty()) return;
  w.text(level, std::string(title) + ":");
  for (const auto& c : containers->get_array()) {
    const std::string name = str_at(c, {"name"});
    w.text(level + 1, name + ":");
    const json::value* st = find_status(statuses, name);
    if (st && !str_at(*st, {"containerID"}).empty())
      w.field(level + 2, "Container ID", str_at(*st, {"containerID"}));
    w.field(level + 2, "Image", str_at(c, {"image"}));
    if (st && !str_at(*st, {"imageID"}).empty())
      w.field(level + 2, "Image ID", str_at(*st, {"imageID"}));
    w.field(level + 2, "Port", ports_text(c));
    if (const auto* cmd = at_path(c, {"command"}); cmd && cmd->is_array()) {
      w.text(level + 2, "Command:");
      for (const auto& a : cmd->get_array())
        w.text(level + 3, a.is_string() ? std::string(a.get_string()) : "");
    }
    if (const auto* args = at_path(c, {"args"}); args && args->is_array()) {
      w.text(level + 2, "Args:");
      for (const auto& a : args->get_array())
        w.text(level + 3, a.is_string() ? std::string(a.get_string()) : "");
    }
    if (st) {
      write_state(w, level + 2, "State", at_path(*st, {"state"}));
      write_state(w, level + 2, "Last State", at_path(*st, {"lastState"}));
      w.field(level + 2, "Ready", str_at(*st, {"ready"}) == "true" ? "True" : "False");
      w.field(level + 2, "Restart Count", num_at(*st, {"restartCount"}));
    }
    write_resources(w, level + 2, "Limits", at_path(c, {"resources", "limits"}));
    write_resources(w, level + 2, "Requests", at_path(c, {"resources", "requests"}));
    write_env(w, level + 2, c);
    const auto* mounts = at_path(c, {"volumeMounts"});
    if (mounts && mounts->is_array() && !mounts->get_array().empty()) {
      w.text(level + 2, "Mounts:");
      for (const auto& m : mounts->get_array())
        w.text(level + 3, str_at(m, {"mountPath"}) + " from " + str_at(m, {"name"}) +
                              (str_at(m, {"readOnly"}) == "true" ? " (ro)" : " (rw)"));
    } else {
      w.field(level + 2, "Mounts", "<none>");
    }
  }
}

void write_pod_template(DescribeWriter& w, const json::value* tmpl) {
  w.text(0, "Pod Template:");
  if (!tmpl) return;
  w.map_field(1, "Labels", at_path(*tmpl, {"metadata", "labels"}));
  if (const auto* ann = at_path(*tmpl, {"metadata", "annotations"});
      ann && ann->is_object() && !ann->get_object().empty())
    w.map_field(1, "Annotations", ann);
  if (const auto sa = str_at(*tmpl, {"spec", "serviceAccountName"}); !sa.empty())
    w.field(1, "Service Account", sa);
  write_containers(w, 1, "Init Containers", at_path(*tmpl, {"spec", "initContainers"}), nullptr);
  write_containers(w, 1, "Containers", at_path(*tmpl, {"spec", "containers"}), nullptr);
}

std::string describe_pod(const DescribeInput& in) {
  const json::value v = in.object;
  // kubectl's order: Labels and Annotations come after Start Time for pods.
  DescribeWriter head;
  head.field(0, "Name", str_at(v, {"metadata", "name"}));
  head.field(0, "Namespace", str_at(v, {"metadata", "namespace"}));
  head.field(0, "Priority", num_at(v, {"spec", "priority"}));
  head.field(0, "Service Account", str_at(v, {"spec", "serviceAccountName"}));
  const std::string node = str_at(v, {"spec", "nodeName"});
  const std::string host_ip = str_at(v, {"status", "hostIP"});
  head.field(0, "Node", node.empty() ? "<none>" : node + (host_ip.empty() ? "" : "/" + host_ip));
  head.field(0, "Start Time", describe_time(str_at(v, {"status", "startTime"})));
  head.map_field(0, "Labels", at_path(v, {"metadata", "labels"}));
  head.map_field(0, "Annotations", at_path(v, {"metadata", "annotations"}));
  std::string status = str_at(v, {"status", "phase"});
  if (!str_at(v, {"metadata", "deletionTimestamp"}).empty()) status = "Terminating";
  head.field(0, "Status", status);
  if (const auto r = str_at(v, {"status", "reason"}); !r.empty()) head.field(0, "Reason", r);
  if (const auto m = str_at(v, {"status", "message"}); !m.empty()) head.field(0, "Message", m);
  head.field(0, "IP", str_at(v, {"status", "podIP"}));
  head.field(0, "Controlled By", controlled_by(in.object));
  write_containers(head, 0, "Init Containers", at_path(v, {"spec", "initContainers"}),
                   at_path(v, {"status", "initContainerStatuses"}));
  write_containers(head, 0, "Containers", at_path(v, {"spec", "containers"}),
                   at_path(v, {"status", "containerStatuses"}));
  const auto* conds = at_path(v, {"status", "conditions"});
  if (conds && conds->is_array() && !conds->get_array().empty()) {
    head.text(0, "Conditions:");
    std::vector<std::pair<std::string, std::string>> rows{{"Type", "Status"}};
    std::size_t width = 4;
    for (const auto& c : conds->get_array()) {
      rows.emplace_back(str_at(c, {"type"}), str_at(c, {"status"}));
      width = std::max(width, rows.back().first.size());
    }
    for (const auto& [t, s] : rows) head.text(1, t + std::string(width - t.size() + 2, ' ') + s);
  }
  const auto* vols = at_path(v, {"spec", "volumes"});
  if (vols && vols->is_array() && !vols->get_array().empty()) {
    head.text(0, "Volumes:");
    for (const auto& vol : vols->get_array()) {
      head.text(1, str_at(vol, {"name"}) + ":");
      for (const auto& kv : vol.get_object()) {
        if (kv.key() == "name") continue;
        head.field(2, "Type", std::string(kv.key()));
        if (kv.value().is_object())
          for (const auto& f : kv.value().get_object())
            if (!f.value().is_object() && !f.value().is_array())
              head.field(2, std::string(f.key()),
                         f.value().is_string() ? std::string(f.value().get_string())
                                               : json::serialize(f.value()));
      }
    }
  }
  head.field(0, "QoS Class", str_at(v, {"status", "qosClass"}));
  head.field(0, "Node-Selectors", join_pairs(at_path(v, {"spec", "nodeSelector"})));
  return head.str() + describe_events(in.events, in.now);
}

}  // namespace kubemcp::render::detail
