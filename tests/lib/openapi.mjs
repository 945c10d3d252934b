// A small OpenAPI v3 validator for the schemas kube-apiserver (and the simulator) serve:
// types and formats, required, enums, $ref and allOf, oneOf (Quantity, IntOrString),
// additionalProperties, array items and x-kubernetes-preserve-unknown-fields. Returns a list
// of "path: problem" strings, empty when the value conforms. Beyond `required`, a field whose
// upstream default is {} (a struct value in Go) must be present, as Go always writes it.
//   const v = openapiValidator(schemas);  // components.schemas of one or more documents
//   v.validate(obj, 'io.k8s.api.core.v1.Pod') -> ['.spec.containers[0].name: required', ...]

const REF = '#/components/schemas/';
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v; // string, boolean, object
}

function typeMatches(want, v) {
  const got = typeOf(v);
  return got === want || (want === 'number' && got === 'integer');
}

export function openapiValidator(schemas) {
  const lookup = (ref) => {
    if (!ref.startsWith(REF)) throw new Error(`unsupported $ref ${ref}`);
    const s = schemas[ref.slice(REF.length)];
    if (!s) throw new Error(`unresolved $ref ${ref}`);
    return s;
  };

  // Go writes null for a nil pointer, slice or map, never for a string, number or bool value.
  const isScalar = (s) => {
    if (!s) return false;
    if (s.$ref) return isScalar(lookup(s.$ref));
    if (s.allOf?.length === 1) return isScalar(s.allOf[0]);
    return ['string', 'integer', 'number', 'boolean'].includes(s.type) || Boolean(s.oneOf);
  };

  function check(v, s, path, errs) {
    if (s.$ref) check(v, lookup(s.$ref), path, errs);
    for (const sub of s.allOf ?? []) check(v, sub, path, errs);
    if (s.oneOf && !s.oneOf.some((alt) => typeMatches(alt.type, v))) {
      errs.push(`${path}: must be one of ${s.oneOf.map((a) => a.type).join('|')}, got ${typeOf(v)}`);
    }
    if (s.type === undefined) return;
    if (!typeMatches(s.type, v)) {
      errs.push(`${path}: must be of type ${s.type}, got ${typeOf(v)} ${JSON.stringify(v)}`);
      return;
    }
    if (s.enum && !s.enum.includes(v)) errs.push(`${path}: ${JSON.stringify(v)} is not one of ${s.enum.join(', ')}`);
    if (s.format === 'int32' && (v < -(2 ** 31) || v >= 2 ** 31)) errs.push(`${path}: out of int32 range`);
    if (s.format === 'date-time' && !DATE_TIME.test(v)) errs.push(`${path}: not an RFC 3339 date-time: ${v}`);
    if (s.format === 'byte' && !BASE64.test(v)) errs.push(`${path}: not base64`);
    if (s.type === 'array') v.forEach((x, i) => field(x, s.items ?? {}, `${path}[${i}]`, errs));
    if (s.type === 'object') object(v, s, path, errs);
  }

  // Go writes null for nil pointers, slices and maps; a null scalar is never what it writes
  // for a required field.
  function field(v, s, path, errs) {
    if (v === null) return;
    check(v, s, path, errs);
  }

  function object(v, s, path, errs) {
    if (s['x-kubernetes-preserve-unknown-fields'] && !s.properties) return;
    for (const r of s.required ?? []) {
      if (!(r in v)) errs.push(`${path}.${r}: required`);
      else if (v[r] === null && isScalar(s.properties?.[r])) errs.push(`${path}.${r}: required, got null`);
    }
    const props = s.properties ?? {};
    // A struct-valued field (default {} upstream) is written even when empty: encoding/json's
    // omitempty never omits a struct.
    for (const [k, p] of Object.entries(props)) {
      const d = p.default;
      if (d && typeof d === 'object' && !Array.isArray(d) && !(k in v)) errs.push(`${path}.${k}: missing (Go always writes it)`);
    }
    for (const [k, x] of Object.entries(v)) {
      if (props[k]) field(x, props[k], `${path}.${k}`, errs);
      else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        field(x, s.additionalProperties, `${path}.${k}`, errs);
      }
    }
  }

  return {
    validate(value, schemaName) {
      const errs = [];
      check(value, lookup(REF + schemaName), '', errs);
      return errs;
    },
  };
}

// The schema name whose x-kubernetes-group-version-kind is the given kind.
export function schemaForKind(schemas, group, version, kind) {
  for (const [name, s] of Object.entries(schemas)) {
    for (const g of s['x-kubernetes-group-version-kind'] ?? []) {
      if (g.group === group && g.version === version && g.kind === kind) return name;
    }
  }
  return undefined;
}
