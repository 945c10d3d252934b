// The schemas of the built-in kinds the simulator serves, in a compact line format that
// openapi_compile.cpp turns into OpenAPI v3 components once per process. Names, types, formats,
// `required`, enums and the list/patch extensions follow k8s.io/api 1.32 (spot-checked against
// kubernetes/kubernetes api/openapi-spec/v3); descriptions are our own and short. Fields rarely
// used with the simulator (cloud volume sources, alpha fields) are left out: docs/sim.md.
//
// Format (one declaration per line, '#' starts a comment line):
//   @alias full.package.prefix                 package alias used by names below
//   T alias.Name [gvk:group/version/Kind] | description
//       an object type; with gvk it is a kind: apiVersion, kind and metadata are added, and a
//       <Name>List kind is generated beside it
//   S alias.Name string|date-time|quantity|int-or-string|object | description   a named scalar
//     field[!] TYPE [=|=VALUE] [enum:A,B] [list:atomic|set|map] [keys:a,b] [merge:key]
//           [strategy:merge[,retainKeys]] [map:atomic] | description
//       ! = required; = gives the default upstream writes ({} for structs, zero for scalars);
//       TYPE: string int32 int64 double bool bytes object | alias.Name or Name (same package) |
//       []TYPE (array) | {}TYPE (map of string to TYPE)
#include "sim/openapi_types.hpp"

