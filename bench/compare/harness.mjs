// What the comparison stands on: simulated clusters, an MCP session over stdio with a server's
// process id (for /proc), one timed tool call classified as complete / cut / failed, and the
// raw HTTPS floor measured with curl.
import { spawn, spawnSync } from 'node:child_process';
import https from 'node:https';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import readline from 'node:readline';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function stats(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { median, min: v[0], max: v[v.length - 1], n: v.length };
}

// `kubemcp sim` in a directory of its own; resolves once it prints "ready DIR".
export async function startSim(bin, { clusters, seed = 'demo', pods = 0 }) {
  const dir = mkdtempSync(join(tmpdir(), 'kubemcp-compare-sim-'));
  const args = ['sim', '--dir', dir, '--clusters', clusters.join(','), '--seed', seed];
  if (pods) args.push('--pods', String(pods));
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => { err = (err + d).slice(-4000); });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sim not ready after 180 s: ${err}`)), 180_000);
    readline.createInterface({ input: child.stdout }).on('line', (l) => {
      if (l === `ready ${dir}`) { clearTimeout(timer); resolve(); }
    });
    child.on('exit', (c) => { clearTimeout(timer); reject(new Error(`sim exited ${c}: ${err}`)); });
  });
  return {
    dir,
    clusters,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.on('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Peak (VmHWM) and current (VmRSS) resident memory of a process, in MiB.
export function rss(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => Number(s.match(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm'))?.[1] ?? NaN);
    return { peak: kb('VmHWM') / 1024, now: kb('VmRSS') / 1024 };
  } catch {
    return { peak: NaN, now: NaN };
  }
}

// A connected MCP client. `timings` gives spawn→initialize and →tools/list in ms.
export async function openSession(sdk, spec) {
  const t0 = performance.now();
  const transport = new sdk.StdioClientTransport({
    command: spec.command,
    args: spec.args,
    env: { PATH: process.env.PATH, HOME: process.env.HOME ?? '/root', ...(spec.env ?? {}) },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  const client = new sdk.Client({ name: 'kubemcp-bench-compare', version: '1.0.0' });
  await client.connect(transport, { timeout: 60_000 });
  const tInit = performance.now();
  const tools = await client.listTools(undefined, { timeout: 60_000 });
  const tList = performance.now();
  return {
    client,
    pid: transport.pid,
    stderr: () => stderr,
    tools: tools.tools.map((t) => t.name),
    timings: { initialize: tInit - t0, toolsList: tList - t0 },
    close: () => client.close(),
  };
}

function resultText(result) {
  return (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
}

// One tool call, timed. `expect(text)` (optional) says whether the answer is complete:
// it returns true, or a string describing what is missing ("cut: 120/1000 pods").
export async function timedCall(session, [name, args], expect) {
  const t0 = performance.now();
  try {
    const result = await session.client.callTool({ name, arguments: args }, undefined, { timeout: 300_000 });
    const ms = performance.now() - t0;
    const text = resultText(result);
    const bytes = Buffer.byteLength(JSON.stringify(result));
    const tokens = Math.round(text.length / 4);
    if (result.isError) return { ms, bytes, tokens, status: `failed: ${oneLine(text)}` };
    const verdict = expect ? expect(text) : true;
    return { ms, bytes, tokens, text, status: verdict === true ? 'complete' : verdict };
  } catch (e) {
    return { ms: performance.now() - t0, bytes: 0, tokens: 0, status: `failed: ${oneLine(e.message)}` };
  }
}

// The first line of an error, without the JSON-RPC code prefixes the SDK repeats, short enough
// for a table cell.
export function oneLine(s) {
  const line = (String(s).split('\n').find((l) => l.trim()) ?? '').replace(/(MCP error -?\d+: )+/g, '').replace(/\|/g, '/');
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

// Names matching `re` counted once each: how many of the expected objects the answer shows.
export function countNames(text, re) {
  return new Set(text.match(re) ?? []).size;
}

// The raw HTTPS floor: `runs` GETs of `path` by one curl process on one kept-alive connection,
// the first (connection set-up) left out. Token and CA come from the kubeconfig; nothing is printed.
export function curlFloor(kubeconfig, path, runs) {
  const text = readFileSync(kubeconfig, 'utf8');
  const server = text.match(/server: (\S+)/)[1];
  const token = text.match(/token: (\S+)/)[1];
  const ca = Buffer.from(text.match(/certificate-authority-data: (\S+)/)[1], 'base64');
  const dir = mkdtempSync(join(tmpdir(), 'kubemcp-compare-curl-'));
  try {
    writeFileSync(join(dir, 'ca.pem'), ca);
    writeFileSync(join(dir, 'auth'), `header = "Authorization: Bearer ${token}"\n`, { mode: 0o600 });
    const args = ['-s', '--cacert', join(dir, 'ca.pem'), '-K', join(dir, 'auth'), '-H', 'Accept: application/json',
      '-w', '%{time_total} %{http_code} %{size_download}\\n'];
    for (let i = 0; i <= runs; ++i) args.push('-o', '/dev/null', `${server}${path}`);
    const r = spawnSync('curl', args, { encoding: 'utf8', timeout: 600_000 });
    const rows = r.stdout.trim().split('\n').slice(1).map((l) => l.split(' '));
    if (!rows.length || rows.some((x) => x[1] !== '200')) return { status: `failed: curl ${r.stderr || rows.map((x) => x[1]).join(',')}` };
    return { stats: stats(rows.map((x) => Number(x[0]) * 1000)), bytes: Number(rows[0][2]), status: 'complete' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// GET of `path` with the kubeconfig's token and CA: the parsed JSON answer.
function apiGet(kubeconfig, path) {
  const text = readFileSync(kubeconfig, 'utf8');
  const server = new URL(text.match(/server: (\S+)/)[1]);
  const token = text.match(/token: (\S+)/)[1];
  const ca = Buffer.from(text.match(/certificate-authority-data: (\S+)/)[1], 'base64');
  return new Promise((resolve, reject) => {
    const req = https.get({ host: server.hostname, port: server.port, path, ca, headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`GET ${path}: ${res.statusCode}`))));
    });
    req.on('error', reject);
  });
}

// Waits (untimed) until a Deployment has rolled out: the controller has seen its last change and
// every replica is updated and ready. Writes are timed from a settled object, as a user usually
// sends them: back-to-back scales would race the controller's status writes, which a server
// that reads the object and writes it back with its resourceVersion (the Go server's scale)
// loses with a 409 on any cluster.
export async function settleDeployment(kubeconfig, ns, name, timeoutMs = 60_000) {
  const path = `/apis/apps/v1/namespaces/${ns}/deployments/${name}`;
  const end = Date.now() + timeoutMs;
  for (;;) {
    const d = await apiGet(kubeconfig, path);
    const want = d.spec?.replicas ?? 1;
    const st = d.status ?? {};
    if ((st.observedGeneration ?? 0) >= d.metadata.generation && (st.replicas ?? 0) === want &&
        (st.updatedReplicas ?? 0) === want && (st.readyReplicas ?? 0) === want) return;
    if (Date.now() > end) throw new Error(`deployment ${ns}/${name} did not settle in ${timeoutMs} ms`);
    await sleep(50);
  }
}
