// Issue 12: every protocol version clients speak. kubemcp serve driven by pinned releases of
// the npm MCP SDK that speak only older versions (1.0.4: 2024-11-05; 1.12.3: 2025-03-26 at
// most; 1.17.5: 2025-06-18 at most) and the current one (2025-11-25), through initialize,
// tools/list and tool calls against `kubemcp sim`; then what no SDK sends (batches, null ids,
// malformed messages) over raw stdio.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import readline from 'node:readline';
import { KUBEMCP } from '../lib/kubemcp.mjs';
import { startSim } from '../lib/sim.mjs';

// package (an npm alias in package.json), the version it negotiates, what that version has.
const MATRIX = [
  { pkg: 'sdk-2024-11-05', version: '2024-11-05', annotations: false, title: false, structured: false },
  { pkg: 'sdk-2025-03-26', version: '2025-03-26', annotations: true, title: false, structured: false },
  { pkg: 'sdk-2025-06-18', version: '2025-06-18', annotations: true, title: true, structured: true },
  { pkg: '@modelcontextprotocol/sdk', version: '2025-11-25', annotations: true, title: true, structured: true },
];

let sim;
let config;

before(async () => {
  sim = await startSim({ clusters: ['stage'], seed: 'demo' });
  config = join(sim.dir, 'versions.yaml');
  writeFileSync(config, `default_cluster: stage
clusters:
  - {name: stage, aliases: [s], kubeconfig: config.s, namespace: shop}
`);
});

after(async () => {
  await sim?.stop();
});

// A client of one SDK release; `received` sees every message kubemcp sent, unparsed by the SDK.
async function connect(pkg) {
  const { Client } = await import(`${pkg}/client/index.js`);
  const { StdioClientTransport } = await import(`${pkg}/client/stdio.js`);
  const transport = new StdioClientTransport({
    command: KUBEMCP,
    args: ['serve', '--config', config],
    env: { PATH: process.env.PATH, HOME: sim.dir },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d) => (stderr += d));
  const received = [];
  const start = transport.start.bind(transport);
  transport.start = async () => {
    const handler = transport.onmessage; // set by the SDK's connect before start
    transport.onmessage = (m) => {
      received.push(m);
      handler?.(m);
    };
    return start();
  };
  const client = new Client({ name: `kubemcp-e2e-${pkg}`, version: '1.0.0' }, { capabilities: {} });
  await client.connect(transport);
  return { client, received, stderr: () => stderr };
}

for (const v of MATRIX) {
  test(`${v.pkg} speaks ${v.version}: initialize, tools/list and tool calls`, async () => {
    const { client, received, stderr } = await connect(v.pkg);
    try {
      const init = received.find((m) => m.id !== undefined && m.result?.protocolVersion);
      assert.equal(init.result.protocolVersion, v.version, stderr());
      assert.equal(init.result.serverInfo.name, 'kubemcp');
      assert.equal('title' in init.result.serverInfo, v.title);

      await client.listTools();
      // What kubemcp sent, before any SDK schema could drop or keep a field.
      const { tools } = received.find((m) => m.result?.tools).result;
      const clusters = tools.find((t) => t.name === 'k8s_clusters');
      assert.ok(clusters, 'k8s_clusters is listed');
      assert.equal(clusters.inputSchema.type, 'object');
      for (const t of tools) {
        assert.equal('annotations' in t, v.annotations, `${t.name} annotations`);
        assert.equal('title' in t, v.title, `${t.name} title`);
        if (!v.structured) assert.ok(!('outputSchema' in t), `${t.name} outputSchema`);
      }
      if (v.annotations) assert.equal(clusters.annotations.readOnlyHint, true);
      if (v.structured) assert.ok(clusters.outputSchema, 'k8s_clusters declares its output');

      const pods = await client.callTool({ name: 'k8s_get', arguments: { resource: 'pods' } });
      assert.equal(pods.isError, false);
      assert.match(pods.content[0].text, /^NAME\s+READY\s+STATUS/m);

      const parsed = await client.callTool({ name: 'k8s_clusters', arguments: {} });
      assert.equal(parsed.isError, false);
      const r = received.findLast((m) => m.result?.content).result;
      assert.match(r.content[0].text, /stage/);
      if (v.structured) {
        assert.equal(r.structuredContent.clusters[0].name, 'stage');
        assert.equal(r.content.length, 1);
      } else {
        assert.ok(!('structuredContent' in r), 'no structuredContent before 2025-06-18');
        assert.equal(r.content.length, 2, 'the JSON travels as a second text item');
        assert.equal(JSON.parse(r.content[1].text).clusters[0].name, 'stage');
      }
    } finally {
      await client.close();
    }
  });
}

