// deploy/ (issue 18): the Kustomize overlays render with the real kubectl, apply to
// `kubemcp sim`, and kubemcp then runs as the applied Deployment would — its container's args
// and env, the ConfigMap and Secret mounted where the pod mounts them, the service account
// files — against the simulator. (The image itself is not built here: no registry.)
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { makeKubectl } from '../lib/kubectl.mjs';
import { KUBEMCP, run, tempDir } from '../lib/kubemcp.mjs';
import { startSim } from '../lib/sim.mjs';
import { serviceAccountMount } from '../lib/serviceaccount.mjs';

const DEPLOY = new URL('../../deploy/', import.meta.url).pathname;
const OVERLAYS = ['read-only', 'read-write'];
const KINDS = ['Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'ConfigMap',
  'Service', 'Deployment', 'HorizontalPodAutoscaler', 'NetworkPolicy', 'PodDisruptionBudget'];

let sim;
let k;
const cleanups = [];

before(async () => {
  sim = await startSim({ clusters: ['stage'], seed: 'demo' });
  k = makeKubectl(sim.kubeconfig('s'));
});
after(async () => {
  for (const c of cleanups) c();
  await sim?.stop();
});

async function kubectl(args, opts) {
  const r = await k.run(args, opts);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

for (const overlay of OVERLAYS) {
  test(`kubectl kustomize renders overlays/${overlay} with every kind and a hardened pod`, async () => {
    const out = await kubectl(['kustomize', path.join(DEPLOY, 'overlays', overlay)]);
    const kinds = [...out.matchAll(/^kind: (\w+)$/gm)].map((m) => m[1]);
    assert.deepEqual([...new Set(kinds)].sort(), [...KINDS].sort());
    assert.match(out, /^ {2}replicas: 2$/m);
    assert.match(out, /runAsNonRoot: true/);
    assert.match(out, /readOnlyRootFilesystem: true/);
    assert.match(out, /drop:\n\s+- ALL/);
    assert.match(out, /seccompProfile:\n\s+type: RuntimeDefault/);
    assert.match(out, /path: \/healthz/);
    assert.match(out, /path: \/readyz/);
    assert.match(out, /- --stateless/);
    if (overlay === 'read-only') {
      assert.match(out, /- --read-only/);
      assert.doesNotMatch(out, /- create/);
      assert.match(out, /access: read-only/);
    } else {
      assert.doesNotMatch(out, /- --read-only/);
      assert.match(out, /- create\n\s+- update\n\s+- patch\n\s+- delete/);
      assert.match(out, /access: read-write/);
    }
  });
}

test('kubectl apply -k of each overlay succeeds against kubemcp sim, and re-applying changes nothing', async () => {
  for (const overlay of OVERLAYS) {
    const dir = path.join(DEPLOY, 'overlays', overlay);
    const first = await kubectl(['apply', '-k', dir]);
    assert.match(first, /deployment\.apps\/kubemcp (created|configured)/);
    assert.match(first, /horizontalpodautoscaler\.autoscaling\/kubemcp (created|unchanged)/);
    assert.match(first, /networkpolicy\.networking\.k8s\.io\/kubemcp (created|unchanged)/);
    assert.match(first, /poddisruptionbudget\.policy\/kubemcp (created|configured)/);
    assert.match(first, /clusterrole\.rbac\.authorization\.k8s\.io\/kubemcp (created|configured)/);
    // kubectl always re-sends a PDB's selector: its patchStrategy is `replace`, and
    // strategicpatch's handleMapDiff puts a replaced map into the patch even when unchanged.
    const again = (await kubectl(['apply', '-k', dir]))
      .replace('poddisruptionbudget.policy/kubemcp configured', '');
    assert.doesNotMatch(again, /created|configured/, again);
  }
  // The read-write overlay, applied last, is what the cluster now holds.
  const role = JSON.parse(await kubectl(['get', 'clusterrole', 'kubemcp', '-o', 'json']));
  assert.ok(role.rules[0].verbs.includes('delete'));
});

// The applied read-only Deployment, run on this machine: each volume mount becomes a
// directory under `root`, and paths in the args and the config follow.
test('kubemcp runs as the applied Deployment would: args, env, ConfigMap, Secret and service account', async (t) => {
  await kubectl(['apply', '-k', path.join(DEPLOY, 'overlays', 'read-only')]);
  // An extra cluster's kubeconfig in the Secret the Deployment mounts, as the README says.
  await kubectl(['-n', 'kubemcp', 'create', 'secret', 'generic', 'kubemcp-kubeconfigs',
    `--from-file=config.stage=${sim.kubeconfig('s')}`]);
  const deploy = JSON.parse(await kubectl(['-n', 'kubemcp', 'get', 'deploy', 'kubemcp', '-o', 'json']));
  const pod = deploy.spec.template.spec;
  const container = pod.containers[0];
  const root = tempDir('kubemcp-pod-');
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  const mounted = (p) => {
    const m = container.volumeMounts.find((v) => p === v.mountPath || p.startsWith(`${v.mountPath}/`));
    return m ? path.join(root, p) : p;
  };
  const rewrite = (text) => container.volumeMounts.reduce(
    (s, v) => s.replaceAll(v.mountPath, path.join(root, v.mountPath)), text);
  for (const vm of container.volumeMounts) {
    const dir = path.join(root, vm.mountPath);
    mkdirSync(dir, { recursive: true });
    const vol = pod.volumes.find((v) => v.name === vm.name);
    if (vol.configMap) {
      const cm = JSON.parse(await kubectl(['-n', 'kubemcp', 'get', 'cm', vol.configMap.name, '-o', 'json']));
      for (const [file, text] of Object.entries(cm.data)) writeFileSync(path.join(dir, file), rewrite(text));
    } else if (vol.secret) {
      const s = JSON.parse(await kubectl(['-n', 'kubemcp', 'get', 'secret', vol.secret.secretName, '-o', 'json']));
      for (const [file, b64] of Object.entries(s.data)) writeFileSync(path.join(dir, file), Buffer.from(b64, 'base64'));
    }
  }
  // The pod's service account: the simulator's read-only identity, as RBAC would make it.
  const sa = serviceAccountMount(sim.kubeconfig('viewer'), { namespace: 'shop' });
  cleanups.push(sa.cleanup);
  const env = { PATH: process.env.PATH, ...sa.env };
  for (const e of container.env ?? []) env[e.name] = rewrite(e.value);
  const args = container.args.map(mounted);
  const configPath = args[args.indexOf('--config') + 1];
  assert.ok(configPath.startsWith(root), configPath);

  // The config from the ConfigMap, the Secret's kubeconfig added as a second cluster.
  const config = readFileSync(configPath, 'utf8');
  assert.match(config, /in_cluster:\n\s+name: default\n\s+access: read-only/);
  const withSecret = config.replace('clusters: []',
    'clusters:\n  - {name: stage, aliases: [s], kubeconfig: ../kubeconfigs/config.stage, namespace: shop}');
  const configWithSecret = path.join(path.dirname(configPath), 'with-secret.yaml');
  writeFileSync(configWithSecret, withSecret);

  const clusters = run(['call', '--config', configWithSecret, 'k8s_clusters'], { env });
  assert.equal(clusters.code, 0, clusters.stderr + clusters.stdout);
  assert.match(clusters.stdout, /^default\s+-\s+read-only\s+ok /m);
  assert.match(clusters.stdout, /^stage\s+s\s+read-write\s+\*\s+ok /m); // `stage` is the default when present
  const get = run(['call', '--config', configPath, 'k8s_get', 'resource=deploy'], { env });
  assert.equal(get.code, 0, get.stderr + get.stdout);
  assert.match(get.stdout, /^web\s+3\/3/m); // namespace `shop` from the service account mount
  const refused = run(['call', '--config', configPath, 'k8s_get', 'resource=secrets'], { env });
  assert.match(refused.stdout + refused.stderr, /Forbidden/); // the service account's RBAC, not kubemcp, says no

  // The container's own command: serve over HTTP, probed as the kubelet would.
  const help = run(['serve', '--help']);
  if (!/--transport/.test(help.stdout + help.stderr)) {
    t.diagnostic('kubemcp has no HTTP transport in this build: the serve/probe step is not run');
    return;
  }
  const port = 20000 + Math.floor(Math.random() * 20000);
  const serveArgs = args.map((a) => (a === '0.0.0.0:8808' ? `127.0.0.1:${port}` : a));
  const child = spawn(KUBEMCP, serveArgs, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  cleanups.push(() => child.kill('SIGTERM'));
  const probe = async (p) => {
    const end = Date.now() + 30000;
    for (;;) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}${p}`);
        if (r.status === 200) return;
      } catch { /* not listening yet */ }
      if (Date.now() > end) throw new Error(`${p} not 200 after 30 s: ${stderr}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  await probe(container.livenessProbe.httpGet.path);
  await probe(container.readinessProbe.httpGet.path);
  child.kill('SIGTERM');
});
