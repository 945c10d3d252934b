// Issue 15: k8s_delete with wait=true against the simulator's graceful deletion (issue 17):
// a foreground cascade keeps the owner (finalizer foregroundDeletion) while its pods take
// their grace period, and wait returns only once all of it is gone, with progress on the way;
// an object held by a finalizer makes wait time out with a message naming the finalizer;
// grace_period reaches the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectServe } from './mcp_client.mjs';
import { makeKubectl } from '../lib/kubectl.mjs';
import { startSim } from '../lib/sim.mjs';

// One simulated second lasts STEP_MS real milliseconds: a 20 s grace period is 4 s here.
const STEP_MS = 200;
const NS = 'waits';
let sim;
let served;
let k;
const text = (r) => r.content[0].text;
const call = (name, args, options) => served.client.callTool({ name, arguments: args }, undefined, { timeout: 120_000, ...options });

before(async () => {
  sim = await startSim({ clusters: ['stage'], seed: 'demo', extraArgs: ['--step-ms', String(STEP_MS)] });
  const config = join(sim.dir, 'wait.yaml');
  writeFileSync(config, `default_cluster: stage
audit_log: audit.jsonl
clusters:
  - {name: stage, aliases: [s], kubeconfig: config.s, namespace: ${NS}}
`);
  k = makeKubectl(sim.kubeconfig('s'));
  served = await connectServe({ config, home: sim.dir, cwd: sim.dir, name: 'kubemcp-delete-wait' });
  const ns = await call('k8s_apply', { manifest: `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${NS}}\n` });
  assert.equal(ns.isError, false, text(ns));
});
after(async () => {
  await served?.client.close();
  await sim?.stop();
});

const count = async (what) => JSON.parse(await k.ok(['get', what, '-n', NS, '-l', 'app=fg', '-o', 'json'])).items.length;

test('delete propagation=foreground wait=true returns only after the dependents and the owner are gone', async () => {
  // Its containers ignore SIGTERM (sleep as PID 1), so each pod takes its whole grace period.
  const r = await call('k8s_apply', { manifest: `apiVersion: apps/v1
kind: Deployment
metadata: {name: fg, labels: {app: fg}}
spec:
  replicas: 2
  selector: {matchLabels: {app: fg}}
  template:
    metadata: {labels: {app: fg}}
    spec:
      terminationGracePeriodSeconds: 20
      containers:
      - {name: main, image: busybox:1.36, command: [sleep, "3600"]}
` });
  assert.equal(r.isError, false, text(r));
  await k.ok(['rollout', 'status', 'deploy/fg', '-n', NS, '--timeout=60s']);
  assert.equal(await count('pods'), 2);

  const progress = [];
  const t0 = Date.now();
  const d = await call('k8s_delete', { resource: 'deployment', name: 'fg', propagation: 'foreground', wait: true, timeout: 60 },
    { onprogress: (p) => progress.push(p) });
  const waited = Date.now() - t0;
  assert.equal(d.isError, false, text(d));
  assert.match(text(d), /^deployment\.apps "fg" deleted\nAll 1 gone\.$/m);
  // The pods' grace period (20 simulated seconds) passed before the owner could go.
  assert.ok(waited >= 20 * STEP_MS * 0.8, `returned after ${waited} ms`);
  assert.ok(progress.some((p) => p.message === 'deployment.apps/fg is being deleted (waiting on finalizers: foregroundDeletion)'),
    JSON.stringify(progress));
  assert.ok(progress.every((p) => p.total === 1 && /^deployment\.apps\/fg is (gone|being deleted)/.test(p.message)));
  // Foreground: when the owner is gone its dependents are already gone.
  assert.notEqual((await k.run(['get', 'deploy', 'fg', '-n', NS])).code, 0);
  assert.equal(await count('replicasets'), 0);
  assert.equal(await count('pods'), 0);
});

test('an object held by a finalizer makes wait time out, naming the finalizer', async () => {
  const r = await call('k8s_apply', { manifest: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: held, finalizers: [example.com/hold]}\ndata: {a: "1"}\n' });
  assert.equal(r.isError, false, text(r));
  const progress = [];
  const d = await call('k8s_delete', { resource: 'configmap', name: 'held', wait: true, timeout: 2 },
    { onprogress: (p) => progress.push(p) });
  assert.equal(d.isError, true, text(d));
  assert.match(text(d), /^configmap "held" deleted$/m);
  assert.match(text(d), /^timed out after 2 s waiting for these to be gone: held \(held by finalizers: example\.com\/hold; the controller that set a finalizer removes it when its cleanup is done — if that controller is gone, the finalizer must be removed from metadata\.finalizers by hand\)\. They are marked for deletion/m);
  assert.ok(progress.some((p) => p.message === 'configmap/held is being deleted (waiting on finalizers: example.com/hold)'), JSON.stringify(progress));
  // Still there, marked; gone once the finalizer is removed.
  const cm = JSON.parse(await k.ok(['get', 'cm', 'held', '-n', NS, '-o', 'json']));
  assert.ok(cm.metadata.deletionTimestamp);
  await k.ok(['patch', 'cm', 'held', '-n', NS, '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
  await k.ok(['wait', '--for=delete', 'cm/held', '-n', NS, '--timeout=20s']);
});

test('grace_period reaches the API: the pod is marked with it, and wait sees it go', async () => {
  const r = await call('k8s_apply', { manifest: `apiVersion: v1
kind: Pod
metadata: {name: sleeper}
spec:
  terminationGracePeriodSeconds: 600
  containers:
  - {name: main, image: busybox:1.36, command: [sleep, "3600"]}
` });
  assert.equal(r.isError, false, text(r));
  await k.ok(['wait', '--for=condition=Ready', 'pod/sleeper', '-n', NS, '--timeout=60s']);
  const d = await call('k8s_delete', { resource: 'pod', name: 'sleeper', grace_period: 7 });
  assert.equal(d.isError, false, text(d));
  assert.match(text(d), /^pod "sleeper" deleted$/m);
  const pod = JSON.parse(await k.ok(['get', 'pod', 'sleeper', '-n', NS, '-o', 'json']));
  assert.equal(pod.metadata.deletionGracePeriodSeconds, 7, 'not its own 600 s');
  // Its container ignores SIGTERM: it goes when the 7 s (1.4 s here) are up, long before 600 s.
  const w = await call('k8s_delete', { resource: 'pod', name: 'sleeper', wait: true, timeout: 60 });
  assert.equal(w.isError, false, text(w));
  assert.match(text(w), /All 1 gone\./);
});
