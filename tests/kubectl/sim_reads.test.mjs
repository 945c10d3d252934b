// Issue 14 part B: the simulated API server reads as kube-apiserver 1.32 does — field and label
// selectors, consistent paging, content negotiation, pod subresources naming their container —
// proven with the real kubectl and with raw HTTPS.
import assert from 'node:assert/strict';
import https from 'node:https';
import { after, before, describe, test } from 'node:test';

import { apiClient, status } from '../lib/api.mjs';
import { makeKubectl, table } from '../lib/kubectl.mjs';
import { startSim } from '../lib/sim.mjs';
import { connect } from '../lib/ws.mjs';

let sim;
let k;
let api;

before(async () => {
  // Compaction every 5 s: continue tokens expire within seconds, not minutes.
  sim = await startSim({ clusters: ['stage'], seed: 'demo', extraArgs: ['--compaction-interval', '5'] });
  k = makeKubectl(sim.kubeconfig('s'));
  api = apiClient(sim.kubeconfig('s'));
});
after(async () => { await sim?.stop(); });

const ok = (args, opts) => k.ok(args, opts);

const names = (out) => table(out).slice(1).map((r) => r[0]).sort();

describe('field selectors', () => {
  test('only the labels a kind supports; others are 400 worded as upstream', async () => {
    const r = await k.run(['get', 'pods', '-n', 'shop', '--field-selector', 'status.hostIP=172.18.0.2']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim(), 'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match '
      + 'label selector "", field selector "status.hostIP=172.18.0.2": field label not supported: status.hostIP');
    const cases = [
      ['/api/v1/nodes?fieldSelector=metadata.namespace%3Dx', 'field label not supported: metadata.namespace'],
      ['/apis/apps/v1/deployments?fieldSelector=spec.replicas%3D3',
        '"spec.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"'],
      ['/apis/batch/v1/jobs?fieldSelector=spec.parallelism%3D1', 'field label "spec.parallelism" not supported for Job'],
      ['/api/v1/secrets?fieldSelector=data%3Dx', 'field label not supported: data'],
      ['/api/v1/pods?fieldSelector=status.phase', "invalid selector: 'status.phase'; can't understand 'status.phase'"],
    ];
    for (const [path, message] of cases) {
      const res = await api.get(path);
      assert.deepEqual(status(res), { code: 400, kind: 'Status', reason: 'BadRequest', message, status: 'Failure' }, path);
    }
    // A watch is refused the same way, before any event.
    const w = await api.get('/api/v1/pods?watch=1&fieldSelector=spec.foo%3Dbar');
    assert.equal(w.status, 400);
    assert.equal(w.json().message, 'field label not supported: spec.foo');
  });

  test('supported labels select, with the defaults the API server fills in', async () => {
    const node = (await ok(['get', 'pod', 'db-0', '-n', 'shop', '-o', 'jsonpath={.spec.nodeName}']));
    const onNode = names(await ok(['get', 'pods', '-A', '--field-selector', `spec.nodeName=${node}`, '-o', 'name']).then((o) => `NAME\n${o}`));
    assert.ok(onNode.includes('pod/db-0'));
    const viaAlias = names(`NAME\n${await ok(['get', 'pods', '-A', '--field-selector', `spec.host=${node}`, '-o', 'name'])}`);
    assert.deepEqual(viaAlias, onNode);
    // spec.hostNetwork is "false" for pods that never set it.
    const hostNet = await ok(['get', 'pods', '-n', 'shop', '--field-selector', 'spec.hostNetwork=false', '-o', 'name']);
    assert.match(hostNet, /pod\/db-0/);
    assert.match(await ok(['get', 'nodes', '--field-selector', 'spec.unschedulable=false', '-o', 'name']), /node\//);
    const warnings = await ok(['get', 'events', '-n', 'shop', '--field-selector', 'type=Warning,involvedObject.kind=Pod', '-o', 'jsonpath={.items[*].type}']);
    assert.ok(warnings.split(' ').every((t) => t === 'Warning') && warnings.length > 0);
    const secrets = (await api.get('/api/v1/secrets?fieldSelector=type%3Dkubernetes.io%2Ftls')).json();
    assert.ok(secrets.items.every((s) => s.type === 'kubernetes.io/tls'));
  });
});

describe('label selectors', () => {
  test('every form the real parser accepts', async () => {
    await ok(['label', 'pod', 'db-0', '-n', 'shop', 'rank=5']);
    const sel = async (s) => (await ok(['get', 'pods', '-n', 'shop', '-l', s, '-o', 'name'])).trim();
    assert.equal(await sel('rank>3'), 'pod/db-0');
    assert.equal(await sel('rank<3'), '');
    assert.equal(await sel('rank in (4,5),app=db'), 'pod/db-0');
    assert.equal(await sel('rank,!nothing,app notin (web)'), 'pod/db-0');
    assert.equal(await sel('app in (in,db)'), 'pod/db-0');
  });

  test('malformed selectors are 400 with labels.Parse\'s words', async () => {
    const cases = [
      ['app%3Dweb%2C', "found '', expected: identifier after ','"],
      ['rank%3Eabc', "unable to parse requirement: values[0]: Invalid value: \"abc\": for 'Gt', 'Lt' operators, the value must be an integer"],
      ['-ltier%3Dx', 'unable to parse requirement: <nil>: Invalid value: "-ltier": name part must consist of alphanumeric characters, '
        + "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', "
        + "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"],
    ];
    for (const [q, message] of cases) {
      const r = await api.get(`/api/v1/namespaces/shop/pods?labelSelector=${q}`);
      assert.deepEqual(status(r), { code: 400, kind: 'Status', reason: 'BadRequest', message, status: 'Failure' }, q);
    }
  });
});

describe('pod subresources', () => {
  const multi = {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'multi', namespace: 'default' },
    spec: {
      initContainers: [{ name: 'setup', image: 'busybox:1.36', command: ['true'] }],
      containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'] },
        { name: 'proxy', image: 'busybox:1.36', command: ['sleep', '3600'] }],
    },
  };

  test('exec and attach with several containers and none named: 400 naming the choices', async () => {
    assert.equal((await api.post('/api/v1/namespaces/default/pods', multi)).status, 201);
    const want = 'a container name must be specified for pod multi, choose one of: [app proxy] or one of the init containers: [setup]';
    for (const sub of ['exec?command=ls&stdout=true', 'attach?stdout=true']) {
      const err = await connect(`${api.server}/api/v1/namespaces/default/pods/multi/${sub}`,
        { protocol: 'v5.channel.k8s.io', ca: api.ca, token: api.token }).then(() => null, (e) => e);
      assert.ok(err, `${sub} was upgraded`);
      assert.equal(err.status, 400);
      assert.deepEqual(JSON.parse(err.body), { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: want, reason: 'BadRequest', code: 400 });
    }
    const logs = await api.get('/api/v1/namespaces/default/pods/multi/log');
    assert.deepEqual(status(logs), { code: 400, kind: 'Status', reason: 'BadRequest', message: want, status: 'Failure' });
    const wrong = await connect(`${api.server}/api/v1/namespaces/default/pods/multi/exec?command=ls&container=nope&stdout=true`,
      { protocol: 'v5.channel.k8s.io', ca: api.ca, token: api.token }).then(() => null, (e) => e);
    assert.equal(JSON.parse(wrong.body).message, 'container nope is not valid for pod multi');
  });
});

