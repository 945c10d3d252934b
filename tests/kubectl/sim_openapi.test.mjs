// OpenAPI v3 of the simulated API server (issue 17): `kubectl explain` of built-in kinds and
// of a CRD, the hash/ETag caching kubectl relies on, and every object the simulator serves
// (seeded and made by controllers) validated against the schemas it serves.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { makeKubectl } from '../lib/kubectl.mjs';
import { openapiValidator, schemaForKind } from '../lib/openapi.mjs';
import { rawApi } from '../lib/rawapi.mjs';
import { startSim } from '../lib/sim.mjs';

let sim;
let k;
let api;

before(async () => {
  sim = await startSim({ clusters: ['stage'], seed: 'demo' });
  k = makeKubectl(sim.kubeconfig('s'));
  api = rawApi(sim.kubeconfig('s'));
});
after(async () => { await sim?.stop(); });

const ok = (args, opts) => k.ok(args, opts);

async function get(url, opts) {
  const r = await api.req('GET', url, undefined, opts);
  assert.equal(r.status, 200, `GET ${url}: ${r.status} ${r.text.slice(0, 300)}`);
  return r;
}

// components.schemas of every document the index names, merged.
async function allSchemas() {
  const index = (await get('/openapi/v3')).body;
  const schemas = {};
  for (const { serverRelativeURL } of Object.values(index.paths)) {
    Object.assign(schemas, (await get(serverRelativeURL)).body.components.schemas);
  }
  return schemas;
}

const field = (name, type, required = false) =>
  new RegExp(`^\\s+${name}\\t<${type.replace(/[[\]]/g, '\\$&')}>${required ? ' -required-' : ''}$`, 'm');

