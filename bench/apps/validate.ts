/**
 * Strict validation alone, for the benchmark (bench/run.js, part d): reads
 * every .yaml file of a folder and validates each object against the
 * Kubernetes 1.27 schema (cli/schema.ts). Exit code 1 when any object is invalid.
 *
 * usage: node validate.js FOLDER
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { SchemaValidator } from '../../cli/schema';

function main(dir: string): void {
  const validator = SchemaValidator.get();
  let objects = 0;
  let problems = 0;
  for (const file of fs.readdirSync(dir).filter(f => /\.ya?ml$/.test(f)).sort()) {
    for (const doc of parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf-8'))) {
      const object = doc.toJS();
      objects++;
      for (const v of validator.validate(object)) {
        problems++;
        if (problems <= 10) process.stderr.write(`${file}: ${object?.kind}/${object?.metadata?.name} ${v.field}: ${v.message}\n`);
      }
    }
  }
  process.stdout.write(`${objects} objects, ${problems} problems\n`);
  process.exitCode = problems > 0 ? 1 : 0;
}

main(process.argv[2]);
