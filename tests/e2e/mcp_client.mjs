// Starts `kubemcp serve --config CONFIG` the way an MCP client launches it (HOME is the
// simulator's directory, where its kubeconfigs live) and connects the real SDK client.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { KUBEMCP } from '../lib/kubemcp.mjs';

// `prepare(client)` runs before connecting (notification and request handlers go there).
// Returns the client and `stderr()`, everything the server wrote to stderr so far.
export async function connectServe({ config, home, cwd, name = 'kubemcp-e2e', capabilities, prepare }) {
  let stderr = '';
  const transport = new StdioClientTransport({
    command: KUBEMCP,
    args: ['serve', '--config', config],
    env: { PATH: process.env.PATH, HOME: home },
    cwd,
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (d) => (stderr += d));
  const client = new Client({ name, version: '1.0.0' }, capabilities ? { capabilities } : undefined);
  prepare?.(client);
  await client.connect(transport);
  return { client, stderr: () => stderr };
}
