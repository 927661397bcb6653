/**
 * The jsii assembly (`.jsii`, from the doc comments) documents the whole
 * public API, and the committed API.md is what jsii-docgen makes of it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT, run } from './helpers';

const assembly = JSON.parse(fs.readFileSync(path.join(ROOT, '.jsii'), 'utf8'));

/** Names of undocumented public items of the assembly. */
function undocumented(types: { [fqn: string]: any }): string[] {
  const missing: string[] = [];
  const params = (where: string, list: any[] | undefined) => {
    for (const p of list ?? []) if (!p.docs?.summary) missing.push(`${where} parameter ${p.name}`);
  };
  for (const [fqn, type] of Object.entries(types)) {
    if (!type.docs?.summary) missing.push(fqn);
    if (type.initializer) params(`${fqn} constructor`, type.initializer.parameters);
    for (const prop of type.properties ?? []) {
      if (!prop.docs?.summary) missing.push(`${fqn}.${prop.name}`);
      if (type.kind === 'interface' && prop.optional && prop.docs?.default === undefined) missing.push(`${fqn}.${prop.name} @default`);
    }
    for (const method of type.methods ?? []) {
      if (!method.docs?.summary) missing.push(`${fqn}.${method.name}()`);
      params(`${fqn}.${method.name}()`, method.parameters);
    }
    for (const member of type.members ?? []) if (!member.docs?.summary) missing.push(`${fqn}.${member.name}`);
  }
  return missing;
}

describe('API documentation', () => {
  test('exports the public constructs from lib/index.ts', () => {
    expect(Object.keys(assembly.types)).toEqual(expect.arrayContaining([
      'cdk8s-stateful.StatefulWorkload', 'cdk8s-stateful.HeadlessService', 'cdk8s-stateful.NfsPersistentVolume',
      'cdk8s-stateful.VolumeClaimTemplate', 'cdk8s-stateful.NfsStorage', 'cdk8s-stateful.Probe', 'cdk8s-stateful.UpdateStrategy',
    ]));
  });

  test('every public type, property, method and parameter has a doc comment; every optional prop a @default', () => {
    expect(undocumented(assembly.types)).toEqual([]);
  });

  test('the check finds an undocumented prop and a missing @default', () => {
    const broken = {
      'x.Props': { kind: 'interface', docs: { summary: 'Props.' }, properties: [{ name: 'size', optional: true, docs: { summary: 'Size.' } }] },
      'x.Thing': { kind: 'class', docs: { summary: 'Thing.' }, methods: [{ name: 'grow', docs: {} }] },
    };
    expect(undocumented(broken)).toEqual(['x.Props.size @default', 'x.Thing.grow()']);
  });

  test('API.md is what jsii-docgen generates from the current sources', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-stateful-docgen-')), 'API.md');
    try {
      run(process.execPath, [path.join(ROOT, 'node_modules', 'jsii-docgen', 'bin', 'jsii-docgen'), '--output', out], ROOT);
      const fresh = fs.readFileSync(out, 'utf8');
      const committed = fs.readFileSync(path.join(ROOT, 'API.md'), 'utf8');
      if (fresh !== committed) {
        throw new Error('API.md is stale: run `npm run build && npm run docgen` and commit API.md');
      }
    } finally {
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    }
  });
});
