// kubectl's typed commands against the simulator (issue 17): they send protobuf bodies
// (application/vnd.kubernetes.protobuf) and accept protobuf answers; `auth whoami` and
// `auth can-i` ask SelfSubjectReview and SelfSubjectAccessReview / SelfSubjectRulesReview.
// Every result is read back with `kubectl get -o json`.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { makeKubectl } from '../lib/kubectl.mjs';
import { startSim } from '../lib/sim.mjs';

let sim;
let k; // admin bearer token (config.s)
const as = {};

before(async () => {
  sim = await startSim({ clusters: ['stage'] });
  k = makeKubectl(sim.kubeconfig('s'));
  as.admin = k;
  as.cert = makeKubectl(sim.kubeconfig('cert'));
  as.exec = makeKubectl(sim.kubeconfig('exec'));
  as.viewer = makeKubectl(path.join(sim.dir, 'config.viewer'));
});
after(async () => { await sim?.stop(); });

async function ok(kc, args, opts) {
  const r = await kc.run(args, opts);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}
const getJson = async (...args) => JSON.parse(await ok(k, ['get', ...args, '-o', 'json']));

describe('typed creates send and receive protobuf', () => {
  test('create deployment: the request and the answer are protobuf', async () => {
    // -v=8 prints the headers of each request and response.
    const r = await k.run(['create', 'deployment', 'web', '--image=nginx', '-v=8']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^deployment\.apps\/web created$/m);
    const at = r.stderr.indexOf('POST https://');
    assert.ok(at >= 0, r.stderr);
    const post = r.stderr.slice(at);
    assert.match(post, /Content-Type: application\/vnd\.kubernetes\.protobuf/);
    assert.match(post, /Response Headers:[\s\S]*Content-Type: application\/vnd\.kubernetes\.protobuf/);
    const d = await getJson('deployment', 'web');
    assert.equal(d.spec.replicas, 1);
    assert.deepEqual(d.spec.selector, { matchLabels: { app: 'web' } });
    assert.deepEqual(d.spec.template.metadata.labels, { app: 'web' });
    assert.equal(d.spec.template.spec.containers[0].name, 'nginx');
    assert.equal(d.spec.template.spec.containers[0].image, 'nginx');
    assert.equal(d.spec.strategy.type, 'RollingUpdate');
    assert.equal(d.spec.strategy.rollingUpdate.maxSurge, '25%');
  });

  test('create deployment with replicas and a port', async () => {
    assert.match(await ok(k, ['create', 'deployment', 'api', '--image=nginx:1.27', '--replicas=0', '--port=8080']),
      /deployment\.apps\/api created/);
    const d = await getJson('deployment', 'api');
    assert.equal(d.spec.replicas, 0, 'a replicas of 0 sent in protobuf stays 0');
    assert.deepEqual(d.spec.template.spec.containers[0].ports, [{ containerPort: 8080, protocol: 'TCP' }]);
  });

  test('create configmap', async () => {
    assert.match(await ok(k, ['create', 'configmap', 'settings', '--from-literal=mode=fast', '--from-literal=level=3']),
      /configmap\/settings created/);
    assert.deepEqual((await getJson('configmap', 'settings')).data, { level: '3', mode: 'fast' });
  });

  test('create secret generic: bytes travel raw, read back as base64', async () => {
    assert.match(await ok(k, ['create', 'secret', 'generic', 'creds', '--from-literal=password=hunter2']),
      /secret\/creds created/);
    const s = await getJson('secret', 'creds');
    assert.equal(s.type, 'Opaque');
    assert.equal(Buffer.from(s.data.password, 'base64').toString(), 'hunter2');
  });

  test('create namespace', async () => {
    assert.match(await ok(k, ['create', 'namespace', 'team-a']), /namespace\/team-a created/);
    const ns = await getJson('namespace', 'team-a');
    assert.equal(ns.metadata.name, 'team-a');
    assert.equal(ns.status.phase, 'Active');
  });

  test('create job', async () => {
    assert.match(await ok(k, ['create', 'job', 'hello', '--image=busybox', '--', 'echo', 'hi']),
      /job\.batch\/hello created/);
    const j = await getJson('job', 'hello');
    const c = j.spec.template.spec.containers[0];
    assert.equal(c.image, 'busybox');
    assert.deepEqual(c.command, ['echo', 'hi']);
    assert.equal(j.spec.template.spec.restartPolicy, 'Never');
  });

  test('run', async () => {
    assert.match(await ok(k, ['run', 'tmp', '--image=busybox', '--restart=Never', '--labels=app=tmp',
      '--env=MODE=test', '--', 'sleep', '3600']), /pod\/tmp created/);
    const p = await getJson('pod', 'tmp');
    assert.deepEqual(p.metadata.labels, { app: 'tmp' });
    assert.equal(p.spec.restartPolicy, 'Never');
    assert.deepEqual(p.spec.containers[0].args, ['sleep', '3600']);
    assert.deepEqual(p.spec.containers[0].env, [{ name: 'MODE', value: 'test' }]);
  });

  test('expose', async () => {
    assert.match(await ok(k, ['expose', 'deployment', 'web', '--port=80', '--target-port=8080']),
      /service\/web exposed/);
    const s = await getJson('service', 'web');
    assert.deepEqual(s.spec.selector, { app: 'web' });
    assert.equal(s.spec.ports[0].port, 80);
    assert.equal(s.spec.ports[0].targetPort, 8080);
    assert.equal(s.spec.ports[0].protocol, 'TCP');
    assert.match(s.spec.clusterIP, /^\d+\.\d+\.\d+\.\d+$/);
  });

  test('errors come back as a protobuf Status kubectl reads', async () => {
    const r = await k.run(['create', 'configmap', 'settings', '--from-literal=a=b', '-v=8']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /409 Conflict[\s\S]*Content-Type: application\/vnd\.kubernetes\.protobuf/);
    assert.match(r.stderr, /configmaps "settings" already exists/);
  });
});

