// Issue 18: who may use kubemcp over HTTP — bearer tokens from a token file (required,
// accepted, rejected, reloaded), a read-only token refused a write, a token limited to some
// clusters, the caller's name in the audit log and no token in any log, the RFC 9728 metadata,
// Origin and Host rules (403) and the body limit (413).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSim } from '../lib/sim.mjs';
import { INIT, connectHttp, rawPost, startHttp, text, writeConfig } from './http_helpers.mjs';

const TOKENS = {
  alice: 'alice-0123456789abcdef0123',
  reader: 'reader-0123456789abcdef012',
  stager: 'stager-0123456789abcdef012',
  later: 'later-0123456789abcdef01234',
};
let sim;
let cfg;
let tokenFile;
let server;

function writeTokens(lines) {
  writeFileSync(tokenFile, ['# token name options', ...lines, ''].join('\n'));
}

before(async () => {
  sim = await startSim({ clusters: ['stage', 'ephemeral'], seed: 'demo' });
  cfg = writeConfig(sim, {
    clusters: ['stage', 'ephemeral'],
    extra: 'http:\n  max_body_bytes: 4096\n  allowed_origins: [https://console.example.com]\n' +
      '  authorization_servers: [https://login.example.com]\n',
  });
  tokenFile = join(cfg.dir, 'tokens');
  writeTokens([`${TOKENS.alice} alice`, `${TOKENS.reader} reader read-only`, `${TOKENS.stager} stager clusters=stage`]);
  server = await startHttp({ config: cfg.path, args: ['--auth-token-file', tokenFile] });
});

after(async () => {
  await server?.stop();
  await sim?.stop();
});

