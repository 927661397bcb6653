/**
 * The storage behind a workload's claim templates: one static NFS
 * PersistentVolume per replica, or a CSI StorageClass. Private to the package.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { check, InputError } from './errors';
import { checkDnsSubdomain, defaultCsiStorageClassName, expandPattern } from './names';
import { NfsPersistentVolume } from './nfs-persistent-volume';
import { NfsStorageMode } from './nfs-storage';
import { renderSize } from './quantity';
import { VolumeClaimTemplate } from './volume-claim-template';
import { KubeStorageClass, Quantity } from '../imports/k8s';

/** What `addClaimStorage` made for one template. */
export interface ClaimStorage {
  /** The template as the StatefulSet renders it (with the CSI class name filled in). */
  readonly template: VolumeClaimTemplate;
  readonly persistentVolumes: NfsPersistentVolume[];
  readonly storageClass?: ApiObject;
}

/** The workload whose claims the storage serves. */
interface Workload {
  readonly name: string;
  readonly namespace?: string;
  readonly replicas: number;
  readonly selectorLabels: { [key: string]: string };
}

/**
 * Creates, in `scope`, the PersistentVolumes or StorageClass of `template`, and
 * checks that it shares no storage class with the templates already declared.
 */
export function addClaimStorage(scope: Workload & Construct, what: string, template: VolumeClaimTemplate,
  declared: readonly VolumeClaimTemplate[], labels?: { [key: string]: string }): ClaimStorage {
  const persistentVolumes: NfsPersistentVolume[] = [];
  let storageClass: ApiObject | undefined;
  const nfs = template.nfs;
  if (nfs?.mode === NfsStorageMode.STATIC) {
    check(template.storageClassName !== undefined,
      `${what}: claim template ${template.name} uses static nfs storage but sets no storageClassName, so the cluster's default class would provision it instead; set storageClassName (e.g. ${template.name}-${scope.name}-sc), or "" for no class`);
    check(!nfs.preBind || scope.namespace !== undefined,
      `${what}: pre-bound nfs volumes name their claim's namespace in claimRef, but the statefulset has no namespace; set namespace (e.g. default) or turn preBind off`);
    for (let ordinal = 0; ordinal < scope.replicas; ordinal++) {
      const values = { template: template.name, statefulSet: scope.name, ordinal };
      persistentVolumes.push(new NfsPersistentVolume(scope, `${template.name}-pv-${ordinal}`, {
        name: expandPattern(nfs.volumeNamePattern!, values),
        server: nfs.server,
        path: expandPattern(nfs.path, values),
        capacity: template.storageSize,
        accessModes: template.accessModes,
        storageClassName: template.storageClassName,
        volumeMode: template.volumeMode,
        reclaimPolicy: nfs.reclaimPolicy,
        mountOptions: nfs.mountOptions,
        claimName: nfs.preBind ? template.claimName(scope.name, ordinal) : undefined,
        claimNamespace: nfs.preBind ? scope.namespace : undefined,
        labels,
      }));
    }
  } else if (nfs?.mode === NfsStorageMode.CSI) {
    check(nfs.storageClassName === undefined || template.storageClassName === undefined || nfs.storageClassName === template.storageClassName,
      `${what}: claim template ${template.name} asks for storageClassName ${template.storageClassName} but its csi nfs storage creates ${nfs.storageClassName}; set only one of them`);
    const className = nfs.storageClassName ?? template.storageClassName ?? defaultCsiStorageClassName(template.name, scope.name);
    checkDnsSubdomain(what, `claim template ${template.name} storage class`, className);
    storageClass = new KubeStorageClass(scope, `${template.name}-storage-class`, {
      metadata: { name: className, labels },
      provisioner: 'nfs.csi.k8s.io',
      parameters: { server: nfs.server, share: nfs.path },
      reclaimPolicy: nfs.reclaimPolicy,
      volumeBindingMode: 'Immediate',
      mountOptions: nfs.mountOptions ? [...nfs.mountOptions] : undefined,
    });
    template = new VolumeClaimTemplate({ ...template, storageClassName: className, labels: template.labels, annotations: template.annotations });
  }
  const isStatic = (t: VolumeClaimTemplate) => t.nfs?.mode === NfsStorageMode.STATIC;
  const sharing = declared.find(t => t.storageClassName !== undefined && t.storageClassName === template.storageClassName
    && (isStatic(t) || isStatic(template)));
  if (sharing !== undefined) {
    const [owner, other] = isStatic(sharing) ? [sharing, template] : [template, sharing];
    throw new InputError(`${what}: claim templates ${sharing.name} and ${template.name} both ask for storage class ${JSON.stringify(template.storageClassName)}, which holds the static nfs volumes of ${owner.name}, so claims of ${other.name} could bind them or stay pending; give each template its own storageClassName`);
  }
  return { template, persistentVolumes, storageClass };
}

/** The claim template as the StatefulSet's `volumeClaimTemplates` lists it. */
export function renderClaimTemplate(t: VolumeClaimTemplate): any {
  const hasLabels = Object.keys(t.labels).length > 0;
  const hasAnnotations = Object.keys(t.annotations).length > 0;
  return {
    metadata: {
      name: t.name,
      labels: hasLabels ? t.labels : undefined,
      annotations: hasAnnotations ? t.annotations : undefined,
    },
    spec: {
      accessModes: t.accessModes,
      resources: { requests: { storage: Quantity.fromString(renderSize(`claim template ${t.name}`, 'storageSize', t.storageSize)) } },
      storageClassName: t.storageClassName,
      volumeMode: t.volumeMode,
    },
  };
}
