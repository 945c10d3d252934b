// Issue 12: prompts, resources (with watch-backed subscriptions) and completion through the
// real MCP SDK client, against `kubemcp sim --seed demo`; the simulator's objects are changed
// with the real kubectl.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { KUBEMCP } from '../lib/kubemcp.mjs';
import { startSim } from '../lib/sim.mjs';

const NS_TEMPLATE = 'k8s://{cluster}/{namespace}/{resource}/{name}';
const CLUSTER_TEMPLATE = 'k8s://{cluster}/{resource}/{name}';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let sim;
let client;
let transport;
let stderr = '';
const outputs = []; // everything kubemcp answered, checked for secrets at the end
const tokens = [];
const secretValues = [];
const updates = [];
const cache = mkdtempSync(join(tmpdir(), 'kubemcp-kubectl-cache-'));

function kubectl(args, input) {
  return execFileSync('kubectl', ['--kubeconfig', sim.kubeconfig('s'), ...args], {
    encoding: 'utf8',
    input,
    env: { ...process.env, KUBECACHEDIR: cache },
  });
}

const seen = (r) => { outputs.push(JSON.stringify(r)); return r; };

async function waitFor(predicate, ms = 15000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (predicate()) return true;
    await sleep(100);
  }
  return predicate();
}

// A completion: the first answer of a cold cache may come back empty at the deadline while
// the list is fetched; asking again answers from the filled cache.
async function complete(ref, name, value, context) {
  let values = [];
  for (let i = 0; i < 20; i++) {
    const r = seen(await client.complete({ ref, argument: { name, value }, ...(context ? { context: { arguments: context } } : {}) }));
    values = r.completion.values;
    if (values.length > 0) return values;
    await sleep(250);
  }
  return values;
}

before(async () => {
  sim = await startSim({ seed: 'demo' });
  const config = join(sim.dir, 'surface.yaml');
  writeFileSync(config, `default_cluster: stage
max_watches: 3
clusters:
  - {name: ephemeral, aliases: [e, eph], kubeconfig: config.e, namespace: shop}
  - {name: stage, aliases: [s], kubeconfig: config.s, namespace: shop}
  - {name: production, aliases: [p, prod], kubeconfig: config.p, namespace: shop}
`);
  for (const a of ['e', 's', 'p']) {
    const m = readFileSync(sim.kubeconfig(a), 'utf8').match(/token: (\S+)/);
    if (m) tokens.push(m[1]);
  }
  const secrets = JSON.parse(kubectl(['get', 'secrets', '-n', 'shop', '-o', 'json']));
  for (const s of secrets.items)
    for (const v of Object.values(s.data ?? {})) {
      secretValues.push(v);
      const plain = Buffer.from(v, 'base64').toString('utf8');
      if (plain.length >= 6) secretValues.push(plain);
    }
  kubectl(['apply', '-f', '-'], JSON.stringify({
    apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'e2e-watch', namespace: 'shop' }, data: { a: '1' },
  }));
  transport = new StdioClientTransport({
    command: KUBEMCP,
    args: ['serve', '--config', config],
    env: { PATH: process.env.PATH, HOME: sim.dir },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (d) => (stderr += d));
  client = new Client({ name: 'kubemcp-surface-e2e', version: '1.0.0' });
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => { updates.push(n.params.uri); });
  await client.connect(transport);
});

after(async () => {
  await client?.close();
  await sim?.stop();
});

test('capabilities announce prompts, resources with subscribe, and completions', () => {
  const caps = client.getServerCapabilities();
  assert.deepEqual(caps.prompts, { listChanged: false });
  assert.deepEqual(caps.resources, { subscribe: true, listChanged: false });
  assert.deepEqual(caps.completions, {});
});

