// The schema sources of the fake API server's decoding and validation cover every type it serves (so no type is
// silently accepted unchecked), and the Go-faithful pieces (type names, quantity parsing, Pod Security wording)
// behave like their Go originals on known cases. The behaviour through real kubectl: fakeApiServerStrict.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasOpenApiSchema, quantityPointers } from '../fixtures/fakeApiServer/openApiValidation';
import { podSecurityViolations } from '../fixtures/fakeApiServer/podSecurity';
import { QUANTITY_FORMAT_WRONG, QUANTITY_SUFFIX, quantityError } from '../fixtures/fakeApiServer/quantity';
import { RESOURCES, resourceNamed } from '../fixtures/fakeApiServer/resources';
import { goTypeName, modelOfType, schemaModel } from '../fixtures/fakeApiServer/schemaModels';

test('every served type has a client-node model (types, unknown fields) and a kubernetes-models schema (required, enum, quantities)', () => {
  for (const type of RESOURCES) {
    assert.ok(modelOfType(type), `no client-node model for ${type.kind}`);
    assert.ok(hasOpenApiSchema(type), `no kubernetes-models schema for ${type.kind}`);
  }
  assert.equal(modelOfType(resourceNamed('events'))?.name, 'CoreV1Event');
});

test('Go type names as encoding/json prints them', () => {
  const container = schemaModel('V1Container');
  assert.ok(container);
  const name = (field: string) => goTypeName(container.fields.get(field) ?? { type: '?', format: '' });
  assert.equal(name('args'), '[]string');
  assert.equal(name('stdin'), 'bool');
  assert.equal(name('securityContext'), 'v1.SecurityContext');
  assert.equal(name('ports'), '[]v1.ContainerPort');
  assert.equal(goTypeName({ type: 'number', format: 'int64' }), 'int64');
  assert.equal(goTypeName({ type: '{ [key: string]: string; }', format: '' }), 'map[string]string');
  assert.equal(goTypeName({ type: 'string', format: 'byte' }), '[]uint8');
});

test('resource quantities: what resource.ParseQuantity accepts and its two errors', () => {
  for (const good of ['1', 1, 0.5, '500m', '1Gi', '64Mi', '1e3', '1E-2', '+1.5k', '.5', '2Ei']) assert.equal(quantityError(good), undefined, String(good));
  for (const bad of ['', 'lots', '5h', '1 Gi', '1..2x', '1Kb']) assert.equal(quantityError(bad), QUANTITY_FORMAT_WRONG, bad);
  for (const bad of ['192i', '1KM', '1mm', '5Mn']) assert.equal(quantityError(bad), QUANTITY_SUFFIX, bad);
});

test('quantity positions come from the schema, not from field names', () => {
  const pointers = quantityPointers(resourceNamed('limitranges'), { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'l' }, spec: { limits: [{ type: 'Container', max: { cpu: '2' }, default: { memory: '1Gi' } }] } });
  assert.deepEqual([...pointers].sort(), ['/spec/limits/0/default/memory', '/spec/limits/0/max/cpu']);
});

test('Pod Security: baseline allows what restricted refuses; the detail lists every container', () => {
  const pod = { metadata: {}, specPath: 'spec', spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'x', ports: [{ containerPort: 80, hostPort: 8080 }] }], volumes: [{ name: 'host', hostPath: { path: '/' } }] } };
  assert.equal(podSecurityViolations('baseline', pod), 'hostPath volumes (volume "host"), hostPort (container "b" uses hostPort 8080)');
  assert.match(podSecurityViolations('restricted', pod) ?? '', /^hostPort \(container "b" uses hostPort 8080\), allowPrivilegeEscalation != false \(containers "a", "b" must set securityContext\.allowPrivilegeEscalation=false\), unrestricted capabilities \(containers "a", "b" must set securityContext\.capabilities\.drop=\["ALL"\]\), restricted volume types \(volume "host" uses restricted volume type "hostPath"\), runAsNonRoot != true/);
  assert.equal(podSecurityViolations('privileged', pod), undefined);
});
