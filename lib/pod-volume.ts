import { EmptyDirMedium, EmptyDirVolumeOptions, IConfigMap, ISecret, PathMapping } from 'cdk8s-plus-27';
import { check } from './errors';
import { checkDnsLabel, checkDnsSubdomain } from './names';
import { renderSize } from './quantity';
import { checkRelativePath } from './validate-props';
import { Quantity } from '../imports/k8s';

/** Largest file mode Kubernetes accepts for volume files (`0777`, see `validateKeyToPath`). */
const MAX_MODE = 0o777;

/** Options of a volume or projection made from the keys of a ConfigMap or Secret. */
export interface KeyProjectionOptions {
  /**
   * Project only these keys, each to the relative path given. Keys not listed
   * are left out.
   *
   * @default - every key, each as a file named like the key
   */
  readonly items?: { [key: string]: PathMapping };
}

/** Options of a volume made from a ConfigMap or Secret. */
export interface ObjectVolumeOptions extends KeyProjectionOptions {
  /**
   * Mode bits of the files, from 0 to 0o777, e.g. `0o440`.
   *
   * @default - 0o644, the API server's default
   */
  readonly defaultMode?: number;

  /**
   * Start the pod even if the ConfigMap or Secret (or a listed key) does not exist.
   *
   * @default false - the kubelet waits for it
   */
  readonly optional?: boolean;
}

/** Options of a projected volume. */
export interface ProjectedVolumeOptions {
  /**
   * Mode bits of the files, from 0 to 0o777, e.g. `0o440`.
   *
   * @default - 0o644, the API server's default
   */
  readonly defaultMode?: number;
}

/** Options of a projected service account token. */
export interface ServiceAccountTokenProjectionOptions {
  /** Relative path of the token file in the volume, e.g. `token`. */
  readonly path: string;

  /**
   * Audience the token is meant for.
   *
   * @default - the API server's audience
   */
  readonly audience?: string;

  /**
   * Requested lifetime of the token in seconds; at least 600.
   *
   * @default - 3600, the API server's default
   */
  readonly expirationSeconds?: number;
}

function checkMode(what: string, field: string, mode: number | undefined): void {
  check(mode === undefined || (Number.isInteger(mode) && mode >= 0 && mode <= MAX_MODE),
    `${what}: ${field} ${JSON.stringify(mode)} is not a file mode; give a number from 0 to 0o777, e.g. 0o440`);
}

function renderItems(what: string, items: { [key: string]: PathMapping } | undefined): any[] | undefined {
  if (items === undefined) return undefined;
  const entries = Object.entries(items);
  check(entries.length > 0, `${what}: items is empty; leave items out to project every key`);
  return entries.map(([key, mapping]) => {
    checkRelativePath(what, `items ${key} path`, mapping.path);
    checkMode(what, `items ${key} mode`, mapping.mode);
    return { key, path: mapping.path, mode: mapping.mode };
  });
}

function objectName(what: string, kind: string, object: IConfigMap | ISecret): string {
  check(object !== undefined && object !== null && typeof object.name === 'string',
    `${what}: ${kind} is missing; give a cdk8s-plus ${kind === 'configMap' ? 'ConfigMap' : 'Secret'}, or ${kind === 'configMap' ? 'ConfigMap.fromConfigMapName' : 'Secret.fromSecretName'} for one made elsewhere`);
  // ValidateConfigMapName and ValidateSecretName: names are DNS subdomains.
  checkDnsSubdomain(what, `${kind} name`, object.name);
  return object.name;
}

/** One source of a projected volume. */
export class ProjectedSource {
  /**
   * Keys of a ConfigMap.
   *
   * @param configMap the ConfigMap, e.g. `ConfigMap.fromConfigMapName(this, 'conf', 'app-config')`
   * @param options which keys to project, and where
   */
  public static fromConfigMap(configMap: IConfigMap, options: KeyProjectionOptions = {}): ProjectedSource {
    const what = 'projected configMap source';
    const name = objectName(what, 'configMap', configMap);
    return new ProjectedSource({ configMap: { name, items: renderItems(`${what} ${name}`, options.items) } });
  }

  /**
   * Keys of a Secret.
   *
   * @param secret the Secret, e.g. `Secret.fromSecretName(this, 'tls', 'app-tls')`
   * @param options which keys to project, and where
   */
  public static fromSecret(secret: ISecret, options: KeyProjectionOptions = {}): ProjectedSource {
    const what = 'projected secret source';
    const name = objectName(what, 'secret', secret);
    return new ProjectedSource({ secret: { name, items: renderItems(`${what} ${name}`, options.items) } });
  }

