// `make demo` end to end: runs scripts/demo (the command the Makefile's demo target runs, without
// its dependency install and build) non-interactively against the built binary, and checks that
// every step of the tour shows the real result it announces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KUBEMCP } from '../lib/kubemcp.mjs';

const script = fileURLToPath(new URL('../../scripts/demo', import.meta.url));
const timeoutMs = process.env.KUBEMCP_SANITIZED ? 540_000 : 240_000;

// Runs the demo on a terminal (util-linux `script` gives it a pty), where it would wait for
// Ctrl-C after the tour: only --no-wait or KUBEMCP_DEMO_NONINTERACTIVE may end it.
function runDemo(args, env) {
  const quoted = [script, KUBEMCP, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qefc', `bash ${quoted}`, '/dev/null'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`demo did not finish in ${timeoutMs / 1000} s:\n${out}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      // eslint-disable-next-line no-control-regex
      resolve({ code, out: out.replace(/\x1b\[[0-9;]*m/g, '').replace(/\r\n/g, '\n') });
    });
  });
}

// The tour's steps by their numbered headers: { 'The clusters: ...': 'output', ... }.
function steps(out) {
  // Headers are "== N. title" (and "== Connect ..."); "== stage ==" inside a fan-out answer is not one.
  const parts = out.split(/^== (?:\d+\. |(?=Connect ))/m).slice(1);
  return parts.map((p) => {
    const nl = p.indexOf('\n');
    return { title: p.slice(0, nl), body: p.slice(nl + 1) };
  });
}

function step(all, title) {
  const s = all.find((x) => x.title.startsWith(title));
  assert.ok(s, `step "${title}" missing; steps: ${all.map((x) => x.title).join(' | ')}`);
  return s.body;
}

