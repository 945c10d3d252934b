// `kubectl logs` of pods that were just created: a container from a common image prints its
// startup lines at once, then a line per probe or tick, so `--tail=5` has five plausible
// lines within seconds (sim/images.cpp has one row per image).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { makeKubectl } from '../lib/kubectl.mjs';
import { startSim } from '../lib/sim.mjs';

let sim;
let k;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// What `kubectl run NAME --image=IMAGE` creates (kubectl run itself needs protobuf bodies).
const IMAGES = {
  web: 'nginx',
  db: 'postgres:17',
  cache: 'redis:7.4',
  py: 'python:3.12-slim',
  js: 'node:22',
  bb: 'busybox:1.36',
  app: 'ghcr.io/example/orders:1.0.0',
};

before(async () => {
  sim = await startSim({ clusters: ['stage'], extraArgs: ['--step-ms', '200'] });
  k = makeKubectl(sim.kubeconfig('s'));
  const items = Object.entries(IMAGES).map(([name, image]) => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: { run: name } },
    spec: { containers: [{ name, image }] },
  }));
  const r = await k.run(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) });
  assert.equal(r.code, 0, r.stderr);
  for (const name of Object.keys(IMAGES))
    await until(async () => (await k.run(['get', 'pod', name, '-o', 'jsonpath={.status.phase}'])).stdout === 'Running', `${name} Running`);
});
after(async () => { await sim?.stop(); });

async function until(fn, what, ms = 30000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return;
    await sleep(200);
  }
  throw new Error(`timed out: ${what}`);
}

async function tail5(name) {
  const r = await k.run(['logs', name, '--tail=5']);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.replace(/\n$/, '').split('\n').filter((l) => l !== '');
}

// Each line of a fresh container of each image, as the real image prints it.
const LINE = {
  web: /^(\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[notice\] 1#1: .+|\S+ - - \[.+\] "GET \S+ HTTP\/1\.1" \d{3} \d+ "-" "kube-probe\/1\.32" "-")$/,
  db: /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC \[\d+\] LOG:  .+$/,
  cache: /^1:[CM] \d\d \w{3} \d{4} \d\d:\d\d:\d\d\.\d{3} [*#] .+$/,
  py: /^(\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000\] \[\d+\] \[INFO\] .+|\S+ - - \[.+\] "GET \S+ HTTP\/1\.1" 200 \d+ "-" "kube-probe\/1\.32")$/,
  js: /^(> .+|\{"level":30,.*\})$/,
  bb: /^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d UTC \d{4}$/,
  app: /^\{"level":"\w+",.*\}$/,
};

describe('logs of a new pod', () => {
  for (const name of ['web', 'db', 'cache', 'py', 'js', 'app']) {
    test(`${IMAGES[name]}: five startup lines the moment it runs`, async () => {
      const lines = await tail5(name);
      assert.equal(lines.length, 5, lines.join('\n'));
      for (const l of lines) assert.match(l, LINE[name]);
    });
  }

  test('nginx: the startup ends with the worker processes, then probes are logged', async () => {
    const all = (await k.run(['logs', 'web'])).stdout;
    assert.match(all, /^\/docker-entrypoint\.sh: Configuration complete; ready for start up$/m);
    assert.match(all, /\[notice\] 1#1: start worker process \d+$/m);
    await until(async () => /"kube-probe\/1\.32" "-"$/m.test((await k.run(['logs', 'web', '--tail=1'])).stdout),
      'a probe line', 20000);
  });

  test('busybox: a date a second, five lines within seconds', async () => {
    await until(async () => (await tail5('bb')).length === 5, 'five busybox lines', 20000);
    const lines = await tail5('bb');
    for (const l of lines) assert.match(l, LINE.bb);
    const times = lines.map((l) => {
      const [, mon, day, time, year] = l.match(/^\w{3} (\w{3}) +(\d+) (\S+) UTC (\d{4})$/);
      return Date.parse(`${day} ${mon} ${year} ${time} GMT`);
    });
    assert.ok(times.every((t, i) => !Number.isNaN(t) && (i === 0 || t - times[i - 1] === 1000)),
      `one per second: ${lines.join(' | ')}`);
  });

  test('generic image: JSON lines a log shipper can parse', async () => {
    for (const l of await tail5('app')) {
      const j = JSON.parse(l);
      assert.ok(j.level && j.msg, l);
    }
  });

  test('--timestamps stamps the startup lines with the start', async () => {
    const started = (await k.run(['get', 'pod', 'web', '-o', 'jsonpath={.status.containerStatuses[0].state.running.startedAt}'])).stdout;
    const first = (await k.run(['logs', 'web', '--timestamps'])).stdout.split('\n')[0];
    assert.equal(first.slice(0, 19), started.slice(0, 19), `${first} vs ${started}`);
  });
});
