// Issue 2: kubemcp serve driven by the real MCP SDK client over stdio, plus the CLI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { KUBEMCP, makeHome, kubeconfigText, run, tempDir } from '../lib/kubemcp.mjs';

const TOKENS = { e: 'eph-token-a1b2c3d4e5', s: 'stage-token-f6g7h8i9', p: 'prod-token-j0k1l2m3' };
let home;
let originals;

before(() => {
  home = makeHome({
    e: kubeconfigText({ name: 'eph', token: TOKENS.e, server: 'https://127.0.0.1:7001' }),
    s: kubeconfigText({ name: 'stg', token: TOKENS.s, server: 'https://127.0.0.1:7002', namespace: 'shop' }),
    p: kubeconfigText({ name: 'prd', token: TOKENS.p, server: 'https://127.0.0.1:7003' }),
  });
  originals = Object.fromEntries(['e', 's', 'p'].map((s) => [s, readFileSync(join(home.home, '.kube', `config.${s}`))]));
});

after(() => {
  // Kubeconfig files are read, never written: byte-identical after everything ran.
  for (const [s, bytes] of Object.entries(originals))
    assert.deepEqual(readFileSync(join(home.home, '.kube', `config.${s}`)), bytes, `config.${s} changed`);
  home.cleanup();
});

function assertNoToken(text) {
  for (const t of Object.values(TOKENS)) assert.ok(!text.includes(t), 'a token leaked into output');
}

