// Simulated cluster part 2 (issue 5) proven by the real kubectl: controllers and rollouts,
// logs, exec and cp in the sandbox, port-forward over WebSocket, events, and faults.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { makeKubectl, table } from '../lib/kubectl.mjs';
import { startSim } from '../lib/sim.mjs';
import { connect, credentials } from '../lib/ws.mjs';

let sim;
let k;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  sim = await startSim({ clusters: ['stage'], seed: 'demo', extraArgs: ['--step-ms', '400'] });
  k = makeKubectl(sim.kubeconfig('s'));
});
after(async () => { await sim?.stop(); });

async function ok(kc, args, opts) {
  const r = await kc.run(args, opts);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

async function until(fn, what, ms = 20000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await sleep(200);
  }
  throw new Error(`timed out: ${what}`);
}

function simctl(...args) {
  return new Promise((resolve) => {
    execFile(process.env.KUBEMCP, ['sim', ...args], (err, stdout, stderr) =>
      resolve({ code: err ? err.code : 0, stdout, stderr }));
  });
}

const podsOf = async (ns, selector) =>
  table((await k.run(['get', 'pods', '-n', ns, '-l', selector])).stdout || 'NAME').slice(1);

describe('controllers', () => {
  test('rollout status waits, then succeeds after set image', async () => {
    // Held back until rollout status is seen waiting: with a free hand the rollout can finish
    // (2 pods, 400 ms each) before a kubectl started on a loaded machine reads it, and no
    // cluster promises otherwise.
    await ok(k, ['-n', 'shop', 'rollout', 'pause', 'deploy/api']);
    await ok(k, ['-n', 'shop', 'set', 'image', 'deploy/api', 'api=ghcr.io/example/shop-api:2.5.0']);
    const status = k.start(['-n', 'shop', 'rollout', 'status', 'deploy/api', '--timeout=60s']);
    const exited = new Promise((r) => status.child.on('exit', r));
    await status.waitFor(/Waiting for deployment "api" rollout to finish/, 30000);
    await ok(k, ['-n', 'shop', 'rollout', 'resume', 'deploy/api']);
    assert.equal(await exited, 0, status.output());
    assert.match(status.output(), /deployment "api" successfully rolled out/);
    const rs = table(await ok(k, ['get', 'rs', '-n', 'shop', '-l', 'app=api', '-o', 'wide']));
    const byImage = Object.fromEntries(rs.slice(1).map((r) => [r[6], r]));
    assert.deepEqual(byImage['ghcr.io/example/shop-api:2.5.0'].slice(1, 4), ['2', '2', '2']);
    assert.deepEqual(byImage['ghcr.io/example/shop-api:2.4.1'].slice(1, 4), ['0', '0', '0']);
    const pods = await podsOf('shop', 'app=api');
    assert.equal(pods.length, 2);
    assert.ok(pods.every((p) => p[1] === '1/1' && p[2] === 'Running'));
  });

  test('rollout history, undo and restart', async () => {
    await ok(k, ['-n', 'shop', 'annotate', 'deploy/web', 'kubernetes.io/change-cause=nginx 1.28']);
    await ok(k, ['-n', 'shop', 'set', 'image', 'deploy/web', 'nginx=nginx:1.28.0']);
    await ok(k, ['-n', 'shop', 'rollout', 'status', 'deploy/web', '--timeout=60s']);
    let hist = await ok(k, ['-n', 'shop', 'rollout', 'history', 'deploy/web']);
    assert.match(hist, /^1\s+<none>$/m);
    assert.match(hist, /^2\s+nginx 1\.28$/m);
    assert.match(await ok(k, ['-n', 'shop', 'rollout', 'undo', 'deploy/web']), /rolled back/);
    await ok(k, ['-n', 'shop', 'rollout', 'status', 'deploy/web', '--timeout=60s']);
    assert.equal(await ok(k, ['get', 'deploy', 'web', '-n', 'shop', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']), 'nginx:1.27.3');
    hist = await ok(k, ['-n', 'shop', 'rollout', 'history', 'deploy/web']);
    assert.doesNotMatch(hist, /^1\s/m);  // revision 1 became revision 3
    assert.match(hist, /^3\s/m);
    assert.match(await ok(k, ['-n', 'shop', 'rollout', 'restart', 'deploy/web']), /restarted/);
    await ok(k, ['-n', 'shop', 'rollout', 'status', 'deploy/web', '--timeout=60s']);
    const d = JSON.parse(await ok(k, ['get', 'deploy', 'web', '-n', 'shop', '-o', 'json']));
    assert.ok(d.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']);
    assert.equal(d.metadata.annotations['deployment.kubernetes.io/revision'], '4');
    assert.equal(d.status.updatedReplicas, 3);
    assert.equal(d.status.availableReplicas, 3);
  });

  test('a rollout that cannot progress exceeds its deadline', async () => {
    await ok(k, ['-n', 'shop', 'patch', 'deploy/web', '--type', 'merge', '-p', '{"spec":{"progressDeadlineSeconds":2}}']);
    await ok(k, ['-n', 'shop', 'set', 'image', 'deploy/web', 'nginx=nginx:does-not-exist']);
    const r = await k.run(['-n', 'shop', 'rollout', 'status', 'deploy/web', '--timeout=30s']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /deployment "web" exceeded its progress deadline/);
    const bad = (await podsOf('shop', 'app=web')).filter((p) => p[2] === 'ImagePullBackOff');
    assert.ok(bad.length >= 1);
    await ok(k, ['-n', 'shop', 'rollout', 'undo', 'deploy/web']);
    await ok(k, ['-n', 'shop', 'rollout', 'status', 'deploy/web', '--timeout=60s']);
    await ok(k, ['-n', 'shop', 'patch', 'deploy/web', '--type', 'merge', '-p', '{"spec":{"progressDeadlineSeconds":600}}']);
  });

  test('pause and resume hold a rollout back', async () => {
    await ok(k, ['-n', 'shop', 'rollout', 'pause', 'deploy/api']);
    await ok(k, ['-n', 'shop', 'set', 'image', 'deploy/api', 'api=ghcr.io/example/shop-api:2.6.0']);
    await sleep(1500);
    const rs = table(await ok(k, ['get', 'rs', '-n', 'shop', '-l', 'app=api', '-o', 'wide']));
    assert.ok(!rs.some((r) => r[6] === 'ghcr.io/example/shop-api:2.6.0'));
    await ok(k, ['-n', 'shop', 'rollout', 'resume', 'deploy/api']);
    await ok(k, ['-n', 'shop', 'rollout', 'status', 'deploy/api', '--timeout=60s']);
    const pods = JSON.parse(await ok(k, ['get', 'pods', '-n', 'shop', '-l', 'app=api', '-o', 'json']));
    assert.ok(pods.items.every((p) => p.spec.containers[0].image === 'ghcr.io/example/shop-api:2.6.0'));
  });

  test('scale makes pods appear and disappear', async () => {
    await ok(k, ['-n', 'shop', 'scale', 'deploy/web', '--replicas=5']);
    await until(async () => (await podsOf('shop', 'app=web')).filter((p) => p[2] === 'Running').length === 5, '5 web pods');
    await ok(k, ['-n', 'shop', 'scale', 'deploy/web', '--replicas=1']);
    await until(async () => (await podsOf('shop', 'app=web')).length === 1, '1 web pod');
    const d = table(await ok(k, ['get', 'deploy', 'web', '-n', 'shop']));
    assert.equal(d[1][1], '1/1');
    await ok(k, ['-n', 'shop', 'scale', 'sts/db', '--replicas=2']);
    await until(async () => (await podsOf('shop', 'app=db')).some((p) => p[0] === 'db-1' && p[2] === 'Running'), 'db-1 running');
    assert.equal(await ok(k, ['get', 'pvc', 'data-db-1', '-n', 'shop', '-o', 'jsonpath={.status.phase}']), 'Bound');
  });

  test('a new pod is scheduled, pulls and starts; bad images back off', async () => {
    await ok(k, ['run', 'solo', '--image=busybox:1.36', '-n', 'default', '--', 'sleep', '3600'], {}).catch(() => {});
    const manifest = (name, image) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: default}\nspec:\n  containers:\n  - name: main\n    image: ${image}\n`;
    await ok(k, ['apply', '-f', '-'], { input: manifest('good', 'busybox:1.36') });
    await ok(k, ['apply', '-f', '-'], { input: manifest('bad', 'example.com/does-not-exist:1') });
    await until(async () => table((await k.run(['get', 'pod', 'good'])).stdout)[1]?.[2] === 'Running', 'good running');
    await until(async () => table((await k.run(['get', 'pod', 'bad'])).stdout)[1]?.[2] === 'ImagePullBackOff', 'bad backing off');
    const d = await ok(k, ['describe', 'pod', 'good']);
    assert.match(d, /Normal\s+Scheduled\s+.*Successfully assigned default\/good to stage-/);
    assert.match(d, /Normal\s+Started\s+.*Started container main/);
  });

  test('a job runs to completion', async () => {
    const job = 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: once, namespace: default}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - {name: main, image: busybox:1.36, command: [echo, hi]}\n';
    await ok(k, ['apply', '-f', '-'], { input: job });
    await until(async () => table((await k.run(['get', 'job', 'once'])).stdout)[1]?.[1] === 'Complete', 'job complete');
    const pods = table(await ok(k, ['get', 'pods', '-l', 'job-name=once']));
    assert.equal(pods[1][2], 'Completed');
  });

  test('events sorted by lastTimestamp', async () => {
    const out = await ok(k, ['get', 'events', '-n', 'shop', '--sort-by=.lastTimestamp', '-o', 'custom-columns=LAST:.lastTimestamp,REASON:.reason,OBJ:.involvedObject.name']);
    const rows = table(out).slice(1);
    const times = rows.map((r) => r[0]);
    assert.deepEqual([...times].sort(), times);
    assert.ok(rows.some((r) => r[1] === 'ScalingReplicaSet'));
    assert.ok(rows.some((r) => r[1] === 'BackOff'));
  });
});

test('kubectl top reads metrics.k8s.io', async () => {
  const pods = table(await ok(k, ['top', 'pods', '-n', 'shop']));
  assert.deepEqual(pods[0], ['NAME', 'CPU(cores)', 'MEMORY(bytes)']);
  const db = pods.find((r) => r[0] === 'db-0');
  assert.match(db[1], /^\d+m$/);
  assert.match(db[2], /^\d+Mi$/);
  assert.ok(!pods.some((r) => r[0].startsWith('worker-')), 'a crash-looping pod has no metrics');
  const nodes = table(await ok(k, ['top', 'nodes']));
  assert.deepEqual(nodes[0], ['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']);
  assert.equal(nodes.length - 1, 3);
  assert.ok(nodes.slice(1).every((r) => /^\d+%$/.test(r[2])));
});

describe('logs', () => {
  test('--tail, --timestamps, -c and --since', async () => {
    const tail = (await ok(k, ['logs', 'db-0', '-n', 'shop', '--tail=3'])).trim().split('\n');
    assert.equal(tail.length, 3);
    assert.ok(tail.every((l) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC \[\d+\] LOG:  /.test(l)), tail.join('\n'));
    const ts = (await ok(k, ['logs', 'db-0', '-n', 'shop', '-c', 'postgres', '--tail=2', '--timestamps'])).trim().split('\n');
    assert.ok(ts.every((l) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z \S+ \S+ UTC \[\d+\] LOG: /.test(l)), ts.join('\n'));
    const recent = (await ok(k, ['logs', 'db-0', '-n', 'shop', '--since=60s', '--timestamps'])).trim().split('\n');
    assert.ok(recent.length >= 5 && recent.length <= 21, `${recent.length} lines in 60s`);
    const cutoff = Date.now() - 62000;
    assert.ok(recent.every((l) => Date.parse(l.slice(0, 30)) >= cutoff));
    const wrong = await k.run(['logs', 'db-0', '-n', 'shop', '-c', 'nope']);
    assert.match(wrong.stderr, /container nope is not valid for pod db-0/);
  });

  test('--previous shows the crashed instance', async () => {
    const pod = (await podsOf('shop', 'app=worker'))[0][0];
    const prev = await ok(k, ['logs', pod, '-n', 'shop', '--previous']);
    assert.match(prev.trim().split('\n').at(-1), /"level":"fatal".*connection refused/);
    const none = await k.run(['logs', 'db-0', '-n', 'shop', '--previous']);
    assert.match(none.stderr, /previous terminated container "postgres" in pod "db-0" not found/);
    const waiting = await k.run(['logs', (await podsOf('shop', 'app=recommender'))[0][0], '-n', 'shop']);
    assert.match(waiting.stderr, /is waiting to start: trying and failing to pull image/);
  });

  test('-f streams new lines until stopped', async () => {
    const f = k.start(['logs', '-f', 'db-0', '-n', 'shop', '--tail=1', '--timestamps']);
    await f.waitFor(/LOG: /);
    const first = f.output().trim().split('\n').length;
    await until(async () => f.output().trim().split('\n').length > first, 'a followed line', 15000);
    const out = await f.stop();
    const stamps = out.trim().split('\n').map((l) => Date.parse(l.slice(0, 30)));
    assert.ok(stamps[1] > stamps[0]);
  });
});

describe('exec and cp', () => {
  test('exec prints 42 and exits with 3', async () => {
    const r = await k.run(['exec', '-n', 'shop', 'db-0', '--', 'sh', '-c', 'echo $((6*7)); exit 3']);
    assert.equal(r.stdout, '42\n');
    assert.equal(r.code, 3);
    const stdin = await ok(k, ['exec', '-i', '-n', 'shop', 'db-0', '--', 'sh', '-c', 'tr a-z A-Z'], { input: 'hello stdin\n' });
    assert.equal(stdin, 'HELLO STDIN\n');
    const err = await k.run(['exec', '-n', 'shop', 'db-0', '--', 'sh', '-c', 'echo oops >&2; exit 0']);
    assert.equal(err.code, 0);
    assert.match(err.stderr, /oops/);
  });

  test('the sandbox cannot see or change the host', async () => {
    const marker = `/kubemcp-escape-${randomBytes(4).toString('hex')}`;
    const r = await k.run(['exec', '-n', 'shop', 'db-0', '--', 'sh', '-c',
      `echo pwned > ${marker}; ls ${sim.dir} 2>&1; cat /etc/hostname; ls /work /home 2>&1; wget -q -T 2 -O - https://127.0.0.1:1/ 2>&1; echo done`]);
    assert.equal(existsSync(marker), false);
    assert.match(r.stdout, /No such file or directory/);
    assert.match(r.stdout, /^db-0$/m);
    assert.doesNotMatch(r.stdout, /config\.s/);
    assert.match(r.stdout, /done/);
    // The write landed inside the container's own root and is visible there only.
    assert.equal(await ok(k, ['exec', '-n', 'shop', 'db-0', '--', 'cat', marker]), 'pwned\n');
    const other = await k.run(['exec', '-n', 'shop', (await podsOf('shop', 'app=api'))[0][0], '--', 'cat', marker]);
    assert.notEqual(other.code, 0);
  });

  test('cp a directory to and from a pod, byte-identical', async () => {
    const src = mkdtempSync(path.join(tmpdir(), 'cp-src-'));
    mkdirSync(path.join(src, 'sub', 'deeper'), { recursive: true });
    const blob = randomBytes(300000);
    writeFileSync(path.join(src, 'a.txt'), 'hello cp\n');
    writeFileSync(path.join(src, 'sub', 'deeper', 'blob.bin'), blob);
    await ok(k, ['cp', src, 'shop/db-0:/tmp/upload']);
    assert.equal(await ok(k, ['exec', '-n', 'shop', 'db-0', '--', 'cat', '/tmp/upload/a.txt']), 'hello cp\n');
    const back = path.join(mkdtempSync(path.join(tmpdir(), 'cp-back-')), 'out');
    await ok(k, ['cp', 'shop/db-0:/tmp/upload', back]);
    assert.equal(readFileSync(path.join(back, 'a.txt'), 'utf8'), 'hello cp\n');
    assert.ok(readFileSync(path.join(back, 'sub', 'deeper', 'blob.bin')).equals(blob));
  });

  test('attach shows the container output as it is written', async () => {
    const a = k.start(['attach', '-n', 'shop', 'db-0']);
    await a.waitFor(/ UTC \[\d+\] LOG: {2}\S/m, 20000);
    await a.stop();
  });

  test('exec over v4.channel.k8s.io with a WebSocket client', async () => {
    const { server, ca, token } = credentials(readFileSync(sim.kubeconfig('s'), 'utf8'));
    const ws = await connect(`${server}/api/v1/namespaces/shop/pods/db-0/exec?command=sh&command=-c&command=echo%20v4;%20exit%207&stdout=true&stderr=true`,
      { protocol: 'v4.channel.k8s.io', ca, token });
    assert.equal(ws.protocol, 'v4.channel.k8s.io');
    let stdout = '';
    let status;
    for (let m = await ws.next(); m; m = await ws.next()) {
      if (m[0] === 1) stdout += m.subarray(1).toString();
      if (m[0] === 3) status = JSON.parse(m.subarray(1).toString());
    }
    assert.equal(stdout, 'v4\n');
    assert.equal(status.reason, 'NonZeroExitCode');
    assert.equal(status.details.causes[0].message, '7');
  });
});

// Issue 10: names that walk out of the sandbox directory are refused; what runs inside sees
// nothing of the host and cannot take it down.
const LABEL_RULE = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
  + "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
  + "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

function post(url, body, { ca, token }) {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: 'POST', ca, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

// Processes below `root` (its children, theirs, ...), from /proc.
function descendants(root) {
  const children = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let stat;
    try { stat = readFileSync(`/proc/${pid}/stat`, 'utf8'); } catch { continue; }
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(pid));
  }
  let n = 0;
  const todo = [root];
  while (todo.length) for (const c of children.get(todo.pop()) ?? []) { n++; todo.push(c); }
  return n;
}

describe('sandbox hardening', () => {
  test('container names that would escape the sandbox get the 422 kube-apiserver gives', async () => {
    const { server, ca, token } = credentials(readFileSync(sim.kubeconfig('s'), 'utf8'));
    for (const name of ['/', '../../..']) {
      const r = await post(`${server}/api/v1/namespaces/shop/pods`,
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'escape' }, spec: { containers: [{ name, image: 'busybox' }] } },
        { ca, token });
      assert.equal(r.status, 422);
      assert.equal(r.body.reason, 'Invalid');
      assert.equal(r.body.message, `Pod "escape" is invalid: spec.containers[0].name: Invalid value: "${name}": ${LABEL_RULE}`);
      assert.deepEqual(r.body.details.causes, [{ reason: 'FieldValueInvalid', message: `Invalid value: "${name}": ${LABEL_RULE}`, field: 'spec.containers[0].name' }]);
    }
    const deploy = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'escape', namespace: 'shop' },
      spec: {
        selector: { matchLabels: { app: 'escape' } },
        template: {
          metadata: { labels: { app: 'escape' } },
          spec: { initContainers: [{ name: '..', image: 'busybox' }], containers: [{ name: 'ok', image: 'busybox' }] },
        },
      },
    };
    const r = await k.run(['create', '-f', '-'], { input: JSON.stringify(deploy) });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /The Deployment "escape" is invalid: spec\.template\.spec\.initContainers\[0\]\.name: Invalid value: "\.\.": a lowercase RFC 1123 label must consist of/);
    assert.equal((await k.run(['get', 'deploy', 'escape', '-n', 'shop'])).code, 1);
    assert.equal(existsSync(path.join(sim.dir, '.sim', 'roots', 'stage', 'shop', 'escape')), false);
  });

  test('a command inside sees no descriptor, variable or file of the host', async () => {
    const fds = await ok(k, ['exec', '-n', 'shop', 'db-0', '--', 'ls', '/proc/self/fd']);
    assert.deepEqual(fds.trim().split('\n'), ['0', '1', '2', '3']);  // 3: the directory ls reads
    const env = await ok(k, ['exec', '-n', 'shop', 'db-0', '--', 'env']);
    assert.deepEqual(env.trim().split('\n').map((l) => l.split('=')[0]).sort(), ['HOME', 'HOSTNAME', 'PATH', 'PWD']);
    const secret = path.join(sim.dir, '.sim', 'admin.json');
    const r = await k.run(['exec', '-n', 'shop', 'db-0', '--', 'sh', '-c', `cat ${secret}; cat /proc/1/environ; ls /proc | grep -c '^[0-9]'; ls /`]);
    assert.match(r.stderr + r.stdout, /No such file or directory/);
    assert.doesNotMatch(r.stdout, /token/);
    assert.ok(Number(r.stdout.match(/^(\d+)$/m)[1]) < 10, 'only the sandbox\'s own processes');
    assert.doesNotMatch(r.stdout, /^(work|home|usr\/local)$/m);
  });

  test('a fork bomb is contained: the exec ends, the simulator answers, nothing is left behind', async () => {
    const pid = sim.process.pid;
    const before = descendants(pid);
    const t0 = Date.now();
    const bomb = k.run(['exec', '-n', 'shop', 'db-0', '--', 'sh', '-c', 'f() { f | f & }; f; sleep 4; echo survived'], { timeout: 60000 });
    await sleep(2000);
    const during = descendants(pid);
    const t1 = Date.now();
    assert.match(await ok(k, ['get', 'ns', 'shop']), /shop\s+Active/);
    assert.ok(Date.now() - t1 < 10000, 'the simulator still answers');
    await bomb;
    assert.ok(Date.now() - t0 < 30000, 'the exec ended');
    assert.ok(during - before <= 300, `${during - before} processes: RLIMIT_NPROC allows 256`);
    await until(() => descendants(pid) <= before, 'the bomb to be gone', 10000);
  });
});

