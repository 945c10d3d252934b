// Issue 15: k8s_scale and k8s_rollout through the real MCP SDK client against `kubemcp sim`
// (real HTTPS, real rolling updates), with the policy gate: read-only refused, protected
// clusters confirmed through elicitation or `confirm: true`, one audit line per attempt.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { KUBEMCP, run } from '../lib/kubemcp.mjs';
import { startSim } from '../lib/sim.mjs';

let sim;
let plain; // declares no elicitation: protected clusters need confirm: true
let asking; // declares elicitation: the user (this test) answers
let stderr = '';
const outputs = [];
const tokens = [];
const secretValues = [];
const elicitations = [];
let nextAnswer = { action: 'decline' };
let changeAttempts = 0;
const cache = mkdtempSync(join(tmpdir(), 'kubemcp-kubectl-cache-'));

function kubectl(alias, args) {
  return execFileSync('kubectl', ['--kubeconfig', sim.kubeconfig(alias), ...args], {
    encoding: 'utf8',
    env: { ...process.env, KUBECACHEDIR: cache },
  });
}
const getJson = (alias, what, ns = 'shop') => JSON.parse(kubectl(alias, ['get', ...what.split(' '), '-n', ns, '-o', 'json']));
const replicas = (alias, name = 'web') => getJson(alias, `deploy ${name}`).spec.replicas;
const image = (alias, what) => getJson(alias, what).spec.template.spec.containers[0].image;

const READS = new Set(['status', 'history']);
async function call(client, name, args, options = {}) {
  if (name === 'k8s_scale' || (name === 'k8s_rollout' && !READS.has(args.action))) changeAttempts++;
  const r = await client.callTool({ name, arguments: args }, undefined, { timeout: 120_000, ...options });
  outputs.push(JSON.stringify(r));
  return r;
}
const text = (r) => r.content[0].text;

