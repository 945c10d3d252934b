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