test('every prompt is listed and renders the exact tool calls', async () => {
  const { prompts } = seen(await client.listPrompts());
  assert.deepEqual(prompts.map((p) => p.name),
    ['triage_namespace', 'review_rollout', 'compare_workload', 'investigate_crashloop']);
  const text = async (name, args) => {
    const r = seen(await client.getPrompt({ name, arguments: args }));
    assert.equal(r.messages[0].role, 'user');
    return r.messages[0].content.text;
  };
  const triage = await text('triage_namespace', { namespace: 'shop', cluster: 's' });
  for (const call of ['k8s_health {"namespace":"shop","cluster":"stage"}',
    'k8s_get_events {"types":["Warning"],"since":"1h","namespace":"shop","cluster":"stage"}'])
    assert.ok(triage.includes(call), `${call} in:\n${triage}`);
  const rollout = await text('review_rollout', { workload: 'deployment/web', namespace: 'shop' });
  assert.match(rollout, /Before the change[\s\S]*After the change/);
  assert.ok(rollout.includes('k8s_get {"resource":"deployment","name":"web","output":"yaml","namespace":"shop"}'));
  const compare = await text('compare_workload', { workload: 'web', namespace: 'shop', clusters: 'stage,prod' });
  assert.ok(compare.includes('"cluster":["stage","production"]'), compare);
  const crash = await text('investigate_crashloop', { namespace: 'shop', cluster: 'stage' });
  assert.ok(crash.includes('k8s_logs {"pod":"<pod>","previous":true,"tail":100,"namespace":"shop","cluster":"stage"}'), crash);

  // The calls a prompt names work as written.
  const health = seen(await client.callTool({ name: 'k8s_health', arguments: { namespace: 'shop', cluster: 'stage' } }));
  assert.match(health.content[0].text, /CrashLoopBackOff/);
});

test('prompt arguments are validated with clear errors', async () => {
  await assert.rejects(client.getPrompt({ name: 'review_rollout', arguments: {} }),
    (e) => e.code === -32602 && /needs the argument 'workload'/.test(e.message));
  await assert.rejects(client.getPrompt({ name: 'triage_namespace', arguments: { cluster: 'mars' } }),
    (e) => e.code === -32602 && /valid names and aliases: ephemeral \(e, eph\)/.test(e.message));
  await assert.rejects(client.getPrompt({ name: 'triage_namespace', arguments: { namespace: 'a/b' } }),
    (e) => e.code === -32602 && /namespace 'a\/b'/.test(e.message));
  await assert.rejects(client.getPrompt({ name: 'nope' }),
    (e) => e.code === -32602 && /Unknown prompt: nope/.test(e.message));
});

test('resources: the fleet, templates, and an object read as masked YAML', async () => {
  const { resources } = seen(await client.listResources());
  assert.deepEqual(resources.map((r) => r.uri), ['k8s://clusters']);
  const { resourceTemplates } = seen(await client.listResourceTemplates());
  assert.deepEqual(resourceTemplates.map((t) => t.uriTemplate), [NS_TEMPLATE, CLUSTER_TEMPLATE]);

  const fleet = seen(await client.readResource({ uri: 'k8s://clusters' }));
  assert.equal(fleet.contents[0].mimeType, 'application/json');
  const clusters = JSON.parse(fleet.contents[0].text).clusters;
  assert.deepEqual(clusters.map((c) => c.name), ['ephemeral', 'stage', 'production']);
  assert.equal(clusters.find((c) => c.name === 'production').access, 'read-only');

  const web = seen(await client.readResource({ uri: 'k8s://s/shop/deploy/web' }));
  assert.equal(web.contents[0].uri, 'k8s://s/shop/deploy/web');
  assert.equal(web.contents[0].mimeType, 'application/yaml');
  assert.match(web.contents[0].text, /^kind: Deployment$/m);
  assert.match(web.contents[0].text, /^ {2}name: web$/m);
  assert.doesNotMatch(web.contents[0].text, /managedFields/);

  const node = JSON.parse(kubectl(['get', 'nodes', '-o', 'json'])).items[0].metadata.name;
  const n = seen(await client.readResource({ uri: `k8s://stage/nodes/${node}` }));
  assert.match(n.contents[0].text, /^kind: Node$/m);

  const secret = JSON.parse(kubectl(['get', 'secrets', '-n', 'shop', '-o', 'json'])).items.find((s) => s.data);
  const s = seen(await client.readResource({ uri: `k8s://stage/shop/secrets/${secret.metadata.name}` }));
  assert.match(s.contents[0].text, /<masked: \d+ bytes>/);

  await assert.rejects(client.readResource({ uri: 'k8s://stage/shop/deployments/no-such' }),
    (e) => e.code === -32002 && /not found/i.test(e.message));
  await assert.rejects(client.readResource({ uri: 'k8s://stage/pods/web' }),
    (e) => e.code === -32602 && /namespaced: use k8s:\/\/stage\/NAMESPACE\/pods\/web/.test(e.message));
  await assert.rejects(client.readResource({ uri: 'k8s://stage/shop/pods/x%2Fexec' }),
    (e) => e.code === -32602 && /name 'x%2Fexec'/.test(e.message));
});

