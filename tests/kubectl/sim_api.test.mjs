// The simulated API server proven by the real kubectl (issue 3): reads, writes, watch,
// discovery, CRDs and authentication, against bearer-token, client-certificate and
// exec-plugin kubeconfigs.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { makeKubectl, table } from '../lib/kubectl.mjs';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { credentials } from '../lib/ws.mjs';
import { startSim } from '../lib/sim.mjs';

let sim;
let k; // kubectl on config.s (bearer token)

before(async () => {
  sim = await startSim({ clusters: ['stage', 'production'], seed: 'demo' });
  k = makeKubectl(sim.kubeconfig('s'));
});
after(async () => { await sim?.stop(); });

async function ok(kc, args, opts) {
  const r = await kc.run(args, opts);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

const deployment = (name, replicas, images = ['nginx:1.27']) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: default
  labels: {app: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
${images.map((img, i) => `      - name: c${i}\n        image: ${img}\n`).join('')}`;

describe('get', () => {
  test('table shows kubectl pod columns and the broken pods', async () => {
    const rows = table(await ok(k, ['get', 'pods', '-n', 'shop']));
    assert.deepEqual(rows[0], ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    const status = Object.fromEntries(rows.slice(1).map((r) => [r[0].replace(/-[a-z0-9]+-[a-z0-9]+$/, ''), r]));
    assert.equal(status.worker[2], 'CrashLoopBackOff');
    // Seeded with 23 restarts; a crash-looping container keeps restarting (every 20 steps here),
    // so a slow, loaded run may already see more.
    const restarts = /^(\d+) \(\d+m?\d*s? ago\)$/.exec(status.worker[3]);
    assert.ok(restarts && Number(restarts[1]) >= 23, status.worker[3]);
    assert.equal(status.recommender[2], 'ImagePullBackOff');
    assert.equal(status.trainer[2], 'Pending');
    assert.equal(status.web[1], '1/1');
    assert.equal(status.web[2], 'Running');
    const db = rows.find((r) => r[0] === 'db-0');
    assert.deepEqual(db.slice(1, 4), ['1/1', 'Running', '0']);
    assert.equal(db[4], '10d');
  });

  test('-o wide adds IP, NODE, NOMINATED NODE, READINESS GATES', async () => {
    const rows = table(await ok(k, ['get', 'pods', '-n', 'shop', '-o', 'wide']));
    assert.deepEqual(rows[0].slice(5), ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    const db = rows.find((r) => r[0] === 'db-0');
    assert.match(db[5], /^10\.244\.\d+\.\d+$/);
    assert.match(db[6], /^stage-(worker-\d|control-plane)$/);
    const pending = rows.find((r) => r[0].startsWith('trainer-'));
    assert.equal(pending[5], '<none>');
    const deploy = table(await ok(k, ['get', 'deploy', '-n', 'shop', '-o', 'wide']));
    assert.deepEqual(deploy[0], ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
    assert.deepEqual(deploy.find((r) => r[0] === 'web').slice(1, 4).concat(deploy.find((r) => r[0] === 'web').slice(5)),
      ['3/3', '3', '3', 'nginx', 'nginx:1.27.3', 'app=web']);
  });

  test('-o yaml and -o json return the objects', async () => {
    const y = await ok(k, ['get', 'pod', 'db-0', '-n', 'shop', '-o', 'yaml']);
    assert.match(y, /^kind: Pod$/m);
    assert.match(y, /^ {2}name: db-0$/m);
    assert.match(y, /claimName: data-db-0/);
    const j = JSON.parse(await ok(k, ['get', 'svc', '-n', 'shop', '-o', 'json']));
    assert.equal(j.kind, 'List');
    const names = j.items.map((i) => i.metadata.name).sort();
    assert.deepEqual(names, ['api', 'db', 'web', 'web-public']);
    assert.equal(j.items.find((i) => i.metadata.name === 'web-public').spec.ports[0].nodePort, 30080);
  });

  test('-A reads namespaces from the rows', async () => {
    const rows = table(await ok(k, ['get', 'pods', '-A']));
    assert.deepEqual(rows[0].slice(0, 2), ['NAMESPACE', 'NAME']);
    assert.equal(rows.filter((r) => r[0] === 'monitoring' && r[1].startsWith('node-exporter-')).length, 3);
    assert.ok(rows.some((r) => r[0] === 'shop' && r[1] === 'db-0'));
  });

  test('-l and --field-selector filter on the server', async () => {
    const web = table(await ok(k, ['get', 'pods', '-n', 'shop', '-l', 'app=web']));
    assert.equal(web.length, 4);
    assert.ok(web.slice(1).every((r) => r[0].startsWith('web-')));
    const setBased = table(await ok(k, ['get', 'pods', '-n', 'shop', '-l', 'app in (db,api),app!=api']));
    assert.deepEqual(setBased.slice(1).map((r) => r[0]), ['db-0']);
    const pending = table(await ok(k, ['get', 'pods', '-A', '--field-selector', 'status.phase=Pending']));
    assert.deepEqual(pending.slice(1).map((r) => r[1].replace(/-[a-z0-9]+-[a-z0-9]+$/, '')), ['recommender', 'trainer']);
    const none = await k.run(['get', 'pods', '-n', 'shop', '-l', 'app=nope']);
    assert.match(none.stderr, /No resources found in shop namespace/);
  });

  test('--chunk-size pages through the list', async () => {
    const all = table(await ok(k, ['get', 'pods', '-n', 'shop']));
    const paged = table(await ok(k, ['get', 'pods', '-n', 'shop', '--chunk-size=2']));
    assert.deepEqual(paged.map((r) => r[0]), all.map((r) => r[0]));
    const raw = JSON.parse(await ok(k, ['get', '--raw', '/api/v1/namespaces/shop/pods?limit=4']));
    assert.equal(raw.items.length, 4);
    assert.equal(raw.metadata.remainingItemCount, all.length - 1 - 4);
    const next = JSON.parse(await ok(k, ['get', '--raw',
      `/api/v1/namespaces/shop/pods?limit=4&continue=${encodeURIComponent(raw.metadata.continue)}`]));
    assert.notEqual(next.items[0].metadata.name, raw.items[3].metadata.name);
  });

  test('-w shows a change as it happens', async () => {
    const w = k.start(['get', 'deploy', '-n', 'shop', '-w']);
    await w.waitFor(/^web\s+3\/3/m);
    await ok(k, ['scale', 'deploy', 'web', '-n', 'shop', '--replicas=5']);
    await w.waitFor(/^web\s+\d\/5/m);
    await w.stop();
    await ok(k, ['scale', 'deploy', 'web', '-n', 'shop', '--replicas=3']);
  });

  test('get --raw /version reports 1.32', async () => {
    const v = JSON.parse(await ok(k, ['get', '--raw', '/version']));
    assert.equal(v.major, '1');
    assert.equal(v.minor, '32');
    assert.match(v.gitVersion, /^v1\.32\./);
  });

  test('other kinds print their kubectl columns', async () => {
    const nodes = table(await ok(k, ['get', 'nodes']));
    assert.deepEqual(nodes[0], ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    assert.deepEqual(nodes.find((r) => r[0] === 'stage-control-plane').slice(1, 3), ['Ready', 'control-plane']);
    const jobs = table(await ok(k, ['get', 'jobs', '-n', 'shop']));
    assert.deepEqual(jobs[1].slice(0, 4), ['db-migrate-241', 'Complete', '1/1', '41s']);
    const cj = table(await ok(k, ['get', 'cronjobs', '-n', 'shop']));
    assert.deepEqual(cj[0].slice(0, 6), ['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE']);
    const sec = table(await ok(k, ['get', 'secrets', '-n', 'shop']));
    assert.deepEqual(sec.find((r) => r[0] === 'db-credentials').slice(1, 3), ['Opaque', '2']);
    const ing = table(await ok(k, ['get', 'ingress', '-n', 'shop']));
    assert.deepEqual(ing[1].slice(0, 5), ['shop', 'nginx', 'shop.example.test', '172.18.0.100', '80, 443']);
    const ds = table(await ok(k, ['get', 'ds', '-n', 'monitoring']));
    assert.deepEqual(ds[1].slice(0, 7), ['node-exporter', '3', '3', '3', '3', '3', '<none>']);
    const ev = await ok(k, ['get', 'events', '-n', 'shop', '--sort-by=.lastTimestamp']);
    assert.match(ev.split('\n')[0], /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
    assert.match(ev, /Warning\s+BackOff\s+pod\/worker-/);
  });
});

describe('describe', () => {
  test('pod shows state, restarts and events', async () => {
    const pod = table(await ok(k, ['get', 'pods', '-n', 'shop', '-l', 'app=worker']))[1][0];
    const d = await ok(k, ['describe', 'pod', pod, '-n', 'shop']);
    assert.match(d, /Reason:\s+CrashLoopBackOff/);
    assert.ok(Number(/Restart Count:\s+(\d+)/.exec(d)[1]) >= 23, 'seeded restarts, or more since');
    assert.match(d, /Warning\s+BackOff\s+.*kubelet\s+Back-off restarting failed container worker/);
  });
  test('deployment shows replicas and its new ReplicaSet', async () => {
    const d = await ok(k, ['describe', 'deployment', 'api', '-n', 'shop']);
    assert.match(d, /Replicas:\s+2 desired \| 2 updated \| 2 total \| 2 available \| 0 unavailable/);
    assert.match(d, /NewReplicaSet:\s+api-[a-z0-9]+ \(2\/2 replicas created\)/);
    assert.match(d, /DB_HOST:\s+db/);
  });
  test('node shows its info and the pods on it', async () => {
    const d = await ok(k, ['describe', 'node', 'stage-worker-1']);
    assert.match(d, /Kubelet Version:\s+v1\.32\.2/);
    assert.match(d, /Container Runtime Version:\s+containerd:\/\/1\.7\.24/);
    assert.match(d, /Non-terminated Pods:\s+\(\d+ in total\)/);
    assert.match(d, /Ready\s+True\s+.*KubeletReady/);
  });
});

test('api-resources lists built-in kinds and CRDs', async () => {
  const rows = table(await ok(k, ['api-resources']));
  assert.deepEqual(rows[0], ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
  assert.deepEqual(rows.find((r) => r[0] === 'deployments'), ['deployments', 'deploy', 'apps/v1', 'true', 'Deployment']);
  assert.deepEqual(rows.find((r) => r[0] === 'widgets'), ['widgets', 'wd', 'example.com/v1', 'true', 'Widget']);
  assert.deepEqual(rows.find((r) => r[0] === 'nodes'), ['nodes', 'no', 'v1', 'false', 'Node']);
});

test('aggregated discovery when asked, legacy otherwise; 401 Status exactly', async () => {
  const { server, ca, token } = credentials(readFileSync(sim.kubeconfig('s'), 'utf8'));
  const get = (p, headers) => new Promise((resolve, reject) => {
    https.get(`${server}${p}`, { ca, headers }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], body }));
    }).on('error', reject);
  });
  const auth = { Authorization: `Bearer ${token}` };
  const agg = await get('/apis', { ...auth, Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' });
  assert.equal(agg.type, 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
  const apps = JSON.parse(agg.body).items.find((i) => i.metadata.name === 'apps');
  const deploy = apps.versions[0].resources.find((r) => r.resource === 'deployments');
  assert.deepEqual(deploy.responseKind, { group: 'apps', version: 'v1', kind: 'Deployment' });
  assert.deepEqual(deploy.subresources.find((x) => x.subresource === 'scale').responseKind,
    { group: 'autoscaling', version: 'v1', kind: 'Scale' });
  const legacy = await get('/apis', { ...auth, Accept: 'application/json' });
  assert.equal(JSON.parse(legacy.body).kind, 'APIGroupList');
  const core = JSON.parse((await get('/api', auth)).body);
  assert.deepEqual(core.versions, ['v1']);
  const denied = await get('/api/v1/pods', { Authorization: 'Bearer nope' });
  assert.equal(denied.status, 401);
  assert.equal(denied.body, '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}');
  const proto = await new Promise((resolve) => {
    const req = https.request(`${server}/api/v1/namespaces/default/configmaps`, { method: 'POST', ca,
      headers: { ...auth, 'Content-Type': 'application/vnd.kubernetes.protobuf' } }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.end(Buffer.from([0x6b, 0x38, 0x73, 0x00]));
  });
  // A protobuf envelope with nothing in it: a 400 that says why (sim_protobuf.test.mjs has
  // the bodies kubectl really sends).
  assert.equal(proto.status, 400);
  assert.equal(JSON.parse(proto.body).reason, 'BadRequest');
  assert.match(JSON.parse(proto.body).message, /vnd\.kubernetes\.protobuf: .*apiVersion and kind/);
});

describe('writes', () => {
  test('apply creates, updates, applies server-side and dry-runs', async () => {
    assert.match(await ok(k, ['apply', '-f', '-'], { input: deployment('shopfront', 2) }), /deployment.apps\/shopfront created/);
    assert.match(await ok(k, ['apply', '-f', '-'], { input: deployment('shopfront', 2) }), /deployment.apps\/shopfront unchanged/);
    assert.match(await ok(k, ['apply', '-f', '-'], { input: deployment('shopfront', 4) }), /deployment.apps\/shopfront configured/);
    assert.equal(await ok(k, ['get', 'deploy', 'shopfront', '-o', 'jsonpath={.spec.replicas} {.metadata.generation}']), '4 2');
    assert.match(await ok(k, ['apply', '--dry-run=server', '-f', '-'], { input: deployment('shopfront', 7) }),
      /deployment.apps\/shopfront configured \(server dry run\)/);
    assert.equal(await ok(k, ['get', 'deploy', 'shopfront', '-o', 'jsonpath={.spec.replicas}']), '4');
    assert.match(await ok(k, ['apply', '--server-side', '-f', '-'], { input: deployment('ssa', 1) }), /deployment.apps\/ssa serverside-applied/);
    assert.match(await ok(k, ['apply', '--server-side', '-f', '-'], { input: deployment('ssa', 3) }), /serverside-applied/);
    const obj = JSON.parse(await ok(k, ['get', 'deploy', 'ssa', '-o', 'json', '--show-managed-fields']));
    assert.equal(obj.spec.replicas, 3);
    assert.ok(obj.metadata.managedFields.some((m) => m.manager === 'kubectl' && m.operation === 'Apply'));
    // Another manager owns replicas now: a conflicting apply is refused until forced.
    await ok(k, ['patch', 'deploy', 'ssa', '--type', 'merge', '-p', '{"spec":{"replicas":5}}', '--field-manager', 'hpa']);
    const conflict = await k.run(['apply', '--server-side', '-f', '-'], { input: deployment('ssa', 3) });
    assert.notEqual(conflict.code, 0);
    assert.match(conflict.stderr, /conflict with "hpa"/);
    assert.match(conflict.stderr, /\.spec\.replicas/);
    await ok(k, ['apply', '--server-side', '--force-conflicts', '-f', '-'], { input: deployment('ssa', 3) });
    assert.equal(await ok(k, ['get', 'deploy', 'ssa', '-o', 'jsonpath={.spec.replicas}']), '3');
    const dry = await ok(k, ['apply', '--server-side', '--dry-run=server', '-f', '-'], { input: deployment('ssa-dry', 1) });
    assert.match(dry, /serverside-applied \(server dry run\)/);
    assert.notEqual((await k.run(['get', 'deploy', 'ssa-dry'])).code, 0);
  });

  test('server-side validation: unknown fields (strict) and required fields', async () => {
    const typo = deployment('typo', 1).replace('  replicas: 1', '  replicass: 1');
    const strict = await k.run(['apply', '-f', '-'], { input: typo });
    assert.notEqual(strict.code, 0);
    assert.match(strict.stderr, /strict decoding error: unknown field "spec\.replicass"/);
    assert.match(await ok(k, ['apply', '--validate=false', '-f', '-'], { input: typo }), /deployment.apps\/typo created/);
    const noImage = deployment('noimage', 1).replace(/ {8}image: .*\n/, '');
    const invalid = await k.run(['apply', '-f', '-'], { input: noImage });
    assert.notEqual(invalid.code, 0);
    assert.match(invalid.stderr, /spec\.template\.spec\.containers\[0\]\.image: Required value/);
  });

  test('patch: merge, json and strategic', async () => {
    await ok(k, ['apply', '-f', '-'], { input: deployment('patchme', 1, ['nginx:1.27', 'busybox:1.36']) });
    await ok(k, ['patch', 'deploy', 'patchme', '--type', 'merge', '-p', '{"metadata":{"labels":{"tier":"web"}}}']);
    await ok(k, ['patch', 'deploy', 'patchme', '--type', 'json', '-p', '[{"op":"replace","path":"/spec/replicas","value":2}]']);
    // Strategic: containers merge by name, so c1 stays.
    await ok(k, ['patch', 'deploy', 'patchme', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"c0","image":"nginx:1.28"}]}}}}']);
    const d = JSON.parse(await ok(k, ['get', 'deploy', 'patchme', '-o', 'json']));
    assert.equal(d.metadata.labels.tier, 'web');
    assert.equal(d.spec.replicas, 2);
    assert.deepEqual(d.spec.template.spec.containers.map((c) => `${c.name}=${c.image}`), ['c0=nginx:1.28', 'c1=busybox:1.36']);
    // Strategic $patch: delete removes one container.
    await ok(k, ['patch', 'deploy', 'patchme', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"c1","$patch":"delete"}]}}}}']);
    assert.equal(await ok(k, ['get', 'deploy', 'patchme', '-o', 'jsonpath={.spec.template.spec.containers[*].name}']), 'c0');
    const bad = await k.run(['patch', 'deploy', 'patchme', '--type', 'json', '-p', '[{"op":"remove","path":"/spec/nope"}]']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /nope/);
  });

  test('scale changes replicas through the scale subresource', async () => {
    await ok(k, ['apply', '-f', '-'], { input: deployment('scaleme', 1) });
    assert.match(await ok(k, ['scale', 'deploy', 'scaleme', '--replicas=3']), /deployment.apps\/scaleme scaled/);
    assert.equal(await ok(k, ['get', 'deploy', 'scaleme', '-o', 'jsonpath={.spec.replicas}']), '3');
    const s = JSON.parse(await ok(k, ['get', '--raw', '/apis/apps/v1/namespaces/default/deployments/scaleme/scale']));
    assert.equal(s.kind, 'Scale');
    assert.equal(s.spec.replicas, 3);
    assert.equal(s.status.selector, 'app=scaleme');
  });

  test('delete by name, by label, and cascading to owned objects', async () => {
    const rs = table(await ok(k, ['get', 'rs', '-n', 'shop', '-l', 'app=web']))[1][0];
    assert.match(await ok(k, ['delete', 'deploy', 'web', '-n', 'shop']), /deployment.apps "web" deleted/);
    assert.match((await k.run(['get', 'rs', rs, '-n', 'shop'])).stderr, /NotFound/);
    // Its pods terminate gracefully, then go.
    let pods;
    for (let i = 0; i < 150; i++) {
      pods = await k.run(['get', 'pods', '-n', 'shop', '-l', 'app=web']);
      if (/No resources found/.test(pods.stderr)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.match(pods.stderr, /No resources found/);
    const before = table(await ok(k, ['get', 'pods', '-n', 'shop', '-l', 'app=api'])).slice(1).map((r) => r[0]);
    const del = await ok(k, ['delete', 'pods', '-n', 'shop', '-l', 'app=api']);
    assert.deepEqual(del.trim().split('\n').sort(), before.map((n) => `pod "${n}" deleted`).sort());
    // Their ReplicaSet replaces them with new pods.
    let after = [];
    for (let i = 0; i < 100 && after.length !== 2; i++) {
      await new Promise((r) => setTimeout(r, 200));
      after = table((await k.run(['get', 'pods', '-n', 'shop', '-l', 'app=api'])).stdout || 'NAME').slice(1).map((r) => r[0]);
    }
    assert.equal(after.length, 2);
    assert.ok(after.every((n) => !before.includes(n)));
    // Orphan keeps the dependents.
    const workerRs = table(await ok(k, ['get', 'rs', '-n', 'shop', '-l', 'app=worker']))[1][0];
    await ok(k, ['delete', 'deploy', 'worker', '-n', 'shop', '--cascade=orphan']);
    const kept = JSON.parse(await ok(k, ['get', 'rs', workerRs, '-n', 'shop', '-o', 'json']));
    assert.equal(kept.metadata.ownerReferences, undefined);
  });

  test('custom resources after creating a CRD', async () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gadgets.test.io}
spec:
  group: test.io
  scope: Namespaced
  names: {plural: gadgets, singular: gadget, kind: Gadget, shortNames: [gd]}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
`;
    assert.match(await ok(k, ['apply', '-f', '-'], { input: crd }), /customresourcedefinition.apiextensions.k8s.io\/gadgets.test.io created/);
    const gadget = 'apiVersion: test.io/v1\nkind: Gadget\nmetadata: {name: g1, namespace: default}\nspec: {power: 9000}\n';
    assert.match(await ok(k, ['apply', '-f', '-'], { input: gadget }), /gadget.test.io\/g1 created/);
    const rows = table(await ok(k, ['get', 'gd']));
    assert.deepEqual(rows[0], ['NAME', 'AGE']);
    assert.equal(rows[1][0], 'g1');
    assert.equal(await ok(k, ['get', 'gadget', 'g1', '-o', 'jsonpath={.spec.power}']), '9000');
    await ok(k, ['patch', 'gadget', 'g1', '--type', 'merge', '-p', '{"spec":{"power":1}}']);
    assert.equal(await ok(k, ['get', 'gadget', 'g1', '-o', 'jsonpath={.spec.power}']), '1');
    await ok(k, ['delete', 'crd', 'gadgets.test.io']);
    assert.notEqual((await k.run(['get', '--raw', '/apis/test.io/v1/namespaces/default/gadgets'])).code, 0);
  });
});

