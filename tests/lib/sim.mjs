// Starts `kubemcp sim` for a test and stops it afterwards.
//   const sim = await startSim({ clusters: ['stage'], seed: 'demo' });
//   sim.kubeconfig('s')  -> absolute path of config.s
//   await sim.stop();
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const FILES = {
  e: 'config.e', eph: 'config.e', ephemeral: 'config.e',
  s: 'config.s', stage: 'config.s',
  p: 'config.p', prod: 'config.p', production: 'config.p',
  cert: 'config.cert', exec: 'config.execplugin', execplugin: 'config.execplugin',
};

export async function startSim({ clusters, seed, pods, extraArgs = [] } = {}) {
  const bin = process.env.KUBEMCP;
  if (!bin) throw new Error('KUBEMCP (path of the kubemcp binary) is not set');
  const dir = mkdtempSync(path.join(tmpdir(), 'kubemcp-sim-test-'));
  const args = ['sim', '--dir', dir];
  if (clusters) args.push('--clusters', Array.isArray(clusters) ? clusters.join(',') : clusters);
  if (seed) args.push('--seed', seed);
  if (pods) args.push('--pods', String(pods));
  args.push(...extraArgs);
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sim not ready after 60 s: ${stderr}`)), 60000);
    const rl = readline.createInterface({ input: child.stdout });
    rl.on('line', (line) => {
      if (line === `ready ${dir}`) { clearTimeout(timer); resolve(); }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`sim exited (${code ?? signal}) before ready: ${stderr}`));
    });
  });
  let stopping = false;
  // A simulator that dies under a test says why (a sanitizer report, a crash) in the test's log.
  child.on('exit', (code, signal) => {
    if (!stopping) process.stderr.write(`kubemcp sim exited unexpectedly (${code ?? signal}):\n${stderr.slice(-20000)}\n`);
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return {
    dir,
    process: child,
    stderr: () => stderr,
    kubeconfig(alias) {
      return path.join(dir, FILES[alias] ?? `config.${alias}`);
    },
    async stop() {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
