// Exact continuation of k8s_get: a list cut by the output budget says how many objects were
// shown and how many remain, and its `continue` cursor resumes right after the last row shown.
// Following the cursors from the first call yields every object exactly once — with 1,000 and
// 10,000 pods per cluster, on one cluster and on three (each with its own page position).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectServe } from './mcp_client.mjs';
import { startSim } from '../lib/sim.mjs';

const CLUSTERS = ['ephemeral', 'stage', 'production'];
const BUDGET = 20000;
const sims = {};
const clients = {};

async function connect(sim) {
  const config = join(sim.dir, 'continuation.yaml');
  writeFileSync(config, `default_cluster: stage
output_budget: ${BUDGET}
clusters:
  - {name: ephemeral, aliases: [e], kubeconfig: config.e, namespace: load}
  - {name: stage, aliases: [s], kubeconfig: config.s, namespace: load}
  - {name: production, aliases: [p], kubeconfig: config.p, namespace: load}
`);
  return (await connectServe({ config, home: sim.dir, name: 'kubemcp-continuation-e2e' })).client;
}

// The 10,000-pod runs are slow suites: they run in the normal build and are left out of the
// sanitizer build (make test-asan-only sets KUBEMCP_SANITIZED), where 1,000 pods cover the code.
const SIZES = process.env.KUBEMCP_SANITIZED ? [1000] : [1000, 10000];

before(async () => {
  for (const pods of SIZES) {
    sims[pods] = await startSim({ seed: 'empty', pods });
    clients[pods] = await connect(sims[pods]);
  }
});

after(async () => {
  for (const c of Object.values(clients)) await c.close();
  for (const s of Object.values(sims)) await s.stop();
});

const cursorOf = (text) => text.match(/continue="([A-Za-z0-9_-]+)"/)?.[1];

// Rows of one answer as [cluster, name]; the CLUSTER column is there when several answered.
function tableRows(text, several) {
  const lines = text.split('\n');
  const header = lines[0].split(/\s{2,}/);
  assert.equal(header[0], several ? 'CLUSTER' : 'NAME', text.slice(0, 300));
  return lines.slice(1).filter((l) => /^\S+\s+load-\d{5}\s/.test(l) || /^load-\d{5}\s/.test(l)).map((l) => {
    const cells = l.split(/\s+/);
    return several ? [cells[0], cells[1]] : ['stage', cells[0]];
  });
}

function nameRows(text, several) {
  let cluster = 'stage';
  const out = [];
  for (const l of text.split('\n')) {
    const h = l.match(/^== (\S+) ==$/);
    if (h) cluster = h[1];
    const m = l.match(/^pod\/(load-\d{5})$/);
    if (m) out.push([several ? cluster : 'stage', m[1]]);
  }
  return out;
}

