// A service account mount like the kubelet's, built from a simulator's kubeconfig, so kubemcp
// can run "inside a pod" against `kubemcp sim`:
//   const sa = serviceAccountMount(sim.kubeconfig('s'), { namespace: 'shop' });
//   spawn(KUBEMCP, [...], { env: { ...sa.env } });  sa.rotate(newToken);  sa.cleanup();
// Files live in a timestamped directory behind the `..data` symlink, and rotation swaps that
// symlink atomically — exactly how the kubelet updates projected service account tokens.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, symlinkSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function kubeconfigFacts(kubeconfigPath) {
  const text = readFileSync(kubeconfigPath, 'utf8');
  const server = /server: (\S+)/.exec(text)[1];
  const ca = Buffer.from(/certificate-authority-data: (\S+)/.exec(text)[1], 'base64').toString();
  const token = /token: (\S+)/.exec(text)?.[1];
  const url = new URL(server);
  return { server, ca, token, host: url.hostname, port: url.port };
}

export function serviceAccountMount(kubeconfigPath, { namespace = 'default', token } = {}) {
  const facts = kubeconfigFacts(kubeconfigPath);
  const dir = mkdtempSync(join(tmpdir(), 'kubemcp-sa-'));
  let generation = 0;
  const publish = (tok) => {
    const data = join(dir, `..2026_11_30_00_00_0${generation++}`);
    mkdirSync(data);
    writeFileSync(join(data, 'token'), tok);
    writeFileSync(join(data, 'ca.crt'), facts.ca);
    writeFileSync(join(data, 'namespace'), namespace);
    symlinkSync(data.split('/').pop(), join(dir, '..data_tmp'));
    renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
  };
  publish(token ?? facts.token);
  for (const f of ['token', 'ca.crt', 'namespace']) symlinkSync(`..data/${f}`, join(dir, f));
  return {
    dir,
    facts,
    env: {
      KUBERNETES_SERVICE_HOST: facts.host,
      KUBERNETES_SERVICE_PORT: facts.port,
      KUBEMCP_SERVICEACCOUNT_DIR: dir,
    },
    rotate: publish,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
