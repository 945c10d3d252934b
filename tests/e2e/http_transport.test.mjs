// Issue 18: MCP over Streamable HTTP through the SDK's StreamableHTTPClientTransport against
// `kubemcp sim` — tools over SSE with progress before the result, sessions (id, DELETE, 404
// after), the header rules, the session's GET stream, and stateless mode with two kubemcp
// processes answering one client alternately.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { startSim } from '../lib/sim.mjs';
import { INIT, connectHttp, rawPost, startHttp, text, writeConfig } from './http_helpers.mjs';

let sim;
let cfg;
let server;

before(async () => {
  sim = await startSim({ clusters: ['stage'], seed: 'demo' });
  cfg = writeConfig(sim);
  server = await startHttp({ config: cfg.path });
});

after(async () => {
  await server?.stop();
  await sim?.stop();
});

test('tools/list and tools/call through the SDK, with a session id and progress over SSE', async () => {
  const { client, transport } = await connectHttp(server.url);
  try {
    assert.match(transport.sessionId, /^[0-9a-f]{64}$/);
    assert.equal(client.getServerVersion().name, 'kubemcp');
    const { tools } = await client.listTools();
    assert.ok(tools.some((t) => t.name === 'k8s_get'));
    const pods = await client.callTool({ name: 'k8s_get', arguments: { resource: 'pods' } });
    assert.equal(pods.isError, false, text(pods));
    assert.match(text(pods), /^NAME\s+READY\s+STATUS/m);

    const docs = [1, 2, 3].map((i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: http-${i}, labels: {app: http}}\n`).join('---\n');
    assert.equal((await client.callTool({ name: 'k8s_apply', arguments: { manifest: docs } })).isError, false);
    const progress = [];
    const r = await client.callTool(
      { name: 'k8s_delete', arguments: { resource: 'configmaps', selector: 'app=http', wait: true, timeout: 30 } },
      undefined, { onprogress: (p) => progress.push(p) });
    assert.equal(r.isError, false, text(r));
    assert.match(text(r), /All 3 gone\./);
    // Progress rides the POST's SSE stream before the result (see core_apply_delete for why
    // the SDK may miss some that share the result's chunk).
    assert.ok(progress.length >= 1, JSON.stringify(progress));
    assert.ok(progress.every((p) => p.total === 3));
  } finally {
    await client.close();
  }
});

test('a resource update (tied to no request) arrives on the session\'s GET stream', async () => {
  const { client } = await connectHttp(server.url);
  try {
    const updates = [];
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => { updates.push(n.params.uri); });
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: http-watch}\ndata: {a: "1"}\n';
    assert.equal((await client.callTool({ name: 'k8s_apply', arguments: { manifest: cm } })).isError, false);
    const uri = 'k8s://stage/shop/configmaps/http-watch';
    await client.subscribeResource({ uri });
    const changed = cm.replace('a: "1"', 'a: "2"');
    assert.equal((await client.callTool({ name: 'k8s_apply', arguments: { manifest: changed } })).isError, false);
    const end = Date.now() + 20000;
    while (!updates.includes(uri) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    assert.ok(updates.includes(uri), `no notifications/resources/updated for ${uri}`);
    assert.match(server.stderr(), /"method":"GET","path":"\/mcp","status":200/);
  } finally {
    await client.close();
  }
});

test('DELETE ends the session; its id answers 404 afterwards', async () => {
  const { client, transport } = await connectHttp(server.url);
  const id = transport.sessionId;
  await client.listTools();
  await transport.terminateSession();
  const after = await rawPost(server.url, { jsonrpc: '2.0', id: 2, method: 'tools/list' },
    { 'Mcp-Session-Id': id, 'MCP-Protocol-Version': '2025-11-25' });
  assert.equal(after.status, 404);
  assert.match(after.text, /Session not found/);
  await client.close();
});

test('header rules: session id required, unknown id 404, bad protocol version 400, notifications 202', async () => {
  const init = await rawPost(server.url, INIT);
  assert.equal(init.status, 200);
  assert.equal(init.headers.get('content-type'), 'application/json');
  const id = init.headers.get('mcp-session-id');
  assert.match(id, /^[0-9a-f]{64}$/);
  assert.equal(JSON.parse(init.text).result.protocolVersion, '2025-11-25');
  const h = { 'Mcp-Session-Id': id, 'MCP-Protocol-Version': '2025-11-25' };
  assert.equal((await rawPost(server.url, { jsonrpc: '2.0', method: 'notifications/initialized' }, h)).status, 202);
  const noId = await rawPost(server.url, { jsonrpc: '2.0', id: 2, method: 'tools/list' });
  assert.equal(noId.status, 400);
  assert.match(noId.text, /MCP-Session-Id header is required/);
  const unknown = await rawPost(server.url, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, { ...h, 'Mcp-Session-Id': 'f'.repeat(64) });
  assert.equal(unknown.status, 404);
  const badVersion = await rawPost(server.url, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, { ...h, 'MCP-Protocol-Version': '1999-01-01' });
  assert.equal(badVersion.status, 400);
  assert.match(badVersion.text, /unsupported MCP-Protocol-Version '1999-01-01'/);
  const notJson = await rawPost(server.url, '{"jsonrpc": ', h);
  assert.equal(notJson.status, 400);
  assert.equal(JSON.parse(notJson.text).error.code, -32700);
  const accept = await rawPost(server.url, { jsonrpc: '2.0', id: 3, method: 'ping' }, { ...h, Accept: 'text/html' });
  assert.equal(accept.status, 406);

  // A client that takes only JSON gets the tool result as one JSON body (no SSE).
  const call = await rawPost(server.url,
    { jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'k8s_get', arguments: { resource: 'deployments' }, _meta: { progressToken: 'p' } } },
    { ...h, Accept: 'application/json' });
  assert.equal(call.status, 200);
  assert.equal(call.headers.get('content-type'), 'application/json');
  const body = JSON.parse(call.text);
  assert.equal(body.id, 4);
  assert.match(body.result.content[0].text, /^NAME\s+READY\s+UP-TO-DATE/m);

  // With SSE accepted, the same call answers on an event stream.
  const sse = await rawPost(server.url,
    { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'k8s_get', arguments: { resource: 'deployments' } } }, h);
  assert.equal(sse.status, 200);
  assert.equal(sse.headers.get('content-type'), 'text/event-stream');
  const events = sse.text.split('\n\n').filter(Boolean);
  assert.equal(events.length, 1, sse.text);
  assert.match(events[0], /^event: message\ndata: \{/);
  assert.equal(JSON.parse(events[0].split('data: ')[1]).id, 5);

  assert.equal((await fetch(server.url, { method: 'PUT' })).status, 405);
  const del = await fetch(server.url, { method: 'DELETE', headers: h });
  assert.equal(del.status, 200);
});

test('GET opens the session stream once; a second one is a conflict', async () => {
  const init = await rawPost(server.url, INIT);
  const h = { 'Mcp-Session-Id': init.headers.get('mcp-session-id'), 'MCP-Protocol-Version': '2025-11-25' };
  const ac = new AbortController();
  const first = await fetch(server.url, { headers: { ...h, Accept: 'text/event-stream' }, signal: ac.signal });
  assert.equal(first.status, 200);
  assert.equal(first.headers.get('content-type'), 'text/event-stream');
  const reader = first.body.getReader();
  const { value } = await reader.read();
  assert.match(Buffer.from(value).toString(), /^: stream open/);
  const second = await fetch(server.url, { headers: { ...h, Accept: 'text/event-stream' } });
  assert.equal(second.status, 409);
  ac.abort();
  await fetch(server.url, { method: 'DELETE', headers: h });
});

test('stateless: two kubemcp processes answer one client alternately', async () => {
  const a = await startHttp({ config: cfg.path, args: ['--stateless'] });
  const b = await startHttp({ config: cfg.path, args: ['--stateless'] });
  try {
    const targets = [a.url, b.url];
    const hits = [0, 0];
    let turn = 0;
    // The client knows one URL; every request it makes goes to the next replica in turn.
    const alternate = (url, init) => {
      const i = turn++ % 2;
      hits[i]++;
      return fetch(String(url).replace(a.url, targets[i]), init);
    };
    const { client, transport } = await connectHttp(a.url, { fetch: alternate });
    assert.equal(transport.sessionId, undefined);  // stateless: no session id
    for (let i = 0; i < 4; i++) {
      const { tools } = await client.listTools();
      assert.ok(tools.some((t) => t.name === 'k8s_get'));
      const r = await client.callTool({ name: 'k8s_get', arguments: { resource: 'pods' } });
      assert.equal(r.isError, false, text(r));
      assert.match(text(r), /^NAME\s+READY\s+STATUS/m);
    }
    assert.ok(hits[0] >= 4 && hits[1] >= 4, JSON.stringify(hits));
    for (const s of [a, b]) assert.match(s.stderr(), /"method":"POST","path":"\/mcp","status":200/);
    await client.close();
    const del = await fetch(a.url, { method: 'DELETE' });
    assert.equal(del.status, 405);
  } finally {
    await a.stop();
    await b.stop();
  }
});
