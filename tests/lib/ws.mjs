// A minimal WebSocket client (RFC 6455, binary messages) for talking to the Kubernetes
// streaming endpoints the way non-Go clients do (v4.channel.k8s.io), without dependencies.
import { randomBytes } from 'node:crypto';
import https from 'node:https';

export function connect(url, { protocol, ca, token, cert, key } = {}) {
  return new Promise((resolve, reject) => {
    const headers = {
      Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    };
    if (protocol) headers['Sec-WebSocket-Protocol'] = protocol;
    if (token) headers.Authorization = `Bearer ${token}`;
    const req = https.request(url, { headers, ca, cert, key });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => reject(Object.assign(new Error(`no upgrade: ${res.statusCode} ${body}`), { status: res.statusCode, body })));
    });
    req.on('error', reject);
    req.on('upgrade', (res, socket, head) => {
      const messages = [];
      const waiters = [];
      let buf = head;
      let closed = false;
      const push = (m) => { const w = waiters.shift(); if (w) w(m); else messages.push(m); };
      socket.on('data', (d) => {
        buf = Buffer.concat([buf, d]);
        for (;;) {
          if (buf.length < 2) return;
          const op = buf[0] & 0x0f;
          let len = buf[1] & 0x7f;
          let off = 2;
          if (len === 126) { if (buf.length < 4) return; len = buf.readUInt16BE(2); off = 4; }
          else if (len === 127) { if (buf.length < 10) return; len = Number(buf.readBigUInt64BE(2)); off = 10; }
          if (buf.length < off + len) return;
          const payload = buf.subarray(off, off + len);
          buf = buf.subarray(off + len);
          if (op === 0x8) { closed = true; push(null); socket.end(); return; }
          if (op === 0x9) { send(payload, 0xa); continue; }
          if (op === 0x1 || op === 0x2) push(Buffer.from(payload));
        }
      });
      socket.on('close', () => { closed = true; while (waiters.length) waiters.shift()(null); });
      function send(data, opcode = 0x2) {
        const mask = randomBytes(4);
        const len = data.length;
        const hdr = len < 126 ? Buffer.from([0x80 | opcode, 0x80 | len])
          : len < 65536 ? Buffer.from([0x80 | opcode, 0x80 | 126, len >> 8, len & 0xff])
            : (() => { const h = Buffer.alloc(10); h[0] = 0x80 | opcode; h[1] = 0x80 | 127; h.writeBigUInt64BE(BigInt(len), 2); return h; })();
        const masked = Buffer.from(data);
        for (let i = 0; i < masked.length; i++) masked[i] ^= mask[i % 4];
        socket.write(Buffer.concat([hdr, mask, masked]));
      }
      resolve({
        protocol: res.headers['sec-websocket-protocol'],
        send: (channel, data) => send(Buffer.concat([Buffer.from([channel]), Buffer.from(data)])),
        // Next message (Buffer), or null once the server closed.
        next: (ms = 10000) => new Promise((res2, rej2) => {
          if (messages.length) return res2(messages.shift());
          if (closed) return res2(null);
          const t = setTimeout(() => rej2(new Error('timed out waiting for a message')), ms);
          waiters.push((m) => { clearTimeout(t); res2(m); });
        }),
        close: () => socket.destroy(),
      });
    });
    req.end();
  });
}

// Reads server, CA and token out of a simulator kubeconfig (bearer-token kind).
export function credentials(kubeconfigText) {
  const server = /server: (\S+)/.exec(kubeconfigText)[1];
  const ca = Buffer.from(/certificate-authority-data: (\S+)/.exec(kubeconfigText)[1], 'base64').toString();
  const token = /token: (\S+)/.exec(kubeconfigText)[1];
  return { server, ca, token };
}
