// Shared helpers for wire tests: where the binary is, temporary homes with kubeconfigs,
// and running `kubemcp` as a user would.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const KUBEMCP = process.env.KUBEMCP ?? new URL('../../build/src/kubemcp', import.meta.url).pathname;

export function tempDir(prefix = 'kubemcp-test-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

// A kubeconfig with a bearer token, so tests can prove the token never leaks.
export function kubeconfigText({ server = 'https://127.0.0.1:6443', token = 'tok', namespace = 'default', name = 'c' } = {}) {
  return `apiVersion: v1
kind: Config
clusters:
- name: ${name}
  cluster:
    server: ${server}
    insecure-skip-tls-verify: true
users:
- name: ${name}-user
  user:
    token: ${token}
contexts:
- name: ${name}
  context:
    cluster: ${name}
    user: ${name}-user
    namespace: ${namespace}
current-context: ${name}
`;
}

// A HOME holding ~/.kube/config.<suffix> for each entry of `files` ({e: text, s: text, ...}).
export function makeHome(files) {
  const home = tempDir('kubemcp-home-');
  mkdirSync(join(home, '.kube'), { recursive: true });
  for (const [suffix, text] of Object.entries(files)) writeFileSync(join(home, '.kube', `config.${suffix}`), text);
  return { home, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

export function run(args, { env = {}, input } = {}) {
  const r = spawnSync(KUBEMCP, args, {
    env: { PATH: process.env.PATH, ...env },
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
