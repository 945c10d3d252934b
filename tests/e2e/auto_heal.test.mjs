// Issue 7: auto-heal end to end — kubemcp serve (real MCP SDK client) against kubemcp sim,
// with login and network_heal commands that really fix what is broken.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { KUBEMCP, run } from '../lib/kubemcp.mjs';
import { startSim } from '../lib/sim.mjs';

let sim;
let good; // the simulator's valid kubeconfig for stage
const clients = [];

function script(name, body) {
  const path = join(sim.dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}
const runs = (name) => (existsSync(join(sim.dir, name)) ? readFileSync(join(sim.dir, name), 'utf8').split('\n').filter(Boolean).length : 0);

// A kubeconfig for stage whose token the server rejects (an expired login).
function expiredKubeconfig(file) {
  writeFileSync(join(sim.dir, file), good.replace(/token: \S+/, 'token: expired-token-0000'));
}

function config(name, clusters) {
  const path = join(sim.dir, name);
  writeFileSync(path, `default_cluster: stage\nclusters:\n${clusters}`);
  return path;
}

async function connect(configPath) {
  const transport = new StdioClientTransport({
    command: KUBEMCP,
    args: ['serve', '--config', configPath, '--workers', '16'],
    env: { PATH: process.env.PATH, HOME: sim.dir },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d) => (stderr += d));
  const client = new Client({ name: 'kubemcp-heal-e2e', version: '1.0.0' });
  await client.connect(transport);
  clients.push(client);
  return { client, stderr: () => stderr };
}

before(async () => {
  sim = await startSim({ clusters: ['stage'], seed: 'demo' });
  good = readFileSync(sim.kubeconfig('s'), 'utf8');
});

after(async () => {
  for (const c of clients) await c.close();
  await sim?.stop();
});

// First: later tests revoke every token, the viewer's included.
test('403 Forbidden is a permission problem: never healed, said plainly', async () => {
  const login = script('login7.sh', `echo run >> "${sim.dir}/login7.runs"`);
  const cfg = config('heal7.yaml', `  - {name: stage, aliases: [s], kubeconfig: config.viewer, namespace: shop, login: [${login}]}\n`);
  const { client } = await connect(cfg);
  // The viewer may read pods...
  assert.equal((await client.callTool({ name: 'k8s_get', arguments: { resource: 'pods' } })).isError, false);
  // ...but not Secrets.
  const r = await client.callTool({ name: 'k8s_get', arguments: { resource: 'secrets' } });
  assert.equal(r.isError, true);
  assert.match(r.content[0].text, /Error from server \(Forbidden\): secrets is forbidden: User "sim-viewer" cannot list resource "secrets" in API group "" in the namespace "shop"/);
  assert.match(r.content[0].text, /lack this permission \(RBAC\); logging in again will not help/);
  assert.doesNotMatch(r.content[0].text, /Auto-heal/);
  assert.equal(runs('login7.runs'), 0, 'no login for a 403');
});

test('an expired token is healed by the login command, once, and the call succeeds', async () => {
  expiredKubeconfig('heal1.kubeconfig');
  // The login command rewrites the kubeconfig with a fresh token, as `kube s` would.
  const login = script('login1.sh', `echo run >> "${sim.dir}/login1.runs"\ncp "${sim.kubeconfig('s')}" "${sim.dir}/heal1.kubeconfig"`);
  const cfg = config('heal1.yaml', `  - {name: stage, aliases: [s], kubeconfig: heal1.kubeconfig, namespace: shop, login: [${login}]}\n`);
  const { client, stderr } = await connect(cfg);
  const r = await client.callTool({ name: 'k8s_get', arguments: { resource: 'deploy' } });
  assert.equal(r.isError, false, r.content[0].text);
  assert.match(r.content[0].text, /^web\s+3\/3/m);
  assert.match(r.content[0].text, new RegExp(`Auto-heal: re-authenticated to stage with '${login}' and retried\\.\\n$`));
  assert.equal(runs('login1.runs'), 1);
  const again = await client.callTool({ name: 'k8s_get', arguments: { resource: 'deploy' } });
  assert.doesNotMatch(again.content[0].text, /Auto-heal/);
  assert.equal(runs('login1.runs'), 1, 'no second login once healed');
  const clusters = await client.callTool({ name: 'k8s_clusters', arguments: {} });
  assert.match(clusters.content[0].text, new RegExp(`Last auto-heal:\\n- stage: login with '${login}' succeeded`));
  assert.ok(!stderr().includes('expired-token-0000'));
});

test('50 concurrent calls with a revoked token share one login and all succeed', async () => {
  expiredKubeconfig('heal2.kubeconfig');
  const login = script('login2.sh', `echo run >> "${sim.dir}/login2.runs"\nsleep 0.5\ncp "${sim.kubeconfig('s')}" "${sim.dir}/heal2.kubeconfig"`);
  const cfg = config('heal2.yaml', `  - {name: stage, aliases: [s], kubeconfig: heal2.kubeconfig, namespace: shop, login: [${login}]}\n`);
  const { client } = await connect(cfg);
  const calls = Array.from({ length: 50 }, () => client.callTool({ name: 'k8s_get', arguments: { resource: 'pods', output: 'name' } }));
  const results = await Promise.all(calls);
  for (const r of results) {
    assert.equal(r.isError, false, r.content[0].text);
    assert.match(r.content[0].text, /^pod\/web-/m);
  }
  assert.equal(runs('login2.runs'), 1, 'exactly one login for 50 failures');
});

test('a login that fails gives a clear error and is not retried during the cool-down', async () => {
  expiredKubeconfig('heal3.kubeconfig');
  const login = script('login3.sh', `echo run >> "${sim.dir}/login3.runs"\necho "token: must-not-be-shown"\nexit 4`);
  const cfg = config('heal3.yaml', `  - {name: stage, aliases: [s], kubeconfig: heal3.kubeconfig, namespace: shop, login: [${login}]}\n`);
  const { client } = await connect(cfg);
  const results = [];
  for (let i = 0; i < 5; i++) results.push(await client.callTool({ name: 'k8s_get', arguments: { resource: 'pods' } }));
  for (const r of results) {
    assert.equal(r.isError, true);
    assert.match(r.content[0].text, /You must be logged in to the server \(Unauthorized\)/);
    assert.ok(!r.content[0].text.includes('must-not-be-shown'), 'login output is never shown');
  }
  assert.match(results[0].content[0].text, new RegExp(`Auto-heal: login for stage with '${login}' exited with code 4\\. Run \`${login}\` by hand`));
  assert.match(results[4].content[0].text, /not retried during the 60s cool-down/);
  assert.equal(runs('login3.runs'), 1, 'no retry storm');
});

test('a login that leaves a background child holding its output does not hang the call', async () => {
  expiredKubeconfig('heal8.kubeconfig');
  // Like a login that starts a helper daemon without detaching it: the child keeps stdout open.
  const login = script('login8.sh', `cp "${sim.kubeconfig('s')}" "${sim.dir}/heal8.kubeconfig"\nsleep 600 &\necho $! > "${sim.dir}/login8.child"\necho logged in`);
  const cfg = config('heal8.yaml', `  - {name: stage, aliases: [s], kubeconfig: heal8.kubeconfig, namespace: shop, login: [${login}]}\n`);
  const { client } = await connect(cfg);
  const t0 = Date.now();
  const r = await client.callTool({ name: 'k8s_get', arguments: { resource: 'deploy' } });
  assert.equal(r.isError, false, r.content[0].text);
  assert.match(r.content[0].text, new RegExp(`Auto-heal: re-authenticated to stage with '${login}' and retried\\.`));
  assert.ok(Date.now() - t0 < 10000, `took ${Date.now() - t0} ms`);
  // The child was ended with the login's process group (gone, or a zombie for init to reap).
  const child = readFileSync(join(sim.dir, 'login8.child'), 'utf8').trim();
  const stat = existsSync(`/proc/${child}/stat`) ? readFileSync(`/proc/${child}/stat`, 'utf8') : '';
  assert.ok(stat === '' || /\) Z /.test(stat), `background child ${child} still runs: ${stat}`);
});

