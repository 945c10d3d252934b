// The real `kubectl port-forward` against the simulator: kubectl 1.32 tunnels SPDY/3.1 in a
// WebSocket (SPDY/3.1+portforward.k8s.io); an HTTP request through the forward reaches the
// simulated container, and nginx logs it. Plain SPDY (kubectl's fallback) is refused clearly.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';

import { makeKubectl } from '../lib/kubectl.mjs';
import { startSim } from '../lib/sim.mjs';

let sim;
let k;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  sim = await startSim({ clusters: ['stage'], seed: 'demo', extraArgs: ['--step-ms', '200'] });
  k = makeKubectl(sim.kubeconfig('s'));
  // As `kubectl run web --image=nginx` makes it: no port declared, nginx listens on 80 anyway.
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', labels: { run: 'web' } },
    spec: { containers: [{ name: 'web', image: 'nginx' }] } };
  const r = await k.run(['apply', '-f', '-'], { input: JSON.stringify(pod) });
  assert.equal(r.code, 0, r.stderr);
  await until(async () => (await k.run(['get', 'pod', 'web', '-o', 'jsonpath={.status.phase}'])).stdout === 'Running', 'web Running');
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

// Starts `kubectl port-forward ARGS 0:REMOTE` and resolves with the local port it chose.
async function forward(args, remote) {
  const f = k.start(['port-forward', ...args, `0:${remote}`]);
  await f.waitFor(new RegExp(`Forwarding from 127\\.0\\.0\\.1:(\\d+) -> ${remote}`), 30000);
  const port = Number(f.output().match(/Forwarding from 127\.0\.0\.1:(\d+)/)[1]);
  return { f, port };
}

function get(port, path, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.setTimeout(20000, () => req.destroy(new Error('no answer in 20 s')));
  });
}

describe('kubectl port-forward (SPDY tunnelled in WebSocket)', () => {
  test('pod/web 0:80: HTTP requests reach the container, each on its own stream pair', async () => {
    const follow = k.start(['logs', '-f', 'web', '--tail=1']);
    await follow.waitFor(/\S/, 20000);
    const { f, port } = await forward(['pod/web'], 80);
    try {
      const a = await get(port, '/hello?x=1', { 'User-Agent': 'pf-test/1.0' });
      assert.equal(a.status, 200);
      assert.equal(a.headers['x-pod'], 'web');
      assert.equal(a.body, 'pod web port 80 (nginx): /hello?x=1\n');
      const b = await get(port, '/again');
      assert.equal(b.body, 'pod web port 80 (nginx): /again\n', 'the session carries a second connection');
      assert.match(f.output(), new RegExp(`Handling connection for ${port}`));
      // A followed log shows the request as it is served.
      await follow.waitFor(/"GET \/again HTTP\/1\.1" 200 /, 20000);
    } finally {
      await f.stop();
      await follow.stop();
    }
    // nginx logged the request in its access-log format, from the pod's own loopback.
    const logs = await k.run(['logs', 'web', '--tail=20']);
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(logs.stdout,
      /^127\.0\.0\.1 - - \[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000\] "GET \/hello\?x=1 HTTP\/1\.1" 200 \d+ "-" "pf-test\/1\.0" "-"$/m);
  });

  test('svc/web 0:80 forwards to a pod behind the service', async () => {
    const { f, port } = await forward(['-n', 'shop', 'svc/web'], 80);
    try {
      const r = await get(port, '/svc');
      assert.equal(r.status, 200);
      assert.match(r.body, /^pod web-\S+ port 80 \(nginx:[\d.]+\): \/svc\n$/);
    } finally {
      await f.stop();
    }
  });

  test('bytes that are not HTTP come back as sent, several frames long', async () => {
    const { f, port } = await forward(['pod/web'], 80);
    try {
      const payload = Buffer.alloc(100000, 'e');
      payload.write('\x00\x01binary', 0, 'latin1');
      const got = await new Promise((resolve, reject) => {
        const s = net.connect(port, '127.0.0.1', () => s.write(payload));
        let buf = Buffer.alloc(0);
        s.on('data', (d) => {
          buf = Buffer.concat([buf, d]);
          if (buf.length >= payload.length) { s.end(); resolve(buf); }
        });
        s.on('error', reject);
        s.setTimeout(20000, () => s.destroy(new Error(`echo stalled at ${buf.length} bytes`)));
      });
      assert.ok(got.equals(payload), 'the echo is byte for byte');
    } finally {
      await f.stop();
    }
  });

  test('a port nothing listens on: kubectl reports the kubelet\'s error and loses the pod', async () => {
    const { f, port } = await forward(['pod/web'], 81);
    await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => s.write('GET / HTTP/1.1\r\n\r\n'));
      s.on('close', resolve);
      s.on('error', resolve);
    });
    await f.waitFor(/error forwarding port 81 to pod [0-9a-f-]+, uid : .*connect: connection refused/, 20000);
    const code = await new Promise((resolve) => {
      if (f.child.exitCode !== null) resolve(f.child.exitCode);
      else f.child.on('exit', resolve);
    });
    assert.notEqual(code, 0);
    assert.match(f.output(), /lost connection to pod/);
  });

  test('plain SPDY (kubectl\'s fallback) is refused with a clear message, not a hang', async () => {
    process.env.KUBECTL_PORT_FORWARD_WEBSOCKETS = 'false';
    const spdy = makeKubectl(sim.kubeconfig('s'), { cacheDir: k.cache });
    delete process.env.KUBECTL_PORT_FORWARD_WEBSOCKETS;
    const r = await spdy.run(['port-forward', 'pod/web', '0:80'], { timeout: 20000 });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /plain SPDY upgrade is not supported/);
  });
});
