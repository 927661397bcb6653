/**
 * Storage sizes: rendering cdk8s `Size` values as Kubernetes quantities, and
 * parsing the quantity strings users write in configuration files.
 */
import { Size, SizeRoundingBehavior } from 'cdk8s';
import { check } from './errors';

const UNITS: Array<[string, number]> = [['Pi', 1024 ** 4], ['Ti', 1024 ** 3], ['Gi', 1024 ** 2], ['Mi', 1024], ['Ki', 1]];
const BINARY_QUANTITY = /^([1-9][0-9]*)(Ki|Mi|Gi|Ti|Pi)$/;

/** Renders a size with the largest binary suffix that keeps it a whole number, e.g. `100Mi`. */
export function renderSize(what: string, field: string, size: Size): string {
  check(size instanceof Size, `${what}: ${field} ${JSON.stringify(size) ?? String(size)} is not a Size; give one such as Size.mebibytes(100)`);
  // NONE: convert exactly and let the check below report fractions and NaN
  // (the default rounding throws a plain Error).
  const kib = size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  check(Number.isInteger(kib) && kib > 0,
    `${what}: ${field} ${kib}Ki is not a positive whole number of kibibytes; use a size such as Size.mebibytes(100)`);
  for (const [suffix, factor] of UNITS) {
    if (kib % factor === 0) {
      return `${kib / factor}${suffix}`;
    }
  }
  return `${kib}Ki`;
}

/**
 * Parses a storage quantity written by a user (`100Mi`, `1Gi`). Only whole
 * numbers with a binary suffix are accepted, because they are what a storage
 * request and a PV capacity can both express exactly.
 */
export function parseSize(what: string, field: string, text: string): Size {
  const match = typeof text === 'string' ? BINARY_QUANTITY.exec(text.trim()) : null;
  check(match !== null,
    `${what}: ${field} ${JSON.stringify(text)} is not a storage size; use a whole number with a binary suffix (Ki, Mi, Gi, Ti, Pi), e.g. 100Mi or 1Gi`);
  const amount = Number(match[1]);
  switch (match[2]) {
    case 'Ki': return Size.kibibytes(amount);
    case 'Mi': return Size.mebibytes(amount);
    case 'Gi': return Size.gibibytes(amount);
    case 'Ti': return Size.tebibytes(amount);
    default: return Size.pebibyte(amount);
  }
}
