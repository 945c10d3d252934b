// Shared set-up of the extra tier's wire tests (issue 16): `kubemcp sim` with stage
// (read-write) and production (read-only), a kubemcp config with an audit log and a cp root,
// and `kubemcp serve` driven by the real MCP SDK client.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectServe } from './mcp_client.mjs';
import { makeKubectl } from '../lib/kubectl.mjs';
import { startSim } from '../lib/sim.mjs';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// settings: extra top-level config lines (e.g. 'max_port_forwards: 3').
export async function startExtra({ settings = [], budget = 4000, protect = false } = {}) {
  const sim = await startSim({ clusters: ['stage', 'production'], seed: 'demo', extraArgs: ['--step-ms', '200'] });
  const root = join(sim.dir, 'cp-root');
  mkdirSync(root);
  const config = join(sim.dir, 'extra.yaml');
  const audit = join(sim.dir, 'audit.jsonl');
  writeFileSync(config, `default_cluster: stage
output_budget: ${budget}
audit_log: ${audit}
cp_roots: [${root}]
${settings.join('\n')}
clusters:
  - {name: stage, aliases: [s], kubeconfig: config.s, namespace: shop${protect ? ', protected: true' : ''}}
  - {name: production, aliases: [p, prod], kubeconfig: config.p, namespace: shop}
`);
  const tokens = ['s', 'p'].map((a) => readFileSync(sim.kubeconfig(a), 'utf8').match(/token: (\S+)/)?.[1]).filter(Boolean);
  const { client, stderr } = await connectServe({ config, home: sim.dir, cwd: root, name: 'kubemcp-extra-e2e' });
  const outputs = [];
  const call = async (name, args, options) => {
    const r = await client.callTool({ name, arguments: args }, undefined, options);
    outputs.push(JSON.stringify(r));
    return r;
  };
  return {
    sim,
    root,
    config,
    client,
    call,
    kubectl: makeKubectl(sim.kubeconfig('s')),
    kubectlProd: makeKubectl(sim.kubeconfig('p')),
    audit: () => readFileSync(audit, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)),
    // Everything kubemcp said or logged, to check that no token leaked.
    leakCheck() {
      const everything = outputs.join('\n') + stderr();
      return tokens.filter((t) => everything.includes(t));
    },
    async stop() {
      await client.close();
      await sim.stop();
    },
  };
}

export const text = (r) => r.content.map((c) => c.text ?? '').join('\n');
