// Issue 19: k8s_compare through the real MCP SDK client against `kubemcp sim` with three
// clusters made to differ with kubectl (an image tag, a replica count, a ConfigMap key, a
// Secret value, an object only in one cluster), each in a namespace named differently. The
// summary names exactly those differences; the diff shows them; an identical namespace reads
// identical; no Secret value, its base64, hash or length appears in any output.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { KUBEMCP, kubeconfigText, run } from '../lib/kubemcp.mjs';
import { startSim } from '../lib/sim.mjs';
import { makeKubectl } from '../lib/kubectl.mjs';

let sim;
let client;
const outputs = [];
const NS = { ephemeral: 'shop-eph', stage: 'shop-stage', production: 'shop' };
const passwords = { ephemeral: 'Eph-And-Stage-Pw-4411', stage: 'Eph-And-Stage-Pw-4411', production: 'Prod-Only-Pw-77q' };

function manifest(cluster) {
  const image = cluster === 'production' ? 'nginx:1.27' : 'nginx:1.25';
  const replicas = cluster === 'ephemeral' ? 3 : 2;
  const level = cluster === 'stage' ? 'debug' : 'info';
  const docs = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS[cluster] } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'same' } },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: NS[cluster], labels: { app: 'web' } },
      spec: { replicas, selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image, ports: [{ containerPort: 80 }],
            resources: { requests: { cpu: '100m', memory: '64Mi' } } }] } } } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: NS[cluster] },
      spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80 }] } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-config', namespace: NS[cluster] },
      data: { LOG_LEVEL: level, MODE: 'shop' } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: NS[cluster] },
      stringData: { password: passwords[cluster], user: 'shop' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'flags', namespace: 'same' }, data: { A: '1' } },
    // The same in meaning everywhere: stage's HPA spells out what kube-apiserver stores for a
    // behavior naming one field (minReplicas, the CPU metric, both scaling rules filled in),
    // the others give the bare minimum. No difference may be reported.
    { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: NS[cluster] },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5,
        ...(cluster === 'stage' ? {
          minReplicas: 1,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
          behavior: {
            scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max',
              policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
            scaleDown: { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
          },
        } : {}) } },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: NS[cluster] },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: NS[cluster] },
      spec: { rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix',
        backend: { service: { name: 'web', port: { number: 80 } } } }] } }] } },
  ];
  if (cluster === 'stage')
    docs.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'canary', namespace: NS[cluster] }, data: { ON: 'yes' } });
  return docs;
}

async function call(args) {
  const r = await client.callTool({ name: 'k8s_compare', arguments: args });
  outputs.push(JSON.stringify(r));
  return r;
}
const text = (r) => r.content[0].text;
const nsMap = { ephemeral: NS.ephemeral, stage: NS.stage, production: NS.production };

before(async () => {
  sim = await startSim({ clusters: ['ephemeral', 'stage', 'production'], seed: 'empty' });
  const config = join(sim.dir, 'compare.yaml');
  // reveal_secrets must not change what k8s_compare shows of a Secret.
  writeFileSync(config, `default_cluster: stage
clusters:
  - {name: ephemeral, aliases: [e], kubeconfig: config.e}
  - {name: stage, aliases: [s], kubeconfig: config.s, reveal_secrets: true}
  - {name: production, aliases: [p], kubeconfig: config.p, reveal_secrets: true}
  - {name: down, kubeconfig: config.down}
`);
  // Nothing listens on port 1: a cluster that cannot be reached.
  writeFileSync(join(sim.dir, 'config.down'), kubeconfigText({ server: 'https://127.0.0.1:1', name: 'down' }));
  for (const cluster of ['ephemeral', 'stage', 'production']) {
    // Namespaces first: one apply does not order a List's items.
    const docs = manifest(cluster);
    const parts = [docs.filter((d) => d.kind === 'Namespace'), docs.filter((d) => d.kind !== 'Namespace')];
    for (const [i, items] of parts.entries()) {
      const file = join(sim.dir, `${cluster}-${i}.json`);
      writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
      const r = await makeKubectl(sim.kubeconfig(cluster)).run(['apply', '-f', file]);
      assert.equal(r.code, 0, r.stderr);
    }
  }
  const transport = new StdioClientTransport({
    command: KUBEMCP, args: ['serve', '--config', config],
    env: { PATH: process.env.PATH, HOME: sim.dir }, stderr: 'pipe',
  });
  client = new Client({ name: 'kubemcp-compare-e2e', version: '1.0.0' });
  await client.connect(transport);
});

