// In-cluster mode (issue 18): kubemcp "inside a pod" — KUBERNETES_SERVICE_HOST/PORT and a
// kubelet-style service account mount pointing at `kubemcp sim` — uses the pod's service
// account as the cluster `default`, its namespace as the default namespace, and keeps working
// when the kubelet rotates the token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { KUBEMCP, run, tempDir } from '../lib/kubemcp.mjs';
import { startSim } from '../lib/sim.mjs';
import { serviceAccountMount, kubeconfigFacts } from '../lib/serviceaccount.mjs';

let sim;
let sa;
let home;

before(async () => {
  sim = await startSim({ clusters: ['stage'], seed: 'demo' });
  sa = serviceAccountMount(sim.kubeconfig('s'), { namespace: 'shop' });
  home = tempDir('kubemcp-pod-home-'); // no ~/.kube: the service account is all there is
});

after(async () => {
  sa?.cleanup();
  await sim?.stop();
});

const podEnv = () => ({ HOME: home, ...sa.env });

test('inside a pod the service account is the cluster `default`, with its namespace', () => {
  const clusters = run(['call', '--json', 'k8s_clusters'], { env: podEnv() });
  assert.equal(clusters.code, 0, clusters.stderr + clusters.stdout);
  const item = JSON.parse(clusters.stdout).structuredContent.clusters[0];
  assert.equal(item.name, 'default');
  assert.equal(item.status, 'ok', JSON.stringify(item));
  assert.equal(item.namespace, 'shop');
  assert.equal(item.server, sa.facts.server);
  assert.equal(item.kubeconfig, `in-cluster:${sa.dir}`);
  assert.ok(!clusters.stdout.includes(sa.facts.token), 'the token is never shown');

  const get = run(['call', 'k8s_get', 'resource=deploy'], { env: podEnv() });
  assert.equal(get.code, 0, get.stderr + get.stdout);
  assert.match(get.stdout, /^web\s+3\/3/m); // the demo's shop namespace, from the mount
});

test('the config (a mounted ConfigMap) names the in-cluster cluster and sits beside kubeconfigs', () => {
  const cfg = join(home, 'config.yaml');
  writeFileSync(cfg, `default_cluster: home
in_cluster: {name: home, aliases: [h], access: read-only}
clusters:
  - {name: stage, aliases: [s], kubeconfig: ${sim.kubeconfig('s')}, namespace: shop}
`);
  const r = run(['call', '--config', cfg, 'k8s_clusters'], { env: podEnv() });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /^home\s+h\s+read-only\s+\*\s+ok /m);
  assert.match(r.stdout, /^stage\s+s\s+read-write\s+ok /m);
  const scale = run(['call', '--config', cfg, 'k8s_scale', 'resource=deployment', 'name=web', 'replicas=1'], { env: podEnv() });
  assert.equal(scale.code, 1);
  assert.match(scale.stdout + scale.stderr, /cluster 'home' is read-only .*Set `in_cluster: \{access: read-write\}`/);
  // Asked for but not in a pod: a clear error.
  writeFileSync(cfg, 'in_cluster: {enabled: true}\nclusters: []\n');
  const outside = run(['call', '--config', cfg, 'k8s_clusters'], { env: { HOME: home } });
  assert.notEqual(outside.code, 0);
  assert.match(outside.stderr + outside.stdout, /in_cluster is enabled but kubemcp is not running inside a pod \(KUBERNETES_SERVICE_HOST\/PORT are not set\)/);
});

test('a rotated service account token is picked up without a restart', async () => {
  const transport = new StdioClientTransport({
    command: KUBEMCP,
    args: ['serve'],
    env: { PATH: process.env.PATH, ...podEnv() },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'kubemcp-in-cluster-e2e', version: '1.0.0' });
  await client.connect(transport);
  try {
    const get = () => client.callTool({ name: 'k8s_get', arguments: { resource: 'deploy', output: 'name' } });
    let r = await get();
    assert.equal(r.isError, false, r.content[0].text);
    assert.match(r.content[0].text, /deployment\.apps\/web/);

    // The old token stops working (the cluster revoked it)...
    assert.equal(run(['sim', 'ctl', '--dir', sim.dir, 'revoke', '--cluster', 'stage']).code, 0);
    r = await get();
    assert.equal(r.isError, true);
    assert.match(r.content[0].text, /Unauthorized/);

    // ...and the kubelet swaps in a fresh one: the next call just works.
    assert.equal(run(['sim', 'login', '--dir', sim.dir, '--cluster', 'stage']).code, 0);
    const fresh = kubeconfigFacts(sim.kubeconfig('s')).token;
    assert.notEqual(fresh, sa.facts.token);
    sa.rotate(fresh);
    for (let i = 0; i < 3; i++) {
      r = await get();
      assert.equal(r.isError, false, r.content[0].text);
      assert.match(r.content[0].text, /deployment\.apps\/web/);
    }
  } finally {
    await client.close();
  }
});
