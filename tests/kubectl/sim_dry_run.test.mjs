// dryRun=All means nothing changes (issue 17): every write the simulator serves — create,
// update, the four patch types, server-side apply, delete, delete collection, and the
// subresources scale, status, eviction and binding — answers what would happen, while the
// store, the resourceVersion, the controllers, the events and the watches see nothing. Each
// verb is tried with kubectl --dry-run=server where kubectl has it, raw requests elsewhere, and
// the namespace's objects, events and the cluster's resourceVersion compared before and after.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { makeKubectl } from '../lib/kubectl.mjs';
import { rawApi } from '../lib/rawapi.mjs';
import { startSim } from '../lib/sim.mjs';

const NS = 'dry';
let sim;
let k;
let api;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const KINDS = ['/api/v1/namespaces/dry/pods', '/api/v1/namespaces/dry/configmaps', '/api/v1/namespaces/dry/events',
  '/apis/apps/v1/namespaces/dry/deployments', '/apis/apps/v1/namespaces/dry/replicasets',
  '/apis/policy/v1/namespaces/dry/poddisruptionbudgets'];

// Everything a write could touch: the namespace's objects and events, and the cluster-wide
// resourceVersion (any write anywhere moves it).
async function snapshot() {
  const out = {};
  for (const path of KINDS) {
    const r = await api.req('GET', path);
    assert.equal(r.status, 200, r.text);
    out[path] = r.body.items.map((o) => JSON.stringify(o)).sort();
  }
  out.rv = (await api.req('GET', '/api/v1/namespaces/dry/configmaps?limit=1')).body.metadata.resourceVersion;
  return out;
}

async function unchanged(what, fn) {
  const before = await snapshot();
  const result = await fn();
  await sleep(300);  // a controller woken by a leaked event would have written by now
  assert.deepEqual(await snapshot(), before, `${what} changed something`);
  return result;
}

const ok = (args, opts) => k.ok(args, opts);

async function settled() {
  // Quiet: two snapshots a step apart agree.
  for (let i = 0; i < 60; i++) {
    const a = await snapshot();
    await sleep(500);
    if (JSON.stringify(a) === JSON.stringify(await snapshot())) return;
  }
  throw new Error('the namespace never settled');
}

const manifests = `apiVersion: v1
kind: ConfigMap
metadata: {name: conf, namespace: ${NS}}
data: {a: "1"}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${NS}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx:1.27}]}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web, namespace: ${NS}}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: web}}
---
apiVersion: v1
kind: Pod
metadata: {name: unplaced, namespace: ${NS}}
spec:
  nodeSelector: {no-such-node: "true"}
  containers: [{name: main, image: busybox:1.36, command: [sleep, "3600"]}]
`;

before(async () => {
  sim = await startSim({ clusters: ['stage'], seed: 'empty', extraArgs: ['--step-ms', '200'] });
  k = makeKubectl(sim.kubeconfig('s'));
  api = rawApi(sim.kubeconfig('s'));
  await ok(['apply', '-f', '-'], { input: `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${NS}}\n` });
  await ok(['apply', '-f', '-'], { input: manifests });
  await ok(['rollout', 'status', 'deploy/web', '-n', NS, '--timeout=60s']);
  await settled();
});
after(async () => { await sim?.stop(); });

const podOf = async () => (await api.req('GET', '/api/v1/namespaces/dry/pods?labelSelector=app%3Dweb')).body.items[0].metadata.name;

test('create: kubectl create -f and apply --dry-run=server answer the object and store nothing', async () => {
  const out = await unchanged('create', () => ok(['create', '--dry-run=server', '-o', 'json', '-f', '-'],
    { input: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fresh, namespace: ${NS}}\ndata: {k: v}\n` }));
  const made = JSON.parse(out);
  assert.equal(made.metadata.name, 'fresh');
  assert.equal(made.data.k, 'v');
  assert.ok(made.metadata.uid);
  assert.equal(made.metadata.resourceVersion, undefined);
  await unchanged('create (apply)', () => ok(['apply', '--dry-run=server', '-f', '-'],
    { input: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fresh2, namespace: ${NS}}\n` }));
  // A deployment created in a dry run starts no controller: no ReplicaSet, no pods, no events.
  await unchanged('create deployment', () => ok(['apply', '--dry-run=server', '-f', '-'],
    { input: manifests.split('---')[1].replace('name: web', 'name: ghost').replaceAll('app: web', 'app: ghost') }));
});

