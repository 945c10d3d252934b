// Issue 16: k8s_port_forward through the real MCP SDK client against `kubemcp sim` (whose pods
// serve HTTP on their declared ports): real requests through the local port, list with bytes
// and connections, stop closes the port, two at once, a service target with a named port, ttl
// expiry, a deleted pod shown as broken, the max_port_forwards bound, and `kubemcp call`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import readline from 'node:readline';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KUBEMCP } from '../lib/kubemcp.mjs';
import { connectServe } from './mcp_client.mjs';
import { sleep, startExtra, text } from './extra_helpers.mjs';

let x;

before(async () => { x = await startExtra({ settings: ['max_port_forwards: 3'] }); });
after(async () => {
  if (!x) return;
  assert.deepEqual(x.leakCheck(), [], 'a bearer token leaked');
  await x.stop();
});

const pf = (args) => x.call('k8s_port_forward', args);

function get(port, path) {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    }).on('error', reject);
  });
}

function refused(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.on('connect', () => { s.destroy(); resolve(false); });
    s.on('error', (e) => resolve(e.code === 'ECONNREFUSED'));
  });
}

async function start(args) {
  const r = await pf({ action: 'start', ...args });
  assert.equal(r.isError, false, text(r));
  const m = text(r).match(/^Forwarding 127\.0\.0\.1:(\d+) -> (.*) \(id (pf-\d+)\)$/m);
  assert.ok(m, text(r));
  return { port: Number(m[1]), target: m[2], id: m[3], text: text(r) };
}

const rowOf = async (id) => text(await pf({ action: 'list' })).split('\n').find((l) => l.startsWith(`${id} `));

test('start, real HTTP requests, list shows traffic, stop closes the port', async () => {
  const f = await start({ pod: 'db-0', ports: ':5432' });
  assert.equal(f.target, 'shop/pod/db-0:5432');
  for (const path of ['/one', '/two']) {
    const r = await get(f.port, path);
    assert.equal(r.status, 200);
    assert.equal(r.body, `pod db-0 port 5432 (postgres:16.4): ${path}\n`);
  }
  const list = text(await pf({ action: 'list' }));
  assert.match(list, /^ID\s+CLUSTER\s+NAMESPACE\s+TARGET\s+LOCAL\s+REMOTE\s+CONNECTIONS\s+BYTES OUT\s+BYTES IN\s+AGE\s+TTL\s+STATE$/m);
  const row = (await rowOf(f.id)).split(/\s{2,}/);
  assert.deepEqual(row.slice(0, 6), [f.id, 'stage', 'shop', 'pod/db-0', `127.0.0.1:${f.port}`, '5432']);
  assert.match(row[6], /^\d open\/2$/);
  assert.ok(Number(row[7]) > 80, `bytes out ${row[7]}`);
  assert.ok(Number(row[8]) > 2 * 150, `bytes in ${row[8]}`);
  assert.equal(row[10], '-');
  assert.equal(row[11], 'active');
  const stop = await pf({ action: 'stop', id: f.id });
  assert.match(text(stop), new RegExp(`^Stopped ${f.id}: its port is closed`));
  assert.ok(await refused(f.port), 'the port is closed after stop');
  assert.equal(await rowOf(f.id), undefined);
  assert.match(text(await pf({ action: 'stop', id: f.id })), /no port-forward 'pf-\d+' is running/);
});