describe('kubectl explain', () => {
  test('pod.spec.containers: fields, types and required markers', async () => {
    const out = await ok(['explain', 'pod.spec.containers']);
    assert.match(out, /^KIND:\s+Pod$/m);
    assert.match(out, /^VERSION:\s+v1$/m);
    assert.match(out, /^FIELD: containers <\[\]Container>$/m);
    assert.match(out, field('name', 'string', true));
    assert.match(out, field('image', 'string'));
    assert.match(out, field('ports', '[]ContainerPort'));
    assert.match(out, field('resources', 'ResourceRequirements'));
    assert.match(out, field('env', '[]EnvVar'));
    assert.match(out, /^\s+imagePullPolicy\t<string>\n\s+enum: Always, IfNotPresent, Never$/m);
  });

  test('pod.spec.containers.ports: containerPort required, protocol enum', async () => {
    const out = await ok(['explain', 'pod.spec.containers.ports']);
    assert.match(out, /^FIELD: ports <\[\]ContainerPort>$/m);
    assert.match(out, field('containerPort', 'integer', true));
    assert.match(out, field('protocol', 'string'));
    assert.match(out, field('hostPort', 'integer'));
    assert.match(out, /^\s+protocol\t<string>\n\s+enum: SCTP, TCP, UDP$/m);
  });

  test('deployment.spec --recursive walks nested types', async () => {
    const out = await ok(['explain', 'deployment.spec', '--recursive']);
    assert.match(out, /^GROUP:\s+apps$/m);
    assert.match(out, /^KIND:\s+Deployment$/m);
    assert.match(out, field('selector', 'LabelSelector', true));
    assert.match(out, field('template', 'PodTemplateSpec', true));
    assert.match(out, /^\s+containers\t<\[\]Container> -required-$/m);
    assert.match(out, /^\s+maxSurge\t<IntOrString>$/m);
    assert.match(out, /^\s+matchExpressions\t<\[\]LabelSelectorRequirement>$/m);
  });

  test("a CRD's kind is explained from its openAPIV3Schema", async () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gizmos.test.io}
spec:
  group: test.io
  scope: Namespaced
  names: {plural: gizmos, singular: gizmo, kind: Gizmo}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        description: A gizmo of the tests.
        properties:
          spec:
            type: object
            required: [size]
            properties:
              size: {type: integer, description: How big the gizmo is.}
              color: {type: string, enum: [red, blue]}
`;
    await ok(['apply', '-f', '-'], { input: crd });
    let out;
    for (let i = 0; i < 100; i++) { // discovery of the new group takes a moment
      const r = await k.run(['explain', 'gizmo.spec']);
      if (r.code === 0) { out = r.stdout; break; }
      await new Promise((res) => setTimeout(res, 200));
    }
    assert.ok(out, 'kubectl explain gizmo.spec never succeeded');
    assert.match(out, /^GROUP:\s+test\.io$/m);
    assert.match(out, /^KIND:\s+Gizmo$/m);
    assert.match(out, field('size', 'integer', true));
    assert.match(out, /How big the gizmo is\./);
    assert.match(out, field('color', 'string'));
    const seeded = await ok(['explain', 'widgets']);
    assert.match(seeded, /^KIND:\s+Widget$/m);
    assert.match(seeded, field('metadata', 'ObjectMeta'));
    assert.match(seeded, field('spec', 'Object'));
  });
});

describe('caching', () => {
  test('documents are addressed by content hash, with ETag, 301 and 304 as upstream', async () => {
    const index = (await get('/openapi/v3')).body;
    const url = index.paths['apis/apps/v1'].serverRelativeURL;
    const hash = url.split('hash=')[1];
    assert.match(url, /^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]+$/);
    const doc = await get(url);
    assert.equal(doc.headers.etag, `"${hash}"`);
    assert.equal(doc.headers['cache-control'], 'public, immutable');
    assert.ok(doc.headers.expires);
    assert.ok(doc.body.components.schemas['io.k8s.api.apps.v1.Deployment']);
    // The same content, the same hash: a fresh request gives the same address.
    assert.equal((await get('/openapi/v3')).body.paths['apis/apps/v1'].serverRelativeURL, url);
    const stale = await api.req('GET', '/openapi/v3/apis/apps/v1?hash=0000');
    assert.equal(stale.status, 301);
    assert.equal(stale.headers.location, url);
    const again = await api.req('GET', url, undefined, { headers: { 'If-None-Match': `"${hash}"` } });
    assert.equal(again.status, 304);
    assert.equal(again.text, '');
    const missing = await api.req('GET', '/openapi/v3/apis/nothing.io/v1');
    assert.equal(missing.status, 404);
  });

  test('kubectl explain keeps the documents it fetched in KUBECACHEDIR', async () => {
    const fresh = makeKubectl(sim.kubeconfig('s'));
    await fresh.run(['explain', 'pods']);
    const cached = () => readdirSync(path.join(fresh.cache, 'http'), { withFileTypes: true })
      .filter((f) => f.isFile())
      .map((f) => readFileSync(path.join(fresh.cache, 'http', f.name), 'latin1'))
      .filter((t) => t.includes('io.k8s.api.core.v1.PodSpec'));
    const docs = cached();
    assert.equal(docs.length, 1, 'the api/v1 document is cached once');
    assert.ok(/Cache-Control: public, immutable/i.test(docs[0]), 'cached as immutable');
    const etag = docs[0].match(/Etag: ("[0-9A-F]+")/i)?.[1];
    assert.ok(etag, 'cached with its ETag');
    // A second explain is answered from the cache (httpcache marks the entry X-From-Cache).
    await fresh.run(['explain', 'pods.spec']);
    const again = cached();
    assert.equal(again.length, 1);
    assert.ok(again[0].includes(`Etag: ${etag}`) && /X-From-Cache: 1/i.test(again[0]), 'served from the cache');
  });
});

describe('every served object conforms to the served schemas', () => {
  let schemas;
  let validator;
  before(async () => {
    schemas = await allSchemas();
    validator = openapiValidator(schemas);
  });

  test('the validator rejects a broken object', async () => {
    const pod = (await get('/api/v1/namespaces/shop/pods')).body.items.find((p) => p.status.containerStatuses?.length);
    assert.ok(pod, 'a pod with container statuses');
    const name = schemaForKind(schemas, '', 'v1', 'Pod');
    assert.deepEqual(validator.validate(pod, name), []);
    const broken = structuredClone(pod);
    delete broken.status.containerStatuses[0].imageID;
    broken.spec.restartPolicy = 'Sometimes';
    broken.spec.containers[0].ports = [{ containerPort: '80' }];
    broken.metadata.creationTimestamp = 'yesterday';
    broken.status.containerStatuses[0].ready = null;
    delete broken.status.containerStatuses[0].lastState;
    const errs = validator.validate(broken, name);
    assert.deepEqual(errs.sort(), [
      '.metadata.creationTimestamp: not an RFC 3339 date-time: yesterday',
      '.spec.containers[0].ports[0].containerPort: must be of type integer, got string "80"',
      '.spec.restartPolicy: "Sometimes" is not one of Always, Never, OnFailure',
      '.status.containerStatuses[0].imageID: required',
      '.status.containerStatuses[0].lastState: missing (Go always writes it)',
      '.status.containerStatuses[0].ready: required, got null',
    ]);
  });

  test('seeded, controller-made and newly created objects of every served kind', async () => {
    const apply = (yaml) => ok(['apply', '-f', '-'], { input: yaml });
    await apply(`apiVersion: apps/v1
kind: Deployment
metadata: {name: schema-web, namespace: default}
spec:
  replicas: 2
  selector: {matchLabels: {app: schema-web}}
  template:
    metadata: {labels: {app: schema-web}}
    spec: {containers: [{name: web, image: nginx:1.27, ports: [{containerPort: 80}]}]}
---
apiVersion: batch/v1
kind: Job
metadata: {name: schema-job, namespace: default}
spec:
  template:
    spec: {restartPolicy: Never, containers: [{name: job, image: busybox, command: [sh, -c, "true"]}]}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: schema-cron, namespace: default}
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec: {restartPolicy: OnFailure, containers: [{name: c, image: busybox}]}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: schema-ds, namespace: default}
spec:
  selector: {matchLabels: {app: schema-ds}}
  template:
    metadata: {labels: {app: schema-ds}}
    spec: {containers: [{name: agent, image: busybox}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: schema-db, namespace: default}
spec:
  replicas: 1
  serviceName: schema-db
  selector: {matchLabels: {app: schema-db}}
  template:
    metadata: {labels: {app: schema-db}}
    spec: {containers: [{name: db, image: postgres:16}]}
---
apiVersion: v1
kind: Service
metadata: {name: schema-nobody, namespace: default}
spec: {selector: {app: nobody}, ports: [{port: 80}]}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: schema-web, namespace: default}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: schema-web}
  maxReplicas: 3
  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: schema-web, namespace: default}
