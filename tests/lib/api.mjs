// Raw HTTPS requests to a simulated cluster, as a client library would send them: the status,
// headers and body exactly as the server wrote them (no decompression, no retries).
//   const api = apiClient(sim.kubeconfig('s'));
//   const r = await api.get('/api/v1/pods?fieldSelector=spec.foo=x');  // r.status, r.json()
import https from 'node:https';
import { readFileSync } from 'node:fs';

import { credentials } from './ws.mjs';

export function apiClient(kubeconfigPath) {
  const { server, ca, token } = credentials(readFileSync(kubeconfigPath, 'utf8'));
  const request = (method, path, { body, headers = {} } = {}) => new Promise((resolve, reject) => {
    const req = https.request(`${server}${path}`, {
      method, ca, headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...headers },
    }, (res) => {
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        resolve({
          status: res.statusCode, headers: res.headers, buf, text: buf.toString(),
          json: () => JSON.parse(buf.toString()),
        });
      });
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)));
  });
  return {
    server, ca, token, request,
    get: (path, opts) => request('GET', path, opts),
    post: (path, body, opts = {}) => request('POST', path,
      { ...opts, body, headers: { 'Content-Type': 'application/json', ...(opts.headers ?? {}) } }),
  };
}

// The Status a failed request carries, checked field by field.
export function status(r) {
  const s = r.json();
  return { code: r.status, kind: s.kind, reason: s.reason, message: s.message, status: s.status };
}
