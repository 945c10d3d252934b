// Issue 15 (part 1): k8s_apply and k8s_delete through the real MCP SDK client against
// `kubemcp sim`, with the simulator's objects checked by the real kubectl before and after:
// create, update, unchanged, dry-run with diff, conflict then force, multi-document, List, a
// bad document (nothing applied), a CRD with an object of it, a Secret (masked everywhere);
// delete by name, selector, all, each propagation, confirm for namespaces and bulk, wait with
// progress; the namespaces/kinds policy lists and a read-only cluster (nothing sent).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync, symlinkSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectServe } from './mcp_client.mjs';
import { run, tempDir } from '../lib/kubemcp.mjs';
import { startSim } from '../lib/sim.mjs';
import { makeKubectl } from '../lib/kubectl.mjs';

let sim;
let client;
let kubectl;
let kubectlProd;
let config;
let work;
let served;
const outputs = [];
const secretPlain = ['s3cr3t-Password-9931', 'tok-77aa-55bb-secret'];
const secretB64 = secretPlain.map((s) => Buffer.from(s).toString('base64'));

async function call(name, args, options) {
  const r = await client.callTool({ name, arguments: args }, undefined, options);
  outputs.push(JSON.stringify(r));
  return r;
}
const text = (r) => r.content[0].text;

