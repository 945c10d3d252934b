// Scale and concurrency of the simulated API server: 10,000 pods in one namespace, many
// clients at once, and an empty seed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { after, before, test } from 'node:test';

import { makeKubectl, table } from '../lib/kubectl.mjs';
import { startSim } from '../lib/sim.mjs';
import { credentials } from '../lib/ws.mjs';

let sim;
let k;
before(async () => {
  sim = await startSim({ clusters: ['c1', 'c2'], seed: 'empty', pods: 10000 });
  k = makeKubectl(sim.kubeconfig('c1'));
});
after(async () => { await sim?.stop(); });

function get(url, { ca, token, accept }) {
  return new Promise((resolve, reject) => {
    const headers = { Authorization: `Bearer ${token}` };
    if (accept) headers.Accept = accept;
    https.get(url, { ca, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
    }).on('error', reject);
  });
}

test('10,000 pods list completely, as JSON, as a Table and paged', async (t) => {
  const { server, ca, token } = credentials(readFileSync(sim.kubeconfig('c1'), 'utf8'));
  let t0 = Date.now();
  const list = await get(`${server}/api/v1/namespaces/load/pods`, { ca, token });
  t.diagnostic(`JSON list of 10,000 pods: ${Date.now() - t0} ms, ${list.body.length} bytes`);
  assert.equal(JSON.parse(list.body).items.length, 10000);
  t0 = Date.now();
  const tbl = await get(`${server}/api/v1/namespaces/load/pods`, { ca, token, accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
  t.diagnostic(`Table of 10,000 pods: ${Date.now() - t0} ms`);
  const parsed = JSON.parse(tbl.body);
  assert.equal(parsed.kind, 'Table');
  assert.equal(parsed.rows.length, 10000);
  assert.equal(parsed.rows[0].cells[0], 'load-00000');
  const rows = table(await (async () => {
    const r = await k.run(['get', 'pods', '-n', 'load', '--chunk-size=2500', '-l', 'shard=7']);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout;
  })());
  assert.equal(rows.length - 1, 1000);
  assert.ok(rows.slice(1).every((r) => r[2] === 'Running'));
});

test('many clients at once, on two clusters', async () => {
  const a = credentials(readFileSync(sim.kubeconfig('c1'), 'utf8'));
  const b = credentials(readFileSync(sim.kubeconfig('c2'), 'utf8'));
  const calls = [];
  for (let i = 0; i < 120; i++) {
    const c = i % 2 ? a : b;
    calls.push(get(`${c.server}/api/v1/namespaces/load/pods?limit=50&labelSelector=shard%3D${i % 10}`, c));
  }
  const res = await Promise.all(calls);
  assert.ok(res.every((r) => r.status === 200));
  assert.ok(res.every((r) => JSON.parse(r.body).items.length === 50));
});

test('the empty seed has system namespaces and nodes only', async () => {
  const ns = table(await (await k.run(['get', 'ns'])).stdout).slice(1).map((r) => r[0]);
  assert.deepEqual(ns, ['default', 'kube-node-lease', 'kube-public', 'kube-system', 'load']);
  const deploys = await k.run(['get', 'deploy', '-A']);
  assert.match(deploys.stderr, /No resources found/);
  const nodes = table((await k.run(['get', 'nodes'])).stdout).slice(1).map((r) => r[0]);
  assert.deepEqual(nodes, ['c1-control-plane', 'c1-worker-1', 'c1-worker-2']);
});