// Reads a watch until `done(events)` holds; returns the events.
function watchUntil(path, done, ms = 15000) {
  return new Promise((resolve, reject) => {
    const events = [];
    let buf = '';
    const req = https.get(`${api.server}${path}`, { ca: api.ca, headers: { Authorization: `Bearer ${api.token}` } }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`watch answered ${res.statusCode}`));
      res.on('data', (d) => {
        buf += d;
        for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
          events.push(JSON.parse(buf.slice(0, i)));
          buf = buf.slice(i + 1);
        }
        if (done(events)) { req.destroy(); resolve(events); }
      });
      res.on('end', () => resolve(events));
    });
    req.on('error', () => {});
    setTimeout(() => { req.destroy(); reject(new Error(`watch timed out with ${JSON.stringify(events).slice(0, 400)}`)); }, ms);
  });
}

const cm = (name) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { v: name } });
const page = async (q) => {
  const r = await api.get(`/api/v1/namespaces/paging/configmaps?${q}`);
  assert.equal(r.status, 200, r.text);
  return r.json();
};
const itemNames = (list) => list.items.map((i) => i.metadata.name);
const invalidOptions = (message, causes) => ({
  kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `ListOptions.meta.k8s.io "" is invalid: ${message}`,
  reason: 'Invalid', details: { group: 'meta.k8s.io', kind: 'ListOptions', causes }, code: 422,
});

