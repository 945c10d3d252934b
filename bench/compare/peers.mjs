// The three servers under comparison: how each is started against a simulator directory, and
// which of its own tools (with which arguments) answers each benchmark question. One table, so
// every case asks every server the same thing in that server's own words.
import { join } from 'node:path';
import { freePort } from './http.mjs';

// A question: { ns, name, manifest, replicas, cluster, tail, command }.
export const PEERS = [
  {
    id: 'kubemcp',
    label: 'kubemcp',
    // kubemcp.yaml registers every simulated cluster (aliases, namespaces, access).
    start: ({ bin, simDir }) => ({ command: bin, args: ['serve', '--config', join(simDir, 'kubemcp.yaml')] }),
    // Streamable HTTP on a port it picks; it prints "listening URL" once it accepts.
    http: ({ bin, simDir }) => ({
      command: bin, printsUrl: true,
      args: ['serve', '--transport', 'http', '--listen', '127.0.0.1:0', '--log-level', 'warn', '--config', join(simDir, 'kubemcp.yaml')],
    }),
    oneCallFanOut: true,
    // Lists are cut to the output budget with a `continue` cursor; the paged case follows it.
    pages: true,
    calls: {
      list: (q) => ['k8s_get', { resource: 'pods', namespace: q.ns, cluster: q.cluster, ...(q.continue ? { continue: q.continue } : {}) }],
      podYaml: (q) => ['k8s_get', { resource: 'pods', name: q.name, namespace: q.ns, output: 'yaml', cluster: q.cluster }],
      logs: (q) => ['k8s_logs', { pod: q.name, namespace: q.ns, tail: q.tail, cluster: q.cluster }],
      exec: (q) => ['k8s_exec', { pod: q.name, namespace: q.ns, command: q.command, cluster: q.cluster }],
      apply: (q) => ['k8s_apply', { manifest: q.manifest, cluster: q.cluster }],
      scale: (q) => ['k8s_scale', { resource: `deployment/${q.name}`, replicas: q.replicas, namespace: q.ns, cluster: q.cluster }],
      fanOut: (q) => ['k8s_get', { resource: 'pods', namespace: q.ns, cluster: 'all', ...(q.continue ? { continue: q.continue } : {}) }],
    },
  },
  {
    id: 'go',
    label: 'kubernetes-mcp-server (Go)',
    // The Go binary itself (the npm package's bin/index.js only spawns it), so /proc shows the
    // server's own memory. config.cert holds every simulated cluster as a context.
    start: ({ goBin, simDir }) => ({ command: goBin, args: ['--kubeconfig', join(simDir, 'config.cert'), '--toolsets', 'core,config'] }),
    // Its Streamable HTTP mode (/mcp) on a port chosen here; ready once the port answers.
    http: async ({ goBin, simDir }) => {
      const port = await freePort();
      return {
        command: goBin, url: `http://127.0.0.1:${port}/mcp`,
        args: ['--kubeconfig', join(simDir, 'config.cert'), '--toolsets', 'core,config', '--port', String(port),
          '--bind-address', '127.0.0.1', '--log-file', '/dev/null'],
      };
    },
    oneCallFanOut: false,
    calls: {
      list: (q) => ['pods_list_in_namespace', { namespace: q.ns, context: q.cluster }],
      podYaml: (q) => ['pods_get', { name: q.name, namespace: q.ns, context: q.cluster }],
      logs: (q) => ['pods_log', { name: q.name, namespace: q.ns, tail: q.tail, context: q.cluster }],
      exec: (q) => ['pods_exec', { name: q.name, namespace: q.ns, command: q.command, context: q.cluster }],
      apply: (q) => ['resources_create_or_update', { resource: q.manifest, context: q.cluster }],
      scale: (q) => ['resources_scale', { apiVersion: 'apps/v1', kind: 'Deployment', name: q.name, namespace: q.ns, scale: q.replicas, context: q.cluster }],
      fanOut: (q) => ['pods_list_in_namespace', { namespace: q.ns, context: q.cluster }],
    },
  },
  {
    id: 'ts',
    label: 'mcp-server-kubernetes (TS)',
    // It runs kubectl for each call and reads $KUBECONFIG; KUBECACHEDIR keeps kubectl's
    // discovery cache in the scratch directory.
    start: ({ tsEntry, simDir, scratch }) => ({
      command: process.execPath,
      args: [tsEntry],
      env: { KUBECONFIG: join(simDir, 'config.cert'), KUBECACHEDIR: join(scratch, 'kubectl-cache') },
    }),
    oneCallFanOut: false,
    calls: {
      list: (q) => ['kubectl_get', { resourceType: 'pods', namespace: q.ns, context: q.cluster }],
      podYaml: (q) => ['kubectl_get', { resourceType: 'pods', name: q.name, namespace: q.ns, output: 'yaml', context: q.cluster }],
      logs: (q) => ['kubectl_logs', { resourceType: 'pod', name: q.name, namespace: q.ns, tail: q.tail, context: q.cluster }],
      exec: (q) => ['exec_in_pod', { name: q.name, namespace: q.ns, command: q.command, context: q.cluster }],
      apply: (q) => ['kubectl_apply', { manifest: q.manifest, namespace: q.ns, context: q.cluster }],
      scale: (q) => ['kubectl_scale', { name: q.name, namespace: q.ns, replicas: q.replicas, resourceType: 'deployment', context: q.cluster }],
      fanOut: (q) => ['kubectl_get', { resourceType: 'pods', namespace: q.ns, context: q.cluster }],
    },
  },
];