spec: {minAvailable: 1, selector: {matchLabels: {app: schema-web}}}
`);
    // Let the controllers run: pods start, the job finishes, statuses fill in.
    await new Promise((r) => setTimeout(r, process.env.KUBEMCP_SANITIZED ? 8000 : 4000));

    const errors = [];
    let objects = 0;
    const kinds = new Set();
    const groups = (await get('/apis')).body.groups.flatMap((g) => g.versions.map((v) => `/apis/${v.groupVersion}`));
    for (const base of ['/api/v1', ...groups]) {
      const list = (await get(base)).body;
      const [group, version] = list.groupVersion.includes('/') ? list.groupVersion.split('/') : ['', list.groupVersion];
      for (const r of list.resources) {
        if (r.name.includes('/') || !r.verbs.includes('list')) continue;
        const schema = schemaForKind(schemas, group, version, `${r.kind}List`);
        assert.ok(schema, `no schema for ${list.groupVersion} ${r.kind}List`);
        const body = (await get(`${base}/${r.name}`)).body;
        for (const e of validator.validate(body, schema)) errors.push(`${list.groupVersion}/${r.name}: ${e}`);
        objects += body.items.length;
        if (body.items.length) kinds.add(r.kind);
      }
    }
    assert.deepEqual(errors, []);
    for (const kind of ['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob',
      'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Node', 'Event', 'EndpointSlice', 'Widget']) {
      assert.ok(kinds.has(kind), `no ${kind} was validated`);
    }
    assert.ok(objects > 100, `only ${objects} objects validated`);
  });
});
