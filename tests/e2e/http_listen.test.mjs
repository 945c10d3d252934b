// Issue 18: where kubemcp listens over HTTP — HTTPS with --tls-cert/--tls-key, an IPv6
// address, and the warning when every address is bound without authentication.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../lib/kubemcp.mjs';
import { INIT, rawPost, startHttp } from './http_helpers.mjs';

function selfSigned() {
  const dir = tempDir('kubemcp-http-tls-');
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
    '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
  return { cert, key };
}

test('--tls-cert/--tls-key serve MCP over HTTPS', async () => {
  const { cert, key } = selfSigned();
  const s = await startHttp({ args: ['--tls-cert', cert, '--tls-key', key] });
  try {
    assert.match(s.url, /^https:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const r = await new Promise((resolve, reject) => {
      const req = https.request(s.url, {
        method: 'POST', ca: readFileSync(cert),
        headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      }, (res) => {
        let body = '';
        res.on('data', (d) => { body += d; });
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end(JSON.stringify(INIT));
    });
    assert.equal(r.status, 200);
    assert.match(r.headers['mcp-session-id'], /^[0-9a-f]{64}$/);
    assert.equal(JSON.parse(r.body).result.serverInfo.name, 'kubemcp');
  } finally {
    await s.stop();
  }
});

test('--listen [::1]:PORT serves on IPv6', async () => {
  const s = await startHttp({ listen: '[::1]:0' });
  try {
    assert.match(s.url, /^http:\/\/\[::1\]:\d+\/mcp$/);
    const r = await rawPost(s.url, INIT);
    assert.equal(r.status, 200);
  } finally {
    await s.stop();
  }
});

test('binding every address without authentication warns on stderr', async () => {
  const s = await startHttp({ listen: '0.0.0.0:0' });
  try {
    assert.match(s.stderr(), /WARNING: listening on 0\.0\.0\.0 without authentication/);
  } finally {
    await s.stop();
  }
});