after(async () => {
  await client?.close();
  await sim?.stop();
});

test('summary names exactly the differences, with counts', async () => {
  const r = await call({ clusters: ['stage', 'production', 'ephemeral'], namespace: nsMap });
  assert.equal(r.isError, false, text(r));
  const t = text(r);
  const row = (name) => t.split('\n').find((l) => l.startsWith(name + ' ')) ?? '';
  assert.match(t, /stage \(shop-stage\)\s+production \(shop\)\s+ephemeral \(shop-eph\)/);
  const web = row('Deployment/web');
  assert.match(web, /spec\.replicas=2; containers\[web\]\.image=nginx:1\.25\s+spec\.replicas=2; containers\[web\]\.image=nginx:1\.27\s+spec\.replicas=3; containers\[web\]\.image=nginx:1\.25/);
  const cm = row('ConfigMap/app-config');
  assert.match(cm, /data\.LOG_LEVEL=debug\s+data\.LOG_LEVEL=info\s+data\.LOG_LEVEL=info\s*$/);
  assert.doesNotMatch(cm, /MODE/);
  const secret = row('Secret/creds');
  assert.match(secret, /data\.password=\(hidden\)\s+data\.password=\(hidden, value differs\)\s+data\.password=\(hidden\)\s*$/);
  assert.doesNotMatch(secret, /user/);
  assert.match(row('ConfigMap/canary'), /present\s+missing\s+missing/);
  assert.match(row('Service/web'), /identical\s+identical\s+identical/);
  for (const o of ['HorizontalPodAutoscaler/web', 'PodDisruptionBudget/web', 'Ingress/web'])
    assert.match(row(o), /identical\s+identical\s+identical\s*$/, `${o}: API defaults are no difference`);
  // Nothing each cluster makes for itself, nothing else.
  assert.doesNotMatch(t, /kube-root-ca|ServiceAccount|resourceVersion|uid|clusterIP|revision|status/);
  assert.match(t, /8 objects: 4 identical, 3 differ, 1 only in stage\./);
});

test('diff shows each difference against the reference cluster', async () => {
  const r = await call({ clusters: ['stage', 'production', 'ephemeral'], namespace: nsMap, output: 'diff' });
  assert.equal(r.isError, false, text(r));
  const t = text(r);
  assert.match(t, /--- stage\/Deployment\/web\n\+\+\+ production\/Deployment\/web/);
  assert.match(t, /-\s+- image: nginx:1\.25\n\+\s+- image: nginx:1\.27/);
  assert.match(t, /--- stage\/Deployment\/web\n\+\+\+ ephemeral\/Deployment\/web[^]*-  replicas: 2\n\+  replicas: 3/);
  assert.match(t, /-  LOG_LEVEL: debug\n\+  LOG_LEVEL: info/);
  assert.match(t, /-  password: \(hidden\)\n\+  password: "?\(hidden, value differs\)"?/);
  assert.match(t, /--- stage\/ConfigMap\/canary\n\+\+\+ production\/ConfigMap\/canary/);
  assert.doesNotMatch(t, /Service\/web|HorizontalPodAutoscaler|PodDisruptionBudget|Ingress/);
});

test('an identical namespace reports identical', async () => {
  const r = await call({ namespace: 'same', clusters: ['ephemeral', 'stage', 'production'] });
  assert.equal(r.isError, false, text(r));
  assert.match(text(r), /ConfigMap\/flags\s+identical\s+identical\s+identical/);
  assert.match(text(r), /1 object: 1 identical, 0 differ\./);
  const d = await call({ namespace: 'same', output: 'diff', clusters: ['s', 'p', 'e'] });
  assert.match(text(d), /^identical: no object differs\./);
});