async function connect(extraArgs = []) {
  const stderr = [];
  const transport = new StdioClientTransport({
    command: KUBEMCP,
    args: ['serve', ...extraArgs],
    env: { HOME: home.home, PATH: process.env.PATH },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (d) => stderr.push(String(d)));
  const client = new Client({ name: 'kubemcp-e2e', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr.join('') };
}

test('initialize, tools/list and k8s_clusters through the MCP SDK', async () => {
  const { client, stderr } = await connect();
  try {
    assert.equal(client.getServerVersion().name, 'kubemcp');
    assert.ok(client.getServerCapabilities().tools);
    assert.ok(client.getServerCapabilities().logging);
    const { tools } = await client.listTools();
    const clusters = tools.find((t) => t.name === 'k8s_clusters');
    assert.ok(clusters, 'k8s_clusters is listed');
    assert.equal(clusters.annotations.readOnlyHint, true);
    assert.equal(clusters.annotations.destructiveHint, false);
    assert.equal(clusters.inputSchema.type, 'object');

    const r = await client.callTool({ name: 'k8s_clusters', arguments: {} });
    assert.equal(r.isError, false);
    const text = r.content[0].text;
    assert.match(text, /^NAME\s+ALIASES\s+ACCESS\s+DEFAULT\s+STATUS\s+VERSION\s+IDENTITY\s+CONTEXT\s+SERVER\s+NAMESPACE\s+KUBECONFIG$/m);
    assert.match(text, /^ephemeral\s+e,eph\s+read-write\s+unreachable\s+-\s+-\s+eph\s+https:\/\/127\.0\.0\.1:7001/m);
    assert.match(text, /^stage\s+s\s+read-write\s+\*\s+unreachable\s+-\s+-\s+stg\s+https:\/\/127\.0\.0\.1:7002\s+shop/m);
    assert.match(text, /^production\s+p,prod\s+read-only\s+unreachable\s+-\s+-\s+prd/m);
    const byName = Object.fromEntries(r.structuredContent.clusters.map((c) => [c.name, c]));
    assert.equal(byName.stage.default, true);
    assert.equal(byName.production.access, 'read-only');
    assert.deepEqual(byName.production.aliases, ['p', 'prod']);
    assertNoToken(JSON.stringify(r));

    const one = await client.callTool({ name: 'k8s_clusters', arguments: { cluster: 'prod' } });
    assert.equal(one.structuredContent.clusters.length, 1);
    assert.equal(one.structuredContent.clusters[0].name, 'production');

    const bad = await client.callTool({ name: 'k8s_clusters', arguments: { cluster: 'qa' } });
    assert.equal(bad.isError, true);
    assert.match(bad.content[0].text, /unknown cluster 'qa'; valid names and aliases: ephemeral \(e, eph\), stage \(s\), production \(p, prod\)/);

    const wrongType = await client.callTool({ name: 'k8s_clusters', arguments: { cluster: 5 } });
    assert.equal(wrongType.isError, true);
    assert.match(wrongType.content[0].text, /argument 'cluster' must be string or array, got integer/);

    await assert.rejects(client.callTool({ name: 'k8s_nope', arguments: {} }), /-32602|Unknown tool/);
    await client.ping();
  } finally {
    await client.close();
  }
  assertNoToken(stderr());
});

test('a cancelled call rejects on the client and the server keeps serving', async () => {
  const { client } = await connect();
  try {
    const controller = new AbortController();
    const pending = client.callTool({ name: 'k8s_clusters', arguments: {} }, undefined, { signal: controller.signal });
    controller.abort('user changed their mind');
    await assert.rejects(pending, /-32001|changed their mind/);
    const r = await client.callTool({ name: 'k8s_clusters', arguments: { cluster: 's' } });
    assert.equal(r.structuredContent.clusters[0].name, 'stage');
  } finally {
    await client.close();
  }
});

test('a bad line gets a JSON-RPC error and the next request is answered; EOF ends cleanly', async () => {
  const child = spawn(KUBEMCP, ['serve', '--log-level', 'off'], { env: { HOME: home.home, PATH: process.env.PATH } });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  child.stdin.write('{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"0"}}}\n');
  child.stdin.write('this is not json\n');
  child.stdin.write('{"jsonrpc":"2.0","id":2,"method":"tools/list"}\n');
  child.stdin.end();
  assert.equal(await exited, 0);
  const lines = out.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 3, 'stdout holds only the three protocol replies');
  assert.equal(lines[0].result.protocolVersion, '2025-11-25');
  assert.equal(lines[1].error.code, -32700);
  assert.equal(lines[1].id, null);
  assert.equal(lines[2].id, 2);
  assert.ok(lines[2].result.tools.some((t) => t.name === 'k8s_clusters'));
});

test('a line over 32 MiB is refused with an error and the session goes on', async () => {
  const child = spawn(KUBEMCP, ['serve', '--log-level', 'off'], { env: { HOME: home.home, PATH: process.env.PATH } });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const write = (s) => new Promise((resolve) => (child.stdin.write(s) ? resolve() : child.stdin.once('drain', resolve)));
  await write('{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"0"}}}\n');
  // 48 MiB in one line (a string argument that never ends), written in 1 MiB pieces.
  await write('{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"k8s_clusters","arguments":{"cluster":"');
  const piece = 'x'.repeat(1 << 20);
  for (let i = 0; i < 48; i++) await write(piece);
  await write('"}}}\n');
  await write('{"jsonrpc":"2.0","id":3,"method":"ping"}\n');
  child.stdin.end();
  assert.equal(await exited, 0);
  const lines = out.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 3);
  assert.equal(lines[1].id, null);
  assert.equal(lines[1].error.code, -32600);
  assert.match(lines[1].error.message, /longer than 33554432 bytes/);
  assert.deepEqual(lines[2], { jsonrpc: '2.0', id: 3, result: {} });
});

