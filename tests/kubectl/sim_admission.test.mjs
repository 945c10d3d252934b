// Issue 14 part B: admission, namespace bootstrap, eviction and scheduling in the simulated
// cluster, as kube-apiserver 1.32, kube-controller-manager and kube-scheduler do them, proven
// with the real kubectl and raw HTTPS.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { apiClient, status } from '../lib/api.mjs';
import { makeKubectl } from '../lib/kubectl.mjs';
import { startSim } from '../lib/sim.mjs';

let sim;
let k;
let api;

before(async () => {
  sim = await startSim({ clusters: ['stage'], seed: 'demo' });
  k = makeKubectl(sim.kubeconfig('s'));
  api = apiClient(sim.kubeconfig('s'));
});
after(async () => { await sim?.stop(); });

const pod = (name, extra = {}) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name },
  spec: { containers: [{ name: 'main', image: 'busybox:1.36', command: ['sleep', '3600'] }], ...extra },
});

describe('namespaces and service accounts', () => {
  test('a new namespace gets the default ServiceAccount and kube-root-ca.crt at once', async () => {
    const r = await k.run(['apply', '-f', '-'], { input: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: fresh}\n' });
    assert.equal(r.code, 0, r.stderr);
    const sa = await api.get('/api/v1/namespaces/fresh/serviceaccounts/default');
    assert.equal(sa.status, 200);
    const ca = await api.get('/api/v1/namespaces/fresh/configmaps/kube-root-ca.crt');
    assert.equal(ca.status, 200);
    assert.match(ca.json().data['ca.crt'], /^-----BEGIN CERTIFICATE-----/);
    // ... so a pod there is admitted right away.
    assert.equal((await api.post('/api/v1/namespaces/fresh/pods', pod('first'))).status, 201);
  });

  test('a pod naming a missing ServiceAccount is 403 Forbidden, worded as the plugin', async () => {
    const r = await api.post('/api/v1/namespaces/default/pods', pod('lost', { serviceAccountName: 'ghost' }));
    assert.deepEqual(status(r), { code: 403, kind: 'Status', reason: 'Forbidden', status: 'Failure',
      message: 'pods "lost" is forbidden: error looking up service account default/ghost: serviceaccount "ghost" not found' });
    assert.deepEqual(r.json().details, { name: 'lost', kind: 'pods' });
    const kc = await k.run(['run', 'lost2', '--image=busybox:1.36', '--overrides', '{"spec":{"serviceAccountName":"ghost"}}']);
    assert.notEqual(kc.code, 0);
    assert.match(kc.stderr, /Error from server \(Forbidden\): pods "lost2" is forbidden: error looking up service account default\/ghost: serviceaccount "ghost" not found/);
    assert.equal((await api.get('/api/v1/namespaces/default/pods/lost')).status, 404);
  });
});

describe('eviction and disruption budgets', () => {
  const evict = (pod) => api.post(`/api/v1/namespaces/shop/pods/${pod}/eviction`,
    { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod, namespace: 'shop' } });
  const webPods = async () => (await api.get('/api/v1/namespaces/shop/pods?labelSelector=app%3Dweb')).json().items
    .map((p) => p.metadata.name).sort();
  const pdbStatus = async () => (await api.get('/apis/policy/v1/namespaces/shop/poddisruptionbudgets/web')).json().status;

  test('a budget with no disruption left refuses with 429 and its numbers', async () => {
    const pdb = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' },
      spec: { minAvailable: 3, selector: { matchLabels: { app: 'web' } } } };
    assert.equal((await api.post('/apis/policy/v1/namespaces/shop/poddisruptionbudgets', pdb)).status, 201);
    const st = await pdbStatus();
    assert.deepEqual([st.currentHealthy, st.desiredHealthy, st.expectedPods, st.disruptionsAllowed], [3, 3, 3, 0]);
    assert.deepEqual(st.conditions.map((c) => [c.type, c.status, c.reason]), [['DisruptionAllowed', 'False', 'InsufficientPods']]);
    const [victim] = await webPods();
    const r = await evict(victim);
    assert.deepEqual(status(r), { code: 429, kind: 'Status', reason: 'TooManyRequests', status: 'Failure',
      message: "Cannot evict pod as it would violate the pod's disruption budget." });
    assert.deepEqual(r.json().details.causes, [{ reason: 'DisruptionBudget', message: 'The disruption budget web needs 3 healthy pods and has 3 currently' }]);
    assert.ok((await webPods()).includes(victim));
  });

  test('a budget with room lets one pod go, then counts it', async () => {
    const patch = await api.request('PATCH', '/apis/policy/v1/namespaces/shop/poddisruptionbudgets/web',
      { body: JSON.stringify({ spec: { minAvailable: '66%' } }), headers: { 'Content-Type': 'application/merge-patch+json' } });
    assert.equal(patch.status, 200, patch.text);
    const st = await pdbStatus();
    assert.deepEqual([st.currentHealthy, st.desiredHealthy, st.disruptionsAllowed], [3, 2, 1]);
    const [first, second] = await webPods();
    const ok = await evict(first);
    assert.equal(ok.status, 201);
    assert.equal(ok.json().status, 'Success');
    // Evicted as a DELETE deletes: the pod terminates gracefully, then goes.
    const evicted = await api.get(`/api/v1/namespaces/shop/pods/${first}`);
    assert.ok(evicted.status === 404 || evicted.json().metadata.deletionTimestamp, evicted.text);
    // The replacement is not ready yet: no room for another.
    assert.equal((await evict(second)).status, 429);
    assert.equal((await pdbStatus()).disruptionsAllowed, 0);
    const allowed = await k.run(['get', 'pdb', 'web', '-n', 'shop', '-o', 'jsonpath={.status.disruptionsAllowed}']);
    assert.equal(allowed.stdout, '0');
  });
});

