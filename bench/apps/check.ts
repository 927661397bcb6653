/**
 * The checks of the `checked` mode of bench/apps/scale.ts, on the objects the
 * app just synthesized: strict Kubernetes 1.27 schema validation (cli/schema.ts).
 * Returns one line per problem.
 */
import { SchemaValidator } from '../../cli/schema';

export function checkRendered(objects: readonly any[]): string[] {
  const validator = SchemaValidator.get();
  const problems: string[] = [];
  for (const o of objects) {
    for (const v of validator.validate(o)) {
      problems.push(`${o.kind}/${o.metadata?.name} ${v.field}: ${v.message}`);
    }
  }
  return problems;
}
