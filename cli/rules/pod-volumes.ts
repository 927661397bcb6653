/**
 * Volumes and volume mounts of a pod spec, ported from Kubernetes 1.27
 * pkg/apis/core/validation/validation.go: `ValidateVolumes`,
 * `validateVolumeSource`, `ValidateVolumeMounts`, `validateLocalDescendingPath`
 * and `ValidateVolumeDevices`. A mount of a volume that does not exist is
 * reported by validate.ts (checkStatefulSet), which knows the claim templates.
 */
import { list, mapping, Report, text } from './shape';
import { isDnsLabel } from '../../lib/names';

/** The volume sources of core/v1 VolumeSource in 1.27. */
export const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
  'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos', 'csi', 'ephemeral',
];

/** `validateLocalDescendingPath`: a relative path without '..' elements; the problem, or undefined. */
export function descendingPathProblem(p: string): string | undefined {
  if (p.startsWith('/')) return 'is an absolute path';
  if (p.split('/').includes('..')) return 'contains \'..\'';
  return undefined;
}

const HOST_PATH_TYPES = new Set(['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice']);

/** Required fields of the common sources (validateSecretVolumeSource, validateConfigMapVolumeSource, ...). */
const REQUIRED: { [source: string]: string[] } = {
  secret: ['secretName'],
  configMap: ['name'],
  persistentVolumeClaim: ['claimName'],
  hostPath: ['path'],
  nfs: ['server', 'path'],
  csi: ['driver'],
};

/** `ValidateVolumes`: names, duplicates, exactly one source (none is defaulted to emptyDir by SetDefaults_Volume). */
export function checkVolumes(volumes: unknown, path: string, report: Report): void {
  const seen = new Set<string>();
  list(volumes).forEach((v, i) => {
    const volume = mapping(v);
    if (!volume) return;
    const at = `${path}.volumes[${i}]`;
    const name = text(volume.name);
    if (name === '') {
      report('error', `${at}.name`, 'is empty', 'name the volume with a DNS-1123 label');
    } else if (name !== undefined && !isDnsLabel(name)) {
      report('error', `${at}.name`, `${JSON.stringify(name)} is not a valid DNS-1123 label`, 'use at most 63 lowercase letters, digits and \'-\', starting and ending with a letter or digit');
    }
    if (name !== undefined) {
      if (seen.has(name)) report('error', `${at}.name`, `volume ${JSON.stringify(name)} is declared twice`, 'give each volume a unique name');
      seen.add(name);
    }
    const sources = VOLUME_SOURCES.filter(s => volume[s] !== undefined);
    if (sources.length > 1) {
      report('error', at, `volume ${name ?? i} has ${sources.length} sources (${sources.join(', ')})`, 'keep exactly one source per volume');
    }
    for (const source of sources) {
      const s = mapping(volume[source]);
      if (!s) continue;
      for (const field of REQUIRED[source] ?? []) {
        if (s[field] === undefined || s[field] === '') {
          report('error', `${at}.${source}.${field}`, `is missing for volume ${name ?? i}`, `set ${source}.${field}`);
        }
      }
      if (source === 'nfs' && typeof s.path === 'string' && s.path !== '' && !s.path.startsWith('/')) {
        // validateNFSVolumeSource: "must be an absolute path".
        report('error', `${at}.nfs.path`, `${JSON.stringify(s.path)} is not an absolute path`, 'write the export path from the root, e.g. /exports/data');
      }
      if (typeof s.defaultMode === 'number' && (s.defaultMode < 0 || s.defaultMode > 0o777)) {
        // validateSecretVolumeSource / validateConfigMapVolumeSource: defaultMode between 0 and 0777.
        report('error', `${at}.${source}.defaultMode`, `${s.defaultMode} is not a file mode`, 'use a value from 0 to 0777 (octal), e.g. 0644 (decimal 420)');
      }
      if (source === 'hostPath' && typeof s.type === 'string' && !HOST_PATH_TYPES.has(s.type)) {
        // validateHostPathType.
        report('error', `${at}.hostPath.type`, `${JSON.stringify(s.type)} is not a hostPath type`, `use one of ${[...HOST_PATH_TYPES].filter(Boolean).join(', ')}, or leave it empty`);
      }
      list(s.items).forEach((item: any, j: number) => {
        if (mapping(item) && (item.key === undefined || item.key === '')) {
          // validateKeyToPath: key required.
          report('error', `${at}.${source}.items[${j}].key`, 'is missing', 'name the key to project');
        }
        const p = text(mapping(item)?.path);
        const problem = p === undefined ? undefined : p === '' ? 'is empty' : descendingPathProblem(p);
        // validateKeyToPath: path required, relative, without '..'.
        if (problem) report('error', `${at}.${source}.items[${j}].path`, `${JSON.stringify(p)} ${problem}`, 'use a relative file name inside the volume');
      });
    }
  });
}

const PROPAGATION = new Set(['None', 'HostToContainer', 'Bidirectional']);

/** `ValidateVolumeMounts` and `ValidateVolumeDevices` for one container. */
export function checkMounts(container: { [key: string]: any }, at: string, report: Report): void {
  const paths = new Set<string>();
  const mountNames = new Set<string>();
  list(container.volumeMounts).forEach((vm, i) => {
    const mount = mapping(vm);
    if (!mount) return;
    const f = `${at}.volumeMounts[${i}]`;
    const mountPath = text(mount.mountPath);
    if (typeof mount.name === 'string') mountNames.add(mount.name);
    if (mountPath === '') {
      report('error', `${f}.mountPath`, 'is empty', 'give the absolute path in the container, e.g. /data');
    } else if (mountPath !== undefined) {
      if (paths.has(mountPath)) report('error', `${f}.mountPath`, `${JSON.stringify(mountPath)} is mounted twice in container ${container.name}`, 'mount each path once, or use subPath to put parts of volumes side by side');
      paths.add(mountPath);
    }
    for (const key of ['subPath', 'subPathExpr']) {
      const sub = text(mount[key]);
      const problem = sub ? descendingPathProblem(sub) : undefined;
      if (problem) report('error', `${f}.${key}`, `${JSON.stringify(sub)} ${problem}`, 'use a relative path inside the volume, without \'..\'');
    }
    if (text(mount.subPath) && text(mount.subPathExpr)) {
      report('error', `${f}.subPathExpr`, 'is set together with subPath', 'keep one of subPath and subPathExpr');
    }
    if (typeof mount.mountPropagation === 'string' && !PROPAGATION.has(mount.mountPropagation)) {
      report('error', `${f}.mountPropagation`, `${JSON.stringify(mount.mountPropagation)} is not a mount propagation mode`, 'use None, HostToContainer or Bidirectional');
    }
  });
  const devicePaths = new Set<string>();
  list(container.volumeDevices).forEach((vd, i) => {
    const device = mapping(vd);
    if (!device) return;
    const f = `${at}.volumeDevices[${i}]`;
    if (typeof device.name === 'string' && mountNames.has(device.name)) {
      report('error', `${f}.name`, `volume ${device.name} is both mounted and used as a device`, 'use a volume either in volumeMounts or in volumeDevices');
    }
    const devicePath = text(device.devicePath);
    if (devicePath !== undefined) {
      if (devicePaths.has(devicePath) || paths.has(devicePath)) report('error', `${f}.devicePath`, `${JSON.stringify(devicePath)} is used twice`, 'give each device and mount its own path');
      devicePaths.add(devicePath);
    }
  });
}
