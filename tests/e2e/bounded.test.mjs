// Issue 10, item 5: bounded memory. A 200 MB log answers within the output budget in bounded
// memory (peak RSS measured), custom resources nested far deeper than Boost.JSON's default 32
// levels read through every output format, and text from logs reaches the client as valid
// UTF-8. Against `kubemcp sim`, objects created with the real kubectl.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { KUBEMCP } from '../lib/kubemcp.mjs';
import { makeKubectl, table } from '../lib/kubectl.mjs';
import { startSim } from '../lib/sim.mjs';

const BUDGET = 16000;
// The sanitizer build (make test-asan-only sets KUBEMCP_SANITIZED) streams 96 MB: the same code
// and still more than the RSS bound below, in half the time; the normal build reads 200 MB.
const LOG_MB = process.env.KUBEMCP_SANITIZED ? 96 : 200;
const LOG_BYTES = LOG_MB * 1024 * 1024;
// The simulator numbers lines from 0, ten digits: the last of the 1 KiB lines and of the 4 MiB ones.
const lineNo = (n) => String(n).padStart(10, '0');
const LAST_SMALL = lineNo(LOG_BYTES / 1024 - 1);
const LAST_WIDE = lineNo(LOG_BYTES / (4 * 1024 * 1024) - 1);
// Streaming: a read of the whole log may take at most this much more than a small call
// (about 15 MB in all in a release build; sanitizer builds start higher).
const RSS_GROWTH_KB = 64 * 1024;
let baselineKb;
let sim;
let k;
let config;
let client;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const ok = (args, opts) => k.ok(args, opts);

