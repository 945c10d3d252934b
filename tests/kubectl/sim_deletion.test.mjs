// Graceful deletion in the simulator, proven with the real kubectl (issue 17): a pod is marked
// (deletionTimestamp, deletionGracePeriodSeconds), shows Terminating, its kubelet stops the
// containers and it goes after the grace period; --grace-period=0 --force at once; finalizers
// hold any object; foreground deletion keeps the owner until its dependents are gone; orphan
// strips the dependents' ownerReferences. Watches see MODIFIED on the mark, DELETED at the end.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { makeKubectl, table } from '../lib/kubectl.mjs';
import { rawApi } from '../lib/rawapi.mjs';
import { startSim } from '../lib/sim.mjs';

// One simulated second lasts step/1000 real seconds: a 30 s grace period is 9 s here.
const STEP_MS = 300;
const NS = 'del';
let sim;
let k;
let api;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  sim = await startSim({ clusters: ['stage'], seed: 'demo', extraArgs: ['--step-ms', String(STEP_MS)] });
  k = makeKubectl(sim.kubeconfig('s'));
  api = rawApi(sim.kubeconfig('s'));
  await ok(['apply', '-f', '-'], { input: `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${NS}}\n` });
});
after(async () => { await sim?.stop(); });

const ok = (args, opts) => k.ok(args, opts);

async function getJsonIn(ns, what) {
  const r = await k.run(['get', ...what, '-n', ns, '-o', 'json']);
  return r.code === 0 ? JSON.parse(r.stdout) : null;
}

async function getJson(what) {
  const r = await k.run(['get', ...what, '-n', NS, '-o', 'json']);
  return r.code === 0 ? JSON.parse(r.stdout) : null;
}

// A pod whose PID 1 is `sleep`: it ignores SIGTERM, so it takes its whole grace period.
const sleeper = (name, grace) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${NS}}
spec:
  terminationGracePeriodSeconds: ${grace}
  containers:
  - {name: main, image: busybox:1.36, command: [sleep, "3600"]}
`;

async function runningPod(manifest, name) {
  await ok(['apply', '-f', '-'], { input: manifest });
  await ok(['wait', '--for=condition=Ready', `pod/${name}`, '-n', NS, '--timeout=60s']);
}

test('delete pod: Terminating with its deletion time, Killing events, then gone after the grace period', async () => {
  await runningPod(sleeper('sleeper', 30), 'sleeper');
  const watch = k.start(['get', 'pod', 'sleeper', '-n', NS, '--watch', '--output-watch-events']);
  await watch.waitFor(/ADDED\s+sleeper/);
  const t0 = Date.now();
  assert.match(await ok(['delete', 'pod', 'sleeper', '-n', NS, '--wait=false']), /^pod "sleeper" deleted$/m);
  const row = table(await ok(['get', 'pod', 'sleeper', '-n', NS]))[1];
  assert.equal(row[2], 'Terminating', row.join(' '));
  const pod = await getJson(['pod', 'sleeper']);
  assert.equal(pod.metadata.deletionGracePeriodSeconds, 30);
  const when = Date.parse(pod.metadata.deletionTimestamp);
  assert.ok(Math.abs(when - (t0 + 30000)) < 5000, `deletionTimestamp is about now + 30 s: ${pod.metadata.deletionTimestamp}`);
  // Deleting it again changes nothing: the pod is already terminating.
  const again = await api.req('DELETE', `/api/v1/namespaces/${NS}/pods/sleeper`);
  assert.equal(again.status, 200);
  assert.equal(again.body.metadata.deletionTimestamp, pod.metadata.deletionTimestamp);
  assert.equal(again.body.metadata.resourceVersion, pod.metadata.resourceVersion);

  await ok(['wait', '--for=delete', 'pod/sleeper', '-n', NS, '--timeout=60s']);
  const took = Date.now() - t0;
  assert.ok(took >= 30 * STEP_MS - 500, `a pod ignoring SIGTERM stays for its grace period (${took} ms)`);
  assert.match((await k.run(['get', 'pod', 'sleeper', '-n', NS])).stderr, /NotFound/);
  const events = await ok(['get', 'events', '-n', NS, '--field-selector', 'involvedObject.name=sleeper']);
  assert.match(events, /Killing\s+pod\/sleeper\s+Stopping container main/);
  await watch.waitFor(/DELETED\s+sleeper/);
  const lines = (await watch.stop()).trim().split('\n').filter((l) => /sleeper/.test(l));
  assert.match(lines[0], /^ADDED\s+sleeper\s+1\/1\s+Running/);
  assert.match(lines[1], /^MODIFIED\s+sleeper\s+1\/1\s+Terminating/);
  assert.match(lines.at(-1), /^DELETED\s+sleeper/);
});

test('delete pod: a container that stops on SIGTERM lets its pod go long before the grace period', async () => {
  const web = `apiVersion: v1
