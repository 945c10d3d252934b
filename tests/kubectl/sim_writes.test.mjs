// The simulator refuses and answers writes as kube-apiserver 1.32 does (issue 14, part A):
// no crash on odd input, validation with the upstream wording, create-time defaults, update
// rules, optimistic concurrency and DELETE answers. Raw HTTPS for exact bodies, the real
// kubectl where it is the client people use.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { makeKubectl } from '../lib/kubectl.mjs';
import { rawApi, warnings } from '../lib/rawapi.mjs';
import { startSim } from '../lib/sim.mjs';

let sim;
let api;
let k;

before(async () => {
  sim = await startSim({ clusters: ['stage'], seed: 'demo' });
  api = rawApi(sim.kubeconfig('s'));
  k = makeKubectl(sim.kubeconfig('s'));
});
after(async () => { await sim?.stop(); });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A 422 Invalid Status with exactly these causes ([field, reason, message]).
function assertInvalid(r, kind, group, name, causes) {
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.kind, 'Status');
  assert.equal(r.body.reason, 'Invalid');
  assert.equal(r.body.code, 422);
  const qualified = group ? `${kind}.${group}` : kind;
  const text = causes.map(([f, , m]) => `${f}: ${m}`);
  const joined = text.length === 1 ? text[0] : `[${text.join(', ')}]`;
  assert.equal(r.body.message, `${qualified} "${name}" is invalid: ${joined}`);
  const details = { name, ...(group ? { group } : {}), kind,
    causes: causes.map(([field, reason, message]) => ({ reason, message, field })) };
  assert.deepEqual(r.body.details, details);
}

function assertBadRequest(r, message) {
  assert.equal(r.status, 400, r.text);
  assert.equal(r.headers['content-type'], 'application/json');
  assert.deepEqual(r.body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'BadRequest', code: 400 });
}

const cm = (name, extra = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' }, ...extra });
const deploy = (name, spec = {}) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
  spec: {
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } },
    ...spec,
  },
});
const DNS1035 = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

describe('no input crashes the simulator', () => {
  test('a negative scale is refused with 422 Scale.autoscaling and the simulator lives on', async () => {
    const r = await api.req('PATCH', '/apis/apps/v1/namespaces/shop/deployments/api/scale',
      { spec: { replicas: -1 } }, { type: 'application/merge-patch+json' });
    assertInvalid(r, 'Scale', 'autoscaling', 'api',
      [['spec.replicas', 'FieldValueInvalid', 'Invalid value: -1: must be greater than or equal to 0']]);
    const kr = await k.run(['scale', 'deploy/api', '-n', 'shop', '--replicas=-1']);
    assert.notEqual(kr.code, 0);
    await sleep(1500);  // the controllers had their chance to trip over it
    assert.equal(sim.process.exitCode, null);
    const d = await api.req('GET', '/apis/apps/v1/namespaces/shop/deployments/api');
    assert.equal(d.body.spec.replicas, 2);
    const put = await api.req('PUT', '/apis/apps/v1/namespaces/shop/deployments/api/scale',
      { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: 'api' }, spec: { replicas: 4294967296 } });
    assertBadRequest(put, 'Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal number 4294967296 into Go struct field ScaleSpec.spec.replicas of type int32');
  });

  test('out-of-range or malformed query numbers are 400 Status, log options 422', async () => {
    assertBadRequest(await api.req('GET', '/api/v1/pods?limit=abc'), 'strconv.ParseInt: parsing "abc": invalid syntax');
    assertBadRequest(await api.req('GET', '/api/v1/pods?limit=99999999999999999999'),
      'strconv.ParseInt: parsing "99999999999999999999": value out of range');
    assertBadRequest(await api.req('GET', '/api/v1/pods?watch=1&timeoutSeconds=1e3'), 'strconv.ParseInt: parsing "1e3": invalid syntax');
    assertBadRequest(await api.req('DELETE', '/api/v1/namespaces/default/configmaps/x?gracePeriodSeconds=soon'),
      'strconv.ParseInt: parsing "soon": invalid syntax');
    const logs = await api.req('GET', '/api/v1/namespaces/shop/pods/db-0/log?tailLines=-1');
    assertInvalid(logs, 'PodLogOptions', '', 'db-0',
      [['tailLines', 'FieldValueInvalid', 'Invalid value: -1: must be greater than or equal to 0']]);
    const huge = await api.req('GET', '/api/v1/namespaces/shop/pods/db-0/log?sinceSeconds=9223372036854775807&tailLines=9223372036854775807');
    assert.equal(huge.status, 200);
    assert.equal(sim.process.exitCode, null);
  });
});

