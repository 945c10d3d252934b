// Helpers for the Streamable HTTP wire tests: start `kubemcp serve --transport http` on a free
// port (it prints "listening URL" when it accepts connections), connect the SDK's
// StreamableHTTPClientTransport to it, and write configs and token files.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import readline from 'node:readline';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { KUBEMCP, tempDir } from '../lib/kubemcp.mjs';

// A config for the simulator's clusters (absolute kubeconfig paths) plus `extra` YAML lines.
export function writeConfig(sim, { clusters = ['stage'], extra = '', audit } = {}) {
  const dir = tempDir('kubemcp-http-cfg-');
  const names = { stage: ['s', 'read-write'], ephemeral: ['e', 'read-write'], production: ['p', 'read-only'] };
  let text = `default_cluster: ${clusters[0]}\naudit_log: ${audit ?? join(dir, 'audit.jsonl')}\nclusters:\n`;
  for (const c of clusters) {
    const [alias, access] = names[c];
    text += `  - name: ${c}\n    aliases: [${alias}]\n    kubeconfig: ${sim.kubeconfig(alias)}\n` +
      `    namespace: shop\n    access: ${access}\n`;
  }
  const path = join(dir, 'config.yaml');
  writeFileSync(path, text + extra);
  return { path, dir, audit: audit ?? join(dir, 'audit.jsonl') };
}

export async function startHttp({ config, args = [], env = {}, listen = '127.0.0.1:0' } = {}) {
  const argv = ['serve', '--transport', 'http', '--listen', listen, ...args];
  if (config) argv.push('--config', config);
  const child = spawn(KUBEMCP, argv, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH, HOME: tempDir('kubemcp-http-home-'), ...env },
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kubemcp http not listening after 60 s: ${stderr}`)), 60000);
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /^listening (\S+)$/.exec(line);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`kubemcp exited (${code ?? signal}) before listening: ${stderr}`));
    });
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return {
    url,
    base: url.replace(/\/mcp$/, ''),
    process: child,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 15000);
        await exited;
        clearTimeout(t);
      }
    },
  };
}

// An SDK client over Streamable HTTP; `token` adds Authorization: Bearer.
export async function connectHttp(url, { token, fetch, name = 'kubemcp-http-e2e' } = {}) {
  const requestInit = token ? { headers: { Authorization: `Bearer ${token}` } } : undefined;
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit, fetch });
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

export function text(result) {
  return result.content.map((c) => c.text).join('\n');
}

// A raw JSON-RPC POST (for what the SDK never sends: bad headers, wrong versions).
export async function rawPost(url, body, headers = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

export const INIT = {
  jsonrpc: '2.0', id: 1, method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};
