/**
 * The checks of the `checked` mode of bench/apps/scale.ts, on the objects the
 * app just synthesized, as `cdk8s-stateful validate` and `cdk8s-stateful plan`
 * run them on files: validate (strict schema, names, wiring, binding, pod
 * security; cli/validate.ts), then plan (binding analysis and its table;
 * cli/binding.ts, cli/plan.ts). Returns one line per error.
 */
import { analyzeBinding } from '../../cli/binding';
import { formatFinding } from '../../cli/findings';
import { Manifest } from '../../cli/load';
import { planTable } from '../../cli/plan';
import { validateManifests } from '../../cli/validate';

/** Length of the last plan table, so that the work is not optimized away. */
export let planLength = 0;

export function checkRendered(objects: readonly any[]): string[] {
  const manifests: Manifest[] = objects.map((object, i) => ({ file: 'scale.k8s.yaml', line: i + 1, object }));
  const result = validateManifests(manifests);
  planLength = planTable(analyzeBinding(manifests).rows).length;
  return result.findings.filter(f => f.severity === 'error').map(formatFinding);
}