test('filters: resource, name and ignore', async () => {
  const r = await call({ clusters: ['stage', 'ephemeral'], namespace: nsMap, resource: 'deployments', ignore: ['spec.template.spec.containers'] });
  assert.match(text(r), /Deployment\/web\s+spec\.replicas=2\s+spec\.replicas=3/);
  assert.match(text(r), /1 object: 0 identical, 1 differ\./);
  const n = await call({ clusters: ['stage', 'production'], namespace: nsMap, name: 'app-config' });
  assert.match(text(n), /1 object: 0 identical, 1 differ\./);
});

test('one cluster is refused; an unreachable cluster shows its error in place', async () => {
  const one = await call({ clusters: ['stage'] });
  assert.equal(one.isError, true);
  assert.match(text(one), /two or more clusters/);
  const typo = await call({ clusters: ['stage', 'production'], namespace: { stage: 'shop-stage', prodution: 'shop' } });
  assert.equal(typo.isError, true);
  assert.match(text(typo), /`namespace` maps 'prodution', which is no configured cluster/);
  const r = await call({ clusters: 'all', namespace: 'same' });
  assert.equal(r.isError, false, text(r));
  assert.match(text(r), /ConfigMap\/flags\s+identical\s+identical\s+identical\s+error \(see below\)/);
  assert.match(text(r), /\ndown: .*127\.0\.0\.1:1/);
});

test('kubemcp call: a diff past the output budget comes in pages of whole objects that continue exactly', async () => {
  const small = join(sim.dir, 'small.yaml');
  writeFileSync(small, `output_budget: 1000
clusters:
  - {name: ephemeral, kubeconfig: config.e}
  - {name: stage, kubeconfig: config.s}
  - {name: production, kubeconfig: config.p}
`);
  const base = ['--config', small, 'call', '--json', 'k8s_compare', 'clusters=["stage","production","ephemeral"]',
    `namespace=${JSON.stringify(nsMap)}`, 'output=diff'];
  const headers = (t) => [...t.matchAll(/^\+\+\+ (\S+)$/gm)].map((m) => m[1]);
  // The whole diff in one answer, as the reference.
  const full = await call({ clusters: ['stage', 'production', 'ephemeral'], namespace: nsMap, output: 'diff' });
  const want = headers(text(full));
  assert.ok(want.length >= 3, text(full));
  const got = [];
  let next = null;
  for (let page = 0; page < 20; page++) {
    const r = run(next ? [...base, `continue=${next}`] : base, { env: { HOME: sim.dir } });
    outputs.push(r.stdout + r.stderr);
    assert.equal(r.code, 0, r.stderr);
    const t = JSON.parse(r.stdout).content[0].text;
    assert.ok(t.length < 1400, `${t.length} characters`);
    if (page === 0) assert.match(t, /^--- stage\/ConfigMap\/app-config/);
    got.push(...headers(t));
    const m = t.match(/\[cut: \d+ differing object\(s\) shown, \d+ more\] Call again with the same arguments and continue="([^"]+)"/);
    if (!m) break;
    next = m[1];
  }
  assert.ok(next, 'the diff needed more than one page at this budget');
  assert.deepEqual(got, want, 'following continue shows every differing object once, in order');
});

test('no Secret value, base64, hash or length in any output', async () => {
  const all = outputs.join('\n');
  // The clusters do reveal Secrets to k8s_get (kept out of `outputs`): compare still must not.
  const get = await client.callTool({ name: 'k8s_get', arguments: { cluster: 'p', namespace: 'shop', resource: 'secrets', name: 'creds', output: 'json' } });
  assert.ok(get.content[0].text.includes(Buffer.from(passwords.production).toString('base64')));
  for (const pw of Object.values(passwords)) {
    const b64 = Buffer.from(pw).toString('base64');
    for (const s of [pw, b64, createHash('sha256').update(pw).digest('hex'), createHash('sha256').update(b64).digest('hex')])
      assert.ok(!all.includes(s), 'a secret form leaked');
  }
  assert.doesNotMatch(all, /(\d+) bytes/);
});
