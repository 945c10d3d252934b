// Issue 16: the access policy and the audit log cover the extra tier. On a read-only cluster
// k8s_exec, k8s_cp and k8s_port_forward are refused before anything runs; every call is
// audited with its command and paths but never its stdin or file contents; --read-only and
// --tiers leave the tools out; a protected cluster asks (elicitation) or needs confirm: true.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { run } from '../lib/kubemcp.mjs';
import { connectServe } from './mcp_client.mjs';
import { startExtra, text } from './extra_helpers.mjs';

let x;
before(async () => { x = await startExtra(); });
after(async () => {
  if (!x) return;
  assert.deepEqual(x.leakCheck(), [], 'a bearer token leaked');
  await x.stop();
});

const REFUSED = /refused: cluster 'production' is read-only \(access: read-only in .*extra\.yaml\)\. Set `access: read-write` for it/;

test('exec, cp and port-forward are refused on a read-only cluster, and nothing happens', async () => {
  const marker = `/tmp/policy-${Date.now()}`;
  writeFileSync(join(x.root, 'up.txt'), 'upload\n');
  const calls = [
    ['k8s_exec', { cluster: 'prod', pod: 'db-0', command: ['touch', marker] }],
    ['k8s_cp', { cluster: 'production', from: 'up.txt', to: `db-0:${marker}` }],
    ['k8s_cp', { cluster: 'p', from: 'db-0:/etc/hostname', to: 'down.txt' }],
    ['k8s_port_forward', { cluster: 'prod', action: 'start', pod: 'db-0', ports: ':5432' }],
  ];
  for (const [tool, args] of calls) {
    const r = await x.call(tool, args);
    assert.equal(r.isError, true, `${tool} ${JSON.stringify(args)}`);
    assert.match(text(r), new RegExp(`^${tool} ${REFUSED.source}`));
  }
  const check = await x.kubectlProd.run(['exec', '-n', 'shop', 'db-0', '--', 'ls', marker]);
  assert.notEqual(check.code, 0, 'the command never ran on production');
  assert.equal(existsSync(join(x.root, 'down.txt')), false);
  assert.match(text(await x.call('k8s_port_forward', { action: 'list' })), /No port-forwards are running/);
  // list reads only this process's forwards: a read-only cluster does not refuse it.
  assert.match(text(await x.call('k8s_port_forward', { cluster: 'prod', action: 'list' })), /No port-forwards are running/);
  const many = await x.call('k8s_exec', { cluster: 'all', pod: 'db-0', command: ['true'] });
  assert.match(text(many), /k8s_exec changes one cluster at a time; "all" is for read tools/);
});

test('the audit log records commands and paths, never stdin or file contents', async () => {
  const secretStdin = 'stdin-that-must-not-be-logged-4711';
  const secretFile = 'file-content-that-must-not-be-logged-4712';
  writeFileSync(join(x.root, 'payload.txt'), secretFile);
  await x.call('k8s_exec', { pod: 'db-0', command: ['sh', '-c', 'cat > /tmp/in.txt'], stdin: secretStdin });
  await x.call('k8s_cp', { from: 'payload.txt', to: 'db-0:/tmp/payload.txt' });
  await x.call('k8s_cp', { from: 'db-0:/tmp/payload.txt', to: 'payload-back.txt' });
  const f = await x.call('k8s_port_forward', { action: 'start', pod: 'db-0', ports: ':5432' });
  const id = text(f).match(/id (pf-\d+)/)[1];
  await x.call('k8s_port_forward', { action: 'stop', id });
  const audit = x.audit();
  const raw = JSON.stringify(audit);
  assert.ok(!raw.includes(secretStdin), 'stdin leaked into the audit log');
  assert.ok(!raw.includes(secretFile), 'file contents leaked into the audit log');
  const exec = audit.find((e) => e.tool === 'k8s_exec' && e.cluster === 'stage');
  assert.deepEqual(exec.arguments.command, ['sh', '-c', 'cat > /tmp/in.txt']);
  assert.equal(exec.arguments.stdin, `<redacted: ${secretStdin.length} bytes>`);
  assert.match(exec.outcome, /^ok: Ran in pod shop\/db-0, container postgres: exit code 0/);
  const cps = audit.filter((e) => e.tool === 'k8s_cp' && e.cluster === 'stage');
  assert.deepEqual(cps.map((e) => [e.arguments.from, e.arguments.to]),
    [['payload.txt', 'db-0:/tmp/payload.txt'], ['db-0:/tmp/payload.txt', 'payload-back.txt']]);
  assert.ok(cps.every((e) => e.outcome.startsWith('ok: Copied 1 file(s)')));
  const pfs = audit.filter((e) => e.tool === 'k8s_port_forward' && e.cluster === 'stage');
  assert.deepEqual(pfs.map((e) => e.arguments.action).slice(-2), ['start', 'stop']);
  const refused = audit.filter((e) => e.cluster === 'production');
  assert.deepEqual([...new Set(refused.map((e) => e.tool))].sort(), ['k8s_cp', 'k8s_exec', 'k8s_port_forward']);
  assert.ok(refused.every((e) => e.outcome.startsWith('error: ') && e.outcome.includes('read-only')));
});