test('update: kubectl replace --dry-run=server', async () => {
  const out = await unchanged('update', () => ok(['replace', '--dry-run=server', '-o', 'json', '-f', '-'],
    { input: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: conf, namespace: ${NS}}\ndata: {a: "2"}\n` }));
  assert.equal(JSON.parse(out).data.a, '2');
});

test('patch: merge, JSON, strategic and server-side apply', async () => {
  for (const [type, body] of [['merge', '{"data":{"a":"m"}}'], ['json', '[{"op":"replace","path":"/data/a","value":"j"}]'],
    ['strategic', '{"data":{"a":"s"}}']]) {
    const out = await unchanged(`${type} patch`, () => ok(['patch', 'cm', 'conf', '-n', NS, '--type', type, '-p', body, '--dry-run=server', '-o', 'json']));
    assert.equal(JSON.parse(out).data.a, type[0]);
  }
  const applied = await unchanged('server-side apply', () => ok(['apply', '--server-side', '--dry-run=server', '-o', 'json', '-f', '-'],
    { input: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: conf, namespace: ${NS}}\ndata: {a: "x"}\n` }));
  assert.equal(JSON.parse(applied).data.a, 'x');
  const created = await unchanged('server-side apply (create)', () => api.req('PATCH',
    `/api/v1/namespaces/${NS}/configmaps/brand-new?dryRun=All&fieldManager=t`,
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: brand-new}\n`, { type: 'application/apply-patch+yaml' }));
  assert.equal(created.status, 201, created.text);
  // Scaling a deployment by patch would have made its controller act.
  await unchanged('deployment patch', () => ok(['patch', 'deploy', 'web', '-n', NS, '-p', '{"spec":{"replicas":4}}', '--dry-run=server']));
});

test('delete: a ConfigMap, a pod (graceful), a deployment in the foreground, and a collection', async () => {
  assert.match(await unchanged('delete cm', () => ok(['delete', 'cm', 'conf', '-n', NS, '--dry-run=server'])),
    /configmap "conf" deleted \(server dry run\)/);
  const pod = await podOf();
  const answer = await unchanged('delete pod', () => api.req('DELETE', `/api/v1/namespaces/${NS}/pods/${pod}?dryRun=All`));
  assert.equal(answer.status, 200);
  assert.equal(answer.body.metadata.deletionGracePeriodSeconds, 30, 'the answer is the pod as it would be marked');
  await unchanged('delete deployment', () => ok(['delete', 'deploy', 'web', '-n', NS, '--cascade=foreground', '--dry-run=server']));
  const coll = await unchanged('delete collection', () => api.req('DELETE', `/api/v1/namespaces/${NS}/configmaps?dryRun=All`));
  assert.equal(coll.status, 200);
  assert.ok(coll.body.items.some((c) => c.metadata.name === 'conf'));
});

test('subresources: scale, status, eviction, binding', async () => {
  assert.match(await unchanged('scale', () => ok(['scale', 'deploy', 'web', '-n', NS, '--replicas=5', '--dry-run=server'])),
    /deployment.apps\/web scaled \(server dry run\)/);
  const st = await unchanged('status', () => api.req('PATCH', `/apis/apps/v1/namespaces/${NS}/deployments/web/status?dryRun=All`,
    { status: { replicas: 9 } }, { type: 'application/merge-patch+json' }));
  assert.equal(st.status, 200);
  assert.equal(st.body.status.replicas, 9);
  const pod = await podOf();
  const eviction = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod, namespace: NS } };
  const ev = await unchanged('eviction', () => api.req('POST', `/api/v1/namespaces/${NS}/pods/${pod}/eviction?dryRun=All`, eviction));
  assert.equal(ev.status, 201, ev.text);
  const ev2 = await unchanged('eviction (deleteOptions)', () => api.req('POST', `/api/v1/namespaces/${NS}/pods/${pod}/eviction`,
    { ...eviction, deleteOptions: { dryRun: ['All'] } }));
  assert.equal(ev2.status, 201, ev2.text);
  const binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'unplaced' }, target: { kind: 'Node', name: 'stage-worker-1' } };
  const b = await unchanged('binding', () => api.req('POST', `/api/v1/namespaces/${NS}/pods/unplaced/binding?dryRun=All`, binding));
  assert.equal(b.status, 201, b.text);
  assert.deepEqual(b.body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' });
  const bad = await api.req('POST', `/api/v1/namespaces/${NS}/pods/unplaced/binding?dryRun=Some`, binding);
  assert.equal(bad.status, 400);
  // As upstream, BindingREST's validation errors come back unconverted: a 500 with their text.
  const noTarget = await api.req('POST', `/api/v1/namespaces/${NS}/pods/unplaced/binding?dryRun=All`, { ...binding, target: {} });
  assert.equal(noTarget.status, 500);
  assert.equal(noTarget.body.message, 'target.name: Required value');
});

test('the comparison is real: the same binding and eviction without dryRun change things', async () => {
  const before = await snapshot();
  const binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'unplaced' }, target: { kind: 'Node', name: 'stage-worker-1' } };
  assert.equal((await api.req('POST', `/api/v1/namespaces/${NS}/pods/unplaced/binding`, binding)).status, 201);
  const placed = (await api.req('GET', `/api/v1/namespaces/${NS}/pods/unplaced`)).body;
  assert.equal(placed.spec.nodeName, 'stage-worker-1');
  assert.notDeepEqual(await snapshot(), before);
  const again = await api.req('POST', `/api/v1/namespaces/${NS}/pods/unplaced/binding`, binding);
  assert.equal(again.status, 409);
  assert.equal(again.body.message, 'Operation cannot be fulfilled on pods/binding "unplaced": pod unplaced is already assigned to node "stage-worker-1"');
  const pod = await podOf();
  const ev = await api.req('POST', `/api/v1/namespaces/${NS}/pods/${pod}/eviction`,
    { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod, namespace: NS } });
  assert.equal(ev.status, 201, ev.text);
  const evicted = (await api.req('GET', `/api/v1/namespaces/${NS}/pods/${pod}`)).body;
  assert.ok(evicted.metadata.deletionTimestamp, 'an eviction deletes gracefully');
});