namespace kubemcp::sim {

const char* const kOpenApiTypes = R"DSL(
@meta io.k8s.apimachinery.pkg.apis.meta.v1
@res io.k8s.apimachinery.pkg.api.resource
@intstr io.k8s.apimachinery.pkg.util.intstr
@rt io.k8s.apimachinery.pkg.runtime
@core io.k8s.api.core.v1
@apps io.k8s.api.apps.v1
@batch io.k8s.api.batch.v1
@as io.k8s.api.autoscaling.v2
@net io.k8s.api.networking.v1
@disc io.k8s.api.discovery.v1
@policy io.k8s.api.policy.v1
@rbac io.k8s.api.rbac.v1
@authn io.k8s.api.authentication.v1
@authz io.k8s.api.authorization.v1
@storage io.k8s.api.storage.v1
@coord io.k8s.api.coordination.v1
@ext io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1
@metrics io.k8s.metrics.pkg.apis.metrics.v1beta1

S meta.Time date-time | A timestamp in RFC 3339 form, to the second.
S meta.MicroTime date-time | A timestamp in RFC 3339 form, to the microsecond.
S meta.Duration string | A duration such as 30s or 1h5m.
S meta.FieldsV1 object | The set of fields a manager owns, in the FieldsV1 trie format.
S res.Quantity quantity | A decimal amount with an optional suffix, e.g. 100m, 1.5, 64Mi.
S intstr.IntOrString int-or-string | Either an integer or a string, e.g. 8080 or "http".
S rt.RawExtension object | An embedded object of any kind.

T meta.ObjectMeta | Metadata every stored object has.
  name string | Unique name within the namespace (or the cluster for cluster-scoped kinds).
  generateName string | Prefix the server completes to a unique name when name is empty.
  namespace string | Namespace the object lives in; empty for cluster-scoped kinds.
  uid string | Unique id the server assigns for the object's lifetime.
  resourceVersion string | Opaque version of the object, for optimistic concurrency and watches.
  generation int64 | Sequence number of changes to the desired state (spec).
  creationTimestamp meta.Time | When the server created the object.
  deletionTimestamp meta.Time | When the object is to be deleted; set by a delete request.
  deletionGracePeriodSeconds int64 | Seconds allowed for graceful termination before removal.
  labels {}string | Key/value pairs for selecting and grouping objects.
  annotations {}string | Free-form key/value data kept with the object.
  ownerReferences []OwnerReference list:map keys:uid merge:uid strategy:merge | Objects this one depends on; deleted with them by the garbage collector.
  finalizers []string list:set strategy:merge | Keys that must be removed before the object is deleted.
  managedFields []ManagedFieldsEntry list:atomic | Which manager owns which fields (server-side apply).

T meta.ListMeta | Metadata of a list response.
  resourceVersion string | Version of the list, to start a watch from.
  continue string | Token for the next page when the list was limited.
  remainingItemCount int64 | How many items the following pages hold (an estimate).
  selfLink string | Deprecated and unused.

T meta.OwnerReference | A pointer to the object that owns this one.
  apiVersion! string | API version of the owner.
  kind! string | Kind of the owner.
  name! string | Name of the owner.
  uid! string | UID of the owner.
  controller bool | True for the managing controller (at most one).
  blockOwnerDeletion bool | Keeps the owner until this object is gone (foreground deletion).

T meta.ManagedFieldsEntry | The fields one manager set with one operation.
  manager string | Name of the field manager.
  operation string | Apply or Update.
  apiVersion string | Version of the object the fields refer to.
  time meta.Time | When the entry last changed.
  fieldsType string | Format of fieldsV1; always FieldsV1.
  fieldsV1 meta.FieldsV1 | The owned fields.
  subresource string | Subresource written (status, scale), empty for the main resource.

T meta.LabelSelector | Selects objects by their labels; all terms must match.
  matchLabels {}string | Labels that must be present with these values.
  matchExpressions []LabelSelectorRequirement list:atomic | Set-based requirements.

T meta.LabelSelectorRequirement | One set-based label requirement.
  key! string | The label key.
  operator! string | In, NotIn, Exists or DoesNotExist.
  values []string list:atomic | Values for In and NotIn.

T meta.Condition | A standard observation of an object's state.
  type! string | Condition type in CamelCase.
  status! string | True, False or Unknown.
  observedGeneration int64 | Generation the condition was computed from.
  lastTransitionTime! meta.Time | When status last changed.
  reason! string | Machine-readable reason in CamelCase.
  message! string | Human-readable detail.

# ---- core/v1: pods ----
T core.Pod gvk:/v1/Pod | A group of containers scheduled together on one node.
  spec core.PodSpec = | What the pod should run.
  status core.PodStatus = | What the pod is doing; written by the system.

T core.PodTemplateSpec | The pod a controller creates.
  metadata meta.ObjectMeta = | Labels and annotations of the pods.
  spec PodSpec = | The pods' spec.

T core.PodSpec | The desired state of a pod.
  volumes []Volume list:map keys:name merge:name strategy:merge,retainKeys | Volumes the containers can mount.
  initContainers []Container list:map keys:name merge:name strategy:merge | Containers run to completion, in order, before the app containers.
  containers! []Container list:map keys:name merge:name strategy:merge | The pod's application containers; at least one.
  ephemeralContainers []EphemeralContainer list:map keys:name merge:name strategy:merge | Debugging containers added to a running pod.
  restartPolicy string enum:Always,Never,OnFailure | When containers are restarted.
  terminationGracePeriodSeconds int64 | Seconds a pod gets to stop before it is killed.
  activeDeadlineSeconds int64 | Seconds the pod may run before the system fails it.
  dnsPolicy string enum:ClusterFirst,ClusterFirstWithHostNet,Default,None | How the pod's DNS is set up.
  nodeSelector {}string map:atomic | Labels a node must have to run the pod.
  serviceAccountName string | Service account the pod runs as.
  serviceAccount string | Deprecated alias of serviceAccountName.
  automountServiceAccountToken bool | Whether the service account token is mounted.
  nodeName string | Node the pod is bound to.
  hostNetwork bool | Use the node's network namespace.
  hostPID bool | Use the node's PID namespace.
  hostIPC bool | Use the node's IPC namespace.
  shareProcessNamespace bool | One PID namespace for all containers of the pod.
  securityContext PodSecurityContext | Pod-wide security settings.
  imagePullSecrets []LocalObjectReference list:map keys:name merge:name strategy:merge | Secrets used to pull images.
  hostname string | Hostname of the pod; defaults to its name.
  subdomain string | Subdomain, making the pod's FQDN hostname.subdomain.namespace.svc.
  affinity Affinity | Scheduling constraints.
  schedulerName string | Scheduler that places the pod.
  tolerations []Toleration list:atomic | Taints the pod tolerates.
  hostAliases []HostAlias list:map keys:ip merge:ip strategy:merge | Extra /etc/hosts entries.
  priorityClassName string | Name of the pod's PriorityClass.
  priority int32 | Priority value resolved from the priority class.
  enableServiceLinks bool | Whether service environment variables are injected.
  preemptionPolicy string enum:Never,PreemptLowerPriority | Whether the pod may preempt lower-priority pods.
  topologySpreadConstraints []TopologySpreadConstraint list:map keys:topologyKey,whenUnsatisfiable merge:topologyKey strategy:merge | How pods spread across topology domains.

T core.Container | One container of a pod.
  name! string | DNS label naming the container, unique in the pod.
  image string | Container image reference.
  command []string list:atomic | Entrypoint; replaces the image's ENTRYPOINT.
  args []string list:atomic | Arguments; replace the image's CMD.
  workingDir string | Working directory of the process.
  ports []ContainerPort list:map keys:containerPort,protocol merge:containerPort strategy:merge | Ports the container exposes (informational).
  envFrom []EnvFromSource list:atomic | Sources whose keys become environment variables.
  env []EnvVar list:map keys:name merge:name strategy:merge | Environment variables.
  resources ResourceRequirements = | CPU and memory requests and limits.
  restartPolicy string | Always makes an init container a sidecar.
  volumeMounts []VolumeMount list:map keys:mountPath merge:mountPath strategy:merge | Volumes mounted into the filesystem.
  livenessProbe Probe | Restarts the container when it fails.
  readinessProbe Probe | Takes the pod out of service endpoints when it fails.
  startupProbe Probe | Holds the other probes until it succeeds.
  lifecycle Lifecycle | Hooks run after start and before stop.
  terminationMessagePath string | File whose content becomes the termination message.
  terminationMessagePolicy string enum:FallbackToLogsOnError,File | Where the termination message comes from.
  imagePullPolicy string enum:Always,IfNotPresent,Never | When the image is pulled.
  securityContext SecurityContext | Container security settings.
  stdin bool | Keep a stdin buffer open.
  stdinOnce bool | Close stdin after the first attach ends.
  tty bool | Allocate a terminal.

T core.EphemeralContainer | A debugging container added to a running pod.
  name! string | Name, unique in the pod.
  image string | Container image reference.
  command []string list:atomic | Entrypoint.
  args []string list:atomic | Arguments.
  env []EnvVar list:map keys:name merge:name strategy:merge | Environment variables.
  targetContainerName string | Container whose namespaces it shares.
  stdin bool | Keep a stdin buffer open.
  tty bool | Allocate a terminal.
  imagePullPolicy string enum:Always,IfNotPresent,Never | When the image is pulled.
  terminationMessagePolicy string enum:FallbackToLogsOnError,File | Where the termination message comes from.
  terminationMessagePath string | File whose content becomes the termination message.

T core.ContainerPort | A network port of a container.
  name string | IANA service name, unique in the pod.
  hostPort int32 | Port on the node to forward.
  containerPort! int32 | Port number on the pod's IP.
  protocol string =TCP enum:SCTP,TCP,UDP | TCP, UDP or SCTP; defaults to TCP.
  hostIP string | Host IP to bind the host port to.

T core.EnvVar | An environment variable.
  name! string | Variable name.
  value string | Literal value; $(VAR) references expand.
  valueFrom EnvVarSource | Where the value comes from instead.

T core.EnvVarSource | The source of an environment variable's value.
  fieldRef ObjectFieldSelector | A field of the pod.
  resourceFieldRef ResourceFieldSelector | A resource request or limit of a container.
  configMapKeyRef ConfigMapKeySelector | A key of a ConfigMap.
  secretKeyRef SecretKeySelector | A key of a Secret.

T core.ObjectFieldSelector | A field of an object by path.
  apiVersion string | Version the path is written in.
  fieldPath! string | Path of the field.

T core.ResourceFieldSelector | A container's resource by name.
  containerName string | Container, for volumes.
  resource! string | limits.cpu, requests.memory, ...
  divisor res.Quantity | Unit of the output.

T core.ConfigMapKeySelector | A key of a ConfigMap.
  name string = | Name of the ConfigMap.
  key! string | The key.
  optional bool | Whether the ConfigMap or key may be missing.

T core.SecretKeySelector | A key of a Secret.
  name string = | Name of the Secret.
  key! string | The key.
  optional bool | Whether the Secret or key may be missing.

T core.EnvFromSource | All keys of a ConfigMap or Secret as variables.
  prefix string | Prepended to each key.
  configMapRef ConfigMapEnvSource | The ConfigMap.
  secretRef SecretEnvSource | The Secret.

T core.ConfigMapEnvSource | A ConfigMap whose keys become variables.
  name string = | Name of the ConfigMap.
  optional bool | Whether it may be missing.

T core.SecretEnvSource | A Secret whose keys become variables.
  name string = | Name of the Secret.
  optional bool | Whether it may be missing.

T core.ResourceRequirements | Compute resources of a container.
  limits {}res.Quantity | Most a container may use.
  requests {}res.Quantity | Least a container needs; used for scheduling.

T core.VolumeMount | A volume mounted into a container.
  name! string | Name of the pod volume.
  readOnly bool | Mount read-only.
  mountPath! string | Path in the container.
  subPath string | Path within the volume to mount instead of its root.
  mountPropagation string enum:Bidirectional,HostToContainer,None | How mounts propagate.

T core.Probe | A health check of a container.
  exec ExecAction | Run a command.
  httpGet HTTPGetAction | Send an HTTP GET.
  tcpSocket TCPSocketAction | Open a TCP connection.
  grpc GRPCAction | Call the gRPC health service.
  initialDelaySeconds int32 | Seconds after start before the first probe.
  timeoutSeconds int32 | Seconds before a probe times out.
  periodSeconds int32 | Seconds between probes.
  successThreshold int32 | Successes in a row that count as success.
  failureThreshold int32 | Failures in a row that count as failure.
  terminationGracePeriodSeconds int64 | Grace period when the probe kills the container.

T core.ExecAction | A command to run in the container.
  command []string list:atomic | Command and arguments, not run in a shell.

T core.HTTPGetAction | An HTTP GET request.
  path string | Request path.
  port! intstr.IntOrString | Port number or name.
  host string | Host to connect to; defaults to the pod IP.
  scheme string enum:HTTP,HTTPS | HTTP or HTTPS.
  httpHeaders []HTTPHeader list:atomic | Extra headers.

T core.HTTPHeader | An HTTP header.
  name! string | Header name.
  value! string | Header value.

T core.TCPSocketAction | A TCP connection attempt.
  port! intstr.IntOrString | Port number or name.
  host string | Host to connect to.

T core.GRPCAction | A gRPC health check.
  port! int32 | Port number.
  service string = | Service name sent in the request.

T core.Lifecycle | Actions at container start and stop.
  postStart LifecycleHandler | Run right after the container starts.
  preStop LifecycleHandler | Run before the container is stopped.

T core.LifecycleHandler | One lifecycle action.
  exec ExecAction | Run a command.
  httpGet HTTPGetAction | Send an HTTP GET.
  tcpSocket TCPSocketAction | Deprecated, kept for compatibility.
  sleep SleepAction | Sleep.

T core.SleepAction | Sleep for a while.
  seconds! int64 | Seconds to sleep.

T core.SecurityContext | Security settings of a container.
  capabilities Capabilities | Capabilities to add and drop.
  privileged bool | Run privileged.
  runAsUser int64 | UID of the process.
  runAsGroup int64 | GID of the process.
  runAsNonRoot bool | Refuse to start as UID 0.
  readOnlyRootFilesystem bool | Mount the root filesystem read-only.
  allowPrivilegeEscalation bool | Whether a process may gain more privileges.
  seccompProfile SeccompProfile | Seccomp profile.

T core.Capabilities | Linux capabilities.
  add []string list:atomic | Capabilities to add.
  drop []string list:atomic | Capabilities to drop.

T core.SeccompProfile | A seccomp profile.
  type! string enum:Localhost,RuntimeDefault,Unconfined | Kind of profile.
  localhostProfile string | Path of a profile on the node.

T core.PodSecurityContext | Pod-wide security settings.
  runAsUser int64 | UID of the containers' processes.
  runAsGroup int64 | GID of the containers' processes.
  runAsNonRoot bool | Refuse to start as UID 0.
  fsGroup int64 | Group owning the volumes.
  supplementalGroups []int64 list:atomic | Extra groups of the first process.
  seccompProfile SeccompProfile | Seccomp profile.

T core.LocalObjectReference | A reference by name in the same namespace.
  name string = | Name of the referent.

T core.Toleration | A taint the pod tolerates.
  key string | Taint key; empty with Exists matches all.
  operator string enum:Equal,Exists | Equal (default) or Exists.
  value string | Taint value for Equal.
  effect string enum:NoExecute,NoSchedule,PreferNoSchedule | Effect to match; empty matches all.
  tolerationSeconds int64 | How long a NoExecute taint is tolerated.

T core.HostAlias | Extra /etc/hosts entry.
  ip! string | IP address.
  hostnames []string list:atomic | Names for the address.

T core.TopologySpreadConstraint | How matching pods spread over a topology.
  maxSkew! int32 | Largest allowed difference between domains.
  topologyKey! string | Node label that defines the domains.
  whenUnsatisfiable! string enum:DoNotSchedule,ScheduleAnyway | What to do when the skew cannot be met.
  labelSelector meta.LabelSelector | Pods counted.

T core.Affinity | Scheduling constraints.
  nodeAffinity NodeAffinity | Rules about nodes.
  podAffinity PodAffinity | Rules to be near other pods.
  podAntiAffinity PodAntiAffinity | Rules to stay away from other pods.

T core.NodeAffinity | Node rules.
  requiredDuringSchedulingIgnoredDuringExecution NodeSelector | Hard requirement.
  preferredDuringSchedulingIgnoredDuringExecution []PreferredSchedulingTerm list:atomic | Weighted preferences.

T core.NodeSelector | Terms ORed together.
  nodeSelectorTerms! []NodeSelectorTerm list:atomic | The terms.

T core.NodeSelectorTerm | Requirements ANDed together.
  matchExpressions []NodeSelectorRequirement list:atomic | By node label.
  matchFields []NodeSelectorRequirement list:atomic | By node field.

T core.NodeSelectorRequirement | One node requirement.
  key! string | Label or field key.
  operator! string enum:DoesNotExist,Exists,Gt,In,Lt,NotIn | Comparison.
  values []string list:atomic | Values.

T core.PreferredSchedulingTerm | A weighted node preference.
  weight! int32 | Weight 1-100.
  preference! NodeSelectorTerm = | The term.

T core.PodAffinity | Pod co-location rules.
  requiredDuringSchedulingIgnoredDuringExecution []PodAffinityTerm list:atomic | Hard rules.
  preferredDuringSchedulingIgnoredDuringExecution []WeightedPodAffinityTerm list:atomic | Preferences.

T core.PodAntiAffinity | Pod separation rules.
  requiredDuringSchedulingIgnoredDuringExecution []PodAffinityTerm list:atomic | Hard rules.
  preferredDuringSchedulingIgnoredDuringExecution []WeightedPodAffinityTerm list:atomic | Preferences.

T core.PodAffinityTerm | Pods to be near (or away from) within a topology.
  labelSelector meta.LabelSelector | Pods matched.
  namespaces []string list:atomic | Namespaces searched.
  topologyKey! string | Node label defining co-location.

T core.WeightedPodAffinityTerm | A weighted pod affinity term.
  weight! int32 | Weight 1-100.
  podAffinityTerm! PodAffinityTerm = | The term.

T core.Volume | A named volume of a pod.
  name! string | Name, unique in the pod.
  emptyDir EmptyDirVolumeSource | Scratch directory living as long as the pod.
  hostPath HostPathVolumeSource | Directory of the node.
  configMap ConfigMapVolumeSource | Keys of a ConfigMap as files.
  secret SecretVolumeSource | Keys of a Secret as files.
  persistentVolumeClaim PersistentVolumeClaimVolumeSource | A claimed persistent volume.
  projected ProjectedVolumeSource | Several sources in one directory.
  downwardAPI DownwardAPIVolumeSource | Pod fields as files.

T core.EmptyDirVolumeSource | A scratch directory.
  medium string | "" (node disk) or Memory.
  sizeLimit res.Quantity | Most the volume may hold.

T core.HostPathVolumeSource | A node directory.
  path! string | Path on the node.
  type string enum:,BlockDevice,CharDevice,Directory,DirectoryOrCreate,File,FileOrCreate,Socket | Expected type of the path.

T core.KeyToPath | A key projected to a file.
  key! string | The key.
  path! string | Relative file path.
  mode int32 | File mode bits.

T core.ConfigMapVolumeSource | ConfigMap keys as files.
  name string = | Name of the ConfigMap.
  items []KeyToPath list:atomic | Keys to project; all when empty.
  defaultMode int32 | Mode bits of the files.
  optional bool | Whether the ConfigMap may be missing.

T core.SecretVolumeSource | Secret keys as files.
  secretName string | Name of the Secret.
  items []KeyToPath list:atomic | Keys to project; all when empty.
  defaultMode int32 | Mode bits of the files.
  optional bool | Whether the Secret may be missing.

T core.PersistentVolumeClaimVolumeSource | A claim used as a volume.
  claimName! string | Name of the claim.
  readOnly bool | Mount read-only.

T core.ProjectedVolumeSource | Several sources in one directory.
  sources []VolumeProjection list:atomic | The sources.
  defaultMode int32 | Mode bits of the files.

T core.VolumeProjection | One projected source.
  configMap ConfigMapProjection | A ConfigMap.
  secret SecretProjection | A Secret.
  downwardAPI DownwardAPIProjection | Pod fields.
  serviceAccountToken ServiceAccountTokenProjection | A service account token.

T core.ConfigMapProjection | A ConfigMap in a projected volume.
  name string = | Name of the ConfigMap.
  items []KeyToPath list:atomic | Keys to project.
  optional bool | Whether it may be missing.

T core.SecretProjection | A Secret in a projected volume.
  name string = | Name of the Secret.
  items []KeyToPath list:atomic | Keys to project.
  optional bool | Whether it may be missing.

T core.DownwardAPIProjection | Pod fields in a projected volume.
  items []DownwardAPIVolumeFile list:atomic | The files.

T core.ServiceAccountTokenProjection | A bound token in a projected volume.
  audience string | Intended audience.
  expirationSeconds int64 | Requested lifetime.
  path! string | Relative file path.

T core.DownwardAPIVolumeSource | Pod fields as files.
  items []DownwardAPIVolumeFile list:atomic | The files.
  defaultMode int32 | Mode bits of the files.

T core.DownwardAPIVolumeFile | One pod field as a file.
  path! string | Relative file path.
  fieldRef ObjectFieldSelector | A field of the pod.
  resourceFieldRef ResourceFieldSelector | A container resource.
  mode int32 | Mode bits.

T core.PodStatus | The observed state of a pod.
  phase string enum:Failed,Pending,Running,Succeeded,Unknown | Where the pod is in its lifecycle.
  conditions []PodCondition list:map keys:type merge:type strategy:merge | PodScheduled, Initialized, ContainersReady, Ready, ...
  message string | Why the pod is in this state.
  reason string | Short CamelCase reason, e.g. Evicted.
  nominatedNodeName string | Node the pod may run on after preemption.
  hostIP string | IP of the node.
  hostIPs []HostIP list:atomic merge:ip strategy:merge | IPs of the node.
  podIP string | IP of the pod.
  podIPs []PodIP list:map keys:ip merge:ip strategy:merge | IPs of the pod.
  startTime meta.Time | When the kubelet acknowledged the pod.
  initContainerStatuses []ContainerStatus list:atomic | One per init container.
  containerStatuses []ContainerStatus list:atomic | One per container.
  ephemeralContainerStatuses []ContainerStatus list:atomic | One per ephemeral container.
  qosClass string enum:BestEffort,Burstable,Guaranteed | Quality of service class.

T core.PodCondition | An observation about a pod.
  type! string | Condition type.
  status! string | True, False or Unknown.
  lastProbeTime meta.Time | When it was last probed.
  lastTransitionTime meta.Time | When status last changed.
  reason string | CamelCase reason.
  message string | Human-readable detail.

T core.HostIP | An IP of the pod's node.
  ip! string | The address.

T core.PodIP | An IP of the pod.
  ip! string | The address.

T core.ContainerStatus | The state of one container.
  name! string | Container name.
  state ContainerState | Current state.
  lastState ContainerState = | The previous termination, if any.
  ready! bool | Whether the readiness probe passes.
  restartCount! int32 | Times the container was restarted.
  image! string | Image the container runs.
  imageID! string | Image ID resolved by the runtime; empty until pulled.
  containerID string | Runtime ID of the container.
  started bool | Whether the startup probe passed.
  resources ResourceRequirements | Resources applied by the runtime.

T core.ContainerState | Exactly one of waiting, running or terminated.
  waiting ContainerStateWaiting | Not running yet.
  running ContainerStateRunning | Running.
  terminated ContainerStateTerminated | Finished.

T core.ContainerStateWaiting | Why a container is not running yet.
  reason string | E.g. ContainerCreating, ImagePullBackOff, CrashLoopBackOff.
  message string | Detail.

T core.ContainerStateRunning | A running container.
  startedAt meta.Time | When it last started.

T core.ContainerStateTerminated | A finished container.
  exitCode! int32 | Exit status.
  signal int32 | Signal that ended it.
  reason string | E.g. Completed, Error, OOMKilled.
  message string | Detail.
  startedAt meta.Time | When it started.
  finishedAt meta.Time | When it ended.
  containerID string | Runtime ID.

# ---- core/v1: other kinds ----
T core.Service gvk:/v1/Service | A stable address for a set of pods.
  spec core.ServiceSpec = | What the service exposes.
  status core.ServiceStatus = | Load balancer and conditions.

T core.ServiceSpec | The desired state of a service.
  ports []ServicePort list:map keys:port,protocol merge:port strategy:merge | Exposed ports.
  selector {}string map:atomic | Pods that receive the traffic.
  clusterIP string | Virtual IP, None for headless.
  clusterIPs []string list:atomic | Virtual IPs, one per family.
  type string enum:ClusterIP,ExternalName,LoadBalancer,NodePort | How the service is exposed.
  externalIPs []string list:atomic | Extra IPs routed to the service.
  sessionAffinity string enum:ClientIP,None | Client affinity.
  loadBalancerIP string | Deprecated requested LB IP.
  externalName string | DNS name for ExternalName services.
  externalTrafficPolicy string enum:Cluster,Local | Routing of external traffic.
  internalTrafficPolicy string enum:Cluster,Local | Routing of in-cluster traffic.
  ipFamilies []string list:atomic | IPv4 and/or IPv6.
  ipFamilyPolicy string enum:PreferDualStack,RequireDualStack,SingleStack | Dual-stack choice.
  publishNotReadyAddresses bool | Publish endpoints of pods not ready.

T core.ServicePort | A port of a service.
  name string | DNS label, required when there are several ports.
  protocol string =TCP enum:SCTP,TCP,UDP | TCP, UDP or SCTP.
  appProtocol string | Application protocol hint.
  port! int32 | Port the service listens on.
  targetPort intstr.IntOrString | Pod port number or name.
  nodePort int32 | Node port for NodePort and LoadBalancer services.

T core.ServiceStatus | The observed state of a service.
  loadBalancer LoadBalancerStatus = | Load balancer ingress points.
  conditions []meta.Condition list:map keys:type merge:type strategy:merge | Conditions.

T core.LoadBalancerStatus | Ingress points of a load balancer.
  ingress []LoadBalancerIngress list:atomic | The points.

T core.LoadBalancerIngress | One ingress point.
  ip string | IP address.
  hostname string | DNS name.
  ipMode string | VIP or Proxy.

T core.ConfigMap gvk:/v1/ConfigMap | Non-secret configuration data.
  immutable bool | Whether the data can no longer change.
  data {}string | UTF-8 values.
  binaryData {}bytes | Binary values, base64 in JSON.

T core.Secret gvk:/v1/Secret | Sensitive data, base64-encoded.
  immutable bool | Whether the data can no longer change.
  data {}bytes | Values, base64 in JSON.
  stringData {}string | Write-only plain-text values merged into data.
  type string | Opaque, kubernetes.io/tls, kubernetes.io/dockerconfigjson, ...

T core.ServiceAccount gvk:/v1/ServiceAccount | An identity for processes in pods.
  secrets []ObjectReference list:map keys:name merge:name strategy:merge | Legacy token secrets.
  imagePullSecrets []LocalObjectReference list:atomic | Secrets used to pull images.
  automountServiceAccountToken bool | Whether pods mount a token by default.

T core.ObjectReference | A reference to another object.
  kind string | Kind of the referent.
  namespace string | Namespace of the referent.
  name string | Name of the referent.
  uid string | UID of the referent.
  apiVersion string | API version of the referent.
  resourceVersion string | Version of the referent.
  fieldPath string | Part of the object, e.g. spec.containers{web}.

T core.Namespace gvk:/v1/Namespace | A scope for names.
  spec core.NamespaceSpec = | Finalizers.
  status core.NamespaceStatus = | Phase.

T core.NamespaceSpec | The desired state of a namespace.
  finalizers []string list:atomic | Finalizers run before the namespace is removed.

T core.NamespaceStatus | The observed state of a namespace.
  phase string enum:Active,Terminating | Active or Terminating.
  conditions []NamespaceCondition list:map keys:type merge:type strategy:merge | Conditions.

T core.NamespaceCondition | An observation about a namespace.
  type! string | Condition type.
  status! string | True, False or Unknown.
  lastTransitionTime meta.Time | When status last changed.
  reason string | Reason.
  message string | Detail.

T core.Node gvk:/v1/Node | A machine that runs pods.
  spec core.NodeSpec = | Pod CIDRs, taints, unschedulable.
  status core.NodeStatus = | Capacity, conditions, addresses.

T core.NodeSpec | The desired state of a node.
  podCIDR string | Pod IP range.
  podCIDRs []string list:set strategy:merge | Pod IP ranges.
  providerID string | Cloud provider's ID.
  unschedulable bool | Cordoned: no new pods.
  taints []Taint list:atomic | Taints repelling pods.

T core.Taint | A taint on a node.
  key! string | Taint key.
  value string | Taint value.
  effect! string enum:NoExecute,NoSchedule,PreferNoSchedule | What happens to pods that do not tolerate it.
  timeAdded meta.Time | When a NoExecute taint was added.

T core.NodeStatus | The observed state of a node.
  capacity {}res.Quantity | Total resources.
  allocatable {}res.Quantity | Resources available to pods.
  phase string enum:Pending,Running,Terminated | Deprecated.
  conditions []NodeCondition list:map keys:type merge:type strategy:merge | Ready, MemoryPressure, ...
  addresses []NodeAddress list:map keys:type merge:type strategy:merge | Addresses of the node.
  daemonEndpoints NodeDaemonEndpoints = | Kubelet endpoint.
  nodeInfo NodeSystemInfo = | Versions and ids.
  images []ContainerImage list:atomic | Images on the node.

T core.NodeCondition | An observation about a node.
  type! string | Condition type.
  status! string | True, False or Unknown.
  lastHeartbeatTime meta.Time | Last update.
  lastTransitionTime meta.Time | When status last changed.
  reason string | Reason.
  message string | Detail.

T core.NodeAddress | An address of a node.
  type! string | Hostname, InternalIP, ExternalIP, ...
  address! string | The address.

T core.NodeDaemonEndpoints | Ports of daemons on the node.
  kubeletEndpoint DaemonEndpoint = | The kubelet.

T core.DaemonEndpoint | A daemon's port.
  Port! int32 | Port number.

T core.NodeSystemInfo | Identity and versions of a node.
  machineID! string | Machine id.
  systemUUID! string | System UUID.
  bootID! string | Boot id.
  kernelVersion! string | Kernel version.
  osImage! string | OS image.
  containerRuntimeVersion! string | Runtime and version.
  kubeletVersion! string | Kubelet version.
  kubeProxyVersion! string | Deprecated.
  operatingSystem! string | linux or windows.
  architecture! string | CPU architecture.

T core.ContainerImage | An image on a node.
  names []string list:atomic | Names and digests.
  sizeBytes int64 | Size.

T core.Event gvk:/v1/Event | A report of something that happened to an object.
  metadata! meta.ObjectMeta = | Standard object metadata.
  involvedObject! core.ObjectReference = | Object the event is about.
  reason string | CamelCase reason.
  message string | Human-readable detail.
  source EventSource = | Component that reported it.
  firstTimestamp meta.Time | First occurrence.
  lastTimestamp meta.Time | Latest occurrence.
  count int32 | Occurrences.
  type string | Normal or Warning.
  eventTime meta.MicroTime | When it first happened (new API).
  reportingComponent string = | Reporting controller.
  reportingInstance string = | Reporting instance.
  action string | What was done.

T core.EventSource | Who reported an event.
  component string | Component name.
  host string | Node name.

T core.Endpoints gvk:/v1/Endpoints | Addresses behind a service (legacy API).
  subsets []core.EndpointSubset list:atomic | Address and port sets.

T core.EndpointSubset | Addresses sharing ports.
  addresses []EndpointAddress list:atomic | Ready addresses.
  notReadyAddresses []EndpointAddress list:atomic | Not-ready addresses.
  ports []EndpointPort list:atomic | Ports.

T core.EndpointAddress | One endpoint address.
  ip! string | IP.
  hostname string | Hostname.
  nodeName string | Node.
  targetRef ObjectReference | Pod behind it.

T core.EndpointPort | One endpoint port.
  name string | Port name.
  port! int32 | Port number.
  protocol string enum:SCTP,TCP,UDP | Protocol.
  appProtocol string | Application protocol.

T core.PersistentVolumeClaim gvk:/v1/PersistentVolumeClaim | A request for storage.
  spec core.PersistentVolumeClaimSpec = | What storage is wanted.
  status core.PersistentVolumeClaimStatus = | What was bound.

T core.PersistentVolumeClaimSpec | The desired storage.
  accessModes []string list:atomic | ReadWriteOnce, ReadOnlyMany, ...
  selector meta.LabelSelector | Volumes considered.
  resources VolumeResourceRequirements = | Requested size.
  volumeName string | Volume to bind.
  storageClassName string | Class of storage.
  volumeMode string enum:Block,Filesystem | Block or Filesystem.

T core.VolumeResourceRequirements | Storage amounts.
  limits {}res.Quantity | Maximum.
  requests {}res.Quantity | Minimum.

T core.PersistentVolumeClaimStatus | The observed state of a claim.
  phase string enum:Bound,Lost,Pending | Pending, Bound or Lost.
  accessModes []string list:atomic | Modes of the bound volume.
  capacity {}res.Quantity | Size of the bound volume.

T core.PersistentVolume gvk:/v1/PersistentVolume | A piece of storage.
  spec core.PersistentVolumeSpec = | The volume.
  status core.PersistentVolumeStatus = | Phase.

T core.PersistentVolumeSpec | A volume's description.
  capacity {}res.Quantity | Size.
  hostPath HostPathVolumeSource | Node directory backing it.
  accessModes []string list:atomic | Supported modes.
  claimRef ObjectReference | Claim bound to it.
  persistentVolumeReclaimPolicy string enum:Delete,Recycle,Retain | What happens after release.
  storageClassName string | Class.
  volumeMode string enum:Block,Filesystem | Block or Filesystem.

T core.PersistentVolumeStatus | The observed state of a volume.
  phase string enum:Available,Bound,Failed,Pending,Released | Phase.
  message string | Detail.
  reason string | Reason.

T core.ResourceQuota gvk:/v1/ResourceQuota | Limits on resource use in a namespace.
  spec core.ResourceQuotaSpec = | Hard limits.
  status core.ResourceQuotaStatus = | Use.

T core.ResourceQuotaSpec | The limits.
  hard {}res.Quantity | Limit per resource name.
  scopes []string list:atomic | Objects counted.

T core.ResourceQuotaStatus | Use against the limits.
  hard {}res.Quantity | Enforced limits.
  used {}res.Quantity | Current use.

T core.LimitRange gvk:/v1/LimitRange | Per-object resource bounds and defaults in a namespace.
  spec core.LimitRangeSpec = | The bounds.

T core.LimitRangeSpec | The bounds.
  limits! []LimitRangeItem list:atomic | One item per object type.

T core.LimitRangeItem | Bounds for one object type.
  type! string | Pod, Container or PersistentVolumeClaim.
  max {}res.Quantity | Maximum.
  min {}res.Quantity | Minimum.
  default {}res.Quantity | Default limits.
  defaultRequest {}res.Quantity | Default requests.
  maxLimitRequestRatio {}res.Quantity | Largest limit/request ratio.

# ---- apps/v1 ----
T apps.Deployment gvk:apps/v1/Deployment | Declarative updates of ReplicaSets and their pods.
  spec apps.DeploymentSpec = | Desired state.
  status apps.DeploymentStatus = | Observed state.

T apps.DeploymentSpec | The desired state of a deployment.
  replicas int32 | Desired pods; defaults to 1.
  selector! meta.LabelSelector | Pods it manages; must match the template's labels.
  template! core.PodTemplateSpec = | Pods it creates.
  strategy DeploymentStrategy = | How pods are replaced.
  minReadySeconds int32 | Seconds a new pod must be ready to count as available.
  revisionHistoryLimit int32 | Old ReplicaSets kept for rollback.
  paused bool | Whether rollouts are paused.
  progressDeadlineSeconds int32 | Seconds before a stalled rollout is reported.

T apps.DeploymentStrategy | How a deployment replaces pods.
  type string enum:Recreate,RollingUpdate | Recreate or RollingUpdate.
  rollingUpdate RollingUpdateDeployment | Rolling update knobs.

T apps.RollingUpdateDeployment | Rolling update knobs.
  maxUnavailable intstr.IntOrString | Pods that may be unavailable during the update.
  maxSurge intstr.IntOrString | Pods that may be created above the desired count.

T apps.DeploymentStatus | The observed state of a deployment.
  observedGeneration int64 | Generation acted on.
  replicas int32 | Pods targeted.
  updatedReplicas int32 | Pods with the current template.
  readyReplicas int32 | Pods ready.
  availableReplicas int32 | Pods available.
  unavailableReplicas int32 | Pods missing to reach availability.
  terminatingReplicas int32 | Pods terminating (alpha).
  conditions []DeploymentCondition list:map keys:type merge:type strategy:merge | Available, Progressing, ReplicaFailure.
  collisionCount int32 | Hash collisions seen.

T apps.DeploymentCondition | An observation about a deployment.
  type! string | Condition type.
  status! string | True, False or Unknown.
  lastUpdateTime meta.Time | Last update.
  lastTransitionTime meta.Time | When status last changed.
  reason string | Reason.
  message string | Detail.

T apps.ReplicaSet gvk:apps/v1/ReplicaSet | Keeps a number of identical pods running.
  spec apps.ReplicaSetSpec = | Desired state.
  status apps.ReplicaSetStatus = | Observed state.

T apps.ReplicaSetSpec | The desired state of a ReplicaSet.
  replicas int32 | Desired pods.
  minReadySeconds int32 | Seconds a pod must be ready to count as available.
  selector! meta.LabelSelector | Pods it manages.
  template core.PodTemplateSpec = | Pods it creates.

T apps.ReplicaSetStatus | The observed state of a ReplicaSet.
  replicas! int32 | Pods it has.
  fullyLabeledReplicas int32 | Pods matching the template's labels.
  readyReplicas int32 | Pods ready.
  availableReplicas int32 | Pods available.
  terminatingReplicas int32 | Pods terminating (alpha).
  observedGeneration int64 | Generation acted on.
  conditions []ReplicaSetCondition list:map keys:type merge:type strategy:merge | Conditions.

T apps.ReplicaSetCondition | An observation about a ReplicaSet.
  type! string | Condition type.
  status! string | True, False or Unknown.
  lastTransitionTime meta.Time | When status last changed.
  reason string | Reason.
  message string | Detail.

T apps.StatefulSet gvk:apps/v1/StatefulSet | Pods with stable names and storage.
  spec apps.StatefulSetSpec = | Desired state.
  status apps.StatefulSetStatus = | Observed state.

T apps.StatefulSetSpec | The desired state of a StatefulSet.
  replicas int32 | Desired pods.
  selector! meta.LabelSelector | Pods it manages.
  template! core.PodTemplateSpec = | Pods it creates.
  volumeClaimTemplates []core.PersistentVolumeClaim list:atomic | Claims created per pod.
  serviceName string | Headless service giving the pods their DNS names.
  podManagementPolicy string enum:OrderedReady,Parallel | Ordered or parallel pod management.
  updateStrategy StatefulSetUpdateStrategy = | How pods are replaced.
  revisionHistoryLimit int32 | Revisions kept.
  minReadySeconds int32 | Seconds a pod must be ready to count as available.

T apps.StatefulSetUpdateStrategy | How a StatefulSet replaces pods.
  type string enum:OnDelete,RollingUpdate | RollingUpdate or OnDelete.
  rollingUpdate RollingUpdateStatefulSetStrategy | Rolling update knobs.

T apps.RollingUpdateStatefulSetStrategy | Rolling update knobs.
  partition int32 | Ordinals below it keep the old revision.
  maxUnavailable intstr.IntOrString | Pods that may be unavailable (alpha).

T apps.StatefulSetStatus | The observed state of a StatefulSet.
  observedGeneration int64 | Generation acted on.
  replicas! int32 | Pods it has.
  readyReplicas int32 | Pods ready.
  currentReplicas int32 | Pods at currentRevision.
  updatedReplicas int32 | Pods at updateRevision.
  currentRevision string | Revision of the first pods.
  updateRevision string | Revision being rolled out.
  collisionCount int32 | Hash collisions seen.
  availableReplicas int32 = | Pods available.
  conditions []StatefulSetCondition list:map keys:type merge:type strategy:merge | Conditions.

T apps.StatefulSetCondition | An observation about a StatefulSet.
  type! string | Condition type.
  status! string | True, False or Unknown.
  lastTransitionTime meta.Time | When status last changed.
  reason string | Reason.
  message string | Detail.

T apps.DaemonSet gvk:apps/v1/DaemonSet | One pod on each eligible node.
  spec apps.DaemonSetSpec = | Desired state.
  status apps.DaemonSetStatus = | Observed state.

T apps.DaemonSetSpec | The desired state of a DaemonSet.
  selector! meta.LabelSelector | Pods it manages.
  template! core.PodTemplateSpec = | Pods it creates.
  updateStrategy DaemonSetUpdateStrategy = | How pods are replaced.
  minReadySeconds int32 | Seconds a pod must be ready to count as available.
  revisionHistoryLimit int32 | Revisions kept.

T apps.DaemonSetUpdateStrategy | How a DaemonSet replaces pods.
  type string enum:OnDelete,RollingUpdate | RollingUpdate or OnDelete.
  rollingUpdate RollingUpdateDaemonSet | Rolling update knobs.

T apps.RollingUpdateDaemonSet | Rolling update knobs.
  maxUnavailable intstr.IntOrString | Nodes whose pod may be unavailable.
  maxSurge intstr.IntOrString | Nodes that may run an extra pod.

T apps.DaemonSetStatus | The observed state of a DaemonSet.
  currentNumberScheduled! int32 | Nodes running a daemon pod that should.
  numberMisscheduled! int32 | Nodes running a daemon pod that should not.
  desiredNumberScheduled! int32 | Nodes that should run a daemon pod.
  numberReady! int32 | Nodes whose daemon pod is ready.
  observedGeneration int64 | Generation acted on.
  updatedNumberScheduled int32 | Nodes running the updated pod.
  numberAvailable int32 | Nodes whose daemon pod is available.
  numberUnavailable int32 | Nodes whose daemon pod is not available.
  collisionCount int32 | Hash collisions seen.
  conditions []DaemonSetCondition list:map keys:type merge:type strategy:merge | Conditions.

T apps.DaemonSetCondition | An observation about a DaemonSet.
  type! string | Condition type.
  status! string | True, False or Unknown.
  lastTransitionTime meta.Time | When status last changed.
  reason string | Reason.
  message string | Detail.

T apps.ControllerRevision gvk:apps/v1/ControllerRevision | An immutable snapshot of a pod template, for rollbacks.
  data rt.RawExtension | The state snapshot.
  revision! int64 | Revision number.

# ---- batch/v1 ----
T batch.Job gvk:batch/v1/Job | Pods run to completion.
  spec batch.JobSpec = | Desired state.
  status batch.JobStatus = | Observed state.

T batch.JobSpec | The desired state of a job.
  parallelism int32 | Pods run at once.
  completions int32 | Successful pods needed.
  activeDeadlineSeconds int64 | Seconds the job may run.
  backoffLimit int32 | Retries before the job fails.
  selector meta.LabelSelector | Pods it manages (generated by default).
  manualSelector bool | Whether selector was set by hand.
  template! core.PodTemplateSpec = | Pods it creates.
  ttlSecondsAfterFinished int32 | Seconds after finishing before it is deleted.
  completionMode string enum:Indexed,NonIndexed | NonIndexed or Indexed.
  suspend bool | Whether the job is suspended.
  podReplacementPolicy string enum:Failed,TerminatingOrFailed | When failed pods are replaced.

T batch.JobStatus | The observed state of a job.
  conditions []JobCondition list:atomic merge:type strategy:merge | Complete, Failed, Suspended, ...
  startTime meta.Time | When the job started.
  completionTime meta.Time | When the job completed.
  active int32 | Pods running.
  succeeded int32 | Pods that succeeded.
  failed int32 | Pods that failed.
  terminating int32 | Pods terminating.
  ready int32 | Pods ready.
  completedIndexes string | Indexes done (Indexed jobs).
  uncountedTerminatedPods UncountedTerminatedPods | Finished pods not yet counted.

T batch.UncountedTerminatedPods | Finished pods not yet counted in the status.
  succeeded []string list:set | UIDs of succeeded pods.
  failed []string list:set | UIDs of failed pods.

T batch.JobCondition | An observation about a job.
  type! string | Condition type.
  status! string | True, False or Unknown.
  lastProbeTime meta.Time | Last check.
  lastTransitionTime meta.Time | When status last changed.
  reason string | Reason.
  message string | Detail.

T batch.CronJob gvk:batch/v1/CronJob | Jobs on a schedule.
  spec batch.CronJobSpec = | Desired state.
  status batch.CronJobStatus = | Observed state.

T batch.CronJobSpec | The desired state of a CronJob.
  schedule! string | Cron schedule, e.g. "*/5 * * * *".
  timeZone string | Time zone of the schedule.
  startingDeadlineSeconds int64 | Seconds a missed run may still start.
  concurrencyPolicy string enum:Allow,Forbid,Replace | What to do with overlapping runs.
  suspend bool | Whether runs are suspended.
  jobTemplate! JobTemplateSpec = | Jobs it creates.
  successfulJobsHistoryLimit int32 | Finished jobs kept.
  failedJobsHistoryLimit int32 | Failed jobs kept.

T batch.JobTemplateSpec | The job a CronJob creates.
  metadata meta.ObjectMeta = | Labels and annotations of the jobs.
  spec JobSpec = | The jobs' spec.

T batch.CronJobStatus | The observed state of a CronJob.
  active []core.ObjectReference list:atomic | Running jobs.
  lastScheduleTime meta.Time | Last time a job was scheduled.
  lastSuccessfulTime meta.Time | Last time a job succeeded.

# ---- autoscaling/v2 ----
T as.HorizontalPodAutoscaler gvk:autoscaling/v2/HorizontalPodAutoscaler | Scales a workload by its metrics.
  spec as.HorizontalPodAutoscalerSpec = | Desired behaviour.
  status as.HorizontalPodAutoscalerStatus = | Observed state.

T as.HorizontalPodAutoscalerSpec | What to scale and how far.
  scaleTargetRef! CrossVersionObjectReference = | The scaled workload.
  minReplicas int32 | Lower bound.
  maxReplicas! int32 | Upper bound.
  metrics []MetricSpec list:atomic | Metrics to act on.

T as.CrossVersionObjectReference | A scaled object.
  kind! string | Kind.
  name! string | Name.
  apiVersion string | API version.

T as.MetricSpec | One metric to scale on.
  type! string | Resource, Pods, Object, ContainerResource or External.
  resource ResourceMetricSource | A resource of the pods.

T as.ResourceMetricSource | A resource metric.
  name! string | cpu or memory.
  target! MetricTarget = | Target value.

T as.MetricTarget | A metric's target.
  type! string | Utilization, Value or AverageValue.
  averageUtilization int32 | Percent of requests.
  averageValue res.Quantity | Per-pod value.
  value res.Quantity | Total value.

T as.HorizontalPodAutoscalerStatus | The observed state of an autoscaler.
  observedGeneration int64 | Generation acted on.
  lastScaleTime meta.Time | Last scaling.
  currentReplicas int32 | Current pods.
  desiredReplicas! int32 | Wanted pods.
  currentMetrics []MetricStatus list:atomic | Last read metrics.
  conditions []HorizontalPodAutoscalerCondition list:map keys:type merge:type strategy:merge | Conditions.

T as.MetricStatus | One metric's last reading.
  type! string | Metric type.
  resource ResourceMetricStatus | A resource reading.

T as.ResourceMetricStatus | A resource reading.
  name! string | cpu or memory.
  current! MetricValueStatus = | The value.

T as.MetricValueStatus | A metric value.
  value res.Quantity | Total.
  averageValue res.Quantity | Per pod.
  averageUtilization int32 | Percent of requests.

T as.HorizontalPodAutoscalerCondition | An observation about an autoscaler.
  type! string | Condition type.
  status! string | True, False or Unknown.
  lastTransitionTime meta.Time | When status last changed.
  reason string | Reason.
  message string | Detail.

# ---- networking.k8s.io/v1 ----
T net.Ingress gvk:networking.k8s.io/v1/Ingress | HTTP routes from outside to services.
  spec net.IngressSpec = | Rules.
  status net.IngressStatus = | Load balancer.

T net.IngressSpec | Ingress rules.
  ingressClassName string | Controller class.
  defaultBackend IngressBackend | Backend for unmatched requests.
  tls []IngressTLS list:atomic | TLS settings.
  rules []IngressRule list:atomic | Host rules.

T net.IngressTLS | TLS for some hosts.
  hosts []string list:atomic | Hosts covered.
  secretName string | Secret with the certificate.

T net.IngressRule | Routes for one host.
  host string | Host name.
  http HTTPIngressRuleValue | HTTP paths.

T net.HTTPIngressRuleValue | HTTP paths.
  paths! []HTTPIngressPath list:atomic | The paths.

T net.HTTPIngressPath | One path to a backend.
  path string | Path.
  pathType! string enum:Exact,ImplementationSpecific,Prefix | How path matches.
  backend! IngressBackend = | Where requests go.

T net.IngressBackend | A service or resource backend.
  service IngressServiceBackend | A service.
  resource core.TypedLocalObjectReference | Another resource.

T net.IngressServiceBackend | A service port.
  name! string | Service name.
  port ServiceBackendPort = | Port.

T net.ServiceBackendPort | A service port by name or number.
  name string | Port name.
  number int32 | Port number.

T core.TypedLocalObjectReference | A typed reference in the same namespace.
  apiGroup string | Group.
  kind! string | Kind.
  name! string | Name.

T net.IngressStatus | The observed state of an ingress.
  loadBalancer IngressLoadBalancerStatus = | Load balancer.

T net.IngressLoadBalancerStatus | Ingress points.
  ingress []IngressLoadBalancerIngress list:atomic | The points.

T net.IngressLoadBalancerIngress | One ingress point.
  ip string | IP.
  hostname string | DNS name.

T net.IngressClass gvk:networking.k8s.io/v1/IngressClass | A kind of ingress controller.
  spec net.IngressClassSpec = | Controller.

T net.IngressClassSpec | Which controller implements the class.
  controller string | Controller name.

T net.NetworkPolicy gvk:networking.k8s.io/v1/NetworkPolicy | Allowed traffic for a set of pods.
  spec net.NetworkPolicySpec = | Rules.

T net.NetworkPolicySpec | Traffic rules.
  podSelector! meta.LabelSelector = | Pods the policy applies to.
  ingress []NetworkPolicyIngressRule list:atomic | Allowed inbound traffic.
  egress []NetworkPolicyEgressRule list:atomic | Allowed outbound traffic.
  policyTypes []string list:atomic | Ingress and/or Egress.

T net.NetworkPolicyIngressRule | Allowed inbound traffic.
  ports []NetworkPolicyPort list:atomic | Ports.
  from []NetworkPolicyPeer list:atomic | Sources.

T net.NetworkPolicyEgressRule | Allowed outbound traffic.
  ports []NetworkPolicyPort list:atomic | Ports.
  to []NetworkPolicyPeer list:atomic | Destinations.

T net.NetworkPolicyPort | A port of a rule.
  protocol string enum:SCTP,TCP,UDP | Protocol.
  port intstr.IntOrString | Port number or name.
  endPort int32 | End of a port range.

T net.NetworkPolicyPeer | A source or destination.
  podSelector meta.LabelSelector | Pods.
  namespaceSelector meta.LabelSelector | Namespaces.
  ipBlock IPBlock | CIDR.

T net.IPBlock | A CIDR with exceptions.
  cidr! string | The range.
  except []string list:atomic | Excluded ranges.

# ---- discovery.k8s.io/v1 ----
T disc.EndpointSlice gvk:discovery.k8s.io/v1/EndpointSlice | A slice of the endpoints of a service.
  addressType! string enum:FQDN,IPv4,IPv6 | IPv4, IPv6 or FQDN.
  endpoints! []disc.Endpoint list:atomic | The endpoints.
  ports []disc.EndpointPort list:atomic | Ports of every endpoint.

T disc.Endpoint | One endpoint.
  addresses! []string list:set | Addresses.
  conditions EndpointConditions = | Ready, serving, terminating.
  hostname string | Hostname.
  targetRef core.ObjectReference | Pod behind it.
  nodeName string | Node.
  zone string | Zone.

T disc.EndpointConditions | State of an endpoint.
  ready bool | Ready for traffic.
  serving bool | Serving, even when terminating.
  terminating bool | Terminating.

T disc.EndpointPort | A port of the endpoints.
  name string | Port name.
  protocol string enum:SCTP,TCP,UDP | Protocol.
  port int32 | Port number.
  appProtocol string | Application protocol.

# ---- policy/v1 ----
T policy.PodDisruptionBudget gvk:policy/v1/PodDisruptionBudget | Limits voluntary disruptions of a set of pods.
  spec policy.PodDisruptionBudgetSpec = | Desired bounds.
  status policy.PodDisruptionBudgetStatus = | Observed state.

T policy.PodDisruptionBudgetSpec | Disruption bounds.
  minAvailable intstr.IntOrString | Pods that must stay available.
  selector meta.LabelSelector | Pods covered.
  maxUnavailable intstr.IntOrString | Pods that may be unavailable.
  unhealthyPodEvictionPolicy string enum:AlwaysAllow,IfHealthyBudget | When unhealthy pods may be evicted.

T policy.PodDisruptionBudgetStatus | The observed state of a budget.
  observedGeneration int64 | Generation acted on.
  disruptedPods {}meta.Time | Pods being evicted.
  disruptionsAllowed! int32 = | Evictions allowed now.
  currentHealthy! int32 = | Healthy pods.
  desiredHealthy! int32 = | Healthy pods needed.
  expectedPods! int32 = | Pods counted.
  conditions []meta.Condition list:map keys:type merge:type strategy:merge | Conditions.

# ---- authentication.k8s.io/v1, authorization.k8s.io/v1: the self reviews (create only) ----
T authn.SelfSubjectReview gvk:authentication.k8s.io/v1/SelfSubjectReview | Who the server takes the caller to be.
  status authn.SelfSubjectReviewStatus | Filled in by the server.
T authn.SelfSubjectReviewStatus | The caller's identity.
  userInfo authn.UserInfo | The authenticated user.
T authn.UserInfo | A user as the authenticator saw it.
  username string | The user's name.
  uid string | A stable id for the user.
  groups []string list:atomic | Groups the user belongs to.
  extra {}[]string | Further attributes from the authenticator.
T authz.SelfSubjectAccessReview gvk:authorization.k8s.io/v1/SelfSubjectAccessReview | Whether the caller may do one thing.
  spec! authz.SelfSubjectAccessReviewSpec | The action asked about.
  status authz.SubjectAccessReviewStatus | Filled in by the server.
T authz.SelfSubjectAccessReviewSpec | One of resourceAttributes or nonResourceAttributes.
  resourceAttributes authz.ResourceAttributes | An action on a resource.
  nonResourceAttributes authz.NonResourceAttributes | An action on a non-resource path.
T authz.ResourceAttributes | A resource action.
  namespace string | The namespace; empty for all or cluster-scoped.
  verb string | get, list, watch, create, update, patch, delete, ... or *.
  group string | The API group; empty for the core group.
  version string | The API version.
  resource string | The resource (plural name).
  subresource string | The subresource, if any.
  name string | The object's name; empty for all.
T authz.NonResourceAttributes | A non-resource action.
  path string | The URL path.
  verb string | The HTTP verb, lower case.
T authz.SubjectAccessReviewStatus | The answer.
  allowed! bool | Whether the action is allowed.
  denied bool | Whether the action is explicitly denied.
  reason string | Why, when an authorizer said so.
  evaluationError string | An error the authorizers met.
T authz.SelfSubjectRulesReview gvk:authorization.k8s.io/v1/SelfSubjectRulesReview | What the caller may do in a namespace.
  spec! authz.SelfSubjectRulesReviewSpec | The namespace asked about.
  status authz.SubjectRulesReviewStatus | Filled in by the server.
T authz.SelfSubjectRulesReviewSpec | The namespace to list rules for.
  namespace string | The namespace.
T authz.SubjectRulesReviewStatus | The rules.
  resourceRules! []authz.ResourceRule list:atomic | Actions allowed on resources.
  nonResourceRules! []authz.NonResourceRule list:atomic | Actions allowed on non-resource paths.
  incomplete! bool | True when some authorizer cannot list its rules.
  evaluationError string | An error met while listing.
T authz.ResourceRule | Verbs allowed on resources.
  verbs! []string list:atomic | The verbs.
  apiGroups []string list:atomic | The API groups.
  resources []string list:atomic | The resources.
  resourceNames []string list:atomic | The object names; empty for all.
T authz.NonResourceRule | Verbs allowed on non-resource paths.
  verbs! []string list:atomic | The verbs.
  nonResourceURLs []string list:atomic | The paths.

# ---- rbac.authorization.k8s.io/v1 ----
T rbac.Role gvk:rbac.authorization.k8s.io/v1/Role | Permissions in a namespace.
  rules []rbac.PolicyRule list:atomic | The permissions.

T rbac.ClusterRole gvk:rbac.authorization.k8s.io/v1/ClusterRole | Permissions cluster-wide or in any namespace.
  rules []rbac.PolicyRule list:atomic | The permissions.
  aggregationRule rbac.AggregationRule | Roles whose rules are merged in.

T rbac.AggregationRule | Which roles a ClusterRole aggregates.
  clusterRoleSelectors []meta.LabelSelector list:atomic | Selectors of the roles.

T rbac.PolicyRule | Allowed verbs on resources or URLs.
  verbs! []string list:atomic | Verbs; * for all.
  apiGroups []string list:atomic | API groups; "" is core.
  resources []string list:atomic | Resources; * for all.
  resourceNames []string list:atomic | Object names.
  nonResourceURLs []string list:atomic | URL paths.

T rbac.RoleBinding gvk:rbac.authorization.k8s.io/v1/RoleBinding | Grants a role to subjects in a namespace.
  subjects []rbac.Subject list:atomic | Who.
  roleRef! rbac.RoleRef = | Which role.

T rbac.ClusterRoleBinding gvk:rbac.authorization.k8s.io/v1/ClusterRoleBinding | Grants a ClusterRole cluster-wide.
  subjects []rbac.Subject list:atomic | Who.
  roleRef! rbac.RoleRef = | Which role.

T rbac.Subject | A user, group or service account.
  kind! string | User, Group or ServiceAccount.
  apiGroup string | Group of the kind.
  name! string | Name.
  namespace string | Namespace of a service account.

T rbac.RoleRef | The role bound.
  apiGroup! string | rbac.authorization.k8s.io.
  kind! string | Role or ClusterRole.
  name! string | Name.

# ---- storage.k8s.io/v1 ----
T storage.StorageClass gvk:storage.k8s.io/v1/StorageClass | A class of dynamically provisioned storage.
  provisioner! string | Volume plugin.
  parameters {}string | Provisioner parameters.
  reclaimPolicy string enum:Delete,Recycle,Retain | What happens to released volumes.
  mountOptions []string list:atomic | Mount options.
  allowVolumeExpansion bool | Whether claims can grow.
  volumeBindingMode string enum:Immediate,WaitForFirstConsumer | When volumes are bound.

# ---- coordination.k8s.io/v1 ----
T coord.Lease gvk:coordination.k8s.io/v1/Lease | A lease, for leader election and node heartbeats.
  spec coord.LeaseSpec = | The lease.

T coord.LeaseSpec | A lease's holder and timing.
  holderIdentity string | Current holder.
  leaseDurationSeconds int32 | Seconds candidates wait before taking over.
  acquireTime meta.MicroTime | When it was acquired.
  renewTime meta.MicroTime | When the holder last renewed.
  leaseTransitions int32 | Times it changed hands.

# ---- metrics.k8s.io/v1beta1 ----
T metrics.PodMetrics gvk:metrics.k8s.io/v1beta1/PodMetrics | Resource use of a pod's containers.
  timestamp! meta.Time = | End of the window.
  window! meta.Duration = | Length of the window.
  containers! []metrics.ContainerMetrics list:atomic | Use per container.

T metrics.ContainerMetrics | Resource use of a container.
  name! string | Container name.
  usage! {}res.Quantity | CPU and memory.

T metrics.NodeMetrics gvk:metrics.k8s.io/v1beta1/NodeMetrics | Resource use of a node.
  timestamp! meta.Time = | End of the window.
  window! meta.Duration = | Length of the window.
  usage! {}res.Quantity | CPU and memory.

# ---- apiextensions.k8s.io/v1 ----
T ext.CustomResourceDefinition gvk:apiextensions.k8s.io/v1/CustomResourceDefinition | Defines a custom kind served by the API server.
  spec! ext.CustomResourceDefinitionSpec = | The kind.
  status ext.CustomResourceDefinitionStatus = | Observed state.

T ext.CustomResourceDefinitionSpec | The kind a CRD defines.
  group! string | API group.
  names! CustomResourceDefinitionNames = | Names.
  scope! string | Namespaced or Cluster.
  versions! []CustomResourceDefinitionVersion list:atomic | Served versions.
  preserveUnknownFields bool | Deprecated.

T ext.CustomResourceDefinitionNames | Names of a custom kind.
  plural! string | Resource name in URLs.
  singular string | Singular name.
  shortNames []string list:atomic | Short names.
  kind! string | Kind.
  listKind string | List kind.
  categories []string list:atomic | Categories, e.g. all.

T ext.CustomResourceDefinitionVersion | One version of a custom kind.
  name! string | Version name.
  served! bool | Whether it is served.
  storage! bool | Whether it is the stored version.
  deprecated bool | Whether it is deprecated.
  schema CustomResourceValidation | Its schema.
  subresources CustomResourceSubresources | status and scale.
  additionalPrinterColumns []CustomResourceColumnDefinition list:atomic | Columns kubectl get shows.

T ext.CustomResourceValidation | The schema of a version.
  openAPIV3Schema object | Structural OpenAPI v3 schema.

T ext.CustomResourceSubresources | Subresources of a custom kind.
  status object | Enables /status.
  scale object | Enables /scale.

T ext.CustomResourceColumnDefinition | A printed column.
  name! string | Header.
  type! string | Type.
  format string | Format.
  description string | Description.
  priority int32 | Priority.
  jsonPath! string | Path of the value.

T ext.CustomResourceDefinitionStatus | The observed state of a CRD.
  conditions []CustomResourceDefinitionCondition list:map keys:type | Established, NamesAccepted, ...
  acceptedNames CustomResourceDefinitionNames | Names in use.
  storedVersions []string list:atomic | Versions ever stored.

T ext.CustomResourceDefinitionCondition | An observation about a CRD.
  type! string | Condition type.
  status! string | True, False or Unknown.
  lastTransitionTime meta.Time | When status last changed.
  reason string | Reason.
  message string | Detail.
)DSL";

}  // namespace kubemcp::sim