describe('scheduling', () => {
  const until = async (fn, what, ms = 20000) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const v = await fn();
      if (v) return v;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`timed out: ${what}`);
  };
  const create = async (name, spec) => {
    const r = await api.post('/api/v1/namespaces/default/pods', pod(name, spec));
    assert.equal(r.status, 201, r.text);
  };
  const scheduled = (name) => until(async () => {
    const p = (await api.get(`/api/v1/namespaces/default/pods/${name}`)).json();
    return p.status?.conditions?.find((c) => c.type === 'PodScheduled') && p;
  }, `${name} to be considered`);

  test('cordons, selectors, taints and requests decide; the rest stays Pending and says why', async () => {
    assert.equal((await k.run(['cordon', 'stage-worker-1'])).code, 0);
    const taint = await k.run(['taint', 'node', 'stage-worker-2', 'dedicated=gpu:NoSchedule']);
    assert.equal(taint.code, 0, taint.stderr);
    // Only worker-1 (cordoned) or worker-2 (tainted) would do.
    await create('picky', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['stage-worker-1', 'stage-worker-2'] }] }] } } } });
    let p = await scheduled('picky');
    const want = '0/3 nodes are available: 1 node(s) didn\'t match Pod\'s node affinity/selector, 1 node(s) had untolerated taint {dedicated: gpu}, '
      + '1 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
    assert.deepEqual(p.status.conditions.map((c) => [c.type, c.status, c.reason, c.message]), [['PodScheduled', 'False', 'Unschedulable', want]]);
    assert.equal(p.status.phase, 'Pending');
    const ev = (await api.get('/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dpicky,reason%3DFailedScheduling')).json();
    assert.equal(ev.items[0].message, want);
    assert.equal(ev.items[0].type, 'Warning');
    // Tolerating the taint is enough for worker-2.
    await create('tolerant', { nodeSelector: { 'kubernetes.io/hostname': 'stage-worker-2' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] });
    p = await scheduled('tolerant');
    assert.equal(p.spec.nodeName, 'stage-worker-2');
    // Requests add up against allocatable (4 cpu per node).
    await create('big-1', { nodeSelector: { 'kubernetes.io/hostname': 'stage-worker-2' },
      tolerations: [{ key: 'dedicated', operator: 'Exists' }],
      containers: [{ name: 'main', image: 'busybox:1.36', resources: { requests: { cpu: '3' } } }] });
    assert.equal((await scheduled('big-1')).spec.nodeName, 'stage-worker-2');
    await create('big-2', { tolerations: [{ key: 'dedicated', operator: 'Exists' }],
      containers: [{ name: 'main', image: 'busybox:1.36', resources: { requests: { cpu: '3500m', memory: '1Gi' } } }] });
    assert.equal((await scheduled('big-2')).spec.nodeName, 'stage-control-plane');
    await create('big-3', { tolerations: [{ key: 'dedicated', operator: 'Exists' }],
      containers: [{ name: 'main', image: 'busybox:1.36', resources: { requests: { cpu: '3500m' } } }] });
    p = await scheduled('big-3');
    assert.equal(p.status.conditions[0].message, '0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu. '
      + 'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.');
    // Uncordoned, worker-1 takes the pod that waited for it: the scheduler tries again.
    assert.equal((await k.run(['uncordon', 'stage-worker-1'])).code, 0);
    const placed = await until(async () => (await api.get('/api/v1/namespaces/default/pods/picky')).json().spec.nodeName,
      'picky to be placed after the uncordon');
    assert.equal(placed, 'stage-worker-1');
    await k.run(['taint', 'node', 'stage-worker-2', 'dedicated-']);
  });
});