async function connect(capabilities, sdk = { Client, StdioClientTransport, ElicitRequestSchema }) {
  const transport = new sdk.StdioClientTransport({
    command: KUBEMCP,
    args: ['serve', '--config', join(sim.dir, 'e2e.yaml')],
    env: { PATH: process.env.PATH, HOME: sim.dir },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (d) => (stderr += d));
  const client = new sdk.Client({ name: 'kubemcp-core-e2e', version: '1.0.0' }, { capabilities });
  if (capabilities.elicitation)
    client.setRequestHandler(sdk.ElicitRequestSchema, async (req) => {
      elicitations.push(req.params);
      return nextAnswer;
    });
  await client.connect(transport);
  return client;
}

before(async () => {
  // Pods take a second to start, so a rolling update is seen step by step.
  sim = await startSim({ seed: 'demo', extraArgs: ['--step-ms', '1000'] });
  writeFileSync(join(sim.dir, 'e2e.yaml'), `default_cluster: stage
clusters:
  - {name: ephemeral, aliases: [e], kubeconfig: config.e, namespace: shop, protected: true}
  - {name: stage, aliases: [s], kubeconfig: config.s, namespace: shop}
  - {name: production, aliases: [p], kubeconfig: config.p, namespace: shop}
`);
  for (const a of ['e', 's', 'p']) {
    const m = readFileSync(sim.kubeconfig(a), 'utf8').match(/token: (\S+)/);
    if (m) tokens.push(m[1]);
  }
  for (const s of getJson('s', 'secrets').items)
    for (const v of Object.values(s.data ?? {})) {
      secretValues.push(v);
      const plainText = Buffer.from(v, 'base64').toString('utf8');
      if (plainText.length >= 6) secretValues.push(plainText);
    }
  plain = await connect({});
  asking = await connect({ elicitation: {} });
});

after(async () => {
  await plain?.close();
  await asking?.close();
  const everything = outputs.join('\n') + stderr;
  for (const t of tokens) assert.ok(!everything.includes(t), 'a bearer token leaked');
  for (const v of secretValues) assert.ok(!everything.includes(v), 'a secret value leaked');
  await sim?.stop();
});

test('both tools are listed with confirm and dry_run in their schemas', async () => {
  const { tools } = await plain.listTools();
  for (const name of ['k8s_scale', 'k8s_rollout']) {
    const t = tools.find((x) => x.name === name);
    assert.ok(t, name);
    assert.equal(t.annotations.readOnlyHint, false);
    assert.ok(t.inputSchema.properties.confirm && t.inputSchema.properties.dry_run, name);
  }
});

test('k8s_scale: plain, with a precondition (refused, then met), dry run', async () => {
  assert.equal(replicas('s'), 3);
  let r = await call(plain, 'k8s_scale', { resource: 'deployment', name: 'web', replicas: 4 });
  assert.equal(text(r), 'deployment.apps/web scaled');
  assert.equal(replicas('s'), 4);

  r = await call(plain, 'k8s_scale', { resource: 'deploy/web', replicas: 5, current_replicas: 3 });
  assert.equal(r.isError, true);
  assert.match(text(r), /^error: Expected replicas to be 3, was 4\. Nothing was changed/);
  assert.equal(replicas('s'), 4, 'a failed precondition changes nothing');

  r = await call(plain, 'k8s_scale', { resource: 'deploy/web', replicas: 2, current_replicas: 4 });
  assert.equal(text(r), 'deployment.apps/web scaled');
  assert.equal(replicas('s'), 2);

  r = await call(plain, 'k8s_scale', { resource: 'deploy/web', replicas: 7, dry_run: true });
  assert.equal(text(r), 'deployment.apps/web scaled (server dry run)');
  assert.equal(replicas('s'), 2, 'a dry run changes nothing');

  r = await call(plain, 'k8s_scale', { resource: 'statefulset/db', replicas: 1 });
  assert.equal(text(r), 'statefulset.apps/db scaled');
});

test('k8s_scale: a replicaset and a custom resource with a scale subresource', async () => {
  const rs = kubectl('s', ['get', 'rs', '-n', 'shop', '-l', 'app=api', '-o', 'name']).trim().split('\n')[0];
  assert.match(rs, /^replicaset\.apps\//);
  let r = await call(plain, 'k8s_scale', { resource: rs, replicas: 2, dry_run: true });
  assert.equal(text(r), `${rs} scaled (server dry run)`);
  const file = join(sim.dir, 'gadgets.yaml');
  writeFileSync(file, `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gadgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: gadgets, singular: gadget, kind: Gadget}
  versions:
  - name: v1
    served: true
    storage: true
    subresources:
      status: {}
      scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec: {type: object, properties: {replicas: {type: integer}}}
          status: {type: object, properties: {replicas: {type: integer}}}
`);
  kubectl('s', ['apply', '-f', file]);
  kubectl('s', ['wait', '--for=condition=Established', 'crd/gadgets.example.com', '--timeout=30s']);
  writeFileSync(file, 'apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g1, namespace: shop}\nspec: {replicas: 1}\n');
  kubectl('s', ['apply', '-f', file]);
  // Created behind kubemcp's back: its discovery refreshes on a miss at most every 5 s.
  const end = Date.now() + 30_000;
  do {
    r = await call(plain, 'k8s_scale', { resource: 'gadgets/g1', replicas: 3, current_replicas: 1 });
    if (!/doesn't have a resource type "gadgets"/.test(text(r))) break;
    await new Promise((res) => setTimeout(res, 1000));
  } while (Date.now() < end);
  assert.equal(text(r), 'gadget.example.com/g1 scaled');
  assert.equal(getJson('s', 'gadget g1').spec.replicas, 3);
});

test('k8s_rollout status waits on a real rolling update and reports progress', async () => {
  kubectl('s', ['-n', 'shop', 'set', 'image', 'deploy/web', 'nginx=nginx:1.28.0']);
  const progress = [];
  const r = await call(plain, 'k8s_rollout', { action: 'status', resource: 'deploy/web', timeout: 90 },
    { onprogress: (p) => progress.push(p) });
  assert.ok(!r.isError, text(r));
  assert.match(text(r), /^deployment "web" successfully rolled out\nupdated 2\/2, ready 2\/2, available 2\/2$/);
  const waiting = progress.filter((p) => /Waiting for deployment "web" rollout to finish/.test(p.message));
  assert.ok(waiting.length >= 2, `progress while rolling: ${JSON.stringify(progress)}`);
  assert.ok(waiting.every((p) => /\(updated \d+\/2, ready \d+\/2, available \d+\/2\)$/.test(p.message)));
  for (let i = 1; i < progress.length; i++) assert.ok(progress[i].progress > progress[i - 1].progress);
  assert.equal(image('s', 'deploy web'), 'nginx:1.28.0');
});

test('k8s_rollout status reports a stuck rollout with the pods that block it', async () => {
  kubectl('s', ['-n', 'shop', 'patch', 'deploy/api', '-p',
    '{"spec":{"progressDeadlineSeconds":3,"template":{"spec":{"containers":[{"name":"api","image":"ghcr.io/example/shop-api:does-not-exist"}]}}}}']);
  let r = await call(plain, 'k8s_rollout', { action: 'status', resource: 'deploy/api', timeout: 90 });
  assert.equal(r.isError, true);
  assert.match(text(r), /^error: deployment "api" exceeded its progress deadline\n/);
  assert.match(text(r), /Pods not ready:\n  pod api-\S+: api: (ErrImagePull|ImagePullBackOff)/);
  // A short timeout that passes is said, with the state reached.
  r = await call(plain, 'k8s_rollout', { action: 'status', resource: 'deploy/recommender', timeout: 1 });
  assert.equal(r.isError, true);
  assert.match(text(r), /not finished \(timed out after 1 s\): Waiting for deployment "recommender"/);
  // undo (previous revision) recovers it.
  r = await call(plain, 'k8s_rollout', { action: 'undo', resource: 'deploy/api' });
  assert.match(text(r), /^deployment\.apps\/api rolled back\nto revision 1 \(images: ghcr\.io\/example\/shop-api:2\.4\.1\)$/);
  assert.equal(image('s', 'deploy api'), 'ghcr.io/example/shop-api:2.4.1');
});

test('k8s_rollout history, undo to a revision, restart, pause and resume', async () => {
  let r = await call(plain, 'k8s_rollout', { action: 'history', resource: 'deploy/web' });
  assert.match(text(r), /^deployment\.apps\/web\nREVISION  CHANGE-CAUSE  IMAGES\n1         <none>        nginx:1\.27\.3\n2         <none>        nginx:1\.28\.0$/);
  r = await call(plain, 'k8s_rollout', { action: 'undo', resource: 'deploy/web', to_revision: 1 });
  assert.match(text(r), /^deployment\.apps\/web rolled back/);
  assert.equal(image('s', 'deploy web'), 'nginx:1.27.3');
  r = await call(plain, 'k8s_rollout', { action: 'undo', resource: 'deploy/web', to_revision: 9 });
  assert.equal(text(r), 'error: unable to find specified revision 9 in history');
  r = await call(plain, 'k8s_rollout', { action: 'history', resource: 'deploy/web' });
  assert.match(text(r), /\n3         <none>        nginx:1\.27\.3$/, 'the restored template is the newest revision');

  r = await call(plain, 'k8s_rollout', { action: 'restart', resource: 'deploy/web' });
  assert.equal(text(r), 'deployment.apps/web restarted');
  assert.match(getJson('s', 'deploy web').spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt'], /^\d{4}-\d\d-\d\dT/);

  r = await call(plain, 'k8s_rollout', { action: 'pause', resource: 'deploy/web' });
  assert.equal(text(r), 'deployment.apps/web paused');
  assert.equal(getJson('s', 'deploy web').spec.paused, true);
  r = await call(plain, 'k8s_rollout', { action: 'pause', resource: 'deploy/web' });
  assert.equal(text(r), 'error: deployments.apps "web" is already paused');
  r = await call(plain, 'k8s_rollout', { action: 'restart', resource: 'deploy/web' });
  assert.equal(text(r), 'error: deployments.apps "web" can\'t restart paused deployment (run rollout resume first)');
  r = await call(plain, 'k8s_rollout', { action: 'resume', resource: 'deploy/web' });
  assert.equal(text(r), 'deployment.apps/web resumed');
  assert.ok(!getJson('s', 'deploy web').spec.paused);

  // kubectl's rules per kind.
  r = await call(plain, 'k8s_rollout', { action: 'pause', resource: 'sts/db' });
  assert.equal(text(r), 'error: statefulsets.apps "db" pausing is not supported');
  const rs = getJson('s', 'rs').items[0].metadata.name;
  r = await call(plain, 'k8s_rollout', { action: 'status', resource: `rs/${rs}` });
  assert.equal(text(r), 'error: no status viewer has been implemented for ReplicaSet.apps');
});

test('k8s_rollout on a statefulset: history and undo through ControllerRevisions', async () => {
  kubectl('s', ['-n', 'shop', 'set', 'image', 'sts/db', 'postgres=postgres:17.1']);
  let r = await call(plain, 'k8s_rollout', { action: 'status', resource: 'sts/db', timeout: 90 });
  assert.ok(!r.isError, text(r));
  r = await call(plain, 'k8s_rollout', { action: 'history', resource: 'sts/db' });
  assert.match(text(r), /\n1 +<none> +postgres:16\.4\n2 +<none> +postgres:17\.1$/);
  r = await call(plain, 'k8s_rollout', { action: 'undo', resource: 'sts/db' });
  assert.match(text(r), /^statefulset\.apps\/db rolled back\nto revision 1/);
  assert.equal(image('s', 'sts db'), 'postgres:16.4');
});

test('k8s_rollout on a daemonset: restart, status until rolled out, history, undo; pause is kubectl\'s refusal', async () => {
  const ds = { resource: 'ds/node-exporter', namespace: 'monitoring' };
  let r = await call(plain, 'k8s_rollout', { action: 'restart', ...ds });
  assert.equal(text(r), 'daemonset.apps/node-exporter restarted');
  r = await call(plain, 'k8s_rollout', { action: 'status', timeout: 120, ...ds });
  assert.equal(r.isError, false, text(r));
  assert.match(text(r), /^daemon set "node-exporter" successfully rolled out\nupdated (\d+)\/\1, ready \1\/\1, available \1\/\1$/);
  r = await call(plain, 'k8s_rollout', { action: 'history', ...ds });
  assert.match(text(r), /^daemonset\.apps\/node-exporter\nREVISION  CHANGE-CAUSE  IMAGES\n1 .*\n2 /);
  r = await call(plain, 'k8s_rollout', { action: 'undo', to_revision: 1, ...ds });
  assert.match(text(r), /^daemonset\.apps\/node-exporter rolled back\nto revision 1 /);
  r = await call(plain, 'k8s_rollout', { action: 'pause', ...ds });
  assert.equal(r.isError, true);
  assert.equal(text(r), 'error: daemonsets.apps "node-exporter" pausing is not supported');
});

test('a read-only cluster refuses scale and rollout changes; status still reads', async () => {
  const before = getJson('p', 'deploy web');
  for (const [tool, args] of [['k8s_scale', { resource: 'deploy/web', replicas: 9 }],
    ['k8s_rollout', { action: 'restart', resource: 'deploy/web' }],
    ['k8s_rollout', { action: 'undo', resource: 'deploy/web' }]]) {
    const r = await call(plain, tool, { ...args, cluster: 'production' });
    assert.equal(r.isError, true);
    assert.match(text(r), /refused: cluster 'production' is read-only \(access: read-only in .*e2e\.yaml\)/);
  }
  const afterObj = getJson('p', 'deploy web');
  assert.equal(afterObj.metadata.generation, before.metadata.generation, 'production untouched');
  assert.deepEqual(afterObj.spec, before.spec);
  const r = await call(plain, 'k8s_rollout', { action: 'status', resource: 'deploy/web', cluster: 'p', timeout: 0 });
  assert.match(text(r), /^deployment "web" successfully rolled out/);
});

test('a protected cluster: confirm required without elicitation', async () => {
  const clusters = await plain.callTool({ name: 'k8s_clusters', arguments: { probe: false } });
  assert.match(text(clusters), /^ephemeral\s+e\s+read-write,protected\s/m);
  assert.equal(clusters.structuredContent.clusters.find((c) => c.name === 'ephemeral').protected, true);
  const generation = getJson('e', 'deploy web').metadata.generation;
  let r = await call(plain, 'k8s_scale', { resource: 'deploy/web', replicas: 1, cluster: 'e' });
  assert.equal(r.isError, true);
  assert.match(text(r), /cluster 'ephemeral' is protected \(protected: true in .*e2e\.yaml\).*`confirm: true`\. Nothing was changed\./s);
  assert.match(text(r), /\nDry run: deployment\.apps\/web scaled \(server dry run\): replicas 3 -> 1$/);
  assert.equal(getJson('e', 'deploy web').metadata.generation, generation, 'nothing changed');
  r = await call(plain, 'k8s_scale', { resource: 'deploy/web', replicas: 1, cluster: 'e', confirm: true });
  assert.equal(text(r), 'deployment.apps/web scaled');
  assert.equal(replicas('e'), 1);
  // A dry run changes nothing and is not asked about.
  r = await call(plain, 'k8s_scale', { resource: 'deploy/web', replicas: 5, cluster: 'e', dry_run: true });
  assert.equal(text(r), 'deployment.apps/web scaled (server dry run)');
});

test('a protected cluster: elicitation accepted, declined and cancelled', async () => {
  nextAnswer = { action: 'accept', content: { confirm: true } };
  let r = await call(asking, 'k8s_scale', { resource: 'deploy/web', replicas: 2, cluster: 'e' });
  assert.equal(text(r), 'deployment.apps/web scaled');
  assert.equal(replicas('e'), 2);
  const asked = elicitations.at(-1);
  assert.match(asked.message, /^Confirm a change on protected cluster 'ephemeral'\.\nTool: k8s_scale\n/);
  assert.match(asked.message, /resource=deploy\/web/);
  assert.match(asked.message, /Dry run: deployment\.apps\/web scaled \(server dry run\): replicas 1 -> 2/);
  assert.equal(asked.requestedSchema.properties.confirm.type, 'boolean');

  // Controllers keep writing status; the generation moves only when the spec changes.
  const generation = getJson('e', 'deploy web').metadata.generation;
  for (const [answer, word] of [[{ action: 'decline' }, 'declined'], [{ action: 'cancel' }, 'cancelled'],
    [{ action: 'accept', content: { confirm: false } }, 'did not check']]) {
    nextAnswer = answer;
    // confirm: true from the model does not stand in for the user's answer.
    r = await call(asking, 'k8s_rollout', { action: 'restart', resource: 'deploy/web', cluster: 'e', confirm: true });
    assert.equal(r.isError, true);
    assert.match(text(r), new RegExp(`${word}.*Nothing was changed\\.$`));
  }
  assert.equal(getJson('e', 'deploy web').metadata.generation, generation, 'declined changes nothing');
  assert.match(elicitations.at(-1).message, /Dry run: deployment\.apps\/web restarted \(server dry run\)/);
});

test('kubemcp call runs both tools', () => {
  const cfg = join(sim.dir, 'e2e.yaml');
  const env = { HOME: sim.dir };
  let r = run(['call', '--config', cfg, 'k8s_rollout', 'action=history', 'resource=deploy/web'], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^deployment\.apps\/web\nREVISION  CHANGE-CAUSE  IMAGES\n/);
  r = run(['call', '--config', cfg, 'k8s_scale', 'resource=deploy/web', 'replicas=3', 'dry_run=true'], { env });
  changeAttempts++;
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'deployment.apps/web scaled (server dry run)');
});

test('elicitation through the SDK release that speaks 2025-06-18', async () => {
  const sdk = {
    Client: (await import('sdk-2025-06-18/client/index.js')).Client,
    StdioClientTransport: (await import('sdk-2025-06-18/client/stdio.js')).StdioClientTransport,
    ElicitRequestSchema: (await import('sdk-2025-06-18/types.js')).ElicitRequestSchema,
  };
  const older = await connect({ elicitation: {} }, sdk);
  try {
    assert.equal(older.getServerVersion().name, 'kubemcp');
    const before = elicitations.length;
    nextAnswer = { action: 'accept', content: { confirm: true } };
    const r = await call(older, 'k8s_scale', { resource: 'deploy/web', replicas: 3, cluster: 'e' });
    assert.equal(text(r), 'deployment.apps/web scaled');
    assert.equal(elicitations.length, before + 1);
    assert.equal(replicas('e'), 3);
  } finally {
    await older.close();
  }
});

test('one audit line per attempt, with identity, dry run and status, no credential', async () => {
  const path = join(sim.dir, '.local', 'state', 'kubemcp', 'audit.jsonl');
  assert.ok(existsSync(path), 'the default audit path is under the state directory');
  const raw = readFileSync(path, 'utf8');
  const lines = raw.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, changeAttempts);
  for (const l of lines) {
    for (const k of ['time', 'cluster', 'identity', 'tool', 'arguments', 'dry_run', 'outcome', 'status'])
      assert.ok(k in l, `${k} in ${JSON.stringify(l)}`);
    assert.ok(['k8s_scale', 'k8s_rollout'].includes(l.tool));
  }
  const ok = lines.find((l) => l.outcome === 'ok: deployment.apps/web scaled' && l.cluster === 'stage');
  assert.equal(ok.status, 200);
  // Who the API server says the credentials are (SelfSubjectReview), not the kubeconfig's
  // user entry (named after the cluster in the simulator's kubeconfigs).
  assert.equal(ok.identity, 'sim-admin');
  assert.equal(ok.identity_source, 'server');
  assert.ok(lines.some((l) => l.dry_run === true && l.outcome.startsWith('ok: ')));
  const refused = lines.filter((l) => /^error: k8s_\w+ (refused|not run): /.test(l.outcome));
  assert.ok(refused.some((l) => l.cluster === 'production' && l.status === null));
  // A refusal sends nothing, not even the review: production was never asked who we are, so
  // its lines name the kubeconfig's user.
  for (const l of refused.filter((x) => x.cluster === 'production'))
    assert.deepEqual([l.identity, l.identity_source], ['production', 'kubeconfig'], JSON.stringify(l));
  assert.ok(refused.some((l) => l.cluster === 'ephemeral' && /declined/.test(l.outcome)));
  assert.ok(lines.some((l) => l.status === 404 || l.status === 409 || l.status === 200));
  for (const t of tokens) assert.ok(!raw.includes(t), 'no token in the audit log');
  for (const v of secretValues) assert.ok(!raw.includes(v), 'no secret value in the audit log');
});