describe('validation: 422 Invalid with details.causes, as kube-apiserver', () => {
  test('names follow the kind: DNS-1035 for Services, labels for Namespaces, 253 for the rest', async () => {
    const svc = await api.req('POST', '/api/v1/namespaces/default/services',
      { apiVersion: 'v1', kind: 'Service', metadata: { name: '1web' }, spec: { ports: [{ port: 80 }] } });
    assertInvalid(svc, 'Service', '', '1web', [['metadata.name', 'FieldValueInvalid', `Invalid value: "1web": ${DNS1035}`]]);
    const ns = await api.req('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a.b' } });
    assertInvalid(ns, 'Namespace', '', 'a.b', [['metadata.name', 'FieldValueInvalid', 'Invalid value: "a.b": must not contain dots']]);
    const long = 'x'.repeat(254);
    const c = await api.req('POST', '/api/v1/namespaces/default/configmaps', cm(long));
    assert.equal(c.status, 422);
    assert.equal(c.body.details.causes[0].message, `Invalid value: "${long}": must be no more than 253 characters`);
    const r = await k.run(['create', '-n', 'default', '-f', '-'], { input: JSON.stringify(cm('Bad_Name')) });
    assert.match(r.stderr, /ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of/);
  });

  test('label and annotation keys and values, ConfigMap data keys', async () => {
    const r = await api.req('POST', '/api/v1/namespaces/default/configmaps',
      cm('keys', { metadata: { name: 'keys', labels: { 'a/b/c': 'ok', app: '-x-' }, annotations: { 'example.com/': 'v' } }, data: { 'bad key': 'v', '..': 'w' } }));
    assert.equal(r.status, 422);
    const got = r.body.details.causes.map((c) => [c.field, c.message]);
    assert.deepEqual(got, [
      ['metadata.labels', `Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`],
      ['metadata.labels', `Invalid value: "-x-": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`],
      ['metadata.annotations', 'Invalid value: "example.com/": name part must be non-empty'],
      ['metadata.annotations', `Invalid value: "example.com/": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`],
      ['data[bad key]', `Invalid value: "bad key": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`],
      ['data[..]', "Invalid value: \"..\": must not be '..'"],
    ]);
  });

  test('Secret data must be base64 (400), TLS secrets need their keys', async () => {
    const bad = await api.req('POST', '/api/v1/namespaces/default/secrets',
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'b64' }, data: { a: 'abc$' } });
    assertBadRequest(bad, 'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3');
    const tls = await api.req('POST', '/api/v1/namespaces/default/secrets',
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tls' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'Zm9v' } });
    assertInvalid(tls, 'Secret', '', 'tls', [['data[tls.key]', 'FieldValueRequired', 'Required value']]);
  });

  test('Services: type, port names when several, node port range and type', async () => {
    const svc = (name, spec) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec });
    assertInvalid(await api.req('POST', '/api/v1/namespaces/default/services', svc('t', { type: 'Public', ports: [{ port: 80 }] })),
      'Service', '', 't', [['spec.type', 'FieldValueNotSupported', 'Unsupported value: "Public": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"']]);
    assertInvalid(await api.req('POST', '/api/v1/namespaces/default/services', svc('p', { ports: [{ port: 80 }, { name: 'b', port: 443 }] })),
      'Service', '', 'p', [['spec.ports[0].name', 'FieldValueRequired', 'Required value']]);
    assertInvalid(await api.req('POST', '/api/v1/namespaces/default/services', svc('n', { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] })),
      'Service', '', 'n', [['spec.ports[0].nodePort', 'FieldValueInvalid', 'Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767']]);
    assertInvalid(await api.req('POST', '/api/v1/namespaces/default/services', svc('c', { ports: [{ port: 80, nodePort: 30001 }] })),
      'Service', '', 'c', [['spec.ports[0].nodePort', 'FieldValueForbidden', "Forbidden: may not be used when `type` is 'ClusterIP'"]]);
    assertInvalid(await api.req('POST', '/api/v1/namespaces/default/services', svc('dup', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })),
      'Service', '', 'dup', [['spec.ports[0].nodePort', 'FieldValueInvalid', 'Invalid value: 30080: provided port is already allocated']]);
  });

  test('Jobs need restartPolicy Never/OnFailure; CronJob schedules parse; counts are not negative', async () => {
    const job = await api.req('POST', '/apis/batch/v1/namespaces/default/jobs', {
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' },
      spec: { parallelism: -1, template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } } });
    assertInvalid(job, 'Job', 'batch', 'j', [
      ['spec.parallelism', 'FieldValueInvalid', 'Invalid value: -1: must be greater than or equal to 0'],
      ['spec.template.spec.restartPolicy', 'FieldValueNotSupported', 'Unsupported value: "Always": supported values: "OnFailure", "Never"'],
    ]);
    const cron = (schedule) => ({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cj' },
      spec: { schedule, jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } } } });
    for (const [schedule, why] of [
      ['61 * * * *', 'end of range (61) above maximum (59): 61'],
      ['every day', 'expected exactly 5 fields, found 2: [every day]'],
      ['* * * * mon-xyz', 'failed to parse int from xyz: strconv.Atoi: parsing "xyz": invalid syntax'],
      ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
    ]) {
      assertInvalid(await api.req('POST', '/apis/batch/v1/namespaces/default/cronjobs', cron(schedule)),
        'CronJob', 'batch', 'cj', [['spec.schedule', 'FieldValueInvalid', `Invalid value: "${schedule}": ${why}`]]);
    }
    const ok = await api.req('POST', '/apis/batch/v1/namespaces/default/cronjobs?dryRun=All', cron('*/5 1-3 * JAN-mar mon,fri'));
    assert.equal(ok.status, 201, ok.text);
    const d = await api.req('POST', '/apis/apps/v1/namespaces/default/deployments', deploy('neg', { replicas: -3, revisionHistoryLimit: -1 }));
    assertInvalid(d, 'Deployment', 'apps', 'neg', [
      ['spec.replicas', 'FieldValueInvalid', 'Invalid value: -3: must be greater than or equal to 0'],
      ['spec.revisionHistoryLimit', 'FieldValueInvalid', 'Invalid value: -1: must be greater than or equal to 0'],
    ]);
    const big = await api.req('POST', '/apis/apps/v1/namespaces/default/deployments', deploy('big', { replicas: 9999999999 }));
    assertBadRequest(big, 'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number 9999999999 into Go struct field DeploymentSpec.spec.replicas of type int32');
  });

  test('Deployment strategy rules', async () => {
    const both0 = await api.req('POST', '/apis/apps/v1/namespaces/default/deployments',
      deploy('s0', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }));
    assertInvalid(both0, 'Deployment', 'apps', 's0', [['spec.strategy.rollingUpdate.maxUnavailable', 'FieldValueInvalid',
      'Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0']]);
    const recreate = await api.req('POST', '/apis/apps/v1/namespaces/default/deployments',
      deploy('rc', { strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } }));
    assertInvalid(recreate, 'Deployment', 'apps', 'rc', [['spec.strategy.rollingUpdate', 'FieldValueForbidden',
      "Forbidden: may not be specified when strategy `type` is 'Recreate'"]]);
  });

  test('unknown fields: dropped with a Warning by default, 400 under Strict, silent under Ignore', async () => {
    const body = cm('unknown-warn', { spec: { foo: 1 } });
    const warn = await api.req('POST', '/api/v1/namespaces/default/configmaps', body);
    assert.equal(warn.status, 201, warn.text);
    assert.deepEqual(warnings(warn), ['299 - "unknown field \\"spec\\""']);
    assert.equal(warn.body.spec, undefined);
    const d = await api.req('POST', '/apis/apps/v1/namespaces/default/deployments', deploy('unknown-d', { foo: 1, bar: 2 }));
    assert.equal(d.status, 201, d.text);
    assert.deepEqual(warnings(d), ['299 - "unknown field \\"spec.foo\\""', '299 - "unknown field \\"spec.bar\\""']);
    assert.equal(d.body.spec.foo, undefined);
    const strict = await api.req('POST', '/apis/apps/v1/namespaces/default/deployments?fieldValidation=Strict', deploy('unknown-s', { foo: 1 }));
    assertBadRequest(strict, 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo"');
    const ignore = await api.req('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Ignore', cm('unknown-i', { spec: { foo: 1 } }));
    assert.equal(ignore.status, 201);
    assert.deepEqual(warnings(ignore), []);
    assert.equal(ignore.body.spec, undefined);
  });
});