describe('authentication', () => {
  test('a wrong token is refused with 401 and kubectl asks to log in', async () => {
    const { readFileSync } = await import('node:fs');
    const bad = path.join(sim.dir, 'config.bad');
    writeFileSync(bad, readFileSync(sim.kubeconfig('s'), 'utf8').replace(/token: .*/, 'token: not-the-token'), { mode: 0o600 });
    const r = await makeKubectl(bad).run(['get', 'pods', '-n', 'shop']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /error: You must be logged in to the server/);
    const raw = await makeKubectl(bad).run(['get', '--raw', '/api/v1/namespaces']);
    assert.match(raw.stderr, /Unauthorized/);
  });

  for (const kind of ['cert', 'execplugin']) {
    test(`config.${kind}: get, describe, apply, scale, patch, delete`, async () => {
      const kc = makeKubectl(sim.kubeconfig(kind));
      assert.equal(await ok(kc, ['config', 'current-context']), 'stage\n');
      const rows = table(await ok(kc, ['get', 'pods', '-n', 'shop', '-l', 'app=db']));
      assert.deepEqual(rows[1].slice(0, 3), ['db-0', '1/1', 'Running']);
      assert.match(await ok(kc, ['describe', 'pod', 'db-0', '-n', 'shop']), /Image:\s+postgres:16\.4/);
      const name = `via-${kind}`;
      assert.match(await ok(kc, ['apply', '-f', '-'], { input: deployment(name, 1) }), /created/);
      await ok(kc, ['scale', 'deploy', name, '--replicas=2']);
      await ok(kc, ['patch', 'deploy', name, '--type', 'merge', '-p', '{"metadata":{"labels":{"via":"x"}}}']);
      assert.equal(await ok(k, ['get', 'deploy', name, '-o', 'jsonpath={.spec.replicas} {.metadata.labels.via}']), '2 x');
      assert.match(await ok(kc, ['delete', 'deploy', name]), /deleted/);
      // The other cluster in the same file is reachable by context.
      const nodes = table(await ok(kc, ['--context', 'production', 'get', 'nodes']));
      assert.equal(nodes[1][0], 'production-control-plane');
    });
  }
});
