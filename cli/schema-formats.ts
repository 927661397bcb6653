/**
 * The string and number formats of the Kubernetes OpenAPI schema, for Ajv.
 * Required by the schema validators that the build compiles ahead of time
 * (cli/schema-compile.ts writes `require("./schema-formats").formats` into
 * build/cli/schema-validators.js), so they must stay in their own module.
 */

/** A whole number that fits in a signed integer of `bits` bits. */
function int(bits: number) {
  return { type: 'number' as const, validate: (n: number) => Number.isInteger(n) && n >= -(2 ** (bits - 1)) && n < 2 ** (bits - 1) };
}

/** Format name -> Ajv format definition. */
export const formats = {
  'int32': int(32),
  'int64': int(64),
  'double': { type: 'number' as const, validate: () => true },
  'byte': /^[A-Za-z0-9+/]*={0,2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
};