test('make demo takes the whole tour non-interactively, each step showing its real result', { timeout: timeoutMs + 30_000 }, async () => {
  const { code, out } = await runDemo(['--no-wait'], {});
  assert.equal(code, 0, out);
  const all = steps(out);
  const dir = out.match(/kubeconfigs and kubemcp\.yaml are in (\/tmp\/kubemcp-demo-\S+)/)[1];

  const clusters = step(all, 'The clusters');
  for (const c of ['ephemeral', 'stage', 'production']) assert.match(clusters, new RegExp(`^${c}\\s+\\S+\\s+read-`, 'm'));
  assert.match(clusters, /^production\s+\S+\s+read-only/m);

  const health = step(all, 'Health of namespace shop across all three');
  for (const c of ['ephemeral', 'stage', 'production']) {
    assert.match(health, new RegExp(`^== ${c} ==$`, 'm'), health);
  }
  assert.match(health, /CrashLoopBackOff\s+container 'worker' restarts \d+/);
  assert.match(health, /ImagePullBackOff/);

  const crash = step(all, 'The crash-looping pod');
  assert.match(crash, /\$ kubemcp call k8s_logs pod=worker-\S+ previous=true tail=5/);
  assert.match(crash, /"level":"fatal","msg":"cannot connect to database/);
  assert.match(crash, /Warning\s+BackOff\s+pod\/worker-\S+\s+Back-off restarting failed container worker/);

  const apply = step(all, 'A change on stage');
  assert.match(apply, /deployment\.apps\/web configured \(server dry run\)\nServer dry run: nothing was changed\./);
  assert.match(apply, /^-  replicas: 3\n\+  replicas: 4$/m);
  assert.match(apply, /^-      - image: nginx:1\.27\.3\n\+      - image: nginx:1\.27\.4$/m);
  assert.match(apply, /^deployment\.apps\/web configured$/m);

  const rollout = step(all, 'A rollout restart on ephemeral');
  assert.match(rollout, /^deployment\.apps\/web restarted$/m);
  assert.match(rollout, /^deployment "web" successfully rolled out$/m);

  const exec = step(all, 'Exec into a pod');
  assert.match(exec, /Ran in pod shop\/web-\S+ \(deployment\/web\), container nginx: exit code 0/);
  assert.match(exec, /^hello from web-\S+$/m);
  assert.match(exec, /^bin$/m);

  const pf = step(all, 'A port-forward');
  const addr = pf.match(/^Forwarding (127\.0\.0\.1:\d+) -> shop\/service\/web -> pod\/web-\S+:80 \(id pf-1\)$/m);
  assert.ok(addr, pf);
  assert.match(pf, new RegExp(`\\$ curl -si http://${addr[1]}/\\nHTTP/1\\.1 200 OK`));
  // The stage apply changed the image; the forward reaches a pod of the new template.
  assert.match(pf, /^pod web-\S+ port 80 \(nginx:1\.27\.4\): \/$/m);

  const refused = step(all, 'The same change refused on production');
  assert.match(refused, /k8s_apply refused: cluster 'production' is read-only \(access: read-only in \S+kubemcp\.yaml\)/);
  assert.match(refused, /k8s_scale refused: cluster 'production' is read-only/);

  const heal = step(all, "Stage's token expires");
  assert.match(heal, /\{"revoked":true\}/);
  assert.match(heal, /^web\s+4\/4\s+4\s+4\s/m, 'the call after the revoke answered, with the applied replicas');
  assert.match(heal, /Auto-heal: re-authenticated to stage with '.*kubemcp sim login --dir \S+ --cluster stage' and retried\./);

  const compare = step(all, 'What now differs');
  const web = compare.match(/^Deployment\/web\s+(.*)$/m);
  assert.ok(web, compare);
  assert.match(web[1], /restartedAt=20\d\d-.*nginx:1\.27\.3.*spec\.replicas=4.*nginx:1\.27\.4.*spec\.replicas=3/);
  assert.match(compare, /^Deployment\/api\s+identical\s+identical\s+identical\s*$/m);
  assert.match(compare, /^15 objects: 12 identical, 3 differ\.$/m);

  const secret = step(all, 'A Secret');
  assert.match(secret, /password: "<masked: \d+ bytes>"/);

  const served = step(all, 'The same clusters over MCP Streamable HTTP');
  const url = served.match(/^listening (http:\/\/127\.0\.0\.1:\d+\/mcp)$/m)?.[1];
  assert.ok(url, served);
  assert.match(served, /"protocolVersion":"2025-11-25"/);
  assert.match(served, /"serverInfo":\{"name":"kubemcp"/);

  const [connect, overHttp] = step(all, 'Connect an MCP client').split(/^== Or over Streamable HTTP/m);
  assert.ok(overHttp.includes(`claude mcp add --transport http kubemcp ${url}\n`), overHttp);
  assert.ok(overHttp.includes(`npx @modelcontextprotocol/inspector --cli ${url} --transport http`), overHttp);
  const httpJson = overHttp.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('{'));
  assert.equal(httpJson.length, 2, overHttp);
  assert.equal(JSON.parse(httpJson[0]).mcpServers.kubemcp.url, url);
  assert.deepEqual(JSON.parse(httpJson[1]).servers.kubemcp, { type: 'http', url });
  const bin = KUBEMCP.startsWith('/') ? KUBEMCP : null;
  const cfg = `${dir}/kubemcp.yaml`;
  if (bin) {
    assert.ok(connect.includes(`claude mcp add kubemcp -- ${bin} serve --config ${cfg}\n`), connect);
    assert.ok(connect.includes(`npx @modelcontextprotocol/inspector ${bin} serve --config ${cfg}\n`), connect);
  }
  // Every JSON snippet is valid JSON naming the binary and the demo's config.
  const jsonLines = connect.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('{'));
  assert.equal(jsonLines.length, 2, connect);
  const desktop = JSON.parse(jsonLines[0]).mcpServers.kubemcp;
  const vscode = JSON.parse(jsonLines[1]).servers.kubemcp;
  for (const s of [desktop, vscode]) assert.deepEqual(s.args, ['serve', '--config', cfg]);
  assert.equal(vscode.type, 'stdio');
  const codeLine = connect.match(/code --add-mcp '(.*)'/);
  assert.deepEqual(JSON.parse(codeLine[1]).args, ['serve', '--config', cfg]);
  assert.match(out, /Demo finished\.\s*$/);
  // No credential of the simulated clusters was printed, and the demo cleaned up after itself.
  assert.doesNotMatch(out, /token:|BEGIN [A-Z ]*PRIVATE KEY|client-key-data/);
  assert.equal(existsSync(dir), false, 'the demo removes its directory');
});

test('KUBEMCP_DEMO_NONINTERACTIVE=1 also ends the demo after the tour', { timeout: timeoutMs + 30_000, skip: !!process.env.KUBEMCP_SANITIZED }, async () => {
  const { code, out } = await runDemo([], { KUBEMCP_DEMO_NONINTERACTIVE: '1' });
  assert.equal(code, 0, out);
  assert.match(out, /Auto-heal: re-authenticated to stage/);
  assert.doesNotMatch(out, /keep running until you press Ctrl-C/);
  assert.match(out, /Demo finished\.\s*$/);
});