describe('custom resources follow their CRD schema', () => {
  test('types, required, enum and bounds are 422; unknown fields pruned unless preserved', async () => {
    const crd = await api.req('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.test.io' },
      spec: { group: 'test.io', scope: 'Namespaced', names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: {
          spec: { type: 'object', required: ['size'], properties: {
            size: { type: 'integer', minimum: 0 }, color: { type: 'string', enum: ['red', 'blue'] },
            free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } } } } } }] } });
    assert.equal(crd.status, 201, crd.text);
    const base = '/apis/test.io/v1/namespaces/default/widgets';
    const w = (spec, extra = {}) => ({ apiVersion: 'test.io/v1', kind: 'Widget', metadata: { name: 'w' }, spec, ...extra });
    let bad;
    for (let i = 0; i < 50; i++) {  // discovery of the new kind is immediate, but be patient
      bad = await api.req('POST', base, w({ size: 'big', color: 'pink' }));
      if (bad.status !== 404) break;
      await sleep(100);
    }
    assertInvalid(bad, 'Widget', 'test.io', 'w', [
      ['spec.size', 'FieldValueInvalid', 'Invalid value: "string": spec.size in body must be of type integer: "string"'],
      ['spec.color', 'FieldValueNotSupported', 'Unsupported value: "pink": supported values: "red", "blue"'],
    ]);
    assertInvalid(await api.req('POST', base, w({ color: 'red' })), 'Widget', 'test.io', 'w',
      [['spec.size', 'FieldValueRequired', 'Required value']]);
    assertInvalid(await api.req('POST', base, w({ size: -1 })), 'Widget', 'test.io', 'w',
      [['spec.size', 'FieldValueInvalid', 'Invalid value: -1: spec.size in body should be greater than or equal to 0']]);
    const strict = await api.req('POST', `${base}?fieldValidation=Strict`, w({ size: 1, extra: 1 }));
    assertBadRequest(strict, 'Widget in version "v1" cannot be handled as a Widget: strict decoding error: unknown field "spec.extra"');
    const ok = await api.req('POST', base, w({ size: 1, extra: 1, free: { any: [1, { deep: true }] } }, { top: 1 }));
    assert.equal(ok.status, 201, ok.text);
    assert.deepEqual(warnings(ok), ['299 - "unknown field \\"spec.extra\\""', '299 - "unknown field \\"top\\""']);
    assert.deepEqual(ok.body.spec, { size: 1, free: { any: [1, { deep: true }] } });
    assert.equal(ok.body.top, undefined);
    // ObjectMeta's rules hold for custom resources too.
    const badName = await api.req('POST', base, { ...w({ size: 1 }), metadata: { name: 'Bad_Name' } });
    assert.equal(badName.status, 422, badName.text);
    assert.equal(badName.body.reason, 'Invalid');
    assert.match(badName.body.message, /^Widget\.test\.io "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of/);
    assert.deepEqual(badName.body.details.causes.map((c) => [c.field, c.reason]), [['metadata.name', 'FieldValueInvalid']]);
  });
});