kind: Pod
metadata: {name: quick, namespace: ${NS}}
spec:
  terminationGracePeriodSeconds: 100
  containers:
  - {name: web, image: nginx:1.27}
`;
  await runningPod(web, 'quick');
  const t0 = Date.now();
  assert.match(await ok(['delete', 'pod', 'quick', '-n', NS]), /^pod "quick" deleted$/m);
  const took = Date.now() - t0;
  assert.ok(took < 100 * STEP_MS / 2, `nginx exits on SIGTERM: gone in ${took} ms`);
});

test('delete pod: a shorter grace period on a terminating pod brings its end forward', async () => {
  await runningPod(sleeper('shorter', 100), 'shorter');
  const first = await api.req('DELETE', `/api/v1/namespaces/${NS}/pods/shorter`);
  assert.equal(first.body.metadata.deletionGracePeriodSeconds, 100);
  const second = await api.req('DELETE', `/api/v1/namespaces/${NS}/pods/shorter?gracePeriodSeconds=2`);
  assert.equal(second.status, 200);
  assert.equal(second.body.metadata.deletionGracePeriodSeconds, 2);
  assert.equal(Date.parse(second.body.metadata.deletionTimestamp),
    Date.parse(first.body.metadata.deletionTimestamp) - 98000);
  await ok(['wait', '--for=delete', 'pod/shorter', '-n', NS, '--timeout=20s']);
});

test('delete pod --grace-period=0 --force: gone at once', async () => {
  await runningPod(sleeper('forced', 100), 'forced');
  const r = await k.run(['delete', 'pod', 'forced', '-n', NS, '--grace-period=0', '--force']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^pod "forced" force deleted$/m);
  assert.match(r.stderr, /Immediate deletion does not wait for confirmation/);
  assert.match((await k.run(['get', 'pod', 'forced', '-n', NS])).stderr, /NotFound/);
});

test('delete deploy --cascade=foreground: the owner stays, marked, until its dependents are gone', async () => {
  const deploy = `apiVersion: apps/v1
kind: Deployment
metadata: {name: fg, namespace: ${NS}}
spec:
  replicas: 2
  selector: {matchLabels: {app: fg}}
  template:
    metadata: {labels: {app: fg}}
    spec:
      terminationGracePeriodSeconds: 30
      containers:
      - {name: main, image: busybox:1.36, command: [sleep, "3600"]}
`;
  await ok(['apply', '-f', '-'], { input: deploy });
  await ok(['rollout', 'status', 'deploy/fg', '-n', NS, '--timeout=60s']);
  const podsBefore = (await getJson(['pods', '-l', 'app=fg'])).items.map((p) => p.metadata.name).sort();
  assert.equal(podsBefore.length, 2);

  assert.match(await ok(['delete', 'deploy', 'fg', '-n', NS, '--cascade=foreground', '--wait=false']),
    /deployment.apps "fg" deleted/);
  const d = await getJson(['deploy', 'fg']);
  assert.ok(d.metadata.deletionTimestamp, 'the deployment is still there, being deleted');
  assert.deepEqual(d.metadata.finalizers, ['foregroundDeletion']);
  const rs = (await getJson(['rs', '-l', 'app=fg'])).items;
  assert.equal(rs.length, 1);
  assert.ok(rs[0].metadata.deletionTimestamp);
  assert.deepEqual(rs[0].metadata.finalizers, ['foregroundDeletion']);
  const pods = (await getJson(['pods', '-l', 'app=fg'])).items;
  assert.deepEqual(pods.map((p) => p.metadata.name).sort(), podsBefore, 'no replacement pods while the owner goes');
  assert.ok(pods.every((p) => p.metadata.deletionTimestamp));
  assert.match(await ok(['get', 'pods', '-n', NS, '-l', 'app=fg']), /Terminating/);

  await ok(['wait', '--for=delete', 'deploy/fg', '-n', NS, '--timeout=60s']);
  assert.equal((await getJson(['rs', '-l', 'app=fg'])).items.length, 0);
  assert.equal((await getJson(['pods', '-l', 'app=fg'])).items.length, 0);
});

test('delete deploy --cascade=orphan: the ReplicaSet survives without ownerReferences', async () => {
  await ok(['apply', '-f', '-'], { input: `apiVersion: apps/v1