describe('port-forward', () => {
  test('WebSocket v4: each declared port answers, others are refused', async () => {
    const { server, ca, token } = credentials(readFileSync(sim.kubeconfig('s'), 'utf8'));
    const ws = await connect(`${server}/api/v1/namespaces/shop/pods/db-0/portforward?ports=5432,9999`,
      { protocol: 'v4.channel.k8s.io', ca, token });
    const first = [await ws.next(), await ws.next(), await ws.next(), await ws.next()];
    assert.deepEqual(first.map((m) => [m[0], m.readUInt16LE(1)]), [[0, 5432], [1, 5432], [2, 9999], [3, 9999]]);
    ws.send(0, 'GET /status HTTP/1.1\r\nHost: localhost\r\n\r\n');
    ws.send(2, 'GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
    const got = {};
    for (let m = await ws.next(); m; m = await ws.next()) got[m[0]] = (got[m[0]] ?? '') + m.subarray(1).toString();
    assert.match(got[0], /^HTTP\/1\.1 200 OK/);
    assert.match(got[0], /pod db-0 port 5432 \(postgres:16\.4\): \/status/);
    assert.match(got[3], /error forwarding port 9999 to pod db-0/);
  });

  // kubectl itself (SPDY tunnelled in WebSocket): sim_port_forward.test.mjs.
});

describe('faults', () => {
  test('revoking tokens makes kubectl fail; sim login heals', async () => {
    assert.equal((await simctl('ctl', '--dir', sim.dir, 'revoke', '--cluster', 'stage')).code, 0);
    const r = await k.run(['get', 'pods', '-n', 'shop']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /error: You must be logged in to the server \(Unauthorized\)/);
    const cert = await makeKubectl(sim.kubeconfig('cert')).run(['get', 'ns', 'shop']);
    assert.equal(cert.code, 0, 'client certificates are not tokens');
    const login = await simctl('login', '--dir', sim.dir, '--cluster', 'stage');
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stdout, /new token written to .*config\.s/);
    assert.match(await ok(k, ['get', 'ns', 'shop']), /shop\s+Active/);
    // The exec plugin gets a fresh token by itself.
    await simctl('ctl', '--dir', sim.dir, 'revoke', '--cluster', 'stage');
    assert.match(await ok(makeKubectl(sim.kubeconfig('execplugin')), ['get', 'ns', 'shop']), /shop\s+Active/);
    await simctl('login', '--dir', sim.dir, '--cluster', 'stage');
  });

  test('unreachable, then healed by the network_heal command', async () => {
    const cfg = readFileSync(path.join(sim.dir, 'kubemcp.yaml'), 'utf8');
    const heal = /network_heal: \[(.*)\]/.exec(cfg)[1].split(', ');
    assert.equal((await simctl('ctl', '--dir', sim.dir, 'unreachable', '--cluster', 'stage')).code, 0);
    const r = await k.run(['get', 'ns'], { timeout: 30000 });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /connection refused|was refused/);
    const healed = await new Promise((resolve) => execFile(heal[0], heal.slice(1), (err) => resolve(!err)));
    assert.ok(healed);
    assert.match(await ok(k, ['get', 'ns', 'shop']), /shop/);
  });

  test('injected 503s and latency', async () => {
    await simctl('ctl', '--dir', sim.dir, 'errors', '--cluster', 'stage', '--percent', '100', '--code', '503');
    const r = await k.run(['get', 'ns', 'shop']);
    assert.match(r.stderr, /ServiceUnavailable|injected fault/);
    await simctl('ctl', '--dir', sim.dir, 'reset', '--cluster', 'stage');
    await simctl('ctl', '--dir', sim.dir, 'latency', '--cluster', 'stage', '--ms', '400');
    const t0 = Date.now();
    await ok(k, ['get', '--raw', '/api/v1/namespaces/shop']);
    assert.ok(Date.now() - t0 >= 400);
    await simctl('ctl', '--dir', sim.dir, 'reset', '--cluster', 'stage');
    const status = JSON.parse((await simctl('ctl', '--dir', sim.dir, 'status')).stdout);
    assert.equal(status.clusters[0].latency_ms, 0);
  });
});

