// OIDC/JWT callers of the Streamable HTTP transport (issue 18): a test issuer serves its
// discovery document and JWKS over local HTTPS; kubemcp accepts tokens it signed and refuses
// expired, foreign-audience and forged ones with 401 and a reason that never echoes the token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { KUBEMCP, tempDir } from '../lib/kubemcp.mjs';
import { startSim } from '../lib/sim.mjs';

let sim, issuer, issuerServer, kubemcp, dir, base;
const key = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const b64 = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

function jwt(claims, { kid = 'k1', privateKey = key.privateKey } = {}) {
  const input = `${b64({ alg: 'ES256', kid, typ: 'JWT' })}.${b64(claims)}`;
  const sig = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${sig.toString('base64url')}`;
}
const now = () => Math.floor(Date.now() / 1000);
const claims = (extra = {}) => ({ iss: issuer, aud: 'kubemcp', sub: 'alice', iat: now(), exp: now() + 300, ...extra });

before(async () => {
  sim = await startSim({ clusters: ['stage'], seed: 'demo' });
  dir = tempDir('kubemcp-jwt-');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  const server = (issuerServer = https.createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => {
    res.setHeader('Content-Type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    else if (req.url === '/jwks') res.end(JSON.stringify({ keys: [{ ...key.publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig' }] }));
    else { res.statusCode = 404; res.end('{}'); }
  }));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  issuer = `https://127.0.0.1:${server.address().port}`;
  const cfg = join(dir, 'config.yaml');
  writeFileSync(cfg, `clusters:\n  - {name: stage, kubeconfig: ${sim.kubeconfig('s')}, namespace: shop}\n` +
    `http:\n  oidc: {issuer: '${issuer}', audience: kubemcp, ca_file: ${join(dir, 'cert.pem')}}\n`);
  const port = 20000 + Math.floor(Math.random() * 20000);
  base = `http://127.0.0.1:${port}`;
  kubemcp = spawn(KUBEMCP, ['serve', '--transport', 'http', '--listen', `127.0.0.1:${port}`, '--config', cfg],
    { env: { PATH: process.env.PATH, HOME: dir }, stdio: ['ignore', 'ignore', 'pipe'] });
  kubemcp.stderr.on('data', (d) => process.env.JWT_DEBUG && process.stderr.write(d));
  for (let i = 0; i < 300; i++) {
    try { await fetch(`${base}/healthz`); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
});

after(async () => {
  kubemcp?.kill('SIGTERM');
  issuerServer?.close();
  await sim?.stop();
});

const post = (token) => fetch(`${base}/mcp`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', Authorization: `Bearer ${token}` },
  body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } } }),
});

test('a token signed by the issuer is accepted and the tools work', async () => {
  const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${jwt(claims())}` } } });
  const client = new Client({ name: 'kubemcp-jwt-e2e', version: '1.0.0' });
  await client.connect(transport);
  const r = await client.callTool({ name: 'k8s_get', arguments: { resource: 'deploy' } });
  assert.equal(r.isError, false, r.content[0].text);
  assert.match(r.content[0].text, /^web\s+3\/3/m);
  await client.close();
});

for (const [what, token, reason] of [
  ['expired', () => jwt(claims({ exp: now() - 600 })), /token expired/],
  ['for another audience', () => jwt(claims({ aud: 'other' })), /wrong audience/],
  ['from another issuer', () => jwt(claims({ iss: 'https://evil.example' })), /wrong issuer/],
  ['signed by another key', () => jwt(claims(), { privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey }), /invalid signature/],
]) {
  test(`a token ${what} is refused with 401 and a reason`, async () => {
    const t = token();
    const r = await post(t);
    assert.equal(r.status, 401);
    const challenge = r.headers.get('www-authenticate') ?? '';
    assert.match(challenge, /^Bearer /);
    assert.match(challenge + (await r.text()), reason);
    assert.ok(!challenge.includes(t.split('.')[1]), 'the token is never echoed');
  });
}

test('without a token: 401 pointing at the metadata, which names the issuer', async () => {
  const r = await fetch(`${base}/mcp`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
  });
  assert.equal(r.status, 401);
  const m = (r.headers.get('www-authenticate') ?? '').match(/resource_metadata="([^"]+)"/);
  assert.ok(m, 'WWW-Authenticate names the resource metadata');
  const doc = await (await fetch(m[1])).json();
  assert.deepEqual(doc.authorization_servers, [issuer]);
});
