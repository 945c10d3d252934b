// Issue 14 part B: the simulated API server reads as kube-apiserver 1.32 does — field and label
// selectors, consistent paging, content negotiation, pod subresources naming their container —
// proven with the real kubectl and with raw HTTPS.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { apiClient, status } from '../lib/api.mjs';
import { makeKubectl, table } from '../lib/kubectl.mjs';
import { startSim } from '../lib/sim.mjs';
import { connect } from '../lib/ws.mjs';

let sim;
let k;
let api;

before(async () => {
  sim = await startSim({ clusters: ['stage'], seed: 'demo' });
  k = makeKubectl(sim.kubeconfig('s'));
  api = apiClient(sim.kubeconfig('s'));
});
after(async () => { await sim?.stop(); });

async function ok(args, opts) {
  const r = await k.run(args, opts);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

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
