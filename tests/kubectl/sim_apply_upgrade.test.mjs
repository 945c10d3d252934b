// Upgrading client-side apply to server-side apply, as kube-apiserver's field manager does it
// (lastAppliedManager, lastAppliedUpdater) and kubectl migrates the managed fields afterwards
// (csaupgrade): `kubectl apply` then `kubectl apply --server-side` with a changed field works
// for the manager kubectl; other managers still conflict; the annotation follows the config.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { makeKubectl } from '../lib/kubectl.mjs';
import { rawApi } from '../lib/rawapi.mjs';
import { startSim } from '../lib/sim.mjs';

const NS = 'upgrade';
const LAST = 'kubectl.kubernetes.io/last-applied-configuration';
let sim;
let k;
let api;

before(async () => {
  sim = await startSim({ clusters: ['stage'], seed: 'demo' });
  k = makeKubectl(sim.kubeconfig('s'));
  api = rawApi(sim.kubeconfig('s'));
  await ok(['apply', '-f', '-'], { input: `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${NS}}\n` });
});
after(async () => { await sim?.stop(); });

const ok = (args, opts) => k.ok(args, opts);
const getJson = async (what) => JSON.parse(await ok(['get', ...what, '-n', NS, '-o', 'json', '--show-managed-fields']));
const managers = (obj) => obj.metadata.managedFields.map((m) => `${m.manager}/${m.operation}`).sort();

const deploy = (name, replicas, image) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${NS}
  labels: {app: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
      - {name: web, image: ${image}}
`;

test('kubectl apply, then apply --server-side with changed fields: no conflict, kubectl owns them', async () => {
  await ok(['apply', '-f', '-'], { input: deploy('web', 2, 'nginx:1.26') });
  const before = await getJson(['deploy', 'web']);
  assert.deepEqual(managers(before).filter((m) => m.startsWith('kubectl')), ['kubectl-client-side-apply/Update']);
  assert.equal(JSON.parse(before.metadata.annotations[LAST]).spec.replicas, 2);

  const r = await k.run(['apply', '--server-side', '-f', '-'], { input: deploy('web', 3, 'nginx:1.27') });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /deployment.apps\/web serverside-applied/);
  const after = await getJson(['deploy', 'web']);
  assert.equal(after.spec.replicas, 3);
  assert.equal(after.spec.template.spec.containers[0].image, 'nginx:1.27');
  // kubectl moved the client-side manager's fields to its own Apply entry (and, first, had
  // the annotation owned by an Apply manager of its own so that it is not orphaned).
  assert.deepEqual(managers(after).filter((m) => m.startsWith('kubectl')), ['kubectl-last-applied/Apply', 'kubectl/Apply']);
  const mine = after.metadata.managedFields.find((m) => m.manager === 'kubectl');
  assert.ok(mine.fieldsV1['f:spec']['f:replicas']);
  assert.ok(mine.fieldsV1['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"web"}']['f:image']);
  // The annotation now records what was applied last, without itself, as Go encodes it.
  const text = after.metadata.annotations[LAST];
  assert.ok(text.endsWith('\n'));
  const last = JSON.parse(text);
  assert.equal(last.spec.replicas, 3);
  assert.equal(last.spec.template.spec.containers[0].image, 'nginx:1.27');
  assert.equal(last.metadata.annotations, undefined);
  assert.equal(text, `${JSON.stringify(sortKeys(last))}\n`, 'sorted keys, compact');

  // And back: a second server-side apply with another change is an ordinary one.
  await ok(['apply', '--server-side', '-f', '-'], { input: deploy('web', 4, 'nginx:1.27') });
  assert.equal((await getJson(['deploy', 'web'])).spec.replicas, 4);
});

test('a ConfigMap: apply then apply --server-side with a changed value', async () => {
  const cm = (v) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: ${NS}}\ndata: {mode: "${v}"}\n`;
  await ok(['apply', '-f', '-'], { input: cm('a') });
  await ok(['apply', '--server-side', '-f', '-'], { input: cm('b') });
  const got = await getJson(['cm', 'settings']);
  assert.equal(got.data.mode, 'b');
  assert.equal(JSON.parse(got.metadata.annotations[LAST]).data.mode, 'b');
});

test('a field another manager changed since the last client-side apply still conflicts', async () => {
  await ok(['apply', '-f', '-'], { input: deploy('api', 2, 'nginx:1.26') });
  const p = await api.req('PATCH', `/apis/apps/v1/namespaces/${NS}/deployments/api?fieldManager=helm`,
    { spec: { replicas: 7 } }, { type: 'application/merge-patch+json' });
  assert.equal(p.status, 200, p.text);
  const r = await k.run(['apply', '--server-side', '-f', '-'], { input: deploy('api', 3, 'nginx:1.26') });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /conflict with "helm" using apps\/v1: \.spec\.replicas/);
  assert.doesNotMatch(r.stderr, /kubectl-client-side-apply/);
  assert.equal((await getJson(['deploy', 'api'])).spec.replicas, 7);
});

test('another field manager gets no upgrade: its apply conflicts with client-side apply', async () => {
  await ok(['apply', '-f', '-'], { input: deploy('other', 2, 'nginx:1.26') });
  const r = await k.run(['apply', '--server-side', '--field-manager=deployer', '-f', '-'],
    { input: deploy('other', 3, 'nginx:1.26') });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /conflict with "kubectl-client-side-apply" using apps\/v1: \.spec\.replicas/);
  const got = await getJson(['deploy', 'other']);
  assert.equal(got.spec.replicas, 2);
  assert.equal(JSON.parse(got.metadata.annotations[LAST]).spec.replicas, 2, 'annotation untouched');
});

function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((key) => [key, sortKeys(v[key])]));
  return v;
}