describe('ResourceQuota and LimitRange', () => {
  const ns = '/api/v1/namespaces/quota';
  test('LimitRange fills container defaults; a quota counts usage and refuses what exceeds it', async () => {
    assert.equal((await api.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'quota' } })).status, 201);
    assert.equal((await api.post(`${ns}/limitranges`, { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'defaults' },
      spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '250m', memory: '128Mi' } }] } })).status, 201);
    const hard = { pods: '2', 'requests.cpu': '600m', 'requests.memory': '1Gi', 'limits.cpu': '2' };
    assert.equal((await api.post(`${ns}/resourcequotas`, { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'compute' }, spec: { hard } })).status, 201);
    const quota = async () => (await api.get(`${ns}/resourcequotas/compute`)).json().status;
    assert.deepEqual(await quota(), { hard, used: { pods: '0', 'requests.cpu': '0', 'requests.memory': '0', 'limits.cpu': '0' } });

    const p1 = await api.post(`${ns}/pods`, pod('p1'));
    assert.equal(p1.status, 201, p1.text);
    const made = p1.json();
    assert.deepEqual(made.spec.containers[0].resources, { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '250m', memory: '128Mi' } });
    assert.equal(made.metadata.annotations['kubernetes.io/limit-ranger'],
      'LimitRanger plugin set: cpu, memory request for container main; cpu, memory limit for container main');
    assert.deepEqual((await quota()).used, { pods: '1', 'requests.cpu': '250m', 'requests.memory': '128Mi', 'limits.cpu': '500m' });

    assert.equal((await api.post(`${ns}/pods`, pod('p2'))).status, 201);
    const p3 = await api.post(`${ns}/pods`, pod('p3'));
    assert.deepEqual(status(p3), { code: 403, kind: 'Status', reason: 'Forbidden', status: 'Failure',
      message: 'pods "p3" is forbidden: exceeded quota: compute, requested: pods=1,requests.cpu=250m, used: pods=2,requests.cpu=500m, limited: pods=2,requests.cpu=600m' });
    // kubectl shows the same refusal.
    const kc = await k.run(['apply', '-n', 'quota', '-f', '-'], { input: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p4}\nspec:\n  containers: [{name: main, image: busybox:1.36}]\n' });
    assert.match(kc.stderr, /pods "p4" is forbidden: exceeded quota: compute, requested: pods=1,requests.cpu=250m, used: pods=2,requests.cpu=500m, limited: pods=2,requests.cpu=600m/);
    // Deleting a pod frees its share.
    // At once: p2's `sleep` ignores SIGTERM and would hold its share for the grace period.
    assert.equal((await api.request('DELETE', `${ns}/pods/p2?gracePeriodSeconds=0`)).status, 200);
    const end = Date.now() + 20000;
    while ((await quota()).used.pods !== '1' && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual((await quota()).used, { pods: '1', 'requests.cpu': '250m', 'requests.memory': '128Mi', 'limits.cpu': '500m' });
    // A controller's pods are admitted too: the second replica does not fit, and the
    // ReplicaSet says why in a FailedCreate event.
    const deploy = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'two' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'two' } },
        template: { metadata: { labels: { app: 'two' } }, spec: { containers: [{ name: 'main', image: 'busybox:1.36' }] } } } };
    assert.equal((await api.post('/apis/apps/v1/namespaces/quota/deployments', deploy)).status, 201);
    let failed;
    const until = Date.now() + 20000;
    while (!failed && Date.now() < until) {
      failed = (await api.get(`${ns}/events?fieldSelector=reason%3DFailedCreate`)).json().items[0];
      if (!failed) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(failed, 'a FailedCreate event');
    assert.equal(failed.involvedObject.kind, 'ReplicaSet');
    assert.equal(failed.type, 'Warning');
    assert.match(failed.message, /^Error creating: pods "two-[a-z0-9]+-[a-z0-9]+" is forbidden: exceeded quota: compute, requested: pods=1,requests\.cpu=250m, used: pods=2,requests\.cpu=500m, limited: pods=2,requests\.cpu=600m$/);
    const two = (await api.get(`${ns}/pods?labelSelector=app%3Dtwo`)).json().items;
    assert.equal(two.length, 1);
  });
});

