// bench/compare's report and statistics, without the peers: docs/benchmarks.md keeps what is
// outside its section, a second run replaces the section, and a peer that failed a case shows
// the failure in that cell instead of a number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHttpReport, writeReport } from '../../bench/compare/report.mjs';
import { percentile } from '../../bench/compare/http.mjs';
import { countNames, oneLine, stats } from '../../bench/compare/harness.mjs';
import { PEERS } from '../../bench/compare/peers.mjs';

const timed = (median, status = 'complete') => ({ stats: { median, min: median - 1, max: median + 2, n: 5 }, bytes: 1234, tokens: 300, status });

const load = (perSecond, p50, p99, calls, status = 'complete') => ({ perSecond, p50, p99, calls, status });

function results(listMs) {
  const warm = { cases: { list1k: timed(listMs, 'cut: 346/1000 pods'), list1kAll: timed(200, 'complete, 3 pages'), podYaml: timed(2), logs: timed(5),
    exec: timed(250), apply: timed(14), scale: timed(20), list10k: timed(80), rssAfterList: 30, rssAfterList10k: 22 } };
  const startup = { initialize: stats([3, 4, 5]), toolsList: stats([4, 5, 6]), rssIdle: stats([11, 11.2, 11.4]), tools: 14, status: 'complete' };
  return {
    runs: 5, started: '2026-11-30T13:00:00Z', command: 'node bench/compare/compare.mjs --runs 5',
    versions: { kubemcp: 'abc', go: '0.0.67', ts: '4.1.7', sdk: '1.26.0', node: 'v20', kubectl: 'v1.32', curl: 'curl 7.88.1' },
    curl: { list1k: { stats: stats([90, 92, 95]), bytes: 2588854, status: 'complete' } },
    http: { seconds: 10, levels: [1, 10, 100], namespace: 'shop', pods: 10, peers: {
      kubemcp: { 1: load(412, 2.1, 9.8, 4120), 10: load(900, 10, 30, 9000), 100: load(800, 120, 400, 8000, '2 of 8002 calls failed: timeout') },
      go: { 1: load(9, 38.9, 220, 90), 10: load(5, 1994, 2007, 50), 100: { status: 'failed: 3 of 100 sessions did not open: fetch failed' } } } },
    peers: {
      kubemcp: { startup, warm, fan3: { ...timed(3), calls: 1 }, fan20: { ...timed(12), calls: 1 } },
      go: { startup, warm: { cases: { ...warm.cases, apply: { status: 'failed: the server said no' } } }, fan3: { ...timed(15), calls: 3 }, fan20: { status: 'failed: spawn ENOENT' } },
      ts: { startup: { status: 'failed: initialize timed out' }, warm: { cases: {} }, fan3: { status: 'failed: x' }, fan20: { status: 'failed: x' } },
    },
  };
}

test('the report replaces only its own section and shows failures in their cells', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubemcp-report-'));
  try {
    const file = join(dir, 'benchmarks.md');
    writeFileSync(file, '# Benchmarks\n\nHand-written section.\n');
    writeReport(file, results(71.7), PEERS);
    writeReport(file, results(50), PEERS);
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^# Benchmarks\n\nHand-written section\.\n/);
    assert.equal(text.match(/bench\/compare: begin/g).length, 1, 'a second run replaces the section');
    const row = (label) => text.split('\n').find((l) => l.startsWith(`| ${label} |`));
    assert.match(row('list pods, namespace of 1,000'), /^\| [^|]+ \| 50\.0 ms \(49\.0–52\.0\), cut: 346\/1000 pods \| 50\.0 ms/);
    assert.match(row('list pods, namespace of 1,000'), /\| not run \| 92\.0 ms \(90\.0–95\.0\), 2,588,854 B \|$/);
    assert.match(row('apply one Deployment'), /\| 14\.0 ms \(13\.0–16\.0\) \| failed: the server said no \| not run \|/);
    assert.match(row('list pods, namespace of 1,000, every page (following `continue`)'), /complete, 3 pages \| no cursor: one answer \(row above\) \| no cursor/);
    assert.match(row('spawn → `initialize` answered'), /\| 4\.00 ms \(3\.00–5\.00\) \| 4\.00 ms \(3\.00–5\.00\) \| failed: initialize timed out \|/);
    assert.match(row('pods of `shop` on 20 clusters'), /1 call, 1,234 B \/ 300 tok \| failed: spawn ENOENT \| failed: x \|/);
    assert.doesNotMatch(text, /Not measured/);
    assert.match(row('1 session'), /^\| 1 session \| 412 calls\/s; p50 2\.10 ms, p99 9\.80 ms \(4,120 calls\) \| 9 calls\/s; p50 38\.9 ms, p99 220 ms \(90 calls\) \|$/);
    assert.match(row('100 sessions'), /\| failed: 3 of 100 sessions did not open: fetch failed \|$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('medians, distinct names and one-line errors', () => {
  assert.deepEqual(stats([5, 1, 3]), { median: 3, min: 1, max: 5, n: 3 });
  assert.equal(stats([4, 1, 3, 2]).median, 2.5);
  assert.equal(stats([]), null);
  assert.equal(countNames('load-00001 load-00002 load-00001 x', /load-\d{5}/g), 2);
  assert.equal(oneLine('MCP error -32603: MCP error -32603: Failed | badly\nsecond line'), 'Failed / badly');
  assert.equal(oneLine('x'.repeat(200)).length, 120);
});

test('--only http replaces the HTTP table alone and keeps the stdio tables', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubemcp-report-'));
  try {
    const file = join(dir, 'benchmarks.md');
    writeFileSync(file, '# Benchmarks\n\nHand-written section.\n');
    const full = results(50);
    writeReport(file, full, PEERS);
    const versions = { kubemcp: 'def', go: '0.0.67', sdk: '1.26.0', node: 'v20' };
    const only = { ...full.http, started: '2026-11-30T15:30:00Z', command: 'node bench/compare/compare.mjs --only http', versions,
      peers: { kubemcp: { 1: load(500, 1.5, 4, 5000) }, go: { 1: { status: 'failed: exited 1: bad flag' } } } };
    writeHttpReport(file, only, PEERS);
    writeHttpReport(file, only, PEERS);
    const text = readFileSync(file, 'utf8');
    const row = (label) => text.split('\n').find((l) => l.startsWith(`| ${label} |`));
    assert.equal(text.match(/bench\/compare http: begin/g).length, 1, 'a second --only http run replaces the table');
    assert.match(text, /^# Benchmarks\n\nHand-written section\.\n/);
    assert.match(row('list pods, namespace of 1,000'), /50\.0 ms \(49\.0–52\.0\)/, 'the stdio tables stay');
    assert.match(row('1 session'), /\| 500 calls\/s; p50 1\.50 ms, p99 4\.00 ms \(5,000 calls\) \| failed: exited 1: bad flag \|$/);
    assert.match(row('10 sessions'), /\| not run \| not run \|$/);
    assert.match(text, /Generated 2026-11-30T15:30:00Z by `node bench\/compare\/compare\.mjs --only http` \(this table alone/);
    assert.ok(text.indexOf('bench/compare http: end') < text.indexOf('bench/compare: end'), 'inside the compare section');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('percentiles by nearest rank', () => {
  const v = Array.from({ length: 100 }, (_, i) => 100 - i);
  assert.equal(percentile(v, 50), 50);
  assert.equal(percentile(v, 99), 99);
  assert.equal(percentile([7], 99), 7);
  assert.ok(Number.isNaN(percentile([], 50)));
});