describe('auth whoami', () => {
  const whoami = async (who) => JSON.parse(await ok(as[who], ['auth', 'whoami', '-o', 'json']));

  test('the admin token', async () => {
    const r = await whoami('admin');
    assert.equal(r.kind, 'SelfSubjectReview');
    assert.equal(r.status.userInfo.username, 'sim-admin');
    assert.deepEqual(r.status.userInfo.groups, ['system:masters', 'system:authenticated']);
    assert.match(r.status.userInfo.uid, /^[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  test('the client certificate, with its credential id', async () => {
    const r = await whoami('cert');
    assert.equal(r.status.userInfo.username, 'sim-cert-admin');
    assert.deepEqual(r.status.userInfo.groups, ['system:masters', 'system:authenticated']);
    assert.match(r.status.userInfo.extra['authentication.kubernetes.io/credential-id'][0], /^X509SHA256=[0-9a-f]{64}$/);
    const table = await ok(as.cert, ['auth', 'whoami']);
    assert.match(table, /^Username\s+sim-cert-admin$/m);
    assert.match(table, /^Extra: authentication\.kubernetes\.io\/credential-id\s+\[X509SHA256=/m);
  });

  test('the exec plugin user and the viewer', async () => {
    assert.equal((await whoami('exec')).status.userInfo.username, 'sim-exec-user');
    const v = await whoami('viewer');
    assert.equal(v.status.userInfo.username, 'sim-viewer');
    assert.deepEqual(v.status.userInfo.groups, ['sim:viewers', 'system:authenticated']);
  });
});

describe('auth can-i', () => {
  const canI = async (who, ...args) => {
    const r = await as[who].run(['auth', 'can-i', ...args]);
    return { code: r.code, out: r.stdout.trim(), err: r.stderr };
  };

  test('yes for the admin', async () => {
    assert.deepEqual(await canI('admin', 'create', 'deployments'), { code: 0, out: 'yes', err: '' });
    assert.equal((await canI('admin', 'delete', 'secrets', '-n', 'kube-system')).out, 'yes');
    assert.equal((await canI('cert', 'create', 'pods')).out, 'yes');
  });

  test('no for the viewer writing or reading Secrets, yes for reading the rest', async () => {
    const denied = await canI('viewer', 'create', 'deployments');
    assert.equal(denied.out, 'no');
    assert.equal(denied.code, 1);
    assert.equal((await canI('viewer', 'get', 'secrets')).out, 'no');
    assert.equal((await canI('viewer', 'list', 'pods', '-A')).out, 'yes');
    assert.equal((await canI('viewer', 'watch', 'deployments.apps')).out, 'yes');
    assert.equal((await canI('viewer', 'get', '/version')).out, 'yes');
    assert.equal((await canI('viewer', 'post', '/version')).out, 'no');
  });

  test('the answer agrees with what the server then does', async () => {
    assert.equal((await canI('viewer', 'create', 'configmaps')).out, 'no');
    const r = await as.viewer.run(['create', 'configmap', 'nope', '--from-literal=a=b']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /configmaps is forbidden: User "sim-viewer" cannot create resource "configmaps" in API group "" in the namespace "default"/);
  });

  test('--list for the admin: everything', async () => {
    const out = await ok(as.admin, ['auth', 'can-i', '--list']);
    assert.match(out, /^\*\.\*\s+\[\]\s+\[\]\s+\[\*\]$/m);
    assert.match(out, /^\s*\[\*\]\s+\[\]\s+\[\*\]$/m);
    assert.match(out, /^selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]$/m);
  });

  test('--list for the viewer: reads, no Secrets', async () => {
    const out = await ok(as.viewer, ['auth', 'can-i', '--list']);
    assert.match(out, /^pods\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
    assert.match(out, /^deployments\.apps\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
    assert.doesNotMatch(out, /^secrets/m);
    assert.doesNotMatch(out, /^\*\.\*/m);
    assert.match(out, /\[\/version\]\s+\[\]\s+\[get\]/);
  });
});

describe('discovery lists the reviews as upstream does', () => {
  test('aggregated (kubectl api-resources): cluster-scoped, create only', async () => {
    const out = await ok(k, ['api-resources', '-o', 'wide', '--api-group=authorization.k8s.io']);
    assert.match(out, /^selfsubjectaccessreviews\s+authorization\.k8s\.io\/v1\s+false\s+SelfSubjectAccessReview\s+create\s*$/m);
    assert.match(out, /^selfsubjectrulesreviews\s+authorization\.k8s\.io\/v1\s+false\s+SelfSubjectRulesReview\s+create\s*$/m);
    const authn = await ok(k, ['api-resources', '-o', 'wide', '--api-group=authentication.k8s.io']);
    assert.match(authn, /^selfsubjectreviews\s+authentication\.k8s\.io\/v1\s+false\s+SelfSubjectReview\s+create\s*$/m);
  });

  test('legacy APIResourceList', async () => {
    const list = JSON.parse(await ok(k, ['get', '--raw', '/apis/authentication.k8s.io/v1']));
    assert.deepEqual(list.resources, [{ name: 'selfsubjectreviews', singularName: 'selfsubjectreview',
      namespaced: false, kind: 'SelfSubjectReview', verbs: ['create'] }]);
  });

  test('a review is created, never read back', async () => {
    const r = await k.run(['get', '--raw', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /MethodNotAllowed|the server does not allow this method/);
  });
});