describe('cluster shape', () => {
  test('kube-system runs the usual healthy system pods; default/kubernetes and endpoint slices exist', async () => {
    const pods = (await api.get('/api/v1/namespaces/kube-system/pods')).json().items;
    const names = pods.map((p) => p.metadata.name);
    for (const c of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'])
      assert.ok(names.includes(`${c}-stage-control-plane`), `${c} in ${names}`);
    assert.equal(names.filter((n) => n.startsWith('kube-proxy-')).length, 3);
    assert.equal(names.filter((n) => n.startsWith('coredns-')).length, 2);
    assert.ok(pods.every((p) => p.status.phase === 'Running'
      && p.status.conditions.find((c) => c.type === 'Ready').status === 'True'));
    const apiserver = pods.find((p) => p.metadata.name === 'kube-apiserver-stage-control-plane');
    assert.deepEqual(apiserver.metadata.ownerReferences.map((o) => [o.kind, o.name]), [['Node', 'stage-control-plane']]);

    const svc = (await api.get('/api/v1/namespaces/default/services/kubernetes')).json();
    assert.equal(svc.spec.clusterIP, '10.96.0.1');
    assert.deepEqual(svc.spec.ports.map((p) => [p.name, p.port, p.targetPort]), [['https', 443, 6443]]);
    const ep = (await api.get('/api/v1/namespaces/default/endpoints/kubernetes')).json();
    assert.deepEqual(ep.subsets[0].ports, [{ name: 'https', port: 6443, protocol: 'TCP' }]);
    const slices = (await api.get('/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dkubernetes')).json();
    assert.equal(slices.items.length, 1);
    assert.equal(slices.items[0].addressType, 'IPv4');
    assert.match(await (await k.run(['get', 'endpointslices', '-n', 'default'])).stdout, /^kubernetes\s/m);

    // A Service's slice follows its pods: the web pods, ready, on their ports.
    // (Pods evicted above are being replaced: compare once the controllers have settled.)
    const settled = async () => {
      const webPods = (await api.get('/api/v1/namespaces/shop/pods?labelSelector=app%3Dweb')).json().items;
      const slices = (await api.get('/apis/discovery.k8s.io/v1/namespaces/shop/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dweb')).json().items;
      const ep = (await api.get('/api/v1/namespaces/shop/endpoints/web')).json();
      const ready = webPods.filter((p) => p.status.conditions?.find((c) => c.type === 'Ready')?.status === 'True');
      const want = ready.map((p) => p.metadata.name).sort();
      const sliced = slices.length === 1 ? slices[0].endpoints.filter((e) => e.conditions.ready).map((e) => e.targetRef.name).sort() : [];
      const listed = (ep.subsets?.[0]?.addresses ?? []).map((a) => a.targetRef.name).sort();
      return want.length === 3 && JSON.stringify(sliced) === JSON.stringify(want) && JSON.stringify(listed) === JSON.stringify(want);
    };
    const end = Date.now() + 20000;
    while (!(await settled()) && Date.now() < end) await new Promise((r) => setTimeout(r, 300));
    assert.ok(await settled(), 'the web Service\'s Endpoints and EndpointSlice list its 3 ready pods');

    // The scheduler's new-style events: eventTime and series, no lastTimestamp.
    const ev = (await api.get('/api/v1/namespaces/kube-system/events?fieldSelector=reason%3DFailedScheduling')).json().items[0];
    assert.equal(ev.lastTimestamp, null);
    assert.equal(ev.firstTimestamp, null);
    assert.match(ev.eventTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    assert.equal(ev.series.count, 2);
    assert.equal(ev.reportingComponent, 'default-scheduler');
    const shown = await k.run(['get', 'events', '-n', 'kube-system', '--field-selector', 'reason=FailedScheduling']);
    assert.match(shown.stdout, /Warning\s+FailedScheduling\s+deployment\/coredns/);
  });
});
