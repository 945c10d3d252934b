// Issue 16: k8s_cp through the real MCP SDK client against `kubemcp sim`: a directory tree with a
// 1 MB binary file both ways, byte-identical with modes; long and non-ASCII names both ways; every escape refused with nothing
// written outside the allowed root; the size limit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { run } from '../lib/kubemcp.mjs';
import { startExtra, text } from './extra_helpers.mjs';

let x;
let outside;

before(async () => {
  x = await startExtra({ settings: ['cp_max_bytes: 3000000'] });
  outside = mkdtempSync(join(tmpdir(), 'kubemcp-cp-outside-'));
});
after(async () => {
  if (!x) return;
  assert.deepEqual(x.leakCheck(), [], 'a bearer token leaked');
  await x.stop();
});

const cp = (from, to, extra = {}) => x.call('k8s_cp', { from, to, ...extra });

// path → [mode, bytes] of every file and directory under `dir`.
function tree(dir) {
  const out = {};
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = lstatSync(p);
      out[relative(dir, p)] = [st.mode & 0o777, st.isDirectory() ? 'dir' : readFileSync(p).toString('base64')];
      if (st.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

test('a directory tree with a 1 MB binary file goes to the pod and back, byte-identical with modes', async () => {
  const src = join(x.root, 'src');
  mkdirSync(join(src, 'bin'), { recursive: true });
  mkdirSync(join(src, 'private'));
  writeFileSync(join(src, 'a.txt'), 'hello cp\n');
  writeFileSync(join(src, 'bin', 'blob.bin'), randomBytes(1024 * 1024));
  writeFileSync(join(src, 'run.sh'), '#!/bin/sh\necho run\n');
  writeFileSync(join(src, 'private', 'key.txt'), 'not for others\n');
  chmodSync(join(src, 'run.sh'), 0o755);
  chmodSync(join(src, 'bin', 'blob.bin'), 0o640);
  chmodSync(join(src, 'private', 'key.txt'), 0o600);
  chmodSync(join(src, 'private'), 0o750);
  let r = await cp('src', 'db-0:/tmp/upload');
  assert.equal(r.isError, false, text(r));
  assert.match(text(r), /^Copied 4 file\(s\) and 3 directories, 1048619 bytes, from .*\/src to shop\/db-0:\/tmp\/upload \(container postgres\)\.$/m);
  const ls = await x.call('k8s_exec', { pod: 'db-0', command: ['sh', '-c', 'cd /tmp/upload && stat -c "%a %s %n" run.sh bin/blob.bin private private/key.txt && ./run.sh'] });
  assert.match(text(ls), /755 19 run\.sh\n640 1048576 bin\/blob\.bin\n750 \d+ private\n600 15 private\/key\.txt\nrun/);
  r = await cp('db-0:/tmp/upload', 'back');
  assert.equal(r.isError, false, text(r));
  assert.match(text(r), /^Copied 4 file\(s\) and 3 directories, 1048619 bytes, from shop\/db-0:\/tmp\/upload \(container postgres\) to .*\/back\.$/m);
  assert.deepEqual(tree(join(x.root, 'back')), tree(src));
  assert.equal(statSync(join(x.root, 'back')).mode & 0o777, statSync(src).mode & 0o777);
});

// kubemcp writes the upload tar itself (kube/tar_writer): names past ustar's 100 + 155 bytes and
// non-ASCII names travel in pax headers, which the pod's tar must read.
test('a path of 370 bytes with a non-ASCII name goes to the pod and back', async () => {
  const deep = join('a'.repeat(120), 'b'.repeat(150), `${'c'.repeat(90)}-été.txt`);
  mkdirSync(join(x.root, 'long', deep, '..'), { recursive: true });
  writeFileSync(join(x.root, 'long', deep), 'deep\n');
  let r = await cp('long', 'db-0:/tmp/long');
  assert.equal(r.isError, false, text(r));
  const cat = await x.call('k8s_exec', { pod: 'db-0', command: ['cat', `/tmp/long/${deep}`] });
  assert.match(text(cat), /^deep$/m);
  r = await cp('db-0:/tmp/long', 'long-back');
  assert.equal(r.isError, false, text(r));
  assert.deepEqual(tree(join(x.root, 'long-back')), tree(join(x.root, 'long')));
});

test('local paths outside the root are refused before anything is copied', async () => {
  writeFileSync(join(outside, 'secret.txt'), 'outside the root\n');
  symlinkSync(outside, join(x.root, 'link-out'));
  const cases = [
    ['db-0:/etc/hostname', '../escape'],
    ['db-0:/etc/hostname', join(outside, 'abs')],
    ['db-0:/etc/hostname', 'link-out/x'],
    ['db-0:/etc/hostname', 'link-out'],
    [join(outside, 'secret.txt'), 'db-0:/tmp/s'],
    ['../../etc/passwd', 'db-0:/tmp/p'],
    ['link-out/secret.txt', 'db-0:/tmp/s'],
  ];
  for (const [from, to] of cases) {
    const r = await cp(from, to);
    assert.equal(r.isError, true, `${from} -> ${to}`);
    assert.match(text(r), /is outside the directories k8s_cp may use \(.*cp_roots in the kubemcp config/);
  }
  assert.deepEqual(readdirSync(outside), ['secret.txt']);
  assert.equal(existsSync(join(x.root, '..', 'escape')), false);
  const pod = await x.call('k8s_exec', { pod: 'db-0', command: ['sh', '-c', 'ls /tmp/s /tmp/p 2>&1; true'] });
  assert.match(text(pod), /No such file/);
  const both = await cp('db-0:/a', 'db-0:/b');
  assert.match(text(both), /exactly one of `from` and `to` must be a pod path/);
});

// A hand-made tar: entries [name, typeflag, body, linkname].
function tarOf(entries) {
  const blocks = [];
  for (const [name, type, body = '', link = ''] of entries) {
    const h = Buffer.alloc(512);
    h.write(name, 0);
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write(type, 156);
    h.write(link, 157);
    h.write('ustar\0' + '00', 257);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(h);
    if (body.length) blocks.push(Buffer.concat([Buffer.from(body), Buffer.alloc((512 - (body.length % 512)) % 512)]));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks).toString('latin1');
}

test('a hostile archive from the pod writes nothing outside the target: .., absolute names, links, devices', async () => {
  const api = (await x.kubectl.run(['get', 'pods', '-n', 'shop', '-l', 'app=api', '-o', 'jsonpath={.items[0].metadata.name}'])).stdout;
  assert.match(api, /^api-/);
  const tag = `${process.pid}-${Date.now()}`;
  const evil = tarOf([
    ['tmp/evil/', '5'],
    ['tmp/evil/ok.txt', '0', 'fine\n'],
    [`tmp/evil/../../../../escaped-${tag}.txt`, '0', 'escaped\n'],
    [`/tmp/evil/../../abs-${tag}.txt`, '0', 'escaped\n'],
    ['tmp/evil/link', '2', '', '/etc'],
    ['tmp/evil/link/passwd-copy', '0', 'through the link\n'],
    ['tmp/evil/hard', '1', '', '/etc/passwd'],
    ['tmp/evil/null', '3'],
  ]);
  // The pod's tar is replaced by one that sends the hostile archive whatever it is asked.
  const plant = await x.call('k8s_exec', { pod: api, command: ['sh', '-c', 'cat > /evil.tar && rm -f /bin/tar && printf "#!/bin/sh\\ncat /evil.tar\\n" > /bin/tar && chmod 755 /bin/tar'], stdin: evil });
  assert.match(text(plant), /exit code 0/, text(plant));
  const r = await cp(`${api}:/tmp/evil`, 'evil-out');
  assert.equal(r.isError, false, text(r));
  // link/passwd-copy lands in a plain directory inside the target: the link was never made.
  assert.match(text(r), /^Copied 2 file\(s\) and 1 directory, 22 bytes/m);
  assert.match(text(r), /Skipped 5 entries that would land outside the target or are links, devices or fifos: tmp\/evil\/\.\.\/\.\.\/\.\.\/\.\.\/escaped-\S+, tmp\/evil\/\.\.\/\.\.\/abs-\S+, tmp\/evil\/link, tmp\/evil\/hard, tmp\/evil\/null$/m);
  const out = join(x.root, 'evil-out');
  assert.deepEqual(readdirSync(out).sort(), ['link', 'ok.txt']);
  assert.ok(lstatSync(join(out, 'link')).isDirectory(), 'a directory, not a link to /etc');
  assert.equal(readFileSync(join(out, 'link', 'passwd-copy'), 'utf8'), 'through the link\n');
  assert.equal(existsSync('/etc/passwd-copy'), false);
  for (const dir of [x.root, join(x.root, '..'), join(x.root, '..', '..'), tmpdir(), '/'])
    for (const name of [`escaped-${tag}.txt`, `abs-${tag}.txt`])
      assert.equal(existsSync(join(dir, name)), false, `${name} in ${dir}`);
  // A link planted in the local target is not followed either.
  mkdirSync(join(x.root, 'planted', 'evil'), { recursive: true });
  symlinkSync(outside, join(x.root, 'planted', 'evil', 'sub'));
  await x.call('k8s_exec', { pod: 'db-0', command: ['sh', '-c', 'mkdir -p /tmp/evil/sub && echo x > /tmp/evil/sub/f.txt'] });
  const r2 = await cp('db-0:/tmp/evil', 'planted');
  assert.match(text(r2), /^Copied 0 file\(s\) and 1 directory, 0 bytes.*\nSkipped 2 entries .*: tmp\/evil\/sub, tmp\/evil\/sub\/f\.txt$/m);
  assert.deepEqual(readdirSync(outside).sort(), ['secret.txt']);
});

test('the size limit is cp_max_bytes, both ways', async () => {
  writeFileSync(join(x.root, 'big.bin'), randomBytes(3_500_000));
  let r = await cp('big.bin', 'db-0:/tmp/big.bin');
  assert.equal(r.isError, true);
  assert.match(text(r), /holds 3500000 bytes, more than cp_max_bytes \(3000000\).*nothing was copied/);
  await x.call('k8s_exec', { pod: 'db-0', command: ['sh', '-c', 'head -c 3500000 /dev/urandom > /tmp/big.bin'] });
  r = await cp('db-0:/tmp/big.bin', 'big-back.bin');
  assert.equal(r.isError, true);
  assert.match(text(r), /exceeds the size limit/);
  assert.equal(existsSync(join(x.root, 'big-back.bin')), false);
});

test('a workload on the pod side reads as NAMESPACE/POD, as kubectl cp reads it, and the error says so', async () => {
  for (const side of ['deployment/web:/etc/hostname', 'deploy/web:/etc/hostname']) {
    const r = await cp(side, 'from-workload.txt');
    assert.equal(r.isError, true, text(r));
    const ns = side.split('/')[0];
    assert.match(text(r), new RegExp(`pod 'web' not found in namespace '${ns}': the pod side is written POD:/path or NAMESPACE/POD:/path, as kubectl cp writes it, so '${ns}/web' is read as namespace '${ns}'\\. k8s_cp copies to and from a pod only, not a workload: name one of its pods`));
  }
  assert.equal(existsSync(join(x.root, 'from-workload.txt')), false);
  // A pod that is not there in the call's own namespace keeps the API's NotFound.
  const plain = await cp('web:/etc/hostname', 'from-workload.txt');
  assert.match(text(plain), /pods "web" not found/);
});

test('kubemcp call runs k8s_cp', () => {
  writeFileSync(join(x.root, 'cli.txt'), 'from the command line\n');
  const up = run(['call', '--config', x.config, 'k8s_cp', 'from=cli.txt', 'to=db-0:/tmp/cli.txt'], { env: { HOME: x.sim.dir } });
  assert.equal(up.code, 0, up.stderr + up.stdout);
  assert.match(up.stdout, /^Copied 1 file\(s\) and 0 directories, 22 bytes, from .*cli\.txt to shop\/db-0:\/tmp\/cli\.txt/m);
  const down = run(['call', '--config', x.config, 'k8s_cp', 'from=db-0:/tmp/cli.txt', 'to=cli-back.txt'], { env: { HOME: x.sim.dir } });
  assert.equal(down.code, 0, down.stderr + down.stdout);
  assert.equal(readFileSync(join(x.root, 'cli-back.txt'), 'utf8'), 'from the command line\n');
});
