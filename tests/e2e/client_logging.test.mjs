// Issue 12: the `logging` capability means something. Heals, one cluster's failure in a
// fan-out, the client's own retries and budget cuts reach the MCP client as
// notifications/message, at the level it set with logging/setLevel, through the real SDK
// against `kubemcp sim`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { run } from '../lib/kubemcp.mjs';
import { connectServe } from './mcp_client.mjs';
import { startSim } from '../lib/sim.mjs';

let sim;
const clients = [];

before(async () => {
  sim = await startSim({ clusters: ['stage'], seed: 'demo', pods: 200 });
});

after(async () => {
  for (const c of clients) await c.close();
  await sim?.stop();
});

async function connect(configText) {
  const path = join(sim.dir, `logging-${clients.length}.yaml`);
  writeFileSync(path, configText);
  const logs = [];
  const { client } = await connectServe({
    config: path,
    home: sim.dir,
    name: 'kubemcp-logging-e2e',
    prepare: (c) => c.setNotificationHandler(LoggingMessageNotificationSchema, (n) => logs.push(n.params)),
  });
  clients.push(client);
  return { client, logs };
}

test('a fan-out failure of one cluster and a budget cut are logged at the level set', async () => {
  // A second cluster whose API server does not listen: its part of a fan-out fails.
  writeFileSync(join(sim.dir, 'config.gone'), readFileSync(sim.kubeconfig('s'), 'utf8').replace(/server: https:\/\/127\.0\.0\.1:\d+/, 'server: https://127.0.0.1:9'));
  const { client, logs } = await connect(`default_cluster: stage
output_budget: 2000
clusters:
  - {name: stage, aliases: [s], kubeconfig: config.s, namespace: shop}
  - {name: gone, kubeconfig: config.gone, namespace: shop}
`);
  const args = { resource: 'pods', cluster: 'all', all_namespaces: true, limit: 500 };
  await client.callTool({ name: 'k8s_get', arguments: args });
  assert.deepEqual(logs, [], 'nothing before logging/setLevel');

  await client.setLoggingLevel('warning');
  const r = await client.callTool({ name: 'k8s_get', arguments: args });
  assert.match(r.content[0].text, /\[cut: /, 'the answer is over the budget');
  assert.equal(logs.length, 1, JSON.stringify(logs));
  assert.equal(logs[0].level, 'warning');
  assert.match(logs[0].data, /^gone failed: Unable to connect to the server/);

  logs.length = 0;
  await client.setLoggingLevel('info');
  await client.callTool({ name: 'k8s_get', arguments: args });
  assert.deepEqual(logs.map((l) => l.level).sort(), ['info', 'warning']);
  const cut = logs.find((l) => l.level === 'info');
  assert.match(cut.data, /^k8s_get output was cut to the budget: \[cut: .*\d+ pods shown, .*remain.*\(over the \d+-character budget\)\] Call again with continue="[A-Za-z0-9_-]+"/);
});

test('an auto-heal is logged as a notice', async () => {
  const good = readFileSync(sim.kubeconfig('s'), 'utf8');
  writeFileSync(join(sim.dir, 'expired.kubeconfig'), good.replace(/token: \S+/, 'token: expired-token-0000'));
  const login = join(sim.dir, 'login-logging.sh');
  writeFileSync(login, `#!/bin/sh\ncp "${sim.kubeconfig('s')}" "${sim.dir}/expired.kubeconfig"\n`);
  chmodSync(login, 0o755);
  const { client, logs } = await connect(`default_cluster: stage
clusters:
  - {name: stage, aliases: [s], kubeconfig: expired.kubeconfig, namespace: shop, login: [${login}]}
`);
  await client.setLoggingLevel('notice');
  const r = await client.callTool({ name: 'k8s_get', arguments: { resource: 'pods' } });
  assert.equal(r.isError, false, r.content[0].text);
  const heal = logs.find((l) => l.level === 'notice');
  assert.ok(heal, JSON.stringify(logs));
  assert.match(heal.data, /^stage: auto-heal: re-authenticated/);
  assert.ok(!logs.some((l) => l.level === 'info'), 'nothing below the level set');
});

test("the client's own retries (429 Retry-After) are logged as info", async () => {
  const { client, logs } = await connect(`default_cluster: stage
clusters:
  - {name: stage, aliases: [s], kubeconfig: config.s, namespace: shop}
`);
  await client.setLoggingLevel('info');
  const ctl = (...args) => {
    const r = run(['sim', 'ctl', '--dir', sim.dir, ...args], { env: { HOME: sim.dir } });
    assert.equal(r.code, 0, r.stderr);
  };
  ctl('errors', '--cluster', 'stage', '--percent', '100', '--code', '429');
  try {
    const r = await client.callTool({ name: 'k8s_get', arguments: { resource: 'pods' } });
    assert.equal(r.isError, true);
    assert.match(r.content[0].text, /TooManyRequests/);
  } finally {
    ctl('reset', '--cluster', 'stage');
  }
  const retries = logs.filter((l) => l.level === 'info').map((l) => l.data);
  // Each request the call sent (it may send more than one at once) is retried three times.
  assert.deepEqual([...new Set(retries)].sort(), [1, 2, 3].map((n) => `stage: the API server throttled a request (429); retrying in 1 s (attempt ${n} of 3)`));
  assert.equal(retries.length % 3, 0, JSON.stringify(retries));
});
