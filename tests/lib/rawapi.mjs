// Raw HTTPS requests to a simulated cluster, for asserting exact status codes, headers and
// Status bodies (kubectl hides some of them).
//   const api = rawApi(sim.kubeconfig('s'));
//   const r = await api.req('POST', '/api/v1/namespaces/default/configmaps', obj);
//   r.status, r.headers, r.body (parsed JSON when it is JSON), r.text
import https from 'node:https';
import { readFileSync } from 'node:fs';

import { credentials } from './ws.mjs';

export function rawApi(kubeconfigPath) {
  const { server, ca, token } = credentials(readFileSync(kubeconfigPath, 'utf8'));
  const req = (method, path, body, { type = 'application/json', headers = {} } = {}) =>
    new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body));
      const h = { Authorization: `Bearer ${token}`, Accept: 'application/json', ...headers };
      if (data !== undefined) {
        h['Content-Type'] = type;
        // Node sends a DELETE body without framing unless told its length.
        h['Content-Length'] = Buffer.byteLength(data);
      }
      const r = https.request(`${server}${path}`, { method, ca, headers: h }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => { text += d; });
        res.on('end', () => {
          let parsed;
          try { parsed = JSON.parse(text); } catch { parsed = undefined; }
          resolve({ status: res.statusCode, headers: res.headers, rawHeaders: res.rawHeaders, body: parsed, text });
        });
      });
      r.on('error', reject);
      if (data !== undefined) r.write(data);
      r.end();
    });
  return { req, server };
}

// The Warning header values of a response, in order.
export function warnings(res) {
  const out = [];
  for (let i = 0; i < res.rawHeaders.length; i += 2)
    if (res.rawHeaders[i].toLowerCase() === 'warning') out.push(res.rawHeaders[i + 1]);
  return out;
}