function pod(name, annotations) {
  const ann = Object.entries(annotations).map(([a, v]) => `    ${a}: "${v}"`).join('\n');
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: default\n  annotations:\n${ann}\nspec:\n  containers:\n  - {name: main, image: busybox:1.36}\n`;
}

// `kubemcp call` under /usr/bin/time: its output (as bytes) and its peak resident set.
function measuredCall(args) {
  return new Promise((resolve) => {
    // Under AddressSanitizer freed memory waits in a 256 MB quarantine: keep it small so the
    // measure is of what kubemcp holds.
    const asan = `${process.env.ASAN_OPTIONS ?? ''}:quarantine_size_mb=8`;
    execFile('/usr/bin/time', ['-v', KUBEMCP, 'call', '--config', config, ...args],
      { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024, timeout: 60000, env: { ...process.env, ASAN_OPTIONS: asan } },
      (err, stdout, stderr) => {
        const m = stderr.toString().match(/Maximum resident set size \(kbytes\): (\d+)/);
        resolve({ code: err ? err.code : 0, stdout, stderr: stderr.toString(), rssKb: m ? Number(m[1]) : NaN });
      });
  });
}

before(async () => {
  sim = await startSim({ clusters: ['stage'], seed: 'empty', extraArgs: ['--step-ms', '200'] });
  k = makeKubectl(sim.kubeconfig('s'));
  config = join(sim.dir, 'bounded.yaml');
  writeFileSync(config, `output_budget: ${BUDGET}\nclusters:\n  - {name: stage, aliases: [s], kubeconfig: config.s, namespace: default}\n`);
  const badBytes = Buffer.concat([Buffer.from('ok '), Buffer.from([0xff, 0xfe]), Buffer.from(' café\n'),
    Buffer.from('€'.repeat(20000) + '\n')]);
  await ok(['apply', '-f', '-'], {
    input: [
      pod('big', { 'sim.kubemcp.io/log-bytes': LOG_BYTES, 'sim.kubemcp.io/log-line-bytes': 1024 }),
      pod('wide', { 'sim.kubemcp.io/log-bytes': LOG_BYTES, 'sim.kubemcp.io/log-line-bytes': 4 * 1024 * 1024 }),
      pod('bytes', { 'sim.kubemcp.io/log-base64': badBytes.toString('base64') }),
    ].join('---\n'),
  });
  for (let i = 0; i < 100; i++) {
    const rows = table((await ok(['get', 'pods'])) || 'NAME').slice(1);
    if (rows.length === 3 && rows.every((r) => r[2] === 'Running')) break;
    await sleep(200);
  }
  const transport = new StdioClientTransport({
    command: KUBEMCP, args: ['serve', '--config', config], env: { PATH: process.env.PATH, HOME: sim.dir }, stderr: 'pipe',
  });
  client = new Client({ name: 'kubemcp-bounded-e2e', version: '1.0.0' });
  await client.connect(transport);
  baselineKb = (await measuredCall(['k8s_logs', 'pod=bytes', 'tail=1'])).rssKb;
  assert.ok(baselineKb > 0);
});

after(async () => {
  await client?.close();
  await sim?.stop();
});

test(`a ${LOG_MB} MB log streams through grep in bounded memory; the newest matches are kept`, async () => {
  const started = Date.now();
  const r = await measuredCall(['k8s_logs', 'pod=big', 'tail=-1', `grep=line ${LAST_SMALL.slice(0, 6)}`]);
  const out = r.stdout.toString();
  assert.equal(r.code, 0, r.stderr);
  assert.ok(out.length <= BUDGET + 200, `within the budget (${out.length})`);
  const lines = out.trim().split('\n');
  assert.match(lines[0], /^\[cut: \d+ older lines over the 16000-character budget/);
  assert.match(lines.at(-1), new RegExp(`^line ${LAST_SMALL} x+$`), 'the last line of the log is kept');
  assert.ok(r.rssKb < baselineKb + RSS_GROWTH_KB, `peak RSS ${r.rssKb} kB (${baselineKb} kB for a small call) while reading a ${LOG_MB} MB log`);
  assert.ok(Date.now() - started < 60000, "streams at tens of MB/s at least");
});

test(`a ${LOG_MB} MB log of 4 MiB lines: every line is cut, memory stays bounded`, async () => {
  const r = await measuredCall(['k8s_logs', 'pod=wide', 'tail=-1']);
  const out = r.stdout.toString();
  assert.equal(r.code, 0, r.stderr);
  assert.ok(out.length <= BUDGET + 200, `within the budget (${out.length})`);
  assert.match(out, new RegExp(`line ${LAST_WIDE} x+ \\[line cut: \\d+ more bytes\\]\n$`));
  assert.ok(r.rssKb < baselineKb + RSS_GROWTH_KB, `peak RSS ${r.rssKb} kB (${baselineKb} kB for a small call) while reading a ${LOG_MB} MB log`);
});

test('log bytes that are not UTF-8 reach the client as U+FFFD; cuts never split a character', async () => {
  // The bytes kubemcp writes are valid UTF-8 (a fatal decoder throws otherwise).
  const strict = new TextDecoder('utf-8', { fatal: true });
  const r = await measuredCall(['--json', 'k8s_logs', 'pod=bytes', 'tail=-1', 'grep=ok']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(strict.decode(r.stdout)).content[0].text, 'ok \uFFFD\uFFFD café\n');
  const cut = await measuredCall(['--json', 'k8s_logs', 'pod=bytes', 'tail=-1', 'grep=€€€']);
  assert.equal(cut.code, 0, cut.stderr);
  const text = JSON.parse(strict.decode(cut.stdout)).content[0].text;
  assert.match(text, /^€+ \[line cut: \d+ more bytes\]\n$/, 'the long line is cut between characters');
  assert.ok(text.length <= BUDGET);
  const viaMcp = await client.callTool({ name: 'k8s_logs', arguments: { pod: 'bytes', grep: 'ok' } });
  assert.equal(viaMcp.content[0].text, 'ok \uFFFD\uFFFD café\n');
});

// A custom resource whose objects nest `depth` levels: itself, then {"d":{"d":...{"d":"bottom"}}}
// as its spec.
function deepResource(name, depth) {
  let v = '"bottom"';
  for (let i = 0; i < depth - 1; i++) v = `{"d":${v}}`;
  return `{"apiVersion":"test.io/v1","kind":"Deep","metadata":{"name":"${name}","namespace":"default"},"spec":${v}}`;
}
function depthOf(root) {
  let max = 0;
  const stack = [[root, 1]];
  while (stack.length) {
    const [v, d] = stack.pop();
    if (!v || typeof v !== 'object') continue;
    max = Math.max(max, d);
    for (const x of Object.values(v)) stack.push([x, d + 1]);
  }
  return max;
}

test('a custom resource 100 levels deep, created with kubectl, reads through every output format', async () => {
  const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: deeps.test.io}
spec:
  group: test.io
  scope: Namespaced
  names: {plural: deeps, singular: deep, kind: Deep}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
`;
  await ok(['apply', '-f', '-'], { input: crd });
  const file = join(sim.dir, 'd100.json');
  writeFileSync(file, deepResource('d100', 100));
  assert.match(await ok(['create', '-f', file]), /deep.test.io\/d100 created/);
  const call = async (args) => {
    const r = await client.callTool({ name: 'k8s_get', arguments: { resource: 'deeps', ...args } });
    assert.equal(r.isError, false, r.content[0].text);
    return r;
  };
  assert.match((await call({ name: 'd100' })).content[0].text, /^NAME\s+AGE\nd100\s/);
  assert.match((await call({ name: 'd100', output: 'wide' })).content[0].text, /^d100\s/m);
  assert.equal((await call({ name: 'd100', output: 'name' })).content[0].text.trim(), 'deep.test.io/d100');
  const yaml = (await call({ name: 'd100', output: 'yaml' })).content[0].text;
  assert.match(yaml, /^spec:\n  d:\n    d:\n/m);
  assert.match(yaml, /"d":"bottom"/, 'past 64 levels of indentation the rest is flow style');
  const json = await call({ name: 'd100', output: 'json' });
  assert.equal(depthOf(JSON.parse(json.content[0].text)), 100);
  assert.equal(depthOf(json.structuredContent.result), 100);
  const described = await client.callTool({ name: 'k8s_describe', arguments: { resource: 'deeps', name: 'd100' } });
  assert.equal(described.isError, false, described.content[0].text);
  assert.match(described.content[0].text, /bottom/);
  assert.equal(await ok(['get', 'deep', 'd100', '-o', 'jsonpath={.metadata.name}']), 'd100');
});

