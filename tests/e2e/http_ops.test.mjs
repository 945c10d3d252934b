// Issue 18: running kubemcp over HTTP as a service — /healthz, /readyz (ready once a cluster
// answered; not while none does), Prometheus /metrics parsed and counting, and many concurrent
// sessions calling a tool with no error and bounded memory.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSim } from '../lib/sim.mjs';
import { kubeconfigText, tempDir } from '../lib/kubemcp.mjs';
import { connectHttp, startHttp, text, writeConfig } from './http_helpers.mjs';

let sim;
let server;

before(async () => {
  sim = await startSim({ clusters: ['stage'], seed: 'demo' });
  server = await startHttp({ config: writeConfig(sim).path });
});

after(async () => {
  await server?.stop();
  await sim?.stop();
});

// Prometheus text format into { 'name{labels}': value }, checking every line's shape.
function parseMetrics(body) {
  const out = {};
  for (const line of body.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (-?[0-9.e+]+|\+Inf|NaN)$/.exec(line);
    assert.ok(m, `not a sample line: ${line}`);
    out[m[1]] = Number(m[2]);
  }
  return out;
}

async function metrics() {
  const r = await fetch(`${server.base}/metrics`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  return parseMetrics(await r.text());
}

async function waitFor(what, fn, ms = 30000) {
  const end = Date.now() + ms;
  for (;;) {
    if (await fn()) return;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('/healthz answers; /readyz is ready once the cluster answered a probe', async () => {
  const h = await fetch(`${server.base}/healthz`);
  assert.equal(h.status, 200);
  await waitFor('/readyz 200', async () => (await fetch(`${server.base}/readyz`)).status === 200);
  assert.match(await (await fetch(`${server.base}/readyz`)).text(), /^ok\nstage: ok$/m);
});

test('/readyz is 503 while no cluster answers', async () => {
  const dir = tempDir('kubemcp-http-unready-');
  writeFileSync(join(dir, 'kc'), kubeconfigText({ server: 'https://127.0.0.1:9' }));
  writeFileSync(join(dir, 'config.yaml'), `clusters:\n  - name: stage\n    kubeconfig: ${join(dir, 'kc')}\n`);
  const s = await startHttp({ config: join(dir, 'config.yaml') });
  try {
    const r = await fetch(`${s.base}/readyz`);
    assert.equal(r.status, 503);
    assert.match(await r.text(), /^not ready: no cluster answered yet/);
    assert.equal((await fetch(`${s.base}/healthz`)).status, 200);
  } finally {
    await s.stop();
  }
});

test('/metrics counts calls, errors, latency, sessions and bytes per tool and cluster', async () => {
  const before = await metrics();
  const key = 'kubemcp_tool_calls_total{tool="k8s_get",cluster="stage"}';
  const errKey = 'kubemcp_tool_errors_total{tool="k8s_get",cluster="stage"}';
  const { client } = await connectHttp(server.url);
  for (let i = 0; i < 3; i++)
    assert.equal((await client.callTool({ name: 'k8s_get', arguments: { resource: 'pods', cluster: 'stage' } })).isError, false);
  const bad = await client.callTool({ name: 'k8s_get', arguments: { resource: 'nosuchthings', cluster: 'stage' } });
  assert.equal(bad.isError, true);
  const during = await metrics();
  await client.close();
  const after = await metrics();
  assert.equal(after[key] - (before[key] ?? 0), 4);
  assert.equal(after[errKey] - (before[errKey] ?? 0), 1);
  const hist = 'kubemcp_tool_call_duration_seconds';
  const labels = 'tool="k8s_get",cluster="stage"';
  assert.equal(after[`${hist}_count{${labels}}`], after[key]);
  assert.equal(after[`${hist}_bucket{${labels},le="+Inf"}`], after[key]);
  assert.ok(after[`${hist}_bucket{${labels},le="30"}`] <= after[key]);
  assert.ok(after[`${hist}_sum{${labels}}`] > 0);
  assert.ok(during.kubemcp_sessions >= 1);
  assert.ok(after.kubemcp_sessions_created_total >= (before.kubemcp_sessions_created_total ?? 0) + 1);
  assert.ok(after.kubemcp_response_bytes_total > (before.kubemcp_response_bytes_total ?? 0));
  assert.equal(after.kubemcp_tool_calls_in_flight, 0);
  assert.ok(after['kubemcp_http_requests_total{method="POST",code="200"}'] >= 5);
  assert.equal(after['kubemcp_heals_total{cluster="stage",kind="login"}'], 0);
});

function rssMiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m[1]) / 1024;
}

test('many concurrent sessions call a tool with no error and bounded memory', async () => {
  const n = process.env.KUBEMCP_SANITIZED ? 40 : 200;
  const openBefore = (await metrics()).kubemcp_sessions;  // earlier tests' clients never sent DELETE
  const results = await Promise.all(Array.from({ length: n }, async (_, i) => {
    const { client, transport } = await connectHttp(server.url, { name: `c${i}` });
    const r = await client.callTool({ name: 'k8s_get', arguments: { resource: 'deployments' } });
    return { client, transport, r };
  }));
  for (const { r } of results) {
    assert.equal(r.isError, false, text(r));
    assert.match(text(r), /^NAME\s+READY\s+UP-TO-DATE/m);
  }
  const open = (await metrics()).kubemcp_sessions;
  assert.equal(open, openBefore + n);
  const rss = rssMiB(server.process.pid);
  const limit = process.env.KUBEMCP_SANITIZED ? 1024 : 200;
  assert.ok(rss < limit, `RSS ${rss.toFixed(1)} MiB with ${n} sessions (limit ${limit})`);
  await Promise.all(results.map(({ transport, client }) => transport.terminateSession().then(() => client.close())));
  await waitFor('sessions closed', async () => (await metrics()).kubemcp_sessions === openBefore);
});