test('a subscription is told when kubectl changes the object, and not after unsubscribing', async () => {
  const uri = 'k8s://stage/shop/configmaps/e2e-watch';
  seen(await client.subscribeResource({ uri }));
  kubectl(['patch', 'configmap', 'e2e-watch', '-n', 'shop', '--type', 'merge', '-p', '{"data":{"a":"2"}}']);
  assert.ok(await waitFor(() => updates.includes(uri)), `no notifications/resources/updated for ${uri}`);
  const r = seen(await client.readResource({ uri }));
  assert.match(r.contents[0].text, /a: "2"|a: '2'|a: 2/);

  seen(await client.unsubscribeResource({ uri }));
  const before = updates.length;
  kubectl(['patch', 'configmap', 'e2e-watch', '-n', 'shop', '--type', 'merge', '-p', '{"data":{"a":"3"}}']);
  await sleep(2500);
  assert.equal(updates.length, before, 'a notification arrived after unsubscribing');
  assert.match(stderr, /watch stage\/configmaps\/shop\/e2e-watch: no subscriber left; stopping/);

  await assert.rejects(client.subscribeResource({ uri: 'k8s://stage/shop/configmaps/absent' }),
    (e) => e.code === -32002);
});

test('subscriptions per session are bounded by max_watches', async () => {
  const uris = ['web', 'api', 'worker'].map((n) => `k8s://stage/shop/deployments/${n}`);
  for (const uri of uris) seen(await client.subscribeResource({ uri }));
  await assert.rejects(client.subscribeResource({ uri: 'k8s://stage/shop/deployments/trainer' }),
    (e) => e.code === -32000 && /at most 3 resource subscriptions per session \(max_watches/.test(e.message));
  seen(await client.unsubscribeResource({ uri: uris[2] }));
  // The same object under another spelling shares the running watch.
  seen(await client.subscribeResource({ uri: 'k8s://s/shop/deploy/web' }));
});

test('completion of every variable from live lists', async () => {
  const tpl = { type: 'ref/resource', uri: NS_TEMPLATE };
  assert.deepEqual(await complete(tpl, 'cluster', 'st'), ['stage']);
  assert.ok((await complete(tpl, 'namespace', '', { cluster: 'stage' })).includes('monitoring'));
  assert.ok((await complete(tpl, 'resource', 'deploy', { cluster: 'stage' })).includes('deployments'));
  assert.deepEqual((await complete(tpl, 'name', 'w', { cluster: 's', namespace: 'shop', resource: 'deployments' })).sort(),
    ['web', 'worker']);
  const scoped = { type: 'ref/resource', uri: CLUSTER_TEMPLATE };
  assert.ok((await complete(scoped, 'name', 'sh', { cluster: 'stage', resource: 'namespaces' })).includes('shop'));

  const rollout = { type: 'ref/prompt', name: 'review_rollout' };
  assert.ok((await complete(rollout, 'workload', 'deployment/w', { cluster: 'stage', namespace: 'shop' })).includes('deployment/web'));
  assert.ok((await complete(rollout, 'workload', 'db', { namespace: 'shop' })).includes('statefulset/db'));
  assert.deepEqual(await complete(rollout, 'phase', 'b'), ['before']);
  const crash = { type: 'ref/prompt', name: 'investigate_crashloop' };
  const pods = await complete(crash, 'pod', 'worker', { namespace: 'shop' });
  assert.ok(pods.length > 0 && pods.every((p) => p.startsWith('worker')), pods.join(','));
  const compare = { type: 'ref/prompt', name: 'compare_workload' };
  assert.deepEqual(await complete(compare, 'clusters', 'stage,pro'), ['stage,production', 'stage,prod']);
  await assert.rejects(client.complete({ ref: tpl, argument: { name: 'nope', value: '' } }),
    (e) => e.code === -32602);
});

test('session end stops the watches: kubemcp exits on its own, no secret said', async () => {
  const child = transport._process;
  // End the session as a client does (stdin closed) and give kubemcp time to exit by itself:
  // the SDK's close() kills after 2 s, which a sanitizer build's exit on a loaded machine can
  // exceed without anything being wrong.
  const exited = new Promise((resolve) => child.once('exit', () => resolve('exited')));
  child.stdin.end();
  const how = await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running'), 20000))]);
  await client.close();
  assert.equal(how, 'exited', `kubemcp did not exit after stdin closed:\n${stderr}`);
  assert.equal(child.signalCode, null, `kubemcp had to be killed:\n${stderr}`);
  assert.equal(child.exitCode, 0);
  const everything = outputs.join('\n') + stderr;
  for (const t of tokens) assert.ok(!everything.includes(t), 'a bearer token leaked');
  for (const v of secretValues) assert.ok(!everything.includes(v), 'a secret value leaked');
});