describe('paging and resourceVersions', () => {
  before(async () => {
    await api.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'paging' } });
    for (const n of ['cm-a', 'cm-b', 'cm-c', 'cm-d', 'cm-e'])
      assert.equal((await api.post('/api/v1/namespaces/paging/configmaps', cm(n))).status, 201);
  });

  test('every page is read at the first page\'s resourceVersion, counts exact', async () => {
    const first = await page('limit=2');
    assert.deepEqual(itemNames(first).filter((n) => n.startsWith('cm-')), ['cm-a', 'cm-b']);
    const rv = first.metadata.resourceVersion;
    // kube-root-ca.crt may or may not be there: count what the snapshot holds.
    const total = (await page(`resourceVersion=${rv}&resourceVersionMatch=Exact`)).items.length;
    assert.equal(first.metadata.remainingItemCount, total - 2);
    // Changes after the first page do not show in the later ones.
    assert.equal((await api.request('DELETE', '/api/v1/namespaces/paging/configmaps/cm-c')).status, 200);
    assert.equal((await api.post('/api/v1/namespaces/paging/configmaps', cm('cm-f'))).status, 201);
    const second = await page(`limit=2&continue=${encodeURIComponent(first.metadata.continue)}`);
    assert.equal(second.metadata.resourceVersion, rv);
    assert.deepEqual(itemNames(second).filter((n) => n.startsWith('cm-')), ['cm-c', 'cm-d']);
    assert.equal(second.metadata.remainingItemCount, total - 4);
    let rest = [];
    for (let token = second.metadata.continue; token;) {
      const p = await page(`limit=2&continue=${encodeURIComponent(token)}`);
      rest = rest.concat(itemNames(p));
      token = p.metadata.continue;
    }
    assert.ok(rest.includes('cm-e') && !rest.includes('cm-f'), rest.join());
    // The real kubectl pages the same way.
    const out = await ok(['get', 'cm', '-n', 'paging', '--chunk-size=1', '-o', 'name']);
    assert.match(out, /configmap\/cm-f/);
    assert.doesNotMatch(out, /configmap\/cm-c/);
  });

  test('resourceVersion and resourceVersionMatch as documented', async () => {
    const cont = (await page('limit=1')).metadata.continue;
    const both = await api.get(`/api/v1/namespaces/paging/configmaps?limit=1&resourceVersion=5&continue=${encodeURIComponent(cont)}`);
    assert.deepEqual(status(both), { code: 400, kind: 'Status', reason: 'BadRequest', status: 'Failure',
      message: 'specifying resource version is not allowed when using continue' });
    assert.equal((await api.get(`/api/v1/namespaces/paging/configmaps?limit=1&resourceVersion=0&continue=${encodeURIComponent(cont)}`)).status, 200);
    const noRv = await api.get('/api/v1/namespaces/paging/configmaps?resourceVersionMatch=Exact');
    assert.deepEqual(noRv.json(), invalidOptions('resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
      [{ reason: 'FieldValueForbidden', message: 'Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided', field: 'resourceVersionMatch' }]));
    const initial = await api.get('/api/v1/namespaces/paging/configmaps?sendInitialEvents=true');
    assert.equal(initial.json().message, 'ListOptions.meta.k8s.io "" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list');
    const watchNoMatch = await api.get('/api/v1/namespaces/paging/configmaps?watch=1&sendInitialEvents=true');
    assert.equal(watchNoMatch.status, 422);
    assert.equal(watchNoMatch.json().message, 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan');
    // An old state, exactly.
    const before = (await page('')).metadata.resourceVersion;
    await api.post('/api/v1/namespaces/paging/configmaps', cm('cm-g'));
    const exact = await page(`resourceVersion=${before}&resourceVersionMatch=Exact`);
    assert.equal(exact.metadata.resourceVersion, before);
    assert.ok(!itemNames(exact).includes('cm-g'));
    assert.ok(itemNames(await page(`resourceVersion=${before}&resourceVersionMatch=NotOlderThan`)).includes('cm-g'));
    // A resourceVersion the server has not reached: 504 after waiting 3 s.
    const future = Number(before) + 100000;
    const t0 = Date.now();
    const tooNew = await api.get(`/api/v1/namespaces/paging/configmaps?resourceVersion=${future}`);
    assert.ok(Date.now() - t0 >= 2900);
    const s = tooNew.json();
    assert.equal(tooNew.status, 504);
    assert.equal(s.reason, 'Timeout');
    assert.match(s.message, new RegExp(`^Too large resource version: ${future}, current: \\d+$`));
    assert.deepEqual(s.details, { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }], retryAfterSeconds: 1 });
  });

  test('continue tokens are RawURL base64 and bad ones are 400 in the etcd3 store\'s words', async () => {
    const cont = (await page('limit=1')).metadata.continue;
    assert.match(cont, /^[A-Za-z0-9_-]+$/);
    const tok = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const bad = async (token, why) => {
      const r = await api.get(`/api/v1/namespaces/paging/configmaps?limit=1&continue=${encodeURIComponent(token)}`);
      assert.deepEqual(status(r), { code: 400, kind: 'Status', reason: 'BadRequest', status: 'Failure',
        message: `invalid continue token: continue key is not valid${why}` });
    };
    await bad('ab$cd', ': illegal base64 data at input byte 2');
    await bad('abcde', ': illegal base64 data at input byte 4');
    await bad(tok({ v: 'meta.k8s.io/v2', rv: 5, start: 'a' }), ': server does not recognize this encoded version meta.k8s.io/v2');
    await bad(tok({ v: 'meta.k8s.io/v1', rv: 0, start: 'a' }), ': incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
    await bad(tok({ v: 'meta.k8s.io/v1', rv: 5, start: '' }), ': encoded start key empty (version meta.k8s.io/v1)');
    // The token is decoded before resourceVersion is looked at.
    const both = await api.get('/api/v1/namespaces/paging/configmaps?limit=1&resourceVersion=5&continue=ab$cd');
    assert.equal(status(both).message, 'invalid continue token: continue key is not valid: illegal base64 data at input byte 2');
  });

  test('continue tokens and old resourceVersions expire with compaction', async () => {
    const first = await page('limit=1');
    const old = first.metadata.resourceVersion;
    // Writes across two compactions (5 s each) leave the first page's state behind.
    const end = Date.now() + 11500;
    for (let i = 0; Date.now() < end; i++) {
      await api.post('/api/v1/namespaces/paging/configmaps', cm(`churn-${i}`));
      await new Promise((r) => setTimeout(r, 500));
    }
    const expired = await api.get(`/api/v1/namespaces/paging/configmaps?limit=1&continue=${encodeURIComponent(first.metadata.continue)}`);
    const s = expired.json();
    assert.equal(expired.status, 410);
    assert.equal(s.reason, 'Expired');
    assert.match(s.message, /^The provided continue parameter is too old to display a consistent list result\. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results\./);
    assert.ok(s.metadata.continue);
    // The fresh token resumes after the same key, at the latest state.
    const resumed = await page(`limit=1&continue=${encodeURIComponent(s.metadata.continue)}`);
    assert.notEqual(itemNames(resumed)[0], itemNames(first)[0]);
    assert.ok(Number(resumed.metadata.resourceVersion) > Number(old));
    const gone = await api.get(`/api/v1/namespaces/paging/configmaps?resourceVersion=${old}&resourceVersionMatch=Exact`);
    assert.deepEqual(status(gone), { code: 410, kind: 'Status', reason: 'Expired', status: 'Failure',
      message: 'The resourceVersion for the provided list is too old.' });
  });

  test('watch: sendInitialEvents ends its initial state with the annotated BOOKMARK', async () => {
    const events = await watchUntil('/api/v1/namespaces/paging/configmaps?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true',
      (evs) => evs.some((e) => e.type === 'BOOKMARK'));
    const bm = events.at(-1);
    assert.equal(bm.type, 'BOOKMARK');
    assert.deepEqual(bm.object.metadata.annotations, { 'k8s.io/initial-events-end': 'true' });
    assert.equal(bm.object.kind, 'ConfigMap');
    const added = events.slice(0, -1);
    assert.ok(added.length >= 4 && added.every((e) => e.type === 'ADDED'));
    assert.ok(added.every((e) => Number(e.object.metadata.resourceVersion) <= Number(bm.object.metadata.resourceVersion)));
    // Without sendInitialEvents, a watch from a resourceVersion sends only what came after it.
    const rv = (await page('')).metadata.resourceVersion;
    const later = watchUntil(`/api/v1/namespaces/paging/configmaps?watch=1&resourceVersion=${rv}`, (evs) => evs.length >= 1);
    await api.post('/api/v1/namespaces/paging/configmaps', cm('after-watch'));
    const [ev] = await later;
    assert.equal(ev.type, 'ADDED');
    assert.equal(ev.object.metadata.name, 'after-watch');
  });

  test('watch: periodic BOOKMARKs carry the latest resourceVersion as an empty object', async () => {
    const watch = watchUntil('/api/v1/namespaces/paging/configmaps?watch=1&allowWatchBookmarks=true',
      (evs) => evs.some((e) => e.type === 'BOOKMARK'), 25000);
    await new Promise((r) => setTimeout(r, 300));
    await api.post('/api/v1/namespaces/paging/configmaps', cm('before-bookmark'));
    const events = await watch;
    // Without a resourceVersion the watch starts with the current state, as ADDED events.
    assert.ok(events.slice(0, -1).every((e) => e.type === 'ADDED'));
    const [added, bookmark] = events.slice(-2);
    assert.equal(added.object.metadata.name, 'before-bookmark');
    // What the watch cache encodes: a new ConfigMap with only its resourceVersion set.
    assert.deepEqual(bookmark, { type: 'BOOKMARK', object: { kind: 'ConfigMap', apiVersion: 'v1',
      metadata: { resourceVersion: added.object.metadata.resourceVersion, creationTimestamp: null } } });
  });
});

