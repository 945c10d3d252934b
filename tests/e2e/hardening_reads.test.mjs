// Issue 10, items 1 and 2, through the real MCP SDK client against `kubemcp sim`, which
// answers lists as kube-apiserver does (items of built-in types without kind/apiVersion):
// no value of a seeded Secret appears in any output format, on one cluster or many; and
// names that would reach another endpoint (proxy, exec, attach, portforward) are refused
// before any request reaches the simulator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { KUBEMCP } from '../lib/kubemcp.mjs';
import { startSim } from '../lib/sim.mjs';

let sim;
let client;
let stderr = '';
const outputs = [];
const secretValues = [];
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

function assertNoSecretValue(what, output) {
  for (const v of secretValues) assert.ok(!output.includes(v), `${what}: a secret value leaked`);
}

before(async () => {
  sim = await startSim({ clusters: ['ephemeral', 'stage'], seed: 'demo', extraArgs: ['-v'] });
  const config = join(sim.dir, 'hardening.yaml');
  writeFileSync(config, `default_cluster: stage
output_budget: 100000
clusters:
  - {name: ephemeral, aliases: [e], kubeconfig: config.e, namespace: shop}
  - {name: stage, aliases: [s], kubeconfig: config.s, namespace: shop}
`);
  for (const alias of ['e', 's']) {
    const list = JSON.parse(kubectl(alias, ['get', 'secrets', '-A', '-o', 'json']));
    for (const s of list.items)
      for (const v of Object.values(s.data ?? {})) {
        secretValues.push(v);
        const plain = Buffer.from(v, 'base64').toString('utf8');
        if (plain.length >= 6) secretValues.push(plain);
      }
  }
  assert.ok(secretValues.length >= 4, 'the demo seed has secrets on both clusters');
  const transport = new StdioClientTransport({
    command: KUBEMCP,
    args: ['serve', '--config', config],
    env: { PATH: process.env.PATH, HOME: sim.dir },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (d) => (stderr += d));
  client = new Client({ name: 'kubemcp-hardening-e2e', version: '1.0.0' });
  await client.connect(transport);
});

after(async () => {
  await client?.close();
  assertNoSecretValue('anything kubemcp said or logged', outputs.join('\n') + stderr);
  await sim?.stop();
});

test('the simulator lists built-in types without kind per item, custom resources with it', async () => {
  const raw = JSON.parse(kubectl('s', ['get', '--raw', '/api/v1/namespaces/shop/secrets']));
  assert.equal(raw.kind, 'SecretList');
  assert.ok(raw.items.length >= 2);
  for (const item of raw.items) {
    assert.equal(item.kind, undefined);
    assert.equal(item.apiVersion, undefined);
  }
  const one = JSON.parse(kubectl('s', ['get', '--raw', '/api/v1/namespaces/shop/secrets/db-credentials']));
  assert.equal(one.kind, 'Secret', 'a single object keeps its kind');
  // kubectl fills the kind in from the list, as kubemcp does.
  const printed = JSON.parse(kubectl('s', ['get', 'secrets', '-n', 'shop', '-o', 'json']));
  assert.ok(printed.items.every((i) => i.kind === 'Secret'));
});

const formats = ['table', 'wide', 'yaml', 'json', 'name'];
const shapes = [
  { resource: 'secrets' },
  { resource: 'secrets', all_namespaces: true },
  { resource: 'secrets', selector: 'app!=nothing', field_selector: 'metadata.name=db-credentials' },
  { resource: 'secrets,configmaps' },
  { resource: 'secrets/db-credentials' },
  { resource: 'secrets', cluster: 'all' },
  { resource: 'secrets', cluster: ['e', 's'], all_namespaces: true },
];

test('no secret value in any output format of a Secret list, one cluster or many', async () => {
  for (const output of formats)
    for (const shape of shapes) {
      const r = await call('k8s_get', { ...shape, output });
      const what = `${JSON.stringify(shape)} output=${output}`;
      assert.ok(!r.isError, `${what}: ${text(r)}`);
      assertNoSecretValue(what, JSON.stringify(r));
      if (output === 'yaml' || output === 'json')
        assert.match(text(r), /<masked: \d+ bytes?>/, `${what}: values are shown masked`);
    }
});

test('list items are printed with kind and apiVersion filled in, values masked by the mapping', async () => {
  const y = text(await call('k8s_get', { resource: 'secrets', output: 'yaml' }));
  assert.match(y, /^kind: SecretList$/m);
  const count = (t, re) => (t.match(re) ?? []).length;
  assert.equal(count(y, /^ {2}kind: Secret$/gm), 2, 'each item has its kind');
  assert.equal(count(y, /^- apiVersion: v1$/gm), 2, 'each item has its apiVersion');
  const j = await call('k8s_get', { resource: 'secrets', output: 'json' });
  const items = j.structuredContent.result.items;
  assert.ok(items.length >= 2);
  for (const item of items) {
    assert.equal(item.kind, 'Secret');
    assert.equal(item.apiVersion, 'v1');
    for (const v of Object.values(item.data)) assert.match(v, /^<masked: \d+ bytes?>$/);
  }
  const fan = await call('k8s_get', { resource: 'secrets', output: 'json', cluster: 'all' });
  for (const name of ['ephemeral', 'stage'])
    for (const item of fan.structuredContent.clusters[name].items)
      for (const v of Object.values(item.data)) assert.match(v, /^<masked: \d+ bytes?>$/);
  const all = text(await call('k8s_get', { resource: 'all', output: 'yaml' }));
  assert.match(all, /^ {2}kind: Pod$/m, 'every item of `all` has its kind');
  assert.match(all, /^ {2}kind: Deployment$/m);
  assert.match(all, /^- apiVersion: apps\/v1$/m);
  assert.equal(count(all, /^- /gm), count(all, /^ {2}kind: /gm), 'no item without a kind');
  const d = text(await call('k8s_describe', { resource: 'secrets', selector: 'app!=nothing' }));
  assert.match(d, /^password:\s+\d+ bytes$/m);
  assertNoSecretValue('describe by selector', d);
});

async function logged(re, from) {
  for (let i = 0; i < 100 && !re.test(sim.stderr().slice(from)); i++)
    await new Promise((r) => setTimeout(r, 50));
  assert.match(sim.stderr().slice(from), re, 'the simulator logged the request');
}

test('names and namespaces that would reach another endpoint are refused; nothing reaches the server', async () => {
  // The simulator's log (-v: every request) arrives asynchronously: a marker request whose
  // line has arrived separates earlier requests from the attempts.
  await call('k8s_get', { resource: 'configmaps', name: 'marker-before' });
  await logged(/configmaps\/marker-before/, 0);
  const mark = sim.stderr().length;
  const attempts = [
    ['k8s_get', { resource: 'services/web/proxy/admin' }],
    ['k8s_get', { resource: 'services', name: 'web/proxy/admin', cluster: 'all' }],
    ['k8s_get', { resource: 'nodes', name: 'sim-node-1/proxy/configz' }],
    ['k8s_get', { resource: 'pods', name: 'web%2Fexec' }],
    ['k8s_get', { resource: 'pods', namespace: 'shop/pods/web/exec' }],
    ['k8s_get', { resource: 'pods', name: '..' }],
    ['k8s_describe', { resource: 'pods/web/attach' }],
    ['k8s_describe', { resource: 'services', name: 'web/proxy', namespace: 'shop' }],
    ['k8s_logs', { pod: 'web/portforward' }],
    ['k8s_logs', { resource: 'deployment/web/proxy' }],
    ['k8s_logs', { pod: 'web', container: '../exec' }],
    ['k8s_get_events', { for: 'pod/web/proxy' }],
    ['k8s_health', { namespace: ['shop', 'kube-system/secrets'] }],
  ];
  for (const [tool, args] of attempts) {
    const r = await call(tool, args);
    assert.ok(r.isError, `${tool} ${JSON.stringify(args)} is refused`);
    assert.match(text(r), /^Invalid arguments for k8s_\w+: `(resource|name|namespace|pod|container|for)`: /, text(r));
    assert.match(text(r), /Nothing was sent to any cluster\.$/);
  }
  // The simulator logs every request it receives (-v). A valid call right after is logged;
  // once its line is in, every line the attempts could have caused is too: there is none.
  assert.ok(!(await call('k8s_get', { resource: 'services', name: 'web' })).isError);
  await logged(/sim\[stage\] GET \/api\/v1\/namespaces\/shop\/services\/web /, mark);
  const requests = sim.stderr().slice(mark).split('\n').filter((l) => /sim\[\w+\] [A-Z]+ \//.test(l));
  assert.deepEqual(requests.map((l) => l.replace(/^.*sim\[/, 'sim[')),
    ['sim[stage] GET /api/v1/namespaces/shop/services/web -> 200']);
});