test('an unreachable cluster is brought back by network_heal and the call succeeds', async () => {
  // The "VPN": a TCP relay on a fixed port to the simulator, started only by network_heal.
  const server = good.match(/server: https:\/\/127\.0\.0\.1:(\d+)/)[1];
  const relayPort = 20000 + Math.floor(Math.random() * 20000);
  writeFileSync(join(sim.dir, 'heal4.kubeconfig'), good.replace(/server: https:\/\/127\.0\.0\.1:\d+/, `server: https://127.0.0.1:${relayPort}`));
  const relay = join(sim.dir, 'relay.mjs');
  writeFileSync(relay, `import net from 'node:net';
net.createServer((c) => { const u = net.connect(${server}, '127.0.0.1'); c.pipe(u); u.pipe(c); c.on('error', () => u.destroy()); u.on('error', () => c.destroy()); })
  .listen(${relayPort}, '127.0.0.1');
setTimeout(() => process.exit(0), 120000);`);
  const vpn = script('vpn-up.sh', `echo run >> "${sim.dir}/vpn.runs"\nnohup node "${relay}" >/dev/null 2>&1 &\nsleep 0.3`);
  const cfg = config('heal4.yaml', `  - {name: stage, aliases: [s], kubeconfig: heal4.kubeconfig, namespace: shop, network_heal: [${vpn}]}\n`);
  const { client } = await connect(cfg);
  const r = await client.callTool({ name: 'k8s_get', arguments: { resource: 'deploy' } });
  assert.equal(r.isError, false, r.content[0].text);
  assert.match(r.content[0].text, /^web\s+3\/3/m);
  assert.match(r.content[0].text, new RegExp(`Auto-heal: restored the network to stage with '${vpn}' and retried\\.`));
  assert.equal(runs('vpn.runs'), 1);
});