describe('content negotiation', () => {
  test('128 KiB or more is gzip-compressed for clients that accept it', async () => {
    const { gunzipSync } = await import('node:zlib');
    const blob = 'x'.repeat(140 * 1024);
    const created = await api.post('/api/v1/namespaces/default/configmaps',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { blob } });
    assert.equal(created.status, 201);
    const path = '/api/v1/namespaces/default/configmaps/big';
    const plain = await api.get(path);
    assert.ok(plain.buf.length >= 128 * 1024);
    assert.equal(plain.headers['content-encoding'], undefined);
    const big = await api.get(path, { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(big.status, 200);
    assert.equal(big.headers['content-encoding'], 'gzip');
    assert.equal(big.headers.vary, 'Accept-Encoding');
    assert.ok(big.buf.length < plain.buf.length / 10, `${big.buf.length} bytes compressed`);
    assert.equal(JSON.parse(gunzipSync(big.buf)).data.blob, blob);
    // Lists too; below the threshold nothing is compressed.
    const list = await api.get('/api/v1/namespaces/default/configmaps', { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(list.headers['content-encoding'], 'gzip');
    assert.ok(JSON.parse(gunzipSync(list.buf)).items.some((i) => i.metadata.name === 'big'));
    const small = await api.get('/api/v1/namespaces/shop', { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(small.headers['content-encoding'], undefined);
    small.json();
  });

  test('YAML when asked, 406 for what the server cannot produce', async () => {
    const y = await api.get('/api/v1/namespaces/shop/configmaps', { headers: { Accept: 'application/yaml' } });
    assert.equal(y.status, 200);
    assert.equal(y.headers['content-type'], 'application/yaml');
    assert.match(y.text, /^apiVersion: v1\nitems:\n/);  // keys sorted, as sigs.k8s.io/yaml writes
    assert.match(y.text, /^kind: ConfigMapList$/m);
    const one = await api.get('/api/v1/namespaces/shop/pods/db-0', { headers: { Accept: 'application/yaml' } });
    assert.match(one.text, /^kind: Pod$/m);
    assert.match(one.text, /^ {2}name: db-0$/m);
    const no = await api.get('/api/v1/namespaces/shop/pods', { headers: { Accept: 'text/html' } });
    assert.deepEqual(status(no), { code: 406, kind: 'Status', reason: 'NotAcceptable', status: 'Failure',
      message: 'only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf' });
    // The first acceptable clause wins.
    const fallback = await api.get('/api/v1/namespaces/shop/pods/db-0', { headers: { Accept: 'text/html, application/json' } });
    assert.equal(fallback.json().kind, 'Pod');
  });

  test('PartialObjectMetadata answers metadata only, never Secret data', async () => {
    const accept = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';
    const list = await api.get('/api/v1/secrets', { headers: { Accept: accept } });
    assert.equal(list.status, 200);
    assert.equal(list.headers['content-type'], 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io');
    const body = list.json();
    assert.equal(body.kind, 'PartialObjectMetadataList');
    assert.equal(body.apiVersion, 'meta.k8s.io/v1');
    assert.ok(body.metadata.resourceVersion);
    assert.ok(body.items.length > 0);
    for (const item of body.items) {
      assert.deepEqual(Object.keys(item).sort(), ['apiVersion', 'kind', 'metadata']);
      assert.equal(item.kind, 'PartialObjectMetadata');
    }
    assert.doesNotMatch(list.text, /"data"|"stringData"/);
    const name = body.items.find((i) => i.metadata.namespace === 'shop').metadata.name;
    const one = await api.get(`/api/v1/namespaces/shop/secrets/${name}`,
      { headers: { Accept: 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1' } });
    assert.deepEqual(Object.keys(one.json()).sort(), ['apiVersion', 'kind', 'metadata']);
    // A list kind for one object (and the reverse) cannot be produced.
    const wrong = await api.get(`/api/v1/namespaces/shop/secrets/${name}`, { headers: { Accept: accept } });
    assert.equal(wrong.status, 406);
  });
});
