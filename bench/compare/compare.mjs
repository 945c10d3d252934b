#!/usr/bin/env node
// Side-by-side benchmark: kubemcp vs kubernetes-mcp-server (Go) vs mcp-server-kubernetes (TS),
// same machine, same simulated clusters, each driven by the same MCP client over stdio (and, for
// kubemcp and the Go server, over Streamable HTTP: bench/compare/http.mjs).
// Installs the peers from npm into a scratch directory, runs every case, and writes the tables
// into docs/benchmarks.md (between the compare markers). `make bench-compare`; not in make test.
//
//   node bench/compare/compare.mjs [--runs 10] [--kubemcp build/src/kubemcp]
//        [--scratch /tmp/kubemcp-bench-compare] [--out docs/benchmarks.md] [--no-install]
//        [--only http] [--http-seconds 10] [--http-sessions 1,10,100]
// `--only http` runs just the Streamable HTTP part (kubemcp and the Go server) and replaces only
// its table in the report, keeping the stdio tables of the last full run.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PEERS } from './peers.mjs';
import { countNames, curlFloor, oneLine, openSession, rss, settleDeployment, sleep, startSim, stats, timedCall } from './harness.mjs';
import { httpPart } from './http.mjs';
import { writeHttpReport, writeReport } from './report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');

function options(argv) {
  const o = { runs: 10, kubemcp: join(repo, 'build/src/kubemcp'), scratch: '/tmp/kubemcp-bench-compare',
    out: join(repo, 'docs/benchmarks.md'), install: true, only: '', 'http-seconds': 10, 'http-sessions': '1,10,100' };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    if (a === '--no-install') o.install = false;
    else if (['--runs', '--kubemcp', '--scratch', '--out', '--only', '--http-seconds', '--http-sessions'].includes(a)) o[a.slice(2)] = argv[++i];
    else throw new Error(`unknown argument ${a} (see the header of bench/compare/compare.mjs)`);
  }
  o.runs = Number(o.runs);
  if (o.only && o.only !== 'http') throw new Error(`--only ${o.only}: only "http" can run alone`);
  o.http = { seconds: Number(o['http-seconds']), levels: String(o['http-sessions']).split(',').map(Number) };
  o.kubemcp = resolve(o.kubemcp);
  return o;
}

function install(scratch) {
  mkdirSync(scratch, { recursive: true });
  copyFileSync(join(here, 'package.json'), join(scratch, 'package.json'));
  console.error(`npm install in ${scratch} ...`);
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: scratch, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm install of the peers failed');
}

async function loadSdk(scratch) {
  const req = createRequire(join(scratch, 'package.json'));
  const imp = (p) => import(pathToFileURL(req.resolve(p)).href);
  const { Client } = await imp('@modelcontextprotocol/sdk/client/index.js');
  const { StdioClientTransport } = await imp('@modelcontextprotocol/sdk/client/stdio.js');
  const { StreamableHTTPClientTransport } = await imp('@modelcontextprotocol/sdk/client/streamableHttp.js');
  return { Client, StdioClientTransport, StreamableHTTPClientTransport };
}

function kubemcpCall(bin, simDir, args) {
  const r = spawnSync(bin, ['--config', join(simDir, 'kubemcp.yaml'), 'call', ...args], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`kubemcp call ${args[0]}: ${r.stderr}`);
  return r.stdout;
}

// The objects the write and stream cases act on, in namespace `bench` of stage: a pod that logs
// 200 numbered lines and a one-replica Deployment.
async function prepareBench(bin, simDir) {
  const manifest = `apiVersion: v1
kind: Namespace
metadata: {name: bench}
---
apiVersion: v1
kind: Pod
metadata:
  name: bench-0
  namespace: bench
  annotations: {sim.kubemcp.io/log-bytes: "16000", sim.kubemcp.io/log-line-bytes: "80"}
spec:
  containers: [{name: app, image: busybox:1.36}]
`;
  kubemcpCall(bin, simDir, ['k8s_apply', 'cluster=stage', `manifest=${manifest}`]);
  kubemcpCall(bin, simDir, ['k8s_apply', 'cluster=stage', `manifest=${deployment(0)}`]);
  for (let i = 0; i < 300; ++i) {
    if (/Running/.test(kubemcpCall(bin, simDir, ['k8s_get', 'resource=pods', 'name=bench-0', 'namespace=bench', 'cluster=stage']))) return;
    await sleep(200);
  }
  throw new Error('pod bench/bench-0 did not start');
}