async function k(args, which = kubectl) {
  const r = await which.run(args);
  return r;
}
async function getJson(args, which = kubectl) {
  const r = await which.run([...args, '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}
// Every object that tests touch, by kind/namespace/name and version: the generation where
// there is one (controllers keep writing workload status), else the resourceVersion.
async function snapshot(which = kubectl) {
  const list = await getJson(['get', 'namespaces,configmaps,secrets,deployments,replicasets,clusterroles', '-A'], which);
  return list.items.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}@${o.metadata.generation ?? o.metadata.resourceVersion}`).sort().join('\n');
}

before(async () => {
  sim = await startSim({ clusters: ['stage', 'production'], seed: 'empty' });
  work = tempDir('kubemcp-apply-cwd-');
  config = join(sim.dir, 'core.yaml');
  writeFileSync(config, `default_cluster: stage
bulk_limit: 3
audit_log: audit.jsonl
clusters:
  - name: stage
    aliases: [s]
    kubeconfig: config.s
    namespace: team
    namespaces: {deny: [kube-system]}
    kinds: {deny: [ClusterRole]}
  - {name: production, aliases: [p], kubeconfig: config.p, namespace: team}
`);
  kubectl = makeKubectl(sim.kubeconfig('s'));
  kubectlProd = makeKubectl(sim.kubeconfig('p'));
  served = await connectServe({ config, home: sim.dir, cwd: work, name: 'kubemcp-core-e2e' });
  client = served.client;
});

after(async () => {
  await client?.close();
  // Every attempt is audited (refusals too), with manifests redacted: no Secret value in it.
  const audit = readFileSync(join(sim.dir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.ok(audit.some((a) => a.tool === 'k8s_apply' && a.cluster === 'production'), 'the read-only refusal is audited');
  assert.ok(audit.filter((a) => a.tool === 'k8s_delete').length >= 10);
  outputs.push(JSON.stringify(audit));
  const everything = outputs.join('\n') + served.stderr();
  for (const v of [...secretPlain, ...secretB64]) assert.ok(!everything.includes(v), `a secret value leaked: ${v}`);
  await sim?.stop();
});

const base = `apiVersion: v1
kind: Namespace
metadata:
  name: team
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: fast
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27.3
`;

test('apply: a multi-document manifest creates, then reports unchanged, then configured', async () => {
  // The Deployment comes before its Namespace would matter: Namespaces are applied first.
  const r = await call('k8s_apply', { manifest: base });
  assert.equal(r.isError, false, text(r));
  assert.match(text(r), /^namespace\/team created$/m);
  assert.match(text(r), /^configmap\/settings created$/m);
  assert.match(text(r), /^deployment\.apps\/web created$/m);
  const cm = await getJson(['get', 'configmap', 'settings', '-n', 'team', '--show-managed-fields']);
  assert.equal(cm.data.mode, 'fast');
  assert.ok(cm.metadata.managedFields.some((f) => f.manager === 'kubemcp' && f.operation === 'Apply'));

  const again = await call('k8s_apply', { manifest: base });
  assert.equal(again.isError, false, text(again));
  assert.match(text(again), /^namespace\/team unchanged$/m);
  assert.match(text(again), /^configmap\/settings unchanged$/m);
  assert.match(text(again), /^deployment\.apps\/web unchanged$/m);

  const updated = await call('k8s_apply', { manifest: base.replace('mode: fast', 'mode: safe') });
  assert.equal(updated.isError, false, text(updated));
  assert.match(text(updated), /^configmap\/settings configured$/m);
  assert.match(text(updated), /^deployment\.apps\/web unchanged$/m);
  assert.equal((await getJson(['get', 'configmap', 'settings', '-n', 'team'])).data.mode, 'safe');
});

test('apply: dry run with diff changes nothing and shows a clean unified diff', async () => {
  const before = await snapshot();
  const manifest = base.replace('replicas: 2', 'replicas: 5').replace('mode: fast', 'mode: safe');
  const r = await call('k8s_apply', { manifest, dry_run: true, diff: true });
  assert.equal(r.isError, false, text(r));
  const t = text(r);
  assert.match(t, /^deployment\.apps\/web configured \(server dry run\)$/m);
  assert.match(t, /^configmap\/settings unchanged \(server dry run\)$/m);
  assert.match(t, /Server dry run: nothing was changed\./);
  assert.match(t, /^--- deployment\.apps\/web \(live\)$/m);
  assert.match(t, /^\+\+\+ deployment\.apps\/web \(after apply, server dry run\)$/m);
  assert.match(t, /^@@ -\d+(,\d+)? \+\d+(,\d+)? @@$/m);
  assert.match(t, /^-  replicas: 2$/m);
  assert.match(t, /^\+  replicas: 5$/m);
  for (const noise of ['managedFields', 'resourceVersion', 'creationTimestamp', 'uid:', 'generation', 'status:'])
    assert.ok(!t.includes(noise), `diff shows ${noise}:\n${t}`);
  assert.equal(await snapshot(), before, 'a dry run changed nothing');
  assert.equal((await getJson(['get', 'deploy', 'web', '-n', 'team'])).spec.replicas, 2);
});

test('apply: a conflict names the field and its manager; force_conflicts takes it over', async () => {
  const other = `apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: team}
data: {mode: turbo}
`;
  const before = await snapshot();
  const r = await call('k8s_apply', { manifest: other, field_manager: 'other-tool' });
  assert.equal(r.isError, true);
  const t = text(r);
  assert.match(t, /configmap\/settings: Error from server \(Conflict\): Apply failed with 1 conflict/);
  assert.match(t, /\.data\.mode is managed by "kubemcp"/);
  assert.match(t, /force_conflicts=true/);
  assert.equal(await snapshot(), before, 'the conflict changed nothing');

  const forced = await call('k8s_apply', { manifest: other, field_manager: 'other-tool', force_conflicts: true });
  assert.equal(forced.isError, false, text(forced));
  assert.match(text(forced), /^configmap\/settings configured$/m);
  const cm = await getJson(['get', 'configmap', 'settings', '-n', 'team', '--show-managed-fields']);
  assert.equal(cm.data.mode, 'turbo');
  assert.ok(cm.metadata.managedFields.some((f) => f.manager === 'other-tool'));
});

test('apply: a List applies each item', async () => {
  const list = JSON.stringify({
    apiVersion: 'v1', kind: 'List', items: [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'list-a' }, data: { n: '1' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'list-b' }, data: { n: '2' } },
    ],
  });
  const r = await call('k8s_apply', { manifest: list, namespace: 'team' });
  assert.equal(r.isError, false, text(r));
  assert.match(text(r), /^configmap\/list-a created$/m);
  assert.match(text(r), /^configmap\/list-b created$/m);
  assert.equal((await getJson(['get', 'cm', 'list-b', '-n', 'team'])).data.n, '2');
});

test('apply: one bad document means nothing is applied, with its index and line', async () => {
  const before = await snapshot();
  const bad = `apiVersion: v1
kind: ConfigMap
metadata: {name: must-not-exist}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: also-not
data: {a: [unclosed
`;
  const r = await call('k8s_apply', { manifest: bad });
  assert.equal(r.isError, true);
  assert.match(text(r), /manifest: document 2 \(line \d+\): not valid YAML/);
  assert.match(text(r), /Nothing was applied/);

  const unknown = `apiVersion: v1
kind: ConfigMap
metadata: {name: must-not-exist}
---
apiVersion: example.org/v1
kind: Gadget
metadata: {name: g}
`;
  const u = await call('k8s_apply', { manifest: unknown });
  assert.equal(u.isError, true);
  assert.match(text(u), /no matches for kind "Gadget" in version "example.org\/v1"/);
  assert.match(text(u), /document 2, line 5/);
  assert.match(text(u), /The cluster serves these API groups: .*apps.*core/);
  assert.match(text(u), /Nothing was applied/);

  const invalid = await call('k8s_apply', { manifest: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {namespace: team}\n' });
  assert.equal(invalid.isError, true);
  assert.match(text(invalid), /ConfigMap: metadata\.name is required/);
  assert.equal(await snapshot(), before, 'nothing was applied');
  assert.notEqual((await k(['get', 'cm', 'must-not-exist', '-n', 'team'])).code, 0);
});

test('apply: 422 names the invalid fields', async () => {
  const manifest = base.split('---')[2].replaceAll('web', 'bad').replace('labels: {app: bad}\n    spec', 'labels: {app: other}\n    spec');
  const r = await call('k8s_apply', { manifest });
  assert.equal(r.isError, true, text(r));
  assert.match(text(r), /deployment\.apps\/bad: Error from server \(Invalid\): Deployment\.apps "bad" is invalid/);
  assert.match(text(r), /Invalid fields:\n {2}spec\.template\.metadata\.labels: Invalid value: /);
  assert.match(text(r), /Fix these fields in the manifest/);
  assert.notEqual((await k(['get', 'deploy', 'bad', '-n', 'team'])).code, 0);
});

test('apply: a CRD and an object of it in one manifest (object first)', async () => {
  const manifest = `apiVersion: example.com/v1
kind: Widget
metadata: {name: w1}
spec: {size: 3}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
`;
  const dry = await call('k8s_apply', { manifest, dry_run: true });
  assert.match(text(dry), /widget\.example\.com\/w1 skipped \(server dry run\)/);
  const r = await call('k8s_apply', { manifest });
  assert.equal(r.isError, false, text(r));
  const t = text(r);
  assert.match(t, /^customresourcedefinition\.apiextensions\.k8s\.io\/widgets\.example\.com created$/m);
  assert.match(t, /^widget\.example\.com\/w1 created$/m);
  assert.ok(t.indexOf('customresourcedefinition') < t.indexOf('widget.example.com/w1'));
  const w = await getJson(['get', 'widgets', 'w1', '-n', 'team']);
  assert.equal(w.spec.size, 3);
});

test('apply: a Secret never shows its values, not even in a diff', async () => {
  const secret = (password) => `apiVersion: v1
kind: Secret
metadata: {name: db}
type: Opaque
stringData:
  password: ${password}
data:
  token: ${secretB64[1]}
`;
  const r = await call('k8s_apply', { manifest: secret(secretPlain[0]), diff: true });
  assert.equal(r.isError, false, text(r));
  assert.match(text(r), /^secret\/db created$/m);
  assert.match(text(r), /token: "?<masked: \d+ bytes>"?$/m);
  const live = await getJson(['get', 'secret', 'db', '-n', 'team']);
  assert.equal(Buffer.from(live.data.password, 'base64').toString(), secretPlain[0]);

  const changed = await call('k8s_apply', { manifest: secret('another-Passw0rd-xx'), dry_run: true, diff: true });
  assert.equal(changed.isError, false, text(changed));
  assert.match(text(changed), /^secret\/db configured \(server dry run\)$/m);
  assert.match(text(changed), /^\+ {2}password: "?<masked: \d+ bytes> \(changed\)"?$/m);
  assert.match(text(changed), /^ {3}token: "?<masked: \d+ bytes>"?$/m);
  assert.ok(!text(changed).includes('another-Passw0rd-xx'));
  assert.ok(!text(changed).includes(Buffer.from('another-Passw0rd-xx').toString('base64')));
});

test('apply: path reads a directory under the working directory, never outside it', async () => {
  mkdirSync(join(work, 'manifests'));
  writeFileSync(join(work, 'manifests', 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: from-file-a}\n');
  writeFileSync(join(work, 'manifests', 'b.json'), JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-file-b' } }));
  writeFileSync(join(work, 'manifests', 'notes.txt'), 'not a manifest');
  const r = await call('k8s_apply', { path: 'manifests' });
  assert.equal(r.isError, false, text(r));
  assert.match(text(r), /^configmap\/from-file-a created$/m);
  assert.match(text(r), /^configmap\/from-file-b created$/m);

  const outside = join(sim.dir, 'outside.yaml');
  writeFileSync(outside, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: outside}\n');
  symlinkSync(outside, join(work, 'link.yaml'));
  for (const path of [outside, '../outside.yaml', 'link.yaml', 'manifests/../../outside.yaml']) {
    const refused = await call('k8s_apply', { path });
    assert.equal(refused.isError, true, path);
    assert.match(text(refused), /outside the allowed roots|does not exist/, path);
  }
  assert.notEqual((await k(['get', 'cm', 'outside', '-n', 'team'])).code, 0);
});

test('policy: a denied namespace or kind refuses the whole manifest before anything is sent', async () => {
  const before = await snapshot();
  const mixed = `apiVersion: v1
kind: ConfigMap
metadata: {name: fine, namespace: team}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: sneaky, namespace: kube-system}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: everything}
rules: []
`;
  const r = await call('k8s_apply', { manifest: mixed });
  assert.equal(r.isError, true);
  const t = text(r);
  assert.match(t, /k8s_apply refused on cluster 'stage'; nothing was applied/);
  assert.match(t, /configmap\/sneaky .*namespace 'kube-system' is denied on cluster 'stage' \(namespaces\.deny: kube-system\)/);
  assert.match(t, /clusterrole\.rbac\.authorization\.k8s\.io\/everything .*kind ClusterRole\.rbac\.authorization\.k8s\.io is denied/);
  assert.ok(!/configmap\/fine/.test(t));
  assert.equal(await snapshot(), before);

  const del = await call('k8s_delete', { resource: 'configmaps', all: true, namespace: 'kube-system' });
  assert.equal(del.isError, true);
  assert.match(text(del), /k8s_delete refused on cluster 'stage'; nothing was deleted/);
  const delNs = await call('k8s_delete', { resource: 'namespace', name: 'kube-system', confirm: true });
  assert.equal(delNs.isError, true);
  assert.match(text(delNs), /namespace 'kube-system' is denied/);
  assert.equal(await snapshot(), before);
});

test('policy: every change tool checks the namespace lists before anything is sent', async () => {
  // Objects in the denied namespace, made behind kubemcp's back with kubectl.
  const objects = `apiVersion: apps/v1
kind: Deployment
metadata: {name: dns, namespace: kube-system}
spec:
  replicas: 1
  selector: {matchLabels: {app: dns}}
  template:
    metadata: {labels: {app: dns}}
    spec: {containers: [{name: dns, image: registry.k8s.io/coredns:1.11}]}
---
apiVersion: v1
kind: Pod
metadata: {name: probe, namespace: kube-system}
spec: {containers: [{name: main, image: busybox:1.36}]}
`;
  const made = await kubectl.run(['apply', '-f', '-'], { input: objects });
  assert.equal(made.code, 0, made.stderr);
  const before = await getJson(['get', 'deployment', 'dns', '-n', 'kube-system']);
  const calls = [
    ['k8s_scale', { resource: 'deployment/dns', replicas: 3, namespace: 'kube-system' }],
    ['k8s_rollout', { action: 'restart', resource: 'deployment/dns', namespace: 'kube-system' }],
    ['k8s_exec', { pod: 'probe', command: ['true'], namespace: 'kube-system' }],
    ['k8s_cp', { from: 'kube-system/probe:/etc/hostname', to: 'hostname.txt' }],
    ['k8s_port_forward', { action: 'start', pod: 'probe', ports: ':80', namespace: 'kube-system' }],
  ];
  for (const [tool, args] of calls) {
    const r = await call(tool, args);
    assert.equal(r.isError, true, `${tool} ran in a denied namespace: ${text(r)}`);
    assert.match(text(r), /namespace 'kube-system' is denied on cluster 'stage' \(namespaces\.deny: kube-system\)/, tool);
  }
  const after = await getJson(['get', 'deployment', 'dns', '-n', 'kube-system']);
  assert.equal(after.spec.replicas, 1);
  assert.equal(after.metadata.generation, before.metadata.generation);
  assert.equal(existsSync(join(work, 'hostname.txt')), false);
  // Reads are not changes: rollout status still answers there.
  const status = await call('k8s_rollout', { action: 'status', resource: 'deployment/dns', namespace: 'kube-system', timeout: 0 });
  assert.doesNotMatch(text(status), /is denied/);
});

test('policy: a read-only cluster refuses apply and delete before any request', async () => {
  const before = await snapshot(kubectlProd);
  const a = await call('k8s_apply', { manifest: base, cluster: 'p' });
  assert.equal(a.isError, true);
  assert.match(text(a), /k8s_apply refused: cluster 'production' is read-only/);
  const d = await call('k8s_delete', { resource: 'namespace', name: 'default', cluster: 'production', confirm: true });
  assert.equal(d.isError, true);
  assert.match(text(d), /k8s_delete refused: cluster 'production' is read-only/);
  assert.equal(await snapshot(kubectlProd), before);
});

test('delete: by name, dry run first', async () => {
  const dry = await call('k8s_delete', { resource: 'configmap', name: 'list-a', dry_run: true });
  assert.equal(dry.isError, false, text(dry));
  assert.match(text(dry), /^configmap "list-a" deleted \(server dry run\)$/m);
  assert.equal((await k(['get', 'cm', 'list-a', '-n', 'team'])).code, 0);
  const r = await call('k8s_delete', { resource: 'cm/list-a' });
  assert.equal(r.isError, false, text(r));
  assert.match(text(r), /^configmap "list-a" deleted$/m);
  assert.notEqual((await k(['get', 'cm', 'list-a', '-n', 'team'])).code, 0);
  const missing = await call('k8s_delete', { resource: 'configmap', name: 'list-a' });
  assert.equal(missing.isError, true);
  assert.match(text(missing), /NotFound/);
});

test('delete: by selector with wait reports progress until every object is gone', async () => {
  const docs = [1, 2, 3].map((i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: batch-${i}, labels: {app: batch}}\n`).join('---\n');
  assert.equal((await call('k8s_apply', { manifest: docs })).isError, false);
  const progress = [];
  const r = await call('k8s_delete', { resource: 'configmaps', selector: 'app=batch', wait: true, timeout: 30 }, {
    onprogress: (p) => progress.push(p),
  });
  assert.equal(r.isError, false, text(r));
  for (const i of [1, 2, 3]) assert.match(text(r), new RegExp(`^configmap "batch-${i}" deleted$`, 'm'));
  assert.match(text(r), /All 3 gone\./);
  // kubemcp sends one per object before the result, in order; but the SDK runs notification
  // handlers in a microtask and the result at once, so those read in the same chunk as the
  // result find their handler gone. At least one arrives; the rest are checked for shape.
  assert.ok(progress.length >= 1, JSON.stringify(progress));
  assert.ok(progress.every((p) => p.total === 3 && /^configmap\/batch-\d is (gone|being deleted)$/.test(p.message)));
  for (let i = 1; i < progress.length; i++) assert.ok(progress[i].progress > progress[i - 1].progress);
  assert.equal((await getJson(['get', 'cm', '-l', 'app=batch', '-n', 'team'])).items.length, 0);
  const none = await call('k8s_delete', { resource: 'configmaps', selector: 'app=batch' });
  assert.equal(none.isError, false);
  assert.match(text(none), /No resources found in team namespace matching 'app=batch'/);
});