test('a custom resource 9,990 levels deep (kubectl\'s own limit is just above) reads through every format', async () => {
  // kubemcp and the simulator accept 10,000 levels (net/json_limits.hpp), as Go's encoding/json.
  const file = join(sim.dir, 'd9990.json');
  writeFileSync(file, deepResource('d9990', 9990));
  assert.match(await ok(['create', '-f', file]), /deep.test.io\/d9990 created/);
  for (const output of ['table', 'wide', 'name', 'yaml', 'json']) {
    const r = await client.callTool({ name: 'k8s_get', arguments: { resource: 'deeps', name: 'd9990', output } });
    assert.equal(r.isError, false, `${output}: ${r.content[0].text}`);
    assert.ok(r.content[0].text.length <= BUDGET + 200, output);
    // Over the budget: the text is cut (and then carries no structured copy).
    if (output === 'json') assert.match(r.content[0].text, /^\{"apiVersion":"test.io\/v1","kind":"Deep",.*\n\[cut: /s);
    if (output === 'yaml') assert.match(r.content[0].text, /^spec:\n  d:\n/m);
  }
  const described = await client.callTool({ name: 'k8s_describe', arguments: { resource: 'deeps', name: 'd9990' } });
  assert.equal(described.isError, false, described.content[0].text);
  const list = await client.callTool({ name: 'k8s_get', arguments: { resource: 'deeps', output: 'json' } });
  assert.equal(list.isError, false, list.content[0].text);
});
