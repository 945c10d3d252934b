// Issue 16: k8s_exec through the real MCP SDK client against `kubemcp sim` (commands run in the
// simulator's bubblewrap sandbox): stdout, stderr, exit codes, stdin, a 10 MB output cut to the
// budget in bounded memory, timeout, cancel, and workloads resolved to a pod.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { KUBEMCP } from '../lib/kubemcp.mjs';
import { sleep, startExtra, text } from './extra_helpers.mjs';

const BUDGET = 4000;
let x;

before(async () => { x = await startExtra({ budget: BUDGET }); });
after(async () => {
  if (!x) return;
  assert.deepEqual(x.leakCheck(), [], 'a bearer token leaked');
  await x.stop();
});

const exec = (args, options) => x.call('k8s_exec', { pod: 'db-0', ...args }, options);

test('stdout, stderr and exit codes 0, 3 and 127', async () => {
  let r = await exec({ command: ['sh', '-c', 'echo out; echo err >&2'] });
  assert.equal(r.isError, false, text(r));
  assert.match(text(r), /^Ran in pod shop\/db-0, container postgres: exit code 0$/m);
  assert.match(text(r), /^stdout:\nout\nstderr:\nerr\n/m);
  r = await exec({ command: ['sh', '-c', 'echo $((6*7)); exit 3'] });
  assert.equal(r.isError, false, 'a non-zero exit code is an answer, not a tool failure');
  assert.match(text(r), /exit code 3\nstdout:\n42\nstderr: \(empty\)/);
  r = await exec({ command: ['sh', '-c', 'no-such-command'] });
  assert.match(text(r), /exit code 127/);
  assert.match(text(r), /stderr:\n.*no-such-command.*not found/);
});

test('stdin is sent, closed, and comes back', async () => {
  const r = await exec({ command: ['sh', '-c', 'tr a-z A-Z; echo done'], stdin: 'hello stdin\nsecond line\n' });
  assert.match(text(r), /exit code 0\nstdout:\nHELLO STDIN\nSECOND LINE\ndone\n/);
});

test('a 10 MB output is cut to the budget: its start and its end, saying how much was left out', async () => {
  const r = await exec({ command: ['sh', '-c', 'echo first-line; head -c 10000000 /dev/zero | tr "\\0" x; echo; echo last-line; echo tail-marker >&2'] });
  const t = text(r);
  assert.equal(r.isError, false);
  assert.ok(t.length <= BUDGET + 400, `${t.length} characters`);
  // 11 + 10,000,000 + 1 + 10 bytes; the end (where a failing command says why) is kept.
  const m = t.match(/stdout:\nfirst-line\nx+\n\[cut: (\d+) bytes of stdout left out here; it showed the first (\d+) and the last (\d+) of 10000022 bytes; narrow the command[^\]]*\]\nx+\nlast-line\nstderr:\ntail-marker\n/);
  assert.ok(m, t);
  assert.equal(Number(m[1]) + Number(m[2]) + Number(m[3]), 10000022);
  assert.ok(Number(m[2]) > 1000 && Number(m[3]) > 1000, 'both ends get a fair share of the budget');
});

// The same through `kubemcp call`, under /usr/bin/time: 40 MB of output must not be held.
test('exec output is streamed and cut in bounded memory', async () => {
  const measure = (bytes) => new Promise((resolve) => {
    const asan = `${process.env.ASAN_OPTIONS ?? ''}:quarantine_size_mb=8`;
    execFile('/usr/bin/time', ['-v', KUBEMCP, 'call', '--config', x.config, 'k8s_exec', 'pod=db-0',
      `command=["sh","-c","head -c ${bytes} /dev/zero | tr '\\\\0' y"]`],
    { maxBuffer: 1 << 20, env: { ...process.env, ASAN_OPTIONS: asan } }, (err, stdout, stderr) => {
      const m = stderr.match(/Maximum resident set size \(kbytes\): (\d+)/);
      resolve({ code: err ? err.code : 0, stdout, rssKb: Number(m?.[1]) });
    });
  });
  const small = await measure(1000);
  const big = await measure(40_000_000);
  assert.equal(big.code, 0, big.stdout);
  assert.match(big.stdout, /of 40000000 bytes/);
  assert.ok(big.rssKb - small.rssKb < 20 * 1024, `40 MB of output grew RSS by ${big.rssKb - small.rssKb} KB`);
});

