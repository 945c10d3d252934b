// The basic tier's read tools through the real MCP SDK client, against
// `kubemcp sim --seed demo` (real HTTPS, real tokens), compared where it matters with the
// real kubectl on the same simulated clusters.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { KUBEMCP } from '../lib/kubemcp.mjs';
import { startSim } from '../lib/sim.mjs';

let sim;
let client;
let stderr = '';
const outputs = []; // every text kubemcp returned, checked for secrets at the end
let secretValues = [];
let tokens = [];
const cache = mkdtempSync(join(tmpdir(), 'kubemcp-kubectl-cache-'));

function kubectl(alias, args) {
  return execFileSync('kubectl', ['--kubeconfig', sim.kubeconfig(alias), ...args], {
    encoding: 'utf8',
    env: { ...process.env, KUBECACHEDIR: cache },
  });
}

async function call(name, args) {
  const r = await client.callTool({ name, arguments: args });
  outputs.push(JSON.stringify(r));
  return r;
}
const text = (r) => r.content[0].text;

before(async () => {
  sim = await startSim({ seed: 'demo', pods: 300 });
  // Production is made unreachable: its kubeconfig points at a port nobody listens on.
  const prodUnreachable = join(sim.dir, 'config.p-unreachable');
  writeFileSync(prodUnreachable, readFileSync(sim.kubeconfig('p'), 'utf8').replace(/server: https:\/\/127\.0\.0\.1:\d+/, 'server: https://127.0.0.1:9'));
  const config = join(sim.dir, 'e2e.yaml');
  writeFileSync(config, `default_cluster: stage
output_budget: 4000
clusters:
  - {name: ephemeral, aliases: [e, eph], kubeconfig: config.e, namespace: shop}
  - {name: stage, aliases: [s], kubeconfig: config.s, namespace: shop}
  - {name: production, aliases: [p, prod], kubeconfig: config.p, namespace: shop}
  - {name: broken-prod, aliases: [bp], kubeconfig: config.p-unreachable, namespace: shop}
`);
  for (const a of ['e', 's', 'p']) {
    const m = readFileSync(sim.kubeconfig(a), 'utf8').match(/token: (\S+)/);
    if (m) tokens.push(m[1]);
  }
  assert.ok(tokens.length >= 3, 'the simulator writes bearer tokens');
  const secrets = JSON.parse(kubectl('s', ['get', 'secrets', '-n', 'shop', '-o', 'json']));
  for (const s of secrets.items)
    for (const v of Object.values(s.data ?? {})) {
      secretValues.push(v);
      const plain = Buffer.from(v, 'base64').toString('utf8');
      if (plain.length >= 6) secretValues.push(plain);
    }
  assert.ok(secretValues.length > 0, 'the demo seed has secrets');
  const transport = new StdioClientTransport({
    command: KUBEMCP,
    args: ['serve', '--config', config],
    env: { PATH: process.env.PATH, HOME: sim.dir },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (d) => (stderr += d));
  client = new Client({ name: 'kubemcp-read-e2e', version: '1.0.0' });
  await client.connect(transport);
});

after(async () => {
  await client?.close();
  // No token and no secret value in anything kubemcp said or logged.
  const everything = outputs.join('\n') + stderr;
  for (const t of tokens) assert.ok(!everything.includes(t), 'a bearer token leaked');
  for (const v of secretValues) assert.ok(!everything.includes(v), `a secret value leaked`);
  await sim?.stop();
});

test('k8s_get tables match kubectl get for the listed kinds', async () => {
  const kinds = ['pods', 'deployments', 'replicasets', 'statefulsets', 'daemonsets', 'jobs', 'cronjobs', 'services',
    'configmaps', 'secrets', 'ingresses', 'persistentvolumeclaims', 'serviceaccounts', 'events'];
  for (const kind of kinds) {
    const ours = text(await call('k8s_get', { resource: kind, namespace: 'shop', cluster: 'stage', limit: 5000 }));
    const theirs = kubectl('s', ['get', kind, '-n', 'shop']);
    if (theirs.trim() === '') {
      assert.match(ours, /^No resources found in shop namespace\.$/m, `${kind}: empty`);
      continue;
    }
    // AGE and LAST SEEN move with the clock; compare headers and the NAME (events: OBJECT)
    // column exactly.
    const header = (t) => t.split('\n')[0].split(/\s{2,}/);
    const key = header(theirs).includes('NAME') ? 'NAME' : 'OBJECT';
    const firstCol = (t) => {
      const i = header(t).indexOf(key);
      return t.trim().split('\n').map((l) => (l.startsWith('[cut:') ? l : l.split(/\s{2,}/)[i]));
    };
    assert.deepEqual(header(ours), header(theirs), `${kind}: headers`);
    // A long list is cut to the budget: what is shown must be kubectl's first rows.
    const shown = firstCol(ours).filter((c) => !c.startsWith('[cut:'));
    assert.deepEqual(shown, firstCol(theirs).slice(0, shown.length), `${kind}: rows`);
    assert.ok(shown.length >= Math.min(10, firstCol(theirs).length), `${kind}: enough rows shown`);
  }
  for (const kind of ['nodes', 'namespaces']) {
    const ours = text(await call('k8s_get', { resource: kind, cluster: 's' }));
    const theirs = kubectl('s', ['get', kind]);
    assert.equal(ours.split('\n')[0], theirs.split('\n')[0], `${kind}: headers`);
    assert.equal(ours.trim().split('\n').length, theirs.trim().split('\n').length, `${kind}: row count`);
  }
});

test('k8s_get: short names, wide, all namespaces, selectors, name, yaml, json, name output', async () => {
  const wide = text(await call('k8s_get', { resource: 'po', output: 'wide', selector: 'app=web' }));
  assert.match(wide.split('\n')[0], /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE/);
  assert.equal(wide.trim().split('\n').length, 4, 'three web pods and a header');

  const all = text(await call('k8s_get', { resource: 'ds,deploy', all_namespaces: true }));
  assert.match(all, /^NAMESPACE\s+NAME\s+DESIRED/m);
  assert.match(all, /^monitoring\s+node-exporter\s/m);
  assert.match(all, /^NAMESPACE\s+NAME\s+READY/m);
  assert.match(all, /^shop\s+web\s+3\/3/m);

  const running = text(await call('k8s_get', { resource: 'pods', field_selector: 'status.phase=Pending' }));
  assert.match(running, /trainer-/);
  assert.doesNotMatch(running, /web-/);

  const one = await call('k8s_get', { resource: 'deployments.apps', name: 'web', output: 'json' });
  assert.equal(one.structuredContent.result.metadata.name, 'web');
  assert.equal(one.structuredContent.result.kind, 'Deployment');
  assert.ok(!JSON.stringify(one.structuredContent).includes('managedFields'));

  const y = text(await call('k8s_get', { resource: 'svc/web', output: 'yaml' }));
  assert.match(y, /^kind: Service$/m);
  assert.match(y, /^  name: web$/m);

  const names = text(await call('k8s_get', { resource: 'deploy', output: 'name' }));
  assert.match(names, /^deployment\.apps\/web$/m);

  const crd = text(await call('k8s_get', { resource: 'widgets' }));
  assert.match(crd, /^NAME\s/);
  assert.ok(crd.trim().split('\n').length >= 2, 'custom resources are listed');

  const missing = await call('k8s_get', { resource: 'pods', name: 'nope' });
  assert.equal(missing.isError, true);
  assert.match(text(missing), /Error from server \(NotFound\): pods "nope" not found/);
  const badType = await call('k8s_get', { resource: 'gizmos' });
  assert.equal(badType.isError, true);
  assert.match(text(badType), /gizmos/);
});

test('fan-out over three clusters with one unreachable merges rows with a CLUSTER column', async () => {
  const r = await call('k8s_get', { resource: 'deploy', cluster: ['e', 's', 'p', 'bp'] });
  assert.equal(r.isError, false);
  const t = text(r);
  assert.match(t.split('\n')[0], /^CLUSTER\s+NAME\s+READY/);
  for (const c of ['ephemeral', 'stage', 'production']) assert.match(t, new RegExp(`^${c}\\s+web\\s+3/3`, 'm'));
  assert.match(t, /^broken-prod: Unable to connect to the server: .*127\.0\.0\.1:9/m);

  const progress = [];
  const all = await client.callTool({ name: 'k8s_health', arguments: { cluster: 'all' } }, undefined, {
    onprogress: (p) => progress.push(p),
  });
  outputs.push(JSON.stringify(all));
  assert.ok(progress.length >= 1, 'fan-out reports progress per cluster');
  assert.ok(progress.every((p) => p.total === 4));
  for (let i = 1; i < progress.length; i++) assert.ok(progress[i].progress > progress[i - 1].progress);
  assert.ok(progress.some((p) => /broken-prod failed|answered/.test(p.message)));
  assert.match(text(all), /== stage ==/);
  assert.match(text(all), /== broken-prod ==\nUnable to connect/);
  assert.ok(all.structuredContent.clusters.stage.failing_pods >= 3);
  assert.ok(all.structuredContent.clusters['broken-prod'].error);
  // Each suggested call names the cluster it is about: without it, it would go to the default.
  // (Two clusters and no warnings section, so each cluster's share of the budget holds its
  // "Next:" lines.)
  const two = text(await call('k8s_health', { cluster: ['e', 'p'], since: '1s' }));
  const next = two.split('\n').filter((l) => /^ {2}k8s_/.test(l));
  assert.ok(next.length > 0);
  assert.ok(next.every((l) => / cluster=(ephemeral|stage|production)$/.test(l)), next.join('\n'));
  assert.ok(next.some((l) => l.endsWith(' cluster=production')));
});

test('the budget cuts a long list and the continuation resumes after the last row shown', async () => {
  const names = (t) => t.split('\n').filter((l) => /^load-/.test(l)).map((l) => l.split(/\s+/)[0]);
  const first = text(await call('k8s_get', { resource: 'pods', namespace: 'load' }));
  assert.ok(first.length <= 4000 + 400, `within the budget (${first.length})`);
  const m = first.match(/^\[cut: (\d+) pods shown, (\d+) remain \(over the 4000-character budget\)\] Call again with continue="([A-Za-z0-9_-]+)"/m);
  assert.ok(m, `the cut says what was shown and what remains:\n${first.slice(-400)}`);
  const shown = names(first);
  assert.equal(shown.length, Number(m[1]));
  assert.equal(Number(m[1]) + Number(m[2]), 300, 'remainingItemCount counts the rest');
  const second = text(await call('k8s_get', { resource: 'pods', namespace: 'load', continue: m[3] }));
  const next = names(second);
  assert.equal(next[0], `load-${String(shown.length).padStart(5, '0')}`, 'resumes right after the last row shown');
  for (const n of next) assert.ok(!shown.includes(n), `page 2 repeats ${n}`);

  // A page the budget does not cut still says what the server holds beyond it.
  const paged = text(await call('k8s_get', { resource: 'pods', namespace: 'load', limit: 20 }));
  assert.match(paged, /^\[more: 20 pods shown, 280 remain\] Call again with continue="[A-Za-z0-9_-]+" and the same other arguments for the rest\.$/m);

  const big = text(await call('k8s_get', { resource: 'pods', namespace: 'load', output: 'yaml', limit: 300 }));
  assert.match(big, /^\[cut: \d+ pods shown, \d+ remain \(over the 4000-character budget\)\]/m);
  assert.match(big, /^kind: PodList$/m, 'whole objects in a List, never a half object');
});

test('secrets are masked in table, yaml, json and describe', async () => {
  const table = text(await call('k8s_get', { resource: 'secrets' }));
  assert.match(table, /^db-credentials\s+Opaque\s+2\s/m);
  const y = text(await call('k8s_get', { resource: 'secret', name: 'db-credentials', output: 'yaml' }));
  assert.match(y, /password: "?<masked: \d+ bytes>"?/);
  const j = await call('k8s_get', { resource: 'secrets', output: 'json' });
  assert.match(j.structuredContent.result.items[0].data[Object.keys(j.structuredContent.result.items[0].data)[0]], /^<masked: \d+ bytes?>$/);
  const d = text(await call('k8s_describe', { resource: 'secret', name: 'db-credentials' }));
  assert.match(d, /^password:\s+\d+ bytes$/m);
});

test('k8s_describe: pod with events, deployment, node, by selector', async () => {
  const pods = JSON.parse(kubectl('s', ['get', 'pods', '-n', 'shop', '-l', 'app=worker', '-o', 'json'])).items;
  const pod = pods[0].metadata.name;
  const d = text(await call('k8s_describe', { resource: 'pod', name: pod }));
  assert.match(d, new RegExp(`^Name:\\s+${pod}$`, 'm'));
  assert.match(d, /Reason:\s+CrashLoopBackOff/);
  assert.match(d, /Restart Count:\s+\d+/);
  assert.match(d, /^Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message/m);
  assert.match(d, /BackOff/);
  const dep = text(await call('k8s_describe', { resource: 'deploy', name: 'web' }));
  assert.match(dep, /^Replicas:\s+3 desired \| 3 updated \| 3 total \| 3 available \| 0 unavailable$/m);
  const node = text(await call('k8s_describe', { resource: 'nodes', name: JSON.parse(kubectl('s', ['get', 'nodes', '-o', 'json'])).items[0].metadata.name }));
  assert.match(node, /^Capacity:$/m);
  const sel = text(await call('k8s_describe', { resource: 'pods', selector: 'app=web' }));
  assert.equal((sel.match(/^Name:/gm) ?? []).length, 3);
  const none = await call('k8s_describe', { resource: 'pods' });
  assert.equal(none.isError, true);
});

test('k8s_logs: pod, workload, tail, previous, timestamps, grep, container errors', async () => {
  const web = JSON.parse(kubectl('s', ['get', 'pods', '-n', 'shop', '-l', 'app=web', '-o', 'json'])).items[0].metadata.name;
  const tail = text(await call('k8s_logs', { pod: web, tail: 3 }));
  assert.equal(tail.trim().split('\n').length, 3);
  // The pod keeps logging: kubectl, asked after us, may see newer lines; ours must be the
  // same consecutive lines of the same log.
  const after = kubectl('s', ['logs', '-n', 'shop', web, '--tail', '10']).trim();
  assert.ok(after.includes(tail.trim()), `tail=3 is three consecutive lines kubectl also sees:\n${tail}\n--\n${after}`);
  const ts = text(await call('k8s_logs', { pod: web, tail: 1, timestamps: true }));
  assert.match(ts, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
  const wl = text(await call('k8s_logs', { resource: 'deployment/web', tail: 2 }));
  assert.equal((wl.match(/^\[web-[^/]+\/nginx\] /gm) ?? []).length, 6, 'two lines from each of three pods, prefixed');
  const worker = JSON.parse(kubectl('s', ['get', 'pods', '-n', 'shop', '-l', 'app=worker', '-o', 'json'])).items[0].metadata.name;
  const prev = text(await call('k8s_logs', { pod: worker, previous: true, tail: 20 }));
  assert.equal(prev.trim(), kubectl('s', ['logs', '-n', 'shop', worker, '--previous', '--tail', '20']).trim());
  const grep = text(await call('k8s_logs', { pod: worker, previous: true, grep: 'fatal', tail: -1 }));
  const fatal = kubectl('s', ['logs', '-n', 'shop', worker, '--previous']).trim().split('\n').filter((l) => l.includes('fatal'));
  assert.ok(fatal.length > 0, 'the crashed instance logged a fatal line');
  assert.deepEqual(grep.trim().split('\n'), fatal, 'grep keeps exactly the lines containing the text');
  const none = text(await call('k8s_logs', { pod: worker, previous: true, grep: 'no-such-text' }));
  assert.match(none, /^No line matches 'no-such-text' \(\d+ lines read\)\.$/m);
  const since = text(await call('k8s_logs', { pod: web, since: '1h', tail: -1 }));
  assert.doesNotMatch(since, /^\(no log lines\)$/m, 'the pod logged within the hour');
  const sinceAll = kubectl('s', ['logs', '-n', 'shop', web, '--since', '1h']).trim().split('\n').length;
  // The budget keeps the newest lines and says how many older ones it dropped.
  const lines = since.trim().split('\n');
  const cut = lines[0].match(/^\[cut: (\d+) older lines/);
  const ours = cut ? Number(cut[1]) + lines.length - 1 : lines.length;
  // kubectl reads after us: a few lines may be logged in between, and as many may leave the
  // one-hour window.
  assert.ok(Math.abs(sinceAll - ours) <= 3, `since=1h reads what kubectl --since=1h reads (${ours} vs ${sinceAll})`);
  const all = text(await call('k8s_logs', { pod: web, all_containers: true, tail: 1 }));
  assert.match(all, new RegExp(`^\\[${web}/nginx\\] `, 'm'));
  const bytes = text(await call('k8s_logs', { pod: web, tail: -1, limit_bytes: 100 }));
  assert.ok(bytes.length <= 101, `limit_bytes bounds the read (${bytes.length})`);
  const badContainer = await call('k8s_logs', { pod: web, container: 'sidecar' });
  assert.equal(badContainer.isError, true);
  assert.match(text(badContainer), /container 'sidecar' is not in pod/);
  // Nothing matched is an answer, as in k8s_get and k8s_describe, not an error.
  const nobody = await call('k8s_logs', { selector: 'app=nobody' });
  assert.equal(nobody.isError, false);
  assert.match(text(nobody), /^No pods match 'app=nobody' in namespace shop\.$/m);
  const two = await call('k8s_logs', { pod: web, selector: 'app=web' });
  assert.equal(two.isError, true);
});

test('k8s_get_events: warnings, for an object, folded, newest last, all namespaces', async () => {
  const w = text(await call('k8s_get_events', { types: ['Warning'] }));
  const rows = w.trim().split('\n');
  assert.match(rows[0], /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
  assert.ok(rows.length > 3, 'the demo namespace has warnings');
  assert.ok(rows.slice(1).every((r) => /\sWarning\s/.test(r)));
  assert.match(w, /\(x\d+ over /, 'repeats are folded with counts');
  const worker = JSON.parse(kubectl('s', ['get', 'pods', '-n', 'shop', '-l', 'app=worker', '-o', 'json'])).items[0].metadata.name;
  const forPod = text(await call('k8s_get_events', { for: `pod/${worker}` })).trim().split('\n');
  assert.ok(forPod.length > 1, 'the crash-looping pod has events');
  assert.ok(forPod.slice(1).every((r) => r.includes(`pod/${worker}`)));
  const all = text(await call('k8s_get_events', { all_namespaces: true, limit: 5 }));
  assert.match(all.split('\n')[0], /^NAMESPACE\s+LAST SEEN/);
  assert.match(all, /older events not shown/);
  const bad = await call('k8s_get_events', { since: 'yesterday' });
  assert.equal(bad.isError, true);
});

test('k8s_health names the broken things and the next call to make', async () => {
  const r = await call('k8s_health', { namespace: 'shop' });
  const t = text(r);
  assert.match(t, /pod\/worker-\S+\s+CrashLoopBackOff\s+container 'worker' restarts \d+, last exit 1/);
  assert.match(t, /pod\/recommender-\S+\s+ImagePullBackOff/);
  assert.match(t, /pod\/trainer-\S+\s+Pending\s+Unschedulable: 0\/\d+ nodes are available/);
  assert.match(t, /deployment\/worker\s+0\/1 available/);
  assert.match(t, /^Next:\n {2}k8s_/m);
  const monitoring = text(await call('k8s_health', { namespace: 'monitoring', cluster: 'e' }));
  assert.match(monitoring, /^Health of ephemeral, namespace monitoring: 3 pods/);
  assert.match(monitoring, /^Healthy: every pod is running and ready/m);
  const two = text(await call('k8s_health', { namespace: ['shop', 'monitoring'] }));
  assert.match(two, /^Health of stage, namespaces shop, monitoring: \d+ pods/);
  assert.match(two, /^NAMESPACE\s+OBJECT\s+PROBLEM\s+DETAIL$/m);
  const whole = text(await call('k8s_health', { all_namespaces: true }));
  assert.match(whole, /^Health of stage, all namespaces: \d+ pods/);
  assert.match(whole, /^shop\s+pod\/worker-\S+\s+CrashLoopBackOff/m);
});

test('k8s_clusters probes each cluster: version, latency, reachability', async () => {
  const r = await call('k8s_clusters', {});
  const byName = Object.fromEntries(r.structuredContent.clusters.map((c) => [c.name, c]));
  assert.equal(byName.stage.status, 'ok');
  assert.match(byName.stage.version, /^v1\.32\./);
  assert.equal(byName['broken-prod'].status, 'unreachable');
  assert.match(text(r), /^stage\s+s\s+read-write\s+\*\s+ok \d+ms\s+v1\.32/m);
});

test('k8s_clusters IDENTITY is what the server says the credentials are (SelfSubjectReview)', async () => {
  const r = await call('k8s_clusters', {});
  const byName = Object.fromEntries(r.structuredContent.clusters.map((c) => [c.name, c]));
  for (const name of ['ephemeral', 'stage', 'production']) {
    assert.equal(byName[name].identity, 'sim-admin', name);
    assert.equal(byName[name].identity_source, 'server');
    assert.deepEqual(byName[name].groups, ['system:masters', 'system:authenticated']);
  }
  // The same answer kubectl gets from `auth whoami`.
  assert.equal(JSON.parse(kubectl('s', ['auth', 'whoami', '-o', 'json'])).status.userInfo.username, 'sim-admin');
  assert.match(text(r), /^stage\s+s\s+read-write\s+\*\s+ok \d+ms\s+v1\.32\S*\s+sim-admin\s/m);
  assert.equal(byName['broken-prod'].identity, '', 'an unreachable cluster has no identity');
});