test('kubemcp call k8s_clusters lists ephemeral, stage (default) and production (read-only)', () => {
  const r = run(['call', 'k8s_clusters'], { env: { HOME: home.home } });
  assert.equal(r.code, 0, r.stderr);
  const rows = r.stdout.split('\n');
  assert.match(rows[0], /^NAME\s+ALIASES\s+ACCESS\s+DEFAULT\s+STATUS\s+VERSION\s+IDENTITY\s+CONTEXT\s+SERVER\s+NAMESPACE\s+KUBECONFIG$/);
  assert.match(rows[1], /^ephemeral\s+e,eph\s+read-write\s{4,}unreachable\s+-\s+-\s+eph\s/);
  assert.match(rows[2], /^stage\s+s\s+read-write\s+\*\s+unreachable\s+-\s+-\s+stg\s/);
  assert.match(rows[3], /^production\s+p,prod\s+read-only\s{4,}unreachable\s+-\s+-\s+prd\s/);
  assertNoToken(r.stdout + r.stderr);

  const json = run(['call', '--json', 'k8s_clusters', 'cluster=["e","s"]'], { env: { HOME: home.home } });
  assert.equal(json.code, 0, json.stderr);
  const result = JSON.parse(json.stdout);
  assert.deepEqual(result.structuredContent.clusters.map((c) => c.name), ['ephemeral', 'stage']);
  assert.equal(result.isError, false);

  // Global options before or after the subcommand.
  assert.equal(run(['--log-level', 'error', 'clusters'], { env: { HOME: home.home } }).code, 0);
  assert.equal(run(['clusters', '--log-level', 'error'], { env: { HOME: home.home } }).code, 0);

  const bad = run(['call', 'k8s_clusters', 'cluster=qa'], { env: { HOME: home.home } });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /unknown cluster 'qa'/);
  const badArg = run(['call', 'k8s_clusters', 'clustr=s'], { env: { HOME: home.home } });
  assert.equal(badArg.code, 2);
  assert.match(badArg.stderr, /unknown argument 'clustr' for k8s_clusters \(known: cluster, probe\)/);
});

test('a config file is honoured and a malformed one fails start-up with file, line and reason', () => {
  const dir = tempDir();
  const good = join(dir, 'config.yaml');
  writeFileSync(good, `default_cluster: prod
clusters:
  - name: production
    aliases: [prod]
    kubeconfig: ${join(home.home, '.kube', 'config.p')}
  - name: qa
    kubeconfig: ${join(home.home, '.kube', 'config.s')}
    namespace: checkout
`);
  const r = run(['clusters', '--config', good], { env: { HOME: home.home } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^production\s+prod\s+read-only\s+\*/m);
  assert.match(r.stdout, /^qa\s+-\s+read-write\s+unreachable\s+-\s+-\s+stg\s.*checkout/m);
  const viaEnv = run(['clusters'], { env: { HOME: home.home, KUBEMCP_CONFIG: good } });
  assert.match(viaEnv.stdout, /^qa\s/m);

  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'clusters:\n  - name: x\n    kubeconfig: /k\n    access: sometimes\n');
  const b = run(['serve', '--config', bad], { env: { HOME: home.home }, input: '' });
  assert.equal(b.code, 2);
  assert.match(b.stderr, new RegExp(`config error: ${bad}:4: access must be read-only or read-write, not 'sometimes'`));

  const missing = run(['clusters', '--config', join(dir, 'nope.yaml')], { env: { HOME: home.home } });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.yaml: cannot read the config file/);
});

test('tools and --read-only / --tiers shape what is served', () => {
  const r = run(['tools', '--json']);
  assert.equal(r.code, 0);
  const { tools } = JSON.parse(r.stdout);
  for (const t of tools) {
    for (const k of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'])
      assert.equal(typeof t.annotations[k], 'boolean', `${t.name} ${k}`);
  }
  const ro = JSON.parse(run(['tools', '--json', '--read-only']).stdout).tools;
  assert.ok(ro.every((t) => t.annotations.readOnlyHint));
  const badTier = run(['tools', '--tiers', 'basic,turbo']);
  assert.equal(badTier.code, 2);
  assert.match(badTier.stderr, /unknown tier 'turbo'/);
  assert.match(run(['--version']).stdout, /^kubemcp \d+\.\d+\.\d+/);
});
