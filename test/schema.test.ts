import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { SchemaValidator } from '../cli/schema';

const validator = SchemaValidator.get();
const pv = () => ({
  apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv' },
  spec: { accessModes: ['ReadWriteOnce'], capacity: { storage: '100Mi' }, nfs: { server: 'nfs', path: '/x' } },
});

describe('strict schema validation', () => {
  test('the seed manifests are valid', () => {
    const dir = path.join(__dirname, 'fixtures', 'seed');
    for (const file of fs.readdirSync(dir)) {
      for (const doc of parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf-8'))) {
        expect(validator.validate(doc.toJSON())).toEqual([]);
      }
    }
  });

  test('rejects unknown fields', () => {
    const o: any = pv();
    o.spec.nfs.serverr = 'typo';
    expect(validator.validate(o)).toEqual([{ field: 'spec.nfs.serverr', message: expect.stringMatching(/unknown field serverr/) }]);
  });

  test('rejects wrong types and missing required fields', () => {
    const o: any = pv();
    o.spec.nfs = { server: 'nfs' };
    o.spec.accessModes = 'ReadWriteOnce';
    const found = validator.validate(o);
    expect(found).toContainEqual({ field: 'spec.nfs', message: expect.stringMatching(/missing required field path/) });
    expect(found).toContainEqual({ field: 'spec.accessModes', message: 'must be array', path: ['spec', 'accessModes'], type: 'array' });
  });

  test('rejects malformed quantities', () => {
    const o: any = pv();
    o.spec.capacity.storage = '100Mo';
    expect(validator.validate(o)).toEqual([{ field: 'spec.capacity.storage', message: expect.stringMatching(/"100Mo" is not a Kubernetes quantity/) }]);
    for (const ok of ['100Mi', '1Gi', '500m', '2', '1e3', '0.5']) {
      o.spec.capacity.storage = ok;
      expect(validator.validate(o)).toEqual([]);
    }
  });

  test('rejects int32 overflow', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 2 ** 40 }] } };
    expect(validator.validate(svc)).toEqual([{ field: 'spec.ports[0].port', message: expect.stringMatching(/out of range for int32/) }]);
  });

  test('rejects unknown kinds and wrong apiVersions', () => {
    expect(validator.validate({ apiVersion: 'v1', kind: 'StatefulSet', metadata: { name: 'x' } }))
      .toEqual([{ field: 'apiVersion', message: expect.stringMatching(/use apiVersion apps\/v1/) }]);
    expect(validator.validate({ apiVersion: 'v1', kind: 'Nonsense', metadata: { name: 'x' } }))
      .toEqual([{ field: 'kind', message: expect.stringMatching(/unknown to Kubernetes 1.27.0/) }]);
  });
});