  /**
   * A service account token for the pod's service account, rotated by the kubelet.
   *
   * @param options file path, audience and lifetime of the token
   */
  public static fromServiceAccountToken(options: ServiceAccountTokenProjectionOptions): ProjectedSource {
    const what = 'projected service account token';
    checkRelativePath(what, 'path', options.path);
    // validateProjectionSources (pkg/apis/core/validation): expirationSeconds "may not specify a duration less than 10 minutes".
    check(options.expirationSeconds === undefined || (Number.isInteger(options.expirationSeconds) && options.expirationSeconds >= 600),
      `${what}: expirationSeconds ${JSON.stringify(options.expirationSeconds)} is less than 600 seconds; give at least 600`);
    return new ProjectedSource({ serviceAccountToken: { path: options.path, audience: options.audience, expirationSeconds: options.expirationSeconds } });
  }

  private constructor(private readonly kube: { [key: string]: any }) {}

  /** The Kubernetes `VolumeProjection`. Used by `PodVolume`. */
  public toKube(): { [key: string]: any } {
    return JSON.parse(JSON.stringify(this.kube));
  }
}

/**
 * A volume of the pod, other than the claim templates: files from a ConfigMap
 * or Secret, a scratch `emptyDir`, or a projected volume. Mount it into any
 * container with a `VolumeMountSpec`; the workload adds it to the pod once.
 *
 * Its name is given, never generated, so that it stays the same when the code moves.
 */
export class PodVolume {
  /**
   * Files from the keys of a ConfigMap, updated in place when the ConfigMap changes
   * (except under a `subPath` mount).
   *
   * @param name volume name, unique in the pod
   * @param configMap the ConfigMap, e.g. a cdk8s-plus `ConfigMap` or `ConfigMap.fromConfigMapName(...)`
   * @param options keys, file mode and whether the ConfigMap may be missing
   */
  public static fromConfigMap(name: string, configMap: IConfigMap, options: ObjectVolumeOptions = {}): PodVolume {
    const what = `volume ${name}`;
    const objName = objectName(what, 'configMap', configMap);
    checkMode(what, 'defaultMode', options.defaultMode);
    return new PodVolume(name, {
      configMap: { name: objName, items: renderItems(what, options.items), defaultMode: options.defaultMode, optional: options.optional },
    });
  }

  /**
   * Files from the keys of a Secret.
   *
   * @param name volume name, unique in the pod
   * @param secret the Secret, e.g. a cdk8s-plus `Secret` or `Secret.fromSecretName(...)`
   * @param options keys, file mode and whether the Secret may be missing
   */
  public static fromSecret(name: string, secret: ISecret, options: ObjectVolumeOptions = {}): PodVolume {
    const what = `volume ${name}`;
    const objName = objectName(what, 'secret', secret);
    checkMode(what, 'defaultMode', options.defaultMode);
    return new PodVolume(name, {
      secret: { secretName: objName, items: renderItems(what, options.items), defaultMode: options.defaultMode, optional: options.optional },
    });
  }

  /**
   * An empty directory that lives as long as the pod: writable scratch space
   * under a read-only root filesystem (e.g. postgres' `/var/run/postgresql`).
   * The kubelet makes it writable by every user (mode 0777 on disk).
   *
   * @param name volume name, unique in the pod
   * @param options medium (disk or memory) and size limit
   */
  public static fromEmptyDir(name: string, options: EmptyDirVolumeOptions = {}): PodVolume {
    const what = `volume ${name}`;
    check(options.medium === undefined || Object.values(EmptyDirMedium).includes(options.medium),
      `${what}: medium ${JSON.stringify(options.medium)} is not one of ${Object.values(EmptyDirMedium).map(m => JSON.stringify(m)).join(', ')}; use EmptyDirMedium`);
    const sizeLimit = options.sizeLimit === undefined ? undefined : Quantity.fromString(renderSize(what, 'sizeLimit', options.sizeLimit));
    return new PodVolume(name, { emptyDir: { medium: options.medium || undefined, sizeLimit } });
  }

  /**
   * Several ConfigMaps, Secrets and service account tokens in one directory.
   *
   * @param name volume name, unique in the pod
   * @param sources what to project; at least one
   * @param options file mode
   */
  public static fromProjected(name: string, sources: ProjectedSource[], options: ProjectedVolumeOptions = {}): PodVolume {
    const what = `volume ${name}`;
    check(Array.isArray(sources) && sources.length > 0, `${what}: projected sources are empty; give at least one ProjectedSource`);
    for (const s of sources) {
      check(s instanceof ProjectedSource, `${what}: projected sources must be ProjectedSource objects, e.g. ProjectedSource.fromSecret(secret)`);
    }
    checkMode(what, 'defaultMode', options.defaultMode);
    return new PodVolume(name, { projected: { sources: sources.map(s => s.toKube()), defaultMode: options.defaultMode } });
  }

  /** Name of the volume in the pod. */
  public readonly name: string;
  private readonly source: { [key: string]: any };

  private constructor(name: string, source: { [key: string]: any }) {
    checkDnsLabel(`volume ${JSON.stringify(name)}`, 'name', name);
    this.name = name;
    this.source = source;
  }

  /** The Kubernetes `Volume`. Used by `StatefulWorkload`. */
  public toKube(): { [key: string]: any } {
    return { name: this.name, ...this.source };
  }
}