test('delete: more than bulk_limit objects needs confirm and lists them first', async () => {
  const docs = [1, 2, 3, 4].map((i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bulk-${i}, labels: {app: bulk}}\n`).join('---\n');
  assert.equal((await call('k8s_apply', { manifest: docs })).isError, false);
  const before = await snapshot();
  const r = await call('k8s_delete', { resource: 'configmaps', selector: 'app=bulk' });
  assert.equal(r.isError, true);
  assert.match(text(r), /needs confirm=true: it deletes 4 objects, more than bulk_limit \(3\)/);
  for (const i of [1, 2, 3, 4]) assert.match(text(r), new RegExp(`configmap/bulk-${i}`));
  assert.equal(await snapshot(), before);
  const ok = await call('k8s_delete', { resource: 'configmaps', selector: 'app=bulk', confirm: true });
  assert.equal(ok.isError, false, text(ok));
  assert.equal((await getJson(['get', 'cm', '-l', 'app=bulk', '-n', 'team'])).items.length, 0);
});

test('delete: all=true removes every object of the type in the namespace', async () => {
  assert.equal((await call('k8s_apply', { manifest: 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w2}\n' })).isError, false);
  const r = await call('k8s_delete', { resource: 'widgets', all: true });
  assert.equal(r.isError, false, text(r));
  assert.match(text(r), /^widget\.example\.com "w1" deleted$/m);
  assert.match(text(r), /^widget\.example\.com "w2" deleted$/m);
  assert.equal((await getJson(['get', 'widgets', '-n', 'team'])).items.length, 0);
  const crd = await call('k8s_delete', { resource: 'crd', name: 'widgets.example.com' });
  assert.equal(crd.isError, true);
  assert.match(text(crd), /deleting a CustomResourceDefinition deletes every object of its kind/);
  assert.match(text(crd), /customresourcedefinition\.apiextensions\.k8s\.io\/widgets\.example\.com\n {4}with 0 widgets in the cluster/);
  const gone = await call('k8s_delete', { resource: 'crd', name: 'widgets.example.com', confirm: true, wait: true });
  assert.equal(gone.isError, false, text(gone));
  assert.notEqual((await k(['get', 'crd', 'widgets.example.com'])).code, 0);
});

async function replicaSetsOf(app) {
  const end = Date.now() + 15000;
  for (;;) {
    const rs = (await getJson(['get', 'rs', '-l', `app=${app}`, '-n', 'team'])).items;
    if (rs.length > 0 || Date.now() > end) return rs;
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('delete: propagation background, foreground and orphan decide the replica sets', async () => {
  for (const [propagation, kept] of [['background', false], ['foreground', false], ['orphan', true]]) {
    const name = `p-${propagation}`;
    const manifest = base.split('---')[2].replaceAll('web', name);
    assert.equal((await call('k8s_apply', { manifest })).isError, false);
    const rs = await replicaSetsOf(name);
    assert.ok(rs.length > 0, `the deployment ${name} got a replica set`);
    const r = await call('k8s_delete', { resource: 'deployment', name, propagation, wait: true });
    assert.equal(r.isError, false, text(r));
    assert.match(text(r), new RegExp(`^deployment\\.apps "${name}" deleted$`, 'm'));
    let left = [];
    const end = Date.now() + 10000;
    do {
      left = (await getJson(['get', 'rs', '-l', `app=${name}`, '-n', 'team'])).items;
      if (kept ? left.length > 0 : left.length === 0) break;
      await new Promise((res) => setTimeout(res, 200));
    } while (Date.now() < end);
    if (kept) {
      assert.equal(left.length, rs.length, 'orphan keeps the replica sets');
      assert.ok(left.every((x) => !x.metadata.ownerReferences), 'orphaned replica sets lose their owner');
    } else {
      assert.equal(left.length, 0, `${propagation} deletes the replica sets`);
    }
  }
});

test('delete: a namespace needs confirm; the refusal lists what it holds', async () => {
  const manifest = `apiVersion: v1
kind: Namespace
metadata: {name: scratch}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: one, namespace: scratch}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: two, namespace: scratch}
`;
  assert.equal((await call('k8s_apply', { manifest })).isError, false);
  const before = await snapshot();
  const r = await call('k8s_delete', { resource: 'namespace', name: 'scratch' });
  assert.equal(r.isError, true);
  assert.match(text(r), /needs confirm=true: deleting a namespace deletes everything in it/);
  // The two applied, plus the kube-root-ca.crt every namespace gets.
  assert.match(text(r), /namespace\/scratch\n {4}it holds: .*\b3 configmaps\b/);
  assert.equal(await snapshot(), before);
  const ok = await call('k8s_delete', { resource: 'namespace', name: 'scratch', confirm: true, wait: true });
  assert.equal(ok.isError, false, text(ok));
  assert.match(text(ok), /^namespace "scratch" deleted$/m);
  assert.notEqual((await k(['get', 'namespace', 'scratch'])).code, 0);
});

test('kubemcp call runs k8s_apply and k8s_delete', async () => {
  const env = { HOME: sim.dir };
  const a = run(['call', '--config', config, 'k8s_apply', 'manifest=apiVersion: v1\nkind: ConfigMap\nmetadata: {name: from-cli}\n', 'namespace=team'], { env });
  assert.equal(a.code, 0, a.stderr + a.stdout);
  assert.match(a.stdout, /configmap\/from-cli created/);
  const d = run(['call', '--config', config, 'k8s_delete', 'resource=configmap', 'name=from-cli', 'namespace=team'], { env });
  assert.equal(d.code, 0, d.stderr + d.stdout);
  assert.match(d.stdout, /configmap "from-cli" deleted/);
  outputs.push(a.stdout, d.stdout, readFileSync(config, 'utf8'));
});