// kubemcp serve spoken to line by line, for what no SDK sends.
class Raw {
  constructor() {
    this.child = spawn(KUBEMCP, ['serve', '--config', config], {
      env: { PATH: process.env.PATH, HOME: sim.dir },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    this.lines = [];
    this.waiters = [];
    readline.createInterface({ input: this.child.stdout }).on('line', (l) => {
      this.lines.push(JSON.parse(l));
      this.waiters.splice(0).forEach((w) => w());
    });
  }
  send(message) {
    this.child.stdin.write((typeof message === 'string' ? message : JSON.stringify(message)) + '\n');
  }
  async next() {
    const deadline = Date.now() + 10000;
    while (this.lines.length === 0) {
      if (Date.now() > deadline) throw new Error('no answer from kubemcp');
      await new Promise((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
    return this.lines.shift();
  }
  async initialize(protocolVersion) {
    this.send({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion, capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    const r = await this.next();
    assert.equal(r.result.protocolVersion, protocolVersion);
    this.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  }
  close() {
    this.child.stdin.end();
    return new Promise((resolve) => this.child.on('exit', resolve));
  }
}

test('a 2025-03-26 session answers a JSON-RPC batch as a batch', async () => {
  const raw = new Raw();
  try {
    await raw.initialize('2025-03-26');
    raw.send([
      { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 99 } },
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'k8s_get', arguments: { resource: 'pods' } } },
    ]);
    const batch = await raw.next();
    assert.ok(Array.isArray(batch), JSON.stringify(batch));
    assert.deepEqual(batch.map((r) => r.id), [1, 2]);
    assert.ok(batch[0].result.tools.some((t) => t.name === 'k8s_get'));
    assert.match(batch[1].result.content[0].text, /^NAME\s+READY/m);
  } finally {
    await raw.close();
  }
});

test('later versions refuse batches; null ids and bad initialize params are invalid', async () => {
  const raw = new Raw();
  try {
    raw.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {} } });
    let r = await raw.next();
    assert.equal(r.error.code, -32602);
    assert.match(r.error.message, /clientInfo/);
    await raw.initialize('2025-11-25');
    raw.send([{ jsonrpc: '2.0', id: 2, method: 'ping' }]);
    r = await raw.next();
    assert.equal(r.error.code, -32600);
    assert.match(r.error.message, /batches/);
    raw.send({ jsonrpc: '2.0', id: null, method: 'ping' });
    r = await raw.next();
    assert.equal(r.error.code, -32600);
    assert.equal(r.id, null);
    // A malformed notification is never answered: the next line is the ping's answer.
    raw.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: 'now' });
    raw.send({ jsonrpc: '2.0', id: 3, method: 'ping' });
    r = await raw.next();
    assert.equal(r.id, 3);
    raw.send({ jsonrpc: '2.0', id: 4, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    r = await raw.next();
    assert.equal(r.error.code, -32600);
    assert.match(r.error.message, /already initialized/);
    raw.send({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'k8s_get', arguments: 'pods' } });
    r = await raw.next();
    assert.equal(r.error.code, -32602);
    raw.send({ jsonrpc: '2.0', id: 6, method: 'tools/call', params: { name: 'k8s_get', arguments: { resource: 'pods', limit: 0 } } });
    r = await raw.next();
    assert.equal(r.result.isError, true);
    assert.match(r.result.content[0].text, /argument 'limit' must be between 1 and 5000, got 0\. See the tool's input schema/);
    raw.send('{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"k8s_get","arguments":{"resource":"pods","limit":1e1}}}');
    r = await raw.next();
    assert.equal(r.result.isError, false, JSON.stringify(r));
  } finally {
    await raw.close();
  }
});