describe('defaults on create', () => {
  test('a pod gets its service account, token volume, tolerations, priority, requests and QoS', async () => {
    const pod = (name, resources) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name },
      spec: { containers: [{ name: 'c', image: 'busybox:1.36', resources,
        livenessProbe: { httpGet: { path: '/', port: 80 } } }],
      volumes: [{ name: 'cfg', configMap: { name: 'shop-config' } }] } });
    const r = await api.req('POST', '/api/v1/namespaces/shop/pods', pod('defaults', { limits: { cpu: '500m', memory: '64Mi' } }));
    assert.equal(r.status, 201, r.text);
    const s = r.body.spec;
    assert.equal(s.serviceAccountName, 'default');
    assert.equal(s.serviceAccount, 'default');
    assert.equal(s.enableServiceLinks, true);
    assert.equal(s.priority, 0);
    assert.equal(s.preemptionPolicy, 'PreemptLowerPriority');
    assert.deepEqual(s.tolerations, [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    const token = s.volumes.find((v) => v.name.startsWith('kube-api-access-'));
    assert.match(token.name, /^kube-api-access-[a-z0-9]{5}$/);
    assert.deepEqual(token.projected.sources.map((x) => Object.keys(x)[0]), ['serviceAccountToken', 'configMap', 'downwardAPI']);
    assert.equal(token.projected.defaultMode, 420);
    assert.deepEqual(s.volumes.find((v) => v.name === 'cfg').configMap, { name: 'shop-config', defaultMode: 420 });
    const c = s.containers[0];
    assert.deepEqual(c.volumeMounts, [{ name: token.name, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }]);
    assert.deepEqual(c.resources.requests, { cpu: '500m', memory: '64Mi' });
    assert.deepEqual(c.livenessProbe, { httpGet: { path: '/', port: 80, scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    assert.equal(r.body.status.qosClass, 'Guaranteed');
    const burst = await api.req('POST', '/api/v1/namespaces/shop/pods?dryRun=All', pod('burst', { requests: { cpu: '100m' } }));
    assert.equal(burst.body.status.qosClass, 'Burstable');
    const none = await api.req('POST', '/api/v1/namespaces/shop/pods?dryRun=All', pod('none', undefined));
    assert.equal(none.body.status.qosClass, 'BestEffort');
    const describe = await k.run(['describe', 'pod', 'defaults', '-n', 'shop']);
    assert.match(describe.stdout, /QoS Class:\s+Guaranteed/);
  });

  test('NodePort and LoadBalancer Services get node ports; Jobs get their generated selector', async () => {
    const r = await api.req('POST', '/api/v1/namespaces/default/services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'lb' },
      spec: { type: 'LoadBalancer', selector: { app: 'x' }, ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }] } });
    assert.equal(r.status, 201, r.text);
    const ports = r.body.spec.ports.map((p) => p.nodePort);
    for (const p of ports) assert.ok(p >= 30000 && p <= 32767, `nodePort ${p}`);
    assert.notEqual(ports[0], ports[1]);
    assert.equal(r.body.spec.externalTrafficPolicy, 'Cluster');
    assert.equal(r.body.spec.allocateLoadBalancerNodePorts, true);
    const job = await api.req('POST', '/apis/batch/v1/namespaces/default/jobs', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'gen' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } });
    assert.equal(job.status, 201, job.text);
    const uid = job.body.metadata.uid;
    assert.deepEqual(job.body.spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
    assert.deepEqual(job.body.spec.template.metadata.labels, {
      'controller-uid': uid, 'job-name': 'gen', 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': 'gen' });
    const manual = await api.req('POST', '/apis/batch/v1/namespaces/default/jobs', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'sel' },
      spec: { selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } });
    assertInvalid(manual, 'Job', 'batch', 'sel', [['spec.selector', 'FieldValueInvalid',
      'Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` not auto-generated']]);
  });
});