kind: Deployment
metadata: {name: orph, namespace: ${NS}}
spec:
  selector: {matchLabels: {app: orph}}
  template:
    metadata: {labels: {app: orph}}
    spec: {containers: [{name: web, image: nginx:1.27}]}
` });
  await ok(['rollout', 'status', 'deploy/orph', '-n', NS, '--timeout=60s']);
  const rsName = (await getJson(['rs', '-l', 'app=orph'])).items[0].metadata.name;
  assert.match(await ok(['delete', 'deploy', 'orph', '-n', NS, '--cascade=orphan']), /deployment.apps "orph" deleted/);
  assert.match((await k.run(['get', 'deploy', 'orph', '-n', NS])).stderr, /NotFound/);
  const rs = await getJson(['rs', rsName]);
  assert.ok(rs, 'the ReplicaSet is kept');
  assert.equal(rs.metadata.ownerReferences, undefined);
  assert.equal(rs.metadata.deletionTimestamp, undefined);
  const pods = (await getJson(['pods', '-l', 'app=orph'])).items;
  assert.ok(pods.length >= 1 && pods.every((p) => p.metadata.ownerReferences[0].name === rsName));
});

test('a finalizer holds a ConfigMap until it is patched away', async () => {
  await ok(['apply', '-f', '-'], { input: `apiVersion: v1
kind: ConfigMap
metadata: {name: held, namespace: ${NS}, finalizers: [example.com/hold]}
data: {a: "1"}
` });
  assert.match(await ok(['delete', 'cm', 'held', '-n', NS, '--wait=false']), /configmap "held" deleted/);
  await sleep(1000);
  const cm = await getJson(['cm', 'held']);
  assert.ok(cm, 'still there');
  assert.ok(cm.metadata.deletionTimestamp);
  assert.equal(cm.metadata.deletionGracePeriodSeconds, 0);
  assert.deepEqual(cm.metadata.finalizers, ['example.com/hold']);
  await ok(['patch', 'cm', 'held', '-n', NS, '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
  await ok(['wait', '--for=delete', 'cm/held', '-n', NS, '--timeout=20s']);
  assert.match((await k.run(['get', 'cm', 'held', '-n', NS])).stderr, /NotFound/);
});

test('delete namespace: Terminating, new content refused, contents deleted, then gone', async () => {
  const DOOMED = 'doomed';
  // Its own finalizer holds the namespace after the controller has finalized it.
  await ok(['apply', '-f', '-'], { input: `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${DOOMED}, finalizers: [example.com/ns-hold]}\n` });
  await ok(['apply', '-f', '-'], { input: `${sleeper('slow', 10).replaceAll(`namespace: ${NS}`, `namespace: ${DOOMED}`)}---