test('stop is gated on the forward\'s own cluster, not on a read-only default cluster', async () => {
  // The same clusters, but the default is production (read-only): stop without `cluster`
  // must find the forward's cluster (stage) by its id.
  const config = join(x.sim.dir, 'extra-prod-default.yaml');
  writeFileSync(config, readFileSync(x.config, 'utf8').replace('default_cluster: stage', 'default_cluster: production'));
  const audited = x.audit().length;
  const other = await connectServe({ config, home: x.sim.dir, cwd: x.root, name: 'kubemcp-pf-default' });
  try {
    const call = (args) => other.client.callTool({ name: 'k8s_port_forward', arguments: args });
    const started = await call({ action: 'start', cluster: 'stage', pod: 'db-0', ports: ':5432' });
    assert.equal(started.isError, false, text(started));
    const [, port, id] = text(started).match(/^Forwarding 127\.0\.0\.1:(\d+) -> .* \(id (pf-\d+)\)$/m);
    const wrong = await call({ action: 'stop', id, cluster: 'prod' });
    assert.equal(wrong.isError, true);
    assert.match(text(wrong), new RegExp(`^k8s_port_forward refused: what it acts on is on cluster 'stage', not 'production'; omit \`cluster\` or pass 'stage'\.`));
    assert.equal((await get(Number(port), '/still')).status, 200, 'a refused stop leaves the forward running');
    const stopped = await call({ action: 'stop', id });
    assert.equal(stopped.isError, false, text(stopped));
    assert.match(text(stopped), new RegExp(`^Stopped ${id}: its port is closed`));
    assert.ok(await refused(Number(port)));
    // An unknown id is aimed at the default cluster, whose policy refuses it before anything.
    assert.match(text(await call({ action: 'stop', id })), /refused: cluster 'production' is read-only/);
    // Each stop attempt audited under the cluster it was gated on (the wrong one as named).
    const audit = x.audit().slice(audited).filter((e) => e.arguments.action === 'stop');
    assert.deepEqual(audit.map((e) => [e.cluster, e.outcome.split(':')[0]]),
      [['production', 'error'], ['stage', 'ok'], ['production', 'error']]);
  } finally {
    await other.client.close();
  }
});

test('three forwards at once; a deployment and a service target map to a ready pod and its target port', async () => {
  const a = await start({ pod: 'statefulset/db', ports: ':5432' });
  const b = await start({ pod: 'service/web', ports: ':80' });
  assert.match(b.target, /^shop\/service\/web -> pod\/web-\S+:80$/);
  const c = await start({ pod: 'deployment/web', ports: ':80' });
  assert.match(c.target, /^shop\/deployment\/web -> pod\/web-\S+:80$/);
  const [ra, rb, rc] = await Promise.all([get(a.port, '/a'), get(b.port, '/b'), get(c.port, '/c')]);
  assert.match(ra.body, /^pod db-0 port 5432 .*: \/a$/m);
  assert.match(rb.body, /^pod web-\S+ port 80 \(nginx:[\d.]+\): \/b$/m);
  assert.match(rc.body, /^pod web-\S+ port 80 \(nginx:[\d.]+\): \/c$/m);
  for (const f of [a, b, c]) await pf({ action: 'stop', id: f.id });
});

test('a named target port: service port 80 -> targetPort "http" -> containerPort 8080', async () => {
  const manifest = `apiVersion: v1
kind: Pod
metadata: {name: named, namespace: shop, labels: {app: named}}
spec:
  containers:
  - name: app
    image: busybox:1.36
    ports: [{name: http, containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: named, namespace: shop}
spec:
  selector: {app: named}
  ports: [{name: web, port: 80, targetPort: http}]
`;
  const k = await x.kubectl.run(['apply', '-f', '-'], { input: manifest });
  assert.equal(k.code, 0, k.stderr);
  await untilReady('named');
  const f = await start({ pod: 'service/named', ports: [':80'] });
  assert.match(f.text, /-> shop\/service\/named -> pod\/named:80 \(pod port 8080\)/);
  assert.match((await get(f.port, '/n')).body, /^pod named port 8080 /);
  const g = await start({ pod: 'named', ports: '0:http' });
  assert.match((await get(g.port, '/p')).body, /^pod named port 8080 /);
  for (const id of [f.id, g.id]) await pf({ action: 'stop', id });
});

