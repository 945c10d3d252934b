// Runs the real kubectl with a private discovery cache and an explicit kubeconfig.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function makeKubectl(kubeconfig, { cacheDir } = {}) {
  const cache = cacheDir ?? mkdtempSync(path.join(tmpdir(), 'kubectl-cache-'));
  const env = { ...process.env, KUBECACHEDIR: cache, KUBECONFIG: '' };
  const run = (args, { input, timeout = 60000 } = {}) =>
    new Promise((resolve) => {
      const child = execFile('kubectl', ['--kubeconfig', kubeconfig, ...args],
        { env, timeout, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
          resolve({ code: err ? (err.code ?? 1) : 0, stdout, stderr });
        });
      if (input !== undefined) { child.stdin.write(input); }
      child.stdin.end();
    });
  // Starts a long-running kubectl (e.g. get -w); returns { child, output(), stop() }.
  const start = (args) => {
    const child = spawn('kubectl', ['--kubeconfig', kubeconfig, ...args], { env });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const exited = new Promise((r) => child.on('exit', r));
    return {
      child,
      output: () => out,
      async waitFor(re, ms = 15000) {
        const end = Date.now() + ms;
        while (Date.now() < end) {
          if (re.test(out)) return true;
          await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error(`timed out waiting for ${re} in:\n${out}`);
      },
      async stop() { child.kill('SIGTERM'); await exited; return out; },
    };
  };
  // Runs kubectl and returns its stdout; fails the test with kubectl's stderr when it exits non-zero.
  const ok = async (args, opts) => {
    const r = await run(args, opts);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}`);
    return r.stdout;
  };
  return { run, ok, start, cache };
}

// Splits `kubectl get` table output into rows of cells (header row first).
export function table(text) {
  return text.trim().split('\n').map((l) => l.trim().split(/\s{2,}/));
}