test('--read-only and --tiers leave the extra tier out and refuse calls to left-out tools; it is listed with its annotations', () => {
  const all = JSON.parse(run(['tools', '--json', '--config', x.config]).stdout).tools;
  const byName = Object.fromEntries(all.map((t) => [t.name, t]));
  for (const [name, destructive] of [['k8s_exec', true], ['k8s_cp', true], ['k8s_port_forward', false]]) {
    assert.ok(byName[name], `${name} is listed`);
    assert.equal(byName[name].annotations.readOnlyHint, false);
    assert.equal(byName[name].annotations.destructiveHint, destructive, name);
  }
  const ro = JSON.parse(run(['tools', '--json', '--read-only']).stdout).tools.map((t) => t.name);
  const basic = JSON.parse(run(['tools', '--json', '--tiers', 'basic']).stdout).tools.map((t) => t.name);
  for (const names of [ro, basic])
    for (const name of ['k8s_exec', 'k8s_cp', 'k8s_port_forward']) assert.ok(!names.includes(name), name);
  // A call to a tool left out is refused, not run.
  for (const flags of [['--read-only'], ['--tiers', 'basic']])
    for (const [tool, arg] of [['k8s_apply', 'manifest=apiVersion: v1\nkind: ConfigMap\nmetadata: {name: left-out}\n'],
      ['k8s_exec', 'pod=db-0'], ['k8s_scale', 'resource=deploy/web']]) {
      const r = run(['call', '--config', x.config, ...flags, tool, arg], { env: { HOME: x.sim.dir } });
      assert.equal(r.code, 2, `${flags} ${tool}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, new RegExp(`unknown tool '${tool}'`));
    }
});

test('a protected cluster: exec, cp, port-forward, apply and delete need confirm when the client cannot ask', async () => {
  const y = await startExtra({ protect: true });
  try {
    const marker = `/tmp/protected-${Date.now()}`;
    writeFileSync(join(y.root, 'up.txt'), 'upload\n');
    const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: guarded}\ndata: {a: b}\n';
    const calls = [
      ['k8s_exec', { pod: 'db-0', command: ['touch', marker] }],
      ['k8s_cp', { from: 'up.txt', to: `db-0:${marker}-cp` }],
      ['k8s_port_forward', { action: 'start', pod: 'db-0', ports: ':5432' }],
      ['k8s_apply', { manifest }],
    ];
    for (const [tool, args] of calls) {
      const r = await y.call(tool, args);
      assert.equal(r.isError, true, `${tool} ran unconfirmed: ${text(r)}`);
      assert.match(text(r), /cluster 'stage' is protected .*`confirm: true`.*Nothing was changed\./s, tool);
    }
    // Deleting is a change like any other: refused unconfirmed, the object still there.
    const del = await y.call('k8s_delete', { resource: 'configmap', name: 'shop-config' });
    assert.equal(del.isError, true, text(del));
    assert.match(text(del), /cluster 'stage' is protected .*`confirm: true`.*Nothing was changed\./s);
    assert.equal((await y.kubectl.run(['get', 'configmap', 'shop-config', '-n', 'shop'])).code, 0);
    const check = await y.kubectl.run(['exec', '-n', 'shop', 'db-0', '--', 'ls', marker, `${marker}-cp`]);
    assert.notEqual(check.code, 0, 'nothing ran or was copied unconfirmed');
    assert.notEqual((await y.kubectl.run(['get', 'configmap', 'guarded', '-n', 'shop'])).code, 0);
    for (const [tool, args] of calls) {
      const r = await y.call(tool, { ...args, confirm: true });
      assert.equal(r.isError, false, `${tool} confirmed: ${text(r)}`);
    }
    const done = await y.kubectl.run(['exec', '-n', 'shop', 'db-0', '--', 'ls', marker, `${marker}-cp`]);
    assert.equal(done.code, 0, done.stderr);
    assert.equal((await y.kubectl.run(['get', 'configmap', 'guarded', '-n', 'shop'])).code, 0);
  } finally {
    await y.stop();
  }
});

test('a protected cluster asks through elicitation: exec, cp, port-forward, apply and delete declined, then accepted', async () => {
  const y = await startExtra({ protect: true });
  let answer = { action: 'decline' };
  const asked = [];
  const asking = await connectServe({
    config: y.config, home: y.sim.dir, cwd: y.root, name: 'kubemcp-extra-elicit', capabilities: { elicitation: {} },
    prepare: (c) => c.setRequestHandler(ElicitRequestSchema, async (req) => { asked.push(req.params); return answer; }),
  });
  try {
    const call = (name, args) => asking.client.callTool({ name, arguments: args });
    const marker = `/tmp/elicit-${Date.now()}`;
    writeFileSync(join(y.root, 'up.txt'), 'upload\n');
    const calls = [
      ['k8s_exec', { pod: 'db-0', command: ['touch', marker] }],
      ['k8s_cp', { from: 'up.txt', to: `db-0:${marker}-cp` }],
      ['k8s_port_forward', { action: 'start', pod: 'db-0', ports: ':5432' }],
      ['k8s_apply', { manifest: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: asked}\ndata: {a: b}\n' }],
      ['k8s_delete', { resource: 'configmap', name: 'shop-config' }],
    ];
    for (const [tool, args] of calls) {
      const r = await call(tool, args);
      assert.equal(r.isError, true, `${tool} ran although declined: ${text(r)}`);
      assert.match(text(r), /declined.*Nothing was changed\.$/s, tool);
      assert.match(asked.at(-1).message, new RegExp(`^Confirm a change on protected cluster 'stage'\\.\\nTool: ${tool}\\n`));
    }
    assert.equal(asked.length, calls.length, 'one question per call');
    assert.notEqual((await y.kubectl.run(['exec', '-n', 'shop', 'db-0', '--', 'ls', marker])).code, 0);
    assert.notEqual((await y.kubectl.run(['exec', '-n', 'shop', 'db-0', '--', 'ls', `${marker}-cp`])).code, 0);
    assert.notEqual((await y.kubectl.run(['get', 'configmap', 'asked', '-n', 'shop'])).code, 0);
    assert.equal((await y.kubectl.run(['get', 'configmap', 'shop-config', '-n', 'shop'])).code, 0);
    assert.match(text(await call('k8s_port_forward', { action: 'list' })), /No port-forwards are running/);

    answer = { action: 'accept', content: { confirm: true } };
    let forward;
    for (const [tool, args] of calls) {
      const r = await call(tool, args);
      assert.equal(r.isError, false, `${tool} accepted: ${text(r)}`);
      if (tool === 'k8s_port_forward') forward = text(r).match(/id (pf-\d+)/)[1];
    }
    assert.equal((await y.kubectl.run(['exec', '-n', 'shop', 'db-0', '--', 'ls', marker, `${marker}-cp`])).code, 0);
    assert.equal((await y.kubectl.run(['get', 'configmap', 'asked', '-n', 'shop'])).code, 0);
    assert.notEqual((await y.kubectl.run(['get', 'configmap', 'shop-config', '-n', 'shop'])).code, 0);
    assert.equal((await call('k8s_port_forward', { action: 'stop', id: forward })).isError, false);
    // Every attempt audited, the declined ones as such.
    const lines = y.audit().filter((l) => calls.some(([t]) => t === l.tool));
    assert.ok(lines.filter((l) => /declined/.test(l.outcome)).length >= calls.length, JSON.stringify(lines));
  } finally {
    await asking.client.close();
    await y.stop();
  }
});