// Last: these replace db-0, which the log, exec and port-forward tests above read.
describe('more rollouts', () => {
  test('statefulset and daemonset rolling updates', async () => {
    await ok(k, ['-n', 'shop', 'set', 'image', 'sts/db', 'postgres=postgres:16.5']);
    const sts = await ok(k, ['-n', 'shop', 'rollout', 'status', 'sts/db', '--timeout=60s']);
    assert.match(sts, /roll out complete: 2 new pods have been updated/);
    const db = JSON.parse(await ok(k, ['get', 'pods', '-n', 'shop', '-l', 'app=db', '-o', 'json']));
    assert.deepEqual(db.items.map((p) => `${p.metadata.name}=${p.spec.containers[0].image}`).sort(),
      ['db-0=postgres:16.5', 'db-1=postgres:16.5']);
    await ok(k, ['-n', 'monitoring', 'set', 'image', 'ds/node-exporter', 'node-exporter=quay.io/prometheus/node-exporter:v1.9.0']);
    const ds = await ok(k, ['-n', 'monitoring', 'rollout', 'status', 'ds/node-exporter', '--timeout=60s']);
    assert.match(ds, /daemon set "node-exporter" successfully rolled out/);
    const pods = JSON.parse(await ok(k, ['get', 'pods', '-n', 'monitoring', '-o', 'json']));
    assert.equal(pods.items.length, 3);
    assert.deepEqual(new Set(pods.items.map((p) => p.spec.nodeName)).size, 3);
    assert.ok(pods.items.every((p) => p.spec.containers[0].image.endsWith(':v1.9.0')));
  });
});
