// Issue 14 part B: admission and namespace bootstrap of the simulated API server, as
// kube-apiserver 1.32 and kube-controller-manager do them, proven with the real kubectl and raw
// HTTPS.
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
    // (kubectl create namespace sends protobuf, which the simulator does not speak.)
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
    assert.equal((await api.get(`/api/v1/namespaces/shop/pods/${first}`)).status, 404);
    // The replacement is not ready yet: no room for another.
    assert.equal((await evict(second)).status, 429);
    assert.equal((await pdbStatus()).disruptionsAllowed, 0);
    const allowed = await k.run(['get', 'pdb', 'web', '-n', 'shop', '-o', 'jsonpath={.status.disruptionsAllowed}']);
    assert.equal(allowed.stdout, '0');
  });
});