// A request with full control of the headers (fetch will not send a Host of our choosing).
function request(method, url, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      let data = '';
      res.on('data', (d) => { data += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('no token: 401 with a resource_metadata challenge; the metadata document is served', async () => {
  const r = await rawPost(server.url, INIT);
  assert.equal(r.status, 401);
  const challenge = r.headers.get('www-authenticate');
  assert.equal(challenge, `Bearer resource_metadata="${server.base}/.well-known/oauth-protected-resource/mcp"`);
  const doc = await (await fetch(`${server.base}/.well-known/oauth-protected-resource/mcp`)).json();
  assert.equal(doc.resource, server.url);
  assert.deepEqual(doc.authorization_servers, ['https://login.example.com']);
  assert.deepEqual(doc.bearer_methods_supported, ['header']);
  await assert.rejects(connectHttp(server.url));
});

test('a wrong token: 401 invalid_token; the right one connects', async () => {
  const bad = await rawPost(server.url, INIT, { Authorization: 'Bearer not-a-token-of-ours-at-all' });
  assert.equal(bad.status, 401);
  assert.match(bad.headers.get('www-authenticate'), /error="invalid_token"/);
  const { client } = await connectHttp(server.url, { token: TOKENS.alice });
  const r = await client.callTool({ name: 'k8s_get', arguments: { resource: 'pods' } });
  assert.equal(r.isError, false, text(r));
  await client.close();
});

test('the caller is named in the audit log; no token reaches the audit or the server log', async () => {
  const { client } = await connectHttp(server.url, { token: TOKENS.alice });
  const r = await client.callTool({ name: 'k8s_scale', arguments: { resource: 'deployment', name: 'web', replicas: 2 } });
  assert.equal(r.isError, false, text(r));
  await client.close();
  const lines = readFileSync(cfg.audit, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const scale = lines.find((l) => l.tool === 'k8s_scale');
  assert.equal(scale.principal, 'alice');
  const logs = readFileSync(cfg.audit, 'utf8') + server.stderr();
  for (const t of Object.values(TOKENS)) assert.ok(!logs.includes(t), 'a token leaked into a log');
  assert.match(server.stderr(), /access \{"remote":"127\.0\.0\.1","method":"POST","path":"\/mcp"/);
});

test('a read-only token may read but is refused a write, before anything is sent', async () => {
  const { client } = await connectHttp(server.url, { token: TOKENS.reader });
  assert.equal((await client.callTool({ name: 'k8s_get', arguments: { resource: 'deployments' } })).isError, false);
  const w = await client.callTool({ name: 'k8s_scale', arguments: { resource: 'deployment', name: 'web', replicas: 3 } });
  assert.equal(w.isError, true);
  assert.match(text(w), /k8s_scale refused: the caller 'reader' is read-only/);
  await client.close();
  const audit = readFileSync(cfg.audit, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.ok(audit.some((l) => l.principal === 'reader' && /refused/.test(l.outcome)));
});

test('a token limited to some clusters may use only those', async () => {
  const { client } = await connectHttp(server.url, { token: TOKENS.stager });
  assert.equal((await client.callTool({ name: 'k8s_get', arguments: { resource: 'pods', cluster: 'stage' } })).isError, false);
  for (const cluster of ['ephemeral', 'e', 'all', ['s', 'e']]) {
    const r = await client.callTool({ name: 'k8s_get', arguments: { resource: 'pods', cluster } });
    assert.equal(r.isError, true, JSON.stringify(cluster));
    assert.match(text(r), /refused: the caller 'stager' may not use cluster 'ephemeral' \(its token is limited to stage\)/);
  }
  const cmp = await client.callTool({ name: 'k8s_compare', arguments: { namespace: 'shop' } });
  assert.equal(cmp.isError, true);
  await client.close();
});

test('a session belongs to the caller that opened it', async () => {
  const init = await rawPost(server.url, INIT, { Authorization: `Bearer ${TOKENS.alice}` });
  const id = init.headers.get('mcp-session-id');
  const other = await rawPost(server.url, { jsonrpc: '2.0', id: 2, method: 'ping' },
    { Authorization: `Bearer ${TOKENS.reader}`, 'Mcp-Session-Id': id });
  assert.equal(other.status, 404);
  const own = await rawPost(server.url, { jsonrpc: '2.0', id: 2, method: 'ping' },
    { Authorization: `Bearer ${TOKENS.alice}`, 'Mcp-Session-Id': id });
  assert.equal(own.status, 200);
});

test('the token file is re-read when it changes', async () => {
  assert.equal((await rawPost(server.url, INIT, { Authorization: `Bearer ${TOKENS.later}` })).status, 401);
  writeTokens([`${TOKENS.alice} alice`, `${TOKENS.later} later`]);
  assert.equal((await rawPost(server.url, INIT, { Authorization: `Bearer ${TOKENS.later}` })).status, 200);
  assert.equal((await rawPost(server.url, INIT, { Authorization: `Bearer ${TOKENS.reader}` })).status, 401);
  // A file that no longer parses keeps the tokens last loaded.
  writeFileSync(tokenFile, 'short name\n');
  assert.equal((await rawPost(server.url, INIT, { Authorization: `Bearer ${TOKENS.later}` })).status, 200);
  assert.match(server.stderr(), /token file not reloaded, keeping the previous tokens: .*tokens:1: the token is shorter than 16 characters/);
  assert.ok(!server.stderr().includes('short name'));
  writeTokens([`${TOKENS.alice} alice`, `${TOKENS.reader} reader read-only`, `${TOKENS.stager} stager clusters=stage`]);
});

test('Origin and Host: a foreign page or a rebound name is refused with 403', async () => {
  const auth = { Authorization: `Bearer ${TOKENS.alice}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
  const body = JSON.stringify(INIT);
  const evil = await request('POST', server.url, { headers: { ...auth, Origin: 'https://evil.example.com' }, body });
  assert.equal(evil.status, 403);
  assert.match(evil.text, /Origin 'https:\/\/evil\.example\.com' is not allowed/);
  const listed = await request('POST', server.url, { headers: { ...auth, Origin: 'https://console.example.com' }, body });
  assert.equal(listed.status, 200);
  const rebound = await request('POST', server.url, { headers: { ...auth, Host: 'attacker.example.com:8808' }, body });
  assert.equal(rebound.status, 403);
  assert.match(rebound.text, /Host 'attacker\.example\.com:8808' is not allowed/);
  const local = await request('POST', server.url, { headers: { ...auth, Host: `localhost:${new URL(server.url).port}` }, body });
  assert.equal(local.status, 200);
});

test('a body over http.max_body_bytes is answered 413', async () => {
  const big = JSON.stringify({ ...INIT, params: { ...INIT.params, pad: 'x'.repeat(64 * 1024) } });
  const r = await request('POST', server.url, {
    headers: { Authorization: `Bearer ${TOKENS.alice}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
    body: big,
  });
  assert.equal(r.status, 413);
  assert.match(r.text, /request body larger than 4096 bytes/);
});
