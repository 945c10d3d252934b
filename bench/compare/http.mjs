// The HTTP part of the comparison: a server started in its Streamable HTTP mode, then 1, 10 or
// 100 concurrent sessions (each its own MCP client and StreamableHTTPClientTransport) calling
// one cheap read tool for a fixed time. Calls per second and p50/p99 latency per level; a
// session or call that fails makes the cell say so instead of a number.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import readline from 'node:readline';
import { oneLine, sleep, timedCall } from './harness.mjs';

// A port that was free a moment ago, for servers that cannot be told to pick one (the Go server).
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Starts `spec` ({ command, args, env, url?, printsUrl? }) and resolves once it accepts HTTP:
// either it prints "listening URL" on stdout (kubemcp), or `url` answers any HTTP status.
export async function startHttpServer(spec) {
  const child = spawn(spec.command, spec.args, {
    env: { PATH: process.env.PATH, HOME: process.env.HOME ?? '/root', ...(spec.env ?? {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => { err = (err + d).slice(-4000); });
  const exited = new Promise((_, reject) => child.on('exit', (c) => reject(new Error(`exited ${c}: ${oneLine(err)}`))));
  exited.catch(() => {});
  const printed = new Promise((resolve) => {
    readline.createInterface({ input: child.stdout }).on('line', (l) => {
      const m = l.match(/^listening (\S+)/);
      if (m) resolve(m[1]);
    });
  });
  const polled = async () => {
    for (let i = 0; i < 600 && child.exitCode === null; ++i) {
      try {
        await fetch(spec.url, { method: 'GET' });
        return spec.url;
      } catch {
        await sleep(100);
      }
    }
    throw new Error(`no answer on ${spec.url}: ${oneLine(err)}`);
  };
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not listening after 60 s: ${oneLine(err)}`)), 60_000);
  });
  try {
    const url = await Promise.race([spec.printsUrl ? printed : polled(), exited, timeout]);
    return { url, pid: child.pid, stop: () => stopChild(child) };
  } catch (e) {
    await stopChild(child);
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
}

// The p-th percentile (nearest rank) of `values` in ms.
export function percentile(values, p) {
  const v = [...values].sort((a, b) => a - b);
  if (!v.length) return NaN;
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))];
}

async function connect(sdk, url) {
  const client = new sdk.Client({ name: 'kubemcp-bench-compare-http', version: '1.0.0' });
  const transport = new sdk.StreamableHTTPClientTransport(new URL(url));
  await client.connect(transport, { timeout: 120_000 });
  return {
    client,
    close: async () => {
      await transport.terminateSession().catch(() => {});
      await client.close().catch(() => {});
    },
  };
}

// `sessions` clients connect (not timed), each makes one warm-up call, then all call `ask()`
// back to back for `seconds`. Returns { calls, perSecond, p50, p99, status }.
export async function httpLoad(sdk, url, { sessions, seconds, ask, expect }) {
  const opened = await Promise.allSettled(Array.from({ length: sessions }, () => connect(sdk, url)));
  const clients = opened.filter((r) => r.status === 'fulfilled').map((r) => r.value);
  try {
    const refused = opened.find((r) => r.status === 'rejected');
    if (refused) return { status: `failed: ${opened.length - clients.length} of ${sessions} sessions did not open: ${oneLine(refused.reason?.message)}` };
    const warm = await Promise.all(clients.map((c) => timedCall(c, ask(), expect)));
    const bad = warm.find((r) => r.status !== 'complete');
    if (bad) return { status: `warm-up ${bad.status}` };
    const ms = [];
    const failures = [];
    const t0 = performance.now();
    const deadline = t0 + seconds * 1000;
    await Promise.all(clients.map(async (c) => {
      while (performance.now() < deadline) {
        const r = await timedCall(c, ask(), expect);
        if (r.status === 'complete') ms.push(r.ms);
        else failures.push(r.status);
      }
    }));
    const elapsed = (performance.now() - t0) / 1000;
    const out = { calls: ms.length, perSecond: ms.length / elapsed, p50: percentile(ms, 50), p99: percentile(ms, 99), status: 'complete' };
    if (failures.length) out.status = `${failures.length} of ${ms.length + failures.length} calls ${failures[0]}`;
    return out;
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
}

// Every HTTP-capable peer at every level against one simulator: results.http for the report.
export async function httpPart(sdk, peers, paths, sim, { levels, seconds, names }) {
  const expect = (text) => {
    const seen = names.filter((n) => text.includes(n)).length;
    return seen === names.length ? true : `cut: ${seen}/${names.length} pods`;
  };
  const out = { seconds, levels, namespace: 'shop', pods: names.length, peers: {} };
  for (const peer of peers.filter((p) => p.http)) {
    const row = {};
    let server;
    try {
      server = await startHttpServer(await peer.http({ ...paths, simDir: sim.dir }));
      for (const sessions of levels) {
        const ask = () => peer.calls.list({ ns: 'shop', cluster: 'stage' });
        row[sessions] = await httpLoad(sdk, server.url, { sessions, seconds, ask, expect });
        const r = row[sessions];
        console.error(`  ${peer.id} http ${sessions} sessions: ${r.perSecond ? r.perSecond.toFixed(0) + ' calls/s' : ''} ${r.status}`);
      }
    } catch (e) {
      for (const sessions of levels) row[sessions] ??= { status: `failed: ${oneLine(e.message)}` };
    } finally {
      await server?.stop();
    }
    out.peers[peer.id] = row;
  }
  return out;
}