function deployment(iteration) {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: bench-web
  namespace: bench
  annotations: {bench/iteration: "${iteration}"}
spec:
  replicas: 1
  selector: {matchLabels: {app: bench-web}}
  template:
    metadata: {labels: {app: bench-web}}
    spec:
      containers: [{name: web, image: nginx:1.27.3}]
`;
}

const podsIn = (n) => (text) => {
  const seen = countNames(text, /load-\d{5}/g);
  return seen === n ? true : `cut: ${seen}/${n} pods`;
};

// The single-cluster cases, asked of stage; the apply changes an annotation each time and the
// scale alternates 2 and 1, so every write is a real change. `settle` runs untimed before each
// call of a write: the Deployment has rolled out (harness.mjs settleDeployment says why).
function cases(pods, kubeconfig) {
  const settled = () => settleDeployment(kubeconfig, 'bench', 'bench-web');
  let applyN = 0;
  let scaleN = 0;
  return [
    { id: 'list1k', label: `list pods (${pods.toLocaleString('en')})`, call: 'list', q: () => ({ ns: 'load' }), expect: podsIn(pods), curl: '/api/v1/namespaces/load/pods' },
    { id: 'list1kAll', label: `list pods (${pods.toLocaleString('en')}), every page`, call: 'list', paged: true, q: () => ({ ns: 'load' }), expect: podsIn(pods) },
    { id: 'podYaml', label: 'one pod as YAML', call: 'podYaml', q: () => ({ ns: 'load', name: 'load-00042' }),
      expect: (t) => (/load-00042/.test(t) && /nginx:1\.27\.3/.test(t) ? true : 'cut: pod spec missing'), curl: '/api/v1/namespaces/load/pods/load-00042' },
    { id: 'logs', label: 'logs, tail 100', call: 'logs', q: () => ({ ns: 'bench', name: 'bench-0', tail: 100 }),
      expect: (t) => { const n = countNames(t, /line \d{10}/g); return n === 100 && /line 0000000199/.test(t) ? true : `cut: ${n}/100 lines`; },
      curl: '/api/v1/namespaces/bench/pods/bench-0/log?tailLines=100' },
    { id: 'exec', label: 'exec `echo hello`', call: 'exec', q: () => ({ ns: 'bench', name: 'bench-0', command: ['echo', 'hello'] }),
      expect: (t) => (/hello/.test(t) ? true : 'cut: no output') },
    { id: 'apply', label: 'apply one Deployment', call: 'apply', settle: settled, q: () => ({ ns: 'bench', manifest: deployment(++applyN) }) },
    { id: 'scale', label: 'scale a Deployment', call: 'scale', settle: settled, q: () => ({ ns: 'bench', name: 'bench-web', replicas: (++scaleN % 2) + 1 }) },
  ];
}

function peerSpec(peer, paths, simDir) {
  return peer.start({ ...paths, simDir });
}

// spawn → initialize → tools/list, and memory when idle, over `runs` fresh processes.
async function startup(sdk, peer, paths, sim, runs) {
  const rows = [];
  for (let i = 0; i < runs; ++i) {
    try {
      const s = await openSession(sdk, peerSpec(peer, paths, sim.dir));
      await sleep(300);
      rows.push({ ...s.timings, rss: rss(s.pid).peak, tools: s.tools.length });
      await s.close();
    } catch (e) {
      return { status: `failed: ${oneLine(e.message)}` };
    }
  }
  return { initialize: stats(rows.map((r) => r.initialize)), toolsList: stats(rows.map((r) => r.toolsList)),
    rssIdle: stats(rows.map((r) => r.rss)), tools: rows[0].tools, status: 'complete' };
}

// Warm latency: one session, each case once to warm up, then `runs` timed calls.
async function warm(sdk, peer, paths, sim, list, runs) {
  const out = {};
  let s;
  try {
    s = await openSession(sdk, peerSpec(peer, paths, sim.dir));
  } catch (e) {
    for (const c of list) out[c.id] = { status: `failed: ${oneLine(e.message)}` };
    return { cases: out };
  }
  for (const c of list) {
    if (c.paged && !peer.pages) continue;
    const ask = () => peer.calls[c.call]({ cluster: 'stage', ...c.q() });
    const call = async () => {
      await c.settle?.();
      return c.paged ? pagedCall(s, peer, c) : timedCall(s, ask(), c.expect);
    };
    const first = await call();
    const timed = [];
    for (let i = 0; i < runs && !first.status.startsWith('failed'); ++i) timed.push(await call());
    const all = timed.length ? timed : [first];
    const worst = all.find((r) => r.status !== 'complete') ?? all[0];
    out[c.id] = { stats: timed.length ? stats(timed.map((r) => r.ms)) : null, bytes: all[0].bytes, tokens: all[0].tokens, status: worst.status };
    if (c.call === 'list') out.rssAfterList = rss(s.pid).peak;
    console.error(`  ${peer.id} ${c.id}: ${out[c.id].stats ? out[c.id].stats.median.toFixed(1) + ' ms' : ''} ${out[c.id].status}`);
  }
  await s.close();
  return { cases: out };
}

// A list followed through its `continue` cursors until every object was shown: the time, bytes
// and tokens of all pages together, and whether the pages held every object.
async function pagedCall(s, peer, c) {
  let cursor;
  let text = '';
  const sum = { ms: 0, bytes: 0, tokens: 0, pages: 0 };
  do {
    const r = await timedCall(s, peer.calls[c.call]({ cluster: 'stage', ...c.q(), continue: cursor }));
    if (r.status !== 'complete') return r;
    text += r.text;
    sum.ms += r.ms; sum.bytes += r.bytes; sum.tokens += r.tokens; sum.pages += 1;
    cursor = r.text.match(/continue="([^"]+)"/)?.[1];
  } while (cursor && sum.pages < 1000);
  const verdict = c.expect(text);
  return { ...sum, status: verdict === true ? `complete, ${sum.pages} pages` : verdict };
}

// Pods of namespace shop on every cluster: one call (kubemcp) or one call per cluster. `names`
// are the pods each cluster holds (same seed); the answer is complete when every (cluster, pod)
// shows. `paged`: follow kubemcp's continue cursors until every pod was shown.
async function fanOut(sdk, peer, paths, sim, names, runs, paged = false) {
  let s;
  try {
    s = await openSession(sdk, peerSpec(peer, paths, sim.dir));
  } catch (e) {
    return { status: `failed: ${oneLine(e.message)}` };
  }
  const want = sim.clusters.length * names.length;
  const verdict = (seen) => (seen === want ? 'complete' : `cut: ${seen}/${want} pods`);
  const oneCall = async () => {
    const sum = { ms: 0, bytes: 0, tokens: 0, calls: 0 };
    const seen = new Set();
    let cursor;
    do {
      const r = await timedCall(s, peer.calls.fanOut({ ns: 'shop', continue: cursor }));
      sum.calls += 1;
      if (r.status !== 'complete') return { ...sum, ...r, calls: sum.calls };
      sum.ms += r.ms; sum.bytes += r.bytes; sum.tokens += r.tokens;
      for (const m of r.text.matchAll(/^(\S+)\s+(\S+)/gm)) {
        if (sim.clusters.includes(m[1]) && names.includes(m[2])) seen.add(`${m[1]}/${m[2]}`);
      }
      cursor = paged ? r.text.match(/continue="([^"]+)"/)?.[1] : undefined;
    } while (cursor && sum.calls < 100);
    return { ...sum, status: verdict(seen.size) + (paged ? `, ${sum.calls} pages` : '') };
  };
  const perCluster = async () => {
    const t0 = performance.now();
    const sum = { bytes: 0, tokens: 0, calls: 0 };
    let seen = 0;
    for (const c of sim.clusters) {
      const r = await timedCall(s, peer.calls.fanOut({ ns: 'shop', cluster: c }));
      sum.calls += 1;
      if (r.status !== 'complete') return { ms: performance.now() - t0, ...sum, status: `${c}: ${r.status}` };
      sum.bytes += r.bytes; sum.tokens += r.tokens;
      seen += names.filter((n) => r.text.includes(n)).length;
    }
    return { ms: performance.now() - t0, ...sum, status: verdict(seen) };
  };
  const once = peer.oneCallFanOut ? oneCall : perCluster;
  const first = await once();
  const rows = [];
  for (let i = 0; i < runs && !first.status.includes('failed'); ++i) rows.push(await once());
  await s.close();
  const all = rows.length ? rows : [first];
  return { stats: rows.length ? stats(rows.map((r) => r.ms)) : null, bytes: all[0].bytes, tokens: all[0].tokens,
    calls: all[0].calls, status: (all.find((r) => !r.status.startsWith('complete')) ?? all[0]).status };
}

// The pods of namespace shop on a simulated cluster (the first, or `cluster`), by name.
function shopPods(bin, sim, cluster = sim.clusters[0]) {
  return kubemcpCall(bin, sim.dir, ['k8s_get', 'resource=pods', 'namespace=shop', `cluster=${cluster}`, 'output=name'])
    .split('\n').filter(Boolean).map((l) => l.replace(/^pod\//, ''));
}

// `--only http`: a simulator of its own (the three demo clusters), the HTTP part, its table.
async function onlyHttp(o, sdk, paths) {
  const sim = await startSim(o.kubemcp, { clusters: ['ephemeral', 'stage', 'production'] });
  let http;
  try {
    http = await httpPart(sdk, PEERS, paths, sim, { ...o.http, names: shopPods(o.kubemcp, sim, 'stage') });
  } finally {
    await sim.stop();
  }
  http.started = new Date().toISOString();
  http.command = command();
  http.versions = versions(paths, o);
  writeHttpReport(o.out, http, PEERS);
  console.error(`wrote the HTTP table of ${o.out}`);
}

const command = () => `node bench/compare/compare.mjs ${process.argv.slice(2).join(' ')}`.trim();

function versions(paths, o) {
  const v = (cmd, args) => oneLine(spawnSync(cmd, args, { encoding: 'utf8' }).stdout || '?');
  const pkg = (name) => JSON.parse(readFileSync(join(o.scratch, 'node_modules', name, 'package.json'), 'utf8')).version;
  return {
    kubemcp: `${v('git', ['-C', repo, 'describe', '--always', '--dirty'])} (Release build)`,
    go: `${pkg('kubernetes-mcp-server')} (${v(paths.goBin, ['--version'])})`,
    ts: pkg('mcp-server-kubernetes'),
    sdk: pkg('@modelcontextprotocol/sdk'),
    node: process.version,
    kubectl: v('kubectl', ['version', '--client']),
    curl: v('curl', ['--version']).split(' ').slice(0, 2).join(' '),
  };
}

async function main() {
  const o = options(process.argv.slice(2));
  if (!existsSync(o.kubemcp)) throw new Error(`${o.kubemcp} not found: build first (make build)`);
  if (o.install || !existsSync(join(o.scratch, 'node_modules'))) install(o.scratch);
  const sdk = await loadSdk(o.scratch);
  const paths = {
    bin: o.kubemcp,
    scratch: o.scratch,
    goBin: join(o.scratch, 'node_modules/kubernetes-mcp-server-linux-amd64/bin/kubernetes-mcp-server-linux-amd64'),
    tsEntry: join(o.scratch, 'node_modules/mcp-server-kubernetes/dist/index.js'),
  };
  if (o.only === 'http') return onlyHttp(o, sdk, paths);
  const results = { runs: o.runs, peers: {}, curl: {}, started: new Date().toISOString() };
  const three = ['ephemeral', 'stage', 'production'];
  const twenty = Array.from({ length: 20 }, (_, i) => `c${String(i + 1).padStart(2, '0')}`);

  console.error('simulators: 3 clusters with 1,000 pods each; 1 cluster with 10,000; 20 clusters');
  const simA = await startSim(o.kubemcp, { clusters: three, pods: 1000 });
  const simB = await startSim(o.kubemcp, { clusters: ['stage'], seed: 'empty', pods: 10000 });
  const simC = await startSim(o.kubemcp, { clusters: twenty });
  try {
    await prepareBench(o.kubemcp, simA.dir);
    const kc = join(simA.dir, 'config.s');
    for (const c of cases(1000).filter((x) => x.curl)) results.curl[c.id] = curlFloor(kc, c.curl, o.runs);
    results.curl.list10k = curlFloor(join(simB.dir, 'config.s'), '/api/v1/namespaces/load/pods', o.runs);
    const list10k = [{ ...cases(10000)[0], id: 'list10k' }];
    const shopA = shopPods(o.kubemcp, simA);
    const shopC = shopPods(o.kubemcp, simC);
    for (const peer of PEERS) {
      console.error(`${peer.label}: start-up`);
      const r = { startup: await startup(sdk, peer, paths, simA, o.runs) };
      console.error(`${peer.label}: warm calls`);
      r.warm = await warm(sdk, peer, paths, simA, cases(1000, kc), o.runs);
      const big = await warm(sdk, peer, paths, simB, list10k, Math.max(1, Math.min(o.runs, 3)));
      r.warm.cases.list10k = big.cases.list10k;
      r.warm.cases.rssAfterList10k = big.cases.rssAfterList;
      console.error(`${peer.label}: fan-out`);
      r.fan3 = await fanOut(sdk, peer, paths, simA, shopA, o.runs);
      r.fan20 = await fanOut(sdk, peer, paths, simC, shopC, o.runs);
      if (peer.pages) r.fan20All = await fanOut(sdk, peer, paths, simC, shopC, o.runs, true);
      results.peers[peer.id] = r;
    }
    console.error('Streamable HTTP: kubemcp and the Go server');
    results.http = await httpPart(sdk, PEERS, paths, simA, { ...o.http, names: shopPods(o.kubemcp, simA, 'stage') });
  } finally {
    await Promise.all([simA.stop(), simB.stop(), simC.stop()]);
  }
  results.versions = versions(paths, o);
  results.command = command();
  writeReport(o.out, results, PEERS);
  console.error(`wrote ${o.out}`);
}

main().catch((e) => {
  console.error(e.stack ?? e);
  process.exit(1);
});
