/**
 * One check per app that no two objects share a kind and a name in one
 * namespace. `kubectl apply -f dist` would apply both, and the second would
 * silently replace the first; cdk8s writes both without complaint.
 *
 * The check is a construct validation of the app's root, so that cdk8s runs
 * it in `App.synth()` before any file is written (`App.synth` calls
 * `validate(this)` before `Yaml.save`, see cdk8s lib/app.ts), and a failed
 * synth leaves no manifest behind.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/** Marks a root that already carries the check, so that each app gets it once. */
const REGISTERED = Symbol.for('cdk8s-stateful.unique-object-names');

/**
 * The identity the API server keys an object by: API group (not version: a
 * Deployment of apps/v1 and of apps/v1beta1 is one object), kind, namespace
 * and name. An object without a namespace is keyed under ''; for namespaced
 * kinds that is the namespace kubectl applies it to, one per command.
 */
function identity(o: ApiObject): string {
  const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
  return `${group}|${o.kind}|${o.metadata.namespace ?? ''}|${o.name}`;
}

function describe(o: ApiObject): string {
  const ns = o.metadata.namespace;
  return `${o.kind.toLowerCase()} ${ns === undefined ? '' : `${ns}/`}${o.name}`;
}

/** The errors of the check: one per object name given twice or more. */
export function duplicateObjectNames(root: IConstruct): string[] {
  const seen = new Map<string, ApiObject[]>();
  for (const c of root.node.findAll()) {
    if (!(c instanceof ApiObject)) continue;
    const key = identity(c);
    const list = seen.get(key);
    if (list) list.push(c);
    else seen.set(key, [c]);
  }
  const errors: string[] = [];
  for (const list of seen.values()) {
    if (list.length < 2) continue;
    const paths = list.map(o => o.node.path).join(', ');
    errors.push(`${describe(list[0])}: name is given to ${list.length} objects (${paths}); give each a name of its own, `
      + 'because kubectl apply would let the last one replace the others');
  }
  return errors;
}

/** Adds the check to the root of `scope`'s tree, once. */
export function checkUniqueObjectNames(scope: IConstruct): void {
  const root = scope.node.root as IConstruct & { [REGISTERED]?: boolean };
  if (root[REGISTERED]) return;
  root[REGISTERED] = true;
  root.node.addValidation({ validate: () => duplicateObjectNames(root) });
}