test('without a login command the error says how to configure one', () => {
  expiredKubeconfig('heal5.kubeconfig');
  const cfg = config('heal5.yaml', `  - {name: stage, aliases: [s], kubeconfig: heal5.kubeconfig, namespace: shop}\n`);
  const r = run(['call', '--config', cfg, 'k8s_get', 'resource=pods'], { env: { HOME: sim.dir } });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no login command is configured for cluster 'stage'; log in by hand, or set `login: \[your-login-command, args\.\.\.\]`/);
  assert.ok(!r.stderr.includes('expired-token-0000'));
});

function simctl(...args) {
  const r = run(['sim', 'ctl', '--dir', sim.dir, ...args], { env: { HOME: sim.dir } });
  assert.equal(r.code, 0, r.stderr);
}

test("the simulator's own config heals a revoked token with `kubemcp sim login`", async () => {
  const { client } = await connect(join(sim.dir, 'kubemcp.yaml'));
  assert.equal((await client.callTool({ name: 'k8s_get', arguments: { resource: 'pods' } })).isError, false);
  simctl('revoke', '--cluster', 'stage');
  const r = await client.callTool({ name: 'k8s_get', arguments: { resource: 'deploy' } });
  assert.equal(r.isError, false, r.content[0].text);
  assert.match(r.content[0].text, /^web\s+3\/3/m);
  assert.match(r.content[0].text, /Auto-heal: re-authenticated to stage with '.*kubemcp sim login --dir .* --cluster stage' and retried\./);
});

test('an expired exec-plugin credential is refreshed by the plugin, without a login', async () => {
  const login = script('login6.sh', `echo run >> "${sim.dir}/login6.runs"\nexit 1`);
  const cfg = config('heal6.yaml', `  - {name: stage, aliases: [s], kubeconfig: config.execplugin, namespace: shop, login: [${login}]}\n`);
  const { client } = await connect(cfg);
  assert.equal((await client.callTool({ name: 'k8s_get', arguments: { resource: 'pods' } })).isError, false);
  simctl('expire', '--cluster', 'stage');
  const r = await client.callTool({ name: 'k8s_get', arguments: { resource: 'deploy' } });
  assert.equal(r.isError, false, r.content[0].text);
  assert.match(r.content[0].text, /^web\s+3\/3/m);
  assert.doesNotMatch(r.content[0].text, /Auto-heal/);
  assert.equal(runs('login6.runs'), 0, 'the plugin refreshed the credential; no login was needed');
});

test('a cluster made unreachable comes back through its network_heal command', async () => {
  const { client } = await connect(join(sim.dir, 'kubemcp.yaml'));
  simctl('unreachable', '--cluster', 'stage');
  const r = await client.callTool({ name: 'k8s_get', arguments: { resource: 'deploy' } });
  assert.equal(r.isError, false, r.content[0].text);
  assert.match(r.content[0].text, /Auto-heal: restored the network to stage with '.*kubemcp sim ctl --dir .* reachable --cluster stage' and retried[.;]/);
});