apiVersion: v1
kind: ConfigMap
metadata: {name: held, namespace: ${DOOMED}, finalizers: [example.com/hold]}
` });
  await ok(['wait', '--for=condition=Ready', 'pod/slow', '-n', DOOMED, '--timeout=60s']);
  // A dry run answers the Terminating namespace and changes nothing.
  const dry = await api.req('DELETE', `/api/v1/namespaces/${DOOMED}?dryRun=All`);
  assert.equal(dry.status, 200, dry.text);
  assert.equal(dry.body.status.phase, 'Terminating');
  assert.equal((await api.req('GET', `/api/v1/namespaces/${DOOMED}`)).body.status.phase, 'Active');

  assert.match(await ok(['delete', 'namespace', DOOMED, '--wait=false']), /^namespace "doomed" deleted$/m);
  const marked = (await api.req('GET', `/api/v1/namespaces/${DOOMED}`)).body;
  assert.equal(marked.status.phase, 'Terminating');
  assert.ok(marked.metadata.deletionTimestamp);
  assert.deepEqual(marked.spec.finalizers, ['kubernetes']);
  assert.match(await ok(['get', 'namespace', DOOMED]), new RegExp(`^${DOOMED}\\s+Terminating\\s`, 'm'));
  // Deleting it again answers it as it is.
  const again = await api.req('DELETE', `/api/v1/namespaces/${DOOMED}`);
  assert.equal(again.status, 200);
  assert.equal(again.body.kind, 'Namespace');
  assert.equal(again.body.metadata.deletionTimestamp, marked.metadata.deletionTimestamp);

  // An update keeps the phase and spec.finalizers (namespaceStrategy.PrepareForUpdate).
  await ok(['label', 'namespace', DOOMED, 'team=gone']);
  const labelled = (await api.req('GET', `/api/v1/namespaces/${DOOMED}`)).body;
  assert.equal(labelled.status.phase, 'Terminating');
  assert.deepEqual(labelled.spec.finalizers, ['kubernetes']);

  // NamespaceLifecycle: nothing new goes in.
  const late = await api.req('POST', `/api/v1/namespaces/${DOOMED}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late' } });
  assert.equal(late.status, 403, late.text);
  assert.deepEqual(late.body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
    message: `configmaps "late" is forbidden: unable to create new content in namespace ${DOOMED} because it is being terminated`,
    reason: 'Forbidden',
    details: { name: 'late', kind: 'configmaps', causes: [{ reason: 'NamespaceTerminating', message: `namespace ${DOOMED} is being terminated`, field: 'metadata.namespace' }] },
    code: 403 });
  const kr = await k.run(['create', 'deployment', 'late', '--image=nginx', '-n', DOOMED]);
  assert.match(kr.stderr, /^error: failed to create deployment: deployments\.apps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated/);

  // The pod terminates gracefully; the ConfigMap's finalizer holds the namespace, and says so.
  const cond = (ns, type) => ns.status.conditions?.find((c) => c.type === type);
  let ns;
  for (const end = Date.now() + 30000; Date.now() < end; await sleep(300)) {
    ns = (await api.req('GET', `/api/v1/namespaces/${DOOMED}`)).body;
    if (cond(ns, 'NamespaceContentRemaining')?.message === 'Some resources are remaining: configmaps. has 1 resource instances') break;
  }
  assert.deepEqual(ns.status.conditions.map((c) => [c.type, c.status, c.reason, c.message]), [
    ['NamespaceDeletionDiscoveryFailure', 'False', 'ResourcesDiscovered', 'All resources successfully discovered'],
    ['NamespaceDeletionGroupVersionParsingFailure', 'False', 'ParsedGroupVersions', 'All legacy kube types successfully parsed'],
    ['NamespaceDeletionContentFailure', 'False', 'ContentDeleted', 'All content successfully deleted, may be waiting on finalization'],
    ['NamespaceContentRemaining', 'True', 'SomeResourcesRemain', 'Some resources are remaining: configmaps. has 1 resource instances'],
    ['NamespaceFinalizersRemaining', 'True', 'SomeFinalizersRemain', 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances'],
  ]);
  assert.equal(ns.status.phase, 'Terminating');
  assert.equal((await k.run(['get', 'pod', 'slow', '-n', DOOMED])).code, 1);
  assert.deepEqual((await getJsonIn(DOOMED, ['pods,events'])).items, []);

  await ok(['patch', 'cm', 'held', '-n', DOOMED, '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
  // Emptied and finalized: only its own finalizer holds it now.
  for (const end = Date.now() + 30000; Date.now() < end && ns.spec.finalizers; await sleep(300))
    ns = (await api.req('GET', `/api/v1/namespaces/${DOOMED}`)).body;
  assert.deepEqual(ns.spec, {});
  assert.equal(ns.status.phase, 'Terminating');
  assert.deepEqual(ns.metadata.finalizers, ['example.com/ns-hold']);
  assert.equal(cond(ns, 'NamespaceContentRemaining').reason, 'ContentRemoved');
  await ok(['patch', 'namespace', DOOMED, '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
  await ok(['wait', '--for=delete', `namespace/${DOOMED}`, '--timeout=30s']);
  assert.equal((await api.req('GET', `/api/v1/namespaces/${DOOMED}`)).status, 404);
  // The name is free again, for a new, empty namespace.
  await ok(['create', 'namespace', DOOMED]);
  assert.deepEqual((await getJsonIn(DOOMED, ['configmaps'])).items.map((c) => c.metadata.name), ['kube-root-ca.crt']);
});

test('delete namespace: default, kube-system and kube-public may not be deleted', async () => {
  for (const name of ['default', 'kube-system', 'kube-public']) {
    const r = await api.req('DELETE', `/api/v1/namespaces/${name}`);
    assert.equal(r.status, 403);
    assert.deepEqual(r.body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: `namespaces "${name}" is forbidden: this namespace may not be deleted`, reason: 'Forbidden',
      details: { name, kind: 'namespaces' }, code: 403 });
  }
  const kr = await k.run(['delete', 'namespace', 'default']);
  assert.match(kr.stderr, /Error from server \(Forbidden\): namespaces "default" is forbidden: this namespace may not be deleted/);
});