// Follows the cursors from the first call to the last; returns every row seen and the calls.
async function follow(client, args, rowsOf) {
  const seen = [];
  const notes = [];
  let cursor;
  for (let calls = 1; ; calls++) {
    assert.ok(calls < 1000, 'the cursors end');
    const r = await client.callTool({ name: 'k8s_get', arguments: { ...args, ...(cursor ? { continue: cursor } : {}) } });
    const text = r.content[0].text;
    assert.equal(r.isError, false, text.slice(0, 500));
    assert.ok(text.length <= BUDGET + 2000, `within the budget and its note (${text.length})`);
    const rows = rowsOf(text);
    assert.ok(rows.length > 0, `each call shows objects:\n${text.slice(-600)}`);
    seen.push(...rows);
    notes.push(text.split('\n').find((l) => /^\[(cut|more): /.test(l)) ?? '');
    cursor = cursorOf(text);
    if (!cursor) return { seen, notes, calls };
  }
}

function assertEveryPodOnce(seen, clusters, pods) {
  const keys = seen.map(([c, n]) => `${c}/${n}`);
  const unique = new Set(keys);
  assert.equal(unique.size, keys.length, 'no object is shown twice');
  for (const c of clusters) {
    const names = seen.filter(([cl]) => cl === c).map(([, n]) => n);
    assert.equal(names.length, pods, `${c}: every pod is shown`);
    // The server lists in key order, so following the cursors reads the pods in order.
    assert.deepEqual(names, [...names].sort(), `${c}: in the server's order`);
  }
}

for (const pods of SIZES) {
  test(`${pods} pods on one cluster: the cursors yield every pod exactly once`, async () => {
    const { seen, notes, calls } = await follow(clients[pods], { resource: 'pods', limit: 1000 }, (t) => tableRows(t, false));
    assertEveryPodOnce(seen, ['stage'], pods);
    assert.ok(calls > 2, `the budget cut the list (${calls} calls)`);
    // The first answer counts what it showed and what remains (remainingItemCount).
    const first = notes[0].match(/^\[cut: (\d+) pods shown, (\d+) remain \(over the 20000-character budget\)\]/);
    assert.ok(first, notes[0]);
    assert.equal(Number(first[1]) + Number(first[2]), pods);
    assert.equal(notes.at(-1), '', 'the last answer has nothing left to say');
  });

  test(`${pods} pods on three clusters: per-cluster cursors yield every pod exactly once`, async () => {
    const { seen, notes } = await follow(clients[pods], { resource: 'pods', limit: 700, cluster: 'all' }, (t) => tableRows(t, true));
    assertEveryPodOnce(seen, CLUSTERS, pods);
    // The budget is shared: each cluster shows its first pods, none crowds out the others.
    const m = notes[0].match(/^\[cut: ephemeral: (\d+) pods shown, \d+ remain; stage: (\d+) pods shown, \d+ remain; production: (\d+) pods shown, \d+ remain/);
    assert.ok(m, notes[0]);
    assert.ok([m[1], m[2], m[3]].every((n) => Number(n) > 50), notes[0]);
  });
}

test('name output over three clusters, small pages: every pod once', async () => {
  const { seen } = await follow(clients[1000], { resource: 'pods', output: 'name', limit: 250, cluster: ['e', 's', 'p'] }, (t) => nameRows(t, true));
  assertEveryPodOnce(seen, CLUSTERS, 1000);
});

test('yaml output: whole objects per answer, every pod once', async () => {
  const { seen, calls } = await follow(clients[1000], { resource: 'pods', output: 'yaml', limit: 400 }, (t) =>
    [...t.matchAll(/^    name: (load-\d{5})$/gm)].map((m) => ['stage', m[1]]));
  assertEveryPodOnce(seen, ['stage'], 1000);
  assert.ok(calls > 10, `yaml pages are cut by the budget (${calls} calls)`);
});

test('a cursor is checked: tampered, or for other clusters, is an error saying what to do', async () => {
  const client = clients[1000];
  const bad = await client.callTool({ name: 'k8s_get', arguments: { resource: 'pods', continue: 'not-a-cursor!' } });
  assert.equal(bad.isError, true);
  assert.match(bad.content[0].text, /`continue` is not a cursor this server gave .*drop `continue` to start from the first page/);
  const first = await client.callTool({ name: 'k8s_get', arguments: { resource: 'pods', cluster: 'all' } });
  const cursor = cursorOf(first.content[0].text);
  assert.ok(cursor);
  const elsewhere = await client.callTool({ name: 'k8s_get', arguments: { resource: 'pods', cluster: 'stage', continue: cursor } });
  assert.equal(elsewhere.isError, true);
  assert.match(elsewhere.content[0].text, /cluster 'ephemeral', which this call does not read; call with the same `cluster`/);
  const otherType = await client.callTool({ name: 'k8s_get', arguments: { resource: 'svc', cluster: 'all', continue: cursor } });
  assert.equal(otherType.isError, true);
  assert.match(otherType.content[0].text, /`continue` names pods, which this call's resource does not list/);
});

test('json output carries the cursor in structured content too', async () => {
  const r = await clients[1000].callTool({ name: 'k8s_get', arguments: { resource: 'pods', output: 'json', limit: 100 } });
  assert.equal(r.isError, false);
  const items = r.structuredContent.result.items;
  assert.ok(items.length > 0 && items.length <= 100);
  assert.ok(r.structuredContent.continue, 'a cursor for the rest');
  assert.equal(r.structuredContent.result.metadata.continue, undefined, 'no server token to misuse');
  const next = await clients[1000].callTool({ name: 'k8s_get', arguments: { resource: 'pods', output: 'json', limit: 100, continue: r.structuredContent.continue } });
  assert.equal(next.structuredContent.result.items[0].metadata.name,
    `load-${String(items.length).padStart(5, '0')}`, 'resumes right after the last object shown');
});