test('a timeout ends the stream and says so', async () => {
  const t0 = Date.now();
  const r = await exec({ command: ['sleep', '30'], timeout: 1 });
  assert.equal(r.isError, true);
  assert.match(text(r), /^Timed out after 1 s in pod shop\/db-0, container postgres/);
  assert.ok(Date.now() - t0 < 10000, 'returned soon after the timeout');
  const over = await exec({ command: ['true'], timeout: 100000 });
  assert.equal(over.isError, true);
  assert.match(text(over), /timeout must be between 1 and 300 seconds \(exec_timeout_max/);
});

test('cancelling the MCP call stops the stream (and the command with it)', async () => {
  const marker = `/tmp/cancel-${Date.now()}`;
  const abort = new AbortController();
  const t0 = Date.now();
  const pending = exec({ command: ['sh', '-c', `sleep 3; echo late > ${marker}`], timeout: 60 }, { signal: abort.signal });
  setTimeout(() => abort.abort('test cancels'), 800);
  await assert.rejects(pending);
  assert.ok(Date.now() - t0 < 3000);
  await sleep(4000);
  const r = await exec({ command: ['cat', marker] });
  assert.match(text(r), /exit code 1/, 'the command never reached its write');
});

test('a workload is resolved to one ready pod, named in the answer', async () => {
  let r = await exec({ pod: 'deployment/web', command: ['hostname'] });
  assert.equal(r.isError, false, text(r));
  const m = text(r).match(/^Ran in pod shop\/(web-\S+) \(deployment\/web\), container nginx: exit code 0\nstdout:\n(\S+)/m);
  assert.ok(m, text(r));
  assert.equal(m[2], m[1], 'the command ran in the pod named');
  r = await exec({ pod: 'statefulset/db', command: ['hostname'] });
  assert.match(text(r), /^Ran in pod shop\/db-0 \(statefulset\/db\), container postgres/m);
  r = await exec({ pod: 'deployment/recommender', command: ['true'] });
  assert.equal(r.isError, true);
  assert.match(text(r), /deployment\/recommender in namespace shop has no ready pod: recommender-\S+ Pending/);
  r = await exec({ pod: 'db-0', container: 'nope', command: ['true'] });
  assert.match(text(r), /container 'nope' is not in pod db-0 \(containers: postgres\)/);
  r = await exec({ pod: 'web/exec', command: ['true'] });
  assert.equal(r.isError, true);
  assert.match(text(r), /Invalid arguments for k8s_exec: `pod`/);
});

test('several containers: the default-container annotation, else the one named', async () => {
  const manifest = `apiVersion: v1
kind: Pod
metadata:
  name: two
  namespace: shop
  annotations: {kubectl.kubernetes.io/default-container: app}
spec:
  containers:
  - {name: sidecar, image: busybox:1.36}
  - {name: app, image: busybox:1.36}
`;
  const k = await x.kubectl.run(['apply', '-f', '-'], { input: manifest });
  assert.equal(k.code, 0, k.stderr);
  const end = Date.now() + 30000;
  let r;
  while (Date.now() < end) {
    r = await exec({ pod: 'two', command: ['sh', '-c', 'echo hi > /whoami-was-here; echo ok'] });
    if (/exit code 0/.test(text(r))) break;
    await sleep(300);
  }
  assert.match(text(r), /^Ran in pod shop\/two, container app: exit code 0\nstdout:\nok/m);
  // Each container has its own root: the file is in app's, not in sidecar's.
  r = await exec({ pod: 'two', container: 'sidecar', command: ['ls', '/whoami-was-here'] });
  assert.match(text(r), /^Ran in pod shop\/two, container sidecar: exit code 1/m);
  r = await exec({ pod: 'two', container: 'app', command: ['ls', '/whoami-was-here'] });
  assert.match(text(r), /container app: exit code 0/);
});