async function untilReady(pod) {
  const end = Date.now() + 30000;
  while (Date.now() < end) {
    const r = await x.kubectl.run(['get', 'pod', pod, '-n', 'shop', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}']);
    if (r.stdout === 'True') return;
    await sleep(200);
  }
  throw new Error(`pod ${pod} not ready`);
}

test('a forward ends by itself when its ttl passes', async () => {
  const f = await start({ pod: 'db-0', ports: ':5432', ttl: 2 });
  assert.match(f.text, /It stops after 2s/);
  assert.match(await rowOf(f.id), /\s1s\s+active$|\s2s\s+active$/);
  assert.equal((await get(f.port, '/')).status, 200);
  await sleep(3000);
  assert.ok(await refused(f.port), 'closed after the ttl');
  assert.equal(await rowOf(f.id), undefined);
});

test('the pod deleted under a forward shows as broken, with why', async () => {
  const manifest = 'apiVersion: v1\nkind: Pod\nmetadata: {name: victim, namespace: shop}\nspec:\n  containers:\n  - {name: app, image: nginx:1.27.3, ports: [{containerPort: 80}]}\n';
  assert.equal((await x.kubectl.run(['apply', '-f', '-'], { input: manifest })).code, 0);
  await untilReady('victim');
  const f = await start({ pod: 'victim', ports: ':80' });
  assert.equal((await get(f.port, '/')).status, 200);
  const del = await x.kubectl.run(['delete', 'pod', 'victim', '-n', 'shop', '--wait=true']);
  assert.equal(del.code, 0, del.stderr);
  const row = await rowOf(f.id);
  assert.match(row, /broken: pod victim was deleted$/);
  assert.ok(await refused(f.port), 'a broken forward no longer listens');
  assert.match(await rowOf(f.id), /broken: pod victim was deleted$/, 'still listed until stopped');
  await pf({ action: 'stop', id: f.id });
});

test('the number of forwards is bounded by max_port_forwards', async () => {
  const ids = [];
  for (let i = 0; i < 3; i++) ids.push((await start({ pod: 'db-0', ports: ':5432' })).id);
  const r = await pf({ action: 'start', pod: 'db-0', ports: ':5432' });
  assert.equal(r.isError, true);
  assert.match(text(r), /3 port-forwards are running \(pf-\d+, pf-\d+, pf-\d+\), the most max_port_forwards in the kubemcp config allows/);
  for (const id of ids) await pf({ action: 'stop', id });
  assert.match(text(await pf({ action: 'list' })), /No port-forwards are running/);
});

test('bad ports and targets are refused with what to write', async () => {
  let r = await pf({ action: 'start', pod: 'db-0', ports: '8080:' });
  assert.match(text(r), /ports '8080:': no remote port; write LOCAL:REMOTE/);
  r = await pf({ action: 'start', pod: 'service/web', ports: ':8080' });
  assert.match(text(r), /service web has no port 8080 \(ports: 80\)/);
  r = await pf({ action: 'start', pod: 'db-0', ports: ':grpc' });
  assert.match(text(r), /pod db-0 declares no port named 'grpc'/);
  const pending = (await x.kubectl.run(['get', 'pods', '-n', 'shop', '-l', 'app=recommender', '-o', 'jsonpath={.items[0].metadata.name}'])).stdout;
  r = await pf({ action: 'start', pod: pending, ports: ':9000' });
  assert.equal(r.isError, true);
  assert.match(text(r), /unable to forward port because pod is not running\. Current status=Pending/);
  // All or nothing: when one mapping cannot listen, the ones opened before it are closed.
  const busy = net.createServer();
  await new Promise((resolve) => busy.listen(0, '127.0.0.1', resolve));
  const taken = busy.address().port;
  r = await pf({ action: 'start', pod: 'db-0', ports: [':5432', `${taken}:5432`] });
  busy.close();
  assert.equal(r.isError, true);
  assert.match(text(r), new RegExp(`port-forward: cannot listen on 127\\.0\\.0\\.1:${taken}`));
  assert.match(text(await pf({ action: 'list' })), /No port-forwards are running/);
});

test('kubemcp call: start prints the address, forwards until the ttl, then exits', async () => {
  const child = spawn(KUBEMCP, ['call', '--config', x.config, 'k8s_port_forward', 'action=start', 'pod=db-0', 'ports=:5432', 'ttl=3'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const line = await new Promise((resolve) => readline.createInterface({ input: child.stdout }).once('line', resolve));
  const port = Number(line.match(/^Forwarding 127\.0\.0\.1:(\d+) -> shop\/pod\/db-0:5432/)[1]);
  assert.match((await get(port, '/cli')).body, /pod db-0 port 5432 .*: \/cli/);
  assert.equal(await exited, 0);
  assert.ok(await refused(port));
});

test('kubemcp call: Ctrl-C stops the forward', async () => {
  const child = spawn(KUBEMCP, ['call', '--config', x.config, 'k8s_port_forward', 'action=start', 'pod=db-0', 'ports=:5432'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const line = await new Promise((resolve) => readline.createInterface({ input: child.stdout }).once('line', resolve));
  const port = Number(line.match(/^Forwarding 127\.0\.0\.1:(\d+)/)[1]);
  assert.equal((await get(port, '/')).status, 200);
  const t0 = Date.now();
  child.kill('SIGINT');
  assert.equal(await exited, 0);
  assert.ok(Date.now() - t0 < 3000);
  assert.ok(await refused(port));
});
