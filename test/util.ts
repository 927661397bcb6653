import { Chart, Testing } from 'cdk8s';
import { SchemaValidator } from '../cli/schema';

/** A chart with stable names, as the k8sdemo chart and consumers use. */
export function newChart(): Chart {
  return new Chart(Testing.app(), 'test', { disableResourceNameHashes: true });
}

/** Synthesized objects of a chart, in output order. */
export function synth(chart: Chart): any[] {
  return Testing.synth(chart);
}

/** The one object of `kind` named `name`; throws when there is none or several. */
export function find(objects: any[], kind: string, name: string): any {
  const found = objects.filter(o => o.kind === kind && o.metadata?.name === name);
  if (found.length !== 1) {
    throw new Error(`expected one ${kind} ${name}, found ${found.length} among ${objects.map(o => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  }
  return found[0];
}

/** All objects of `kind`. */
export function ofKind(objects: any[], kind: string): any[] {
  return objects.filter(o => o.kind === kind);
}

/** Asserts that every object passes strict Kubernetes 1.27 schema validation. */
export function expectStrictlyValid(objects: any[]): void {
  const validator = SchemaValidator.get();
  const problems = objects.flatMap(o => validator.validate(o).map(v => `${o.kind}/${o.metadata?.name} ${v.field}: ${v.message}`));
  expect(problems).toEqual([]);
}