describe('updates, deletes and concurrency', () => {
  const merge = (path, body) => api.req('PATCH', path, body, { type: 'application/merge-patch+json' });

  test('immutable fields are refused with 422', async () => {
    assertInvalid(await merge('/apis/apps/v1/namespaces/shop/deployments/web',
      { spec: { selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } } } } }),
    'Deployment', 'apps', 'web', [['spec.selector', 'FieldValueInvalid',
      'Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable']]);
    const pod = await merge('/api/v1/namespaces/shop/pods/db-0', { spec: { nodeSelector: { disk: 'ssd' } } });
    assert.equal(pod.status, 422);
    assert.equal(pod.body.details.causes[0].field, 'spec');
    assert.match(pod.body.message, /^Pod "db-0" is invalid: spec: Forbidden: pod updates may not change fields other than `spec\.containers\[\*\]\.image`,`spec\.initContainers\[\*\]\.image`,`spec\.activeDeadlineSeconds`,`spec\.tolerations` \(only additions to existing tolerations\),`spec\.terminationGracePeriodSeconds` \(allow it to be set to 1 if it was previously negative\)\n/);
    const image = await api.req('PATCH', '/api/v1/namespaces/shop/pods/db-0',
      { spec: { containers: [{ name: 'postgres', image: 'postgres:16.5' }] } }, { type: 'application/strategic-merge-patch+json' });
    assert.equal(image.status, 200, image.text);
    assertInvalid(await merge('/api/v1/namespaces/shop/services/web', { spec: { clusterIP: '10.96.200.200', clusterIPs: ['10.96.200.200'] } }),
      'Service', '', 'web', [['spec.clusterIPs[0]', 'FieldValueInvalid', 'Invalid value: []string{"10.96.200.200"}: may not change once set']]);
    const job = await merge('/apis/batch/v1/namespaces/shop/jobs/db-migrate-241', { spec: { template: { spec: { containers: [{ name: 'migrate', image: 'x:2' }] } } } });
    assert.equal(job.status, 422);
    assert.deepEqual(job.body.details.causes.map((c) => [c.field, c.message]), [['spec.template', 'Invalid value: core.PodTemplateSpec{...}: field is immutable']]);
    const sec = await merge('/api/v1/namespaces/shop/secrets/db-credentials', { type: 'kubernetes.io/basic-auth' });
    assertInvalid(sec, 'Secret', '', 'db-credentials', [['type', 'FieldValueInvalid', 'Invalid value: "kubernetes.io/basic-auth": field is immutable']]);
    const frozen = await api.req('POST', '/api/v1/namespaces/default/configmaps', cm('frozen', { immutable: true }));
    assert.equal(frozen.status, 201);
    assertInvalid(await merge('/api/v1/namespaces/default/configmaps/frozen', { data: { a: '2' } }),
      'ConfigMap', '', 'frozen', [['data', 'FieldValueForbidden', 'Forbidden: field is immutable when `immutable` is set']]);
    assertInvalid(await merge('/api/v1/namespaces/default/configmaps/frozen', { metadata: { uid: 'not-mine' } }),
      'ConfigMap', '', 'frozen', [['metadata.uid', 'FieldValueInvalid', 'Invalid value: "not-mine": field is immutable']]);
  });

  test('a Service PUT without clusterIP or nodePort keeps the allocated ones', async () => {
    const cur = (await api.req('GET', '/api/v1/namespaces/shop/services/web-public')).body;
    const put = await api.req('PUT', '/api/v1/namespaces/shop/services/web-public', {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'web-public', resourceVersion: cur.metadata.resourceVersion },
      spec: { type: 'NodePort', selector: cur.spec.selector, ports: [{ port: 80, targetPort: 80 }] } });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.body.spec.clusterIP, cur.spec.clusterIP);
    assert.deepEqual(put.body.spec.clusterIPs, cur.spec.clusterIPs);
    assert.equal(put.body.spec.ports[0].nodePort, cur.spec.ports[0].nodePort);
  });

  test('stale resourceVersion or another uid 409, body namespace 400, custom resources need resourceVersion', async () => {
    const stale = await api.req('PUT', '/api/v1/namespaces/shop/configmaps/shop-config',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shop-config', resourceVersion: '1' }, data: {} });
    assert.equal(stale.status, 409);
    assert.deepEqual(stale.body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'Operation cannot be fulfilled on configmaps "shop-config": the object has been modified; please apply your changes to the latest version and try again',
      reason: 'Conflict', details: { name: 'shop-config', kind: 'configmaps' }, code: 409 });
    const cur = (await api.req('GET', '/api/v1/namespaces/shop/configmaps/shop-config')).body;
    const uid = await api.req('PUT', '/api/v1/namespaces/shop/configmaps/shop-config',
      { ...cur, metadata: { ...cur.metadata, uid: 'someone-else' } });
    assert.equal(uid.status, 409);
    assert.equal(uid.body.reason, 'Conflict');
    assert.equal(uid.body.message, `Operation cannot be fulfilled on configmaps "shop-config": Precondition failed: UID in precondition: someone-else, UID in object meta: ${cur.metadata.uid}`);
    assertBadRequest(await api.req('PUT', '/api/v1/namespaces/shop/configmaps/shop-config',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shop-config', namespace: 'default' }, data: {} }),
    'the namespace of the provided object does not match the namespace sent on the request');
    const list = await api.req('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions');
    const crd = list.body.items[0];
    const plural = crd.spec.names.plural, group = crd.spec.group, version = crd.spec.versions[0].name;
    const scoped = crd.spec.scope === 'Namespaced' ? '/namespaces/default' : '';
    const base = `/apis/${group}/${version}${scoped}/${plural}`;
    const obj = { apiVersion: `${group}/${version}`, kind: crd.spec.names.kind, metadata: { name: 'needs-rv' }, spec: {} };
    const created = await api.req('POST', base, obj);
    assert.equal(created.status, 201, created.text);
    assertInvalid(await api.req('PUT', `${base}/needs-rv`, obj), crd.spec.names.kind, group, 'needs-rv',
      [['metadata.resourceVersion', 'FieldValueInvalid', 'Invalid value: 0x0: must be specified for an update']]);
  });

  test('DELETE answers a Status for what goes at once, the object for what stays; preconditions 409', async () => {
    const made = await api.req('POST', '/api/v1/namespaces/default/configmaps', cm('gone'));
    const pre = await api.req('DELETE', '/api/v1/namespaces/default/configmaps/gone', { preconditions: { uid: 'other' } });
    assert.equal(pre.status, 409);
    assert.equal(pre.body.reason, 'Conflict');
    assert.equal(pre.body.message, `Operation cannot be fulfilled on configmaps "gone": Precondition failed: UID in precondition: other, UID in object meta: ${made.body.metadata.uid}`);
    const rv = await api.req('DELETE', '/api/v1/namespaces/default/configmaps/gone', { preconditions: { resourceVersion: '1' } });
    assert.equal(rv.status, 409);
    assert.match(rv.body.message, /Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: \d+$/);
    const del = await api.req('DELETE', '/api/v1/namespaces/default/configmaps/gone');
    assert.equal(del.status, 200);
    assert.deepEqual(del.body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success',
      details: { name: 'gone', kind: 'configmaps', uid: made.body.metadata.uid } });
    const d = await api.req('POST', '/apis/apps/v1/namespaces/default/deployments', deploy('del-d'));
    const dd = await api.req('DELETE', '/apis/apps/v1/namespaces/default/deployments/del-d');
    assert.deepEqual(dd.body.details, { name: 'del-d', group: 'apps', kind: 'deployments', uid: d.body.metadata.uid });
    // Objects with finalizers stay, marked, until an update removes the last finalizer.
    await api.req('POST', '/api/v1/namespaces/default/configmaps', cm('held', { metadata: { name: 'held', finalizers: ['example.com/hold'] } }));
    const held = await api.req('DELETE', '/api/v1/namespaces/default/configmaps/held');
    assert.equal(held.status, 200);
    assert.equal(held.body.kind, 'ConfigMap');
    assert.ok(held.body.metadata.deletionTimestamp);
    assert.equal((await api.req('GET', '/api/v1/namespaces/default/configmaps/held')).status, 200);
    assert.equal((await merge('/api/v1/namespaces/default/configmaps/held', { metadata: { finalizers: null } })).status, 200);
    assert.equal((await api.req('GET', '/api/v1/namespaces/default/configmaps/held')).status, 404);
    // Pods answer the object, with its deletion time; kubectl still says "deleted".
    const pod = await api.req('DELETE', '/api/v1/namespaces/shop/pods/defaults');
    assert.equal(pod.body.kind, 'Pod');
    assert.equal(pod.body.metadata.deletionGracePeriodSeconds, 30);
    const r = await k.run(['delete', 'configmap', 'unknown-warn', '-n', 'default']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /configmap "unknown-warn" deleted/);
  });

  test('delete-collection is per namespace: 405 across all namespaces', async () => {
    const r = await api.req('DELETE', '/api/v1/configmaps');
    assert.equal(r.status, 405);
    assert.deepEqual(r.body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'the server does not allow this method on the requested resource', reason: 'MethodNotAllowed', code: 405 });
    const ns = await api.req('DELETE', '/api/v1/namespaces/default/configmaps?labelSelector=none%3Dnone');
    assert.equal(ns.status, 200);
  });
});
