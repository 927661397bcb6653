/**
 * The `validate` warnings of cli/rules/cluster-traps.ts (issue 9): manifests
 * the API server accepts but that fail on a cluster without any error. Each
 * test breaks a passing set (the seed or dist/) and expects the warning, and
 * checks the passing set has none.
 */
import { fixture, get, lines, objects, SEED, DIST, validate } from './helpers';

/** Warnings of one rule (or of all three). */
const trapLines = (out: string, rule = /the service is headless|only root may bind|fsGroup/) => lines(out, 'warning').filter(l => rule.test(l));
const PORT = /only root may bind/;
const NFS = /fsGroup/;
const sts = (objs: any[]) => get(objs, 'StatefulSet', 'k8sdemo');
const podSpec = (objs: any[]) => sts(objs).spec.template.spec;

describe('validate: cluster traps', () => {
  test('the seed and dist/ have none of them', async () => {
    expect(trapLines((await validate(objects(SEED))).stdout)).toEqual([]);
    expect(trapLines((await validate(objects(DIST))).stdout)).toEqual([]);
  });

  describe('headless Service with port != targetPort (kube-proxy ShouldSkipService skips headless Services)', () => {
    test('a numeric targetPort that differs is flagged', async () => {
      const objs = objects(SEED);
      get(objs, 'Service', 'k8sdemo-service').spec.ports[0].targetPort = 8080;
      expect(trapLines((await validate(objs)).stdout)).toEqual([
        expect.stringMatching(/^warning \S+ Service default\/k8sdemo-service spec\.ports\[0\]\.targetPort: is 8080 but port is 80; the service is headless \(clusterIP: None\).*; make port and targetPort the same number: set port to 8080/),
      ]);
    });

    test('a named targetPort is resolved through the selected pods', async () => {
      const objs = objects(SEED);
      get(objs, 'Service', 'k8sdemo-service').spec.ports[0].targetPort = 'http';
      podSpec(objs).containers[0].ports = [{ name: 'http', containerPort: 8080 }];
      expect(trapLines((await validate(objs)).stdout)).toEqual([expect.stringMatching(/targetPort: is 8080 \(named port http of the selected pods\) but port is 80/)]);
      podSpec(objs).containers[0].ports = [{ name: 'http', containerPort: 80 }];
      expect(trapLines((await validate(objs)).stdout)).toEqual([]);
    });

    test('a Service with a cluster IP may map ports', async () => {
      const objs = objects(SEED);
      const svc = get(objs, 'Service', 'k8sdemo-service');
      svc.spec.ports[0].targetPort = 8080;
      delete svc.spec.clusterIP;
      expect(trapLines((await validate(objs)).stdout)).toEqual([]);
    });
  });

  describe('non-root container with a port below 1024', () => {
    const lowPort = (objs: any[]) => {
      podSpec(objs).securityContext = { runAsUser: 1000, runAsNonRoot: true };
      podSpec(objs).containers[0].ports = [{ containerPort: 80 }];
      return objs;
    };

    test('without the sysctl it is flagged, with the fix', async () => {
      expect(trapLines((await validate(lowPort(objects(SEED)))).stdout, PORT)).toEqual([
        expect.stringMatching(/StatefulSet default\/k8sdemo spec\.template\.spec\.containers\[0\]\.ports\[0\]\.containerPort: container k8sdemo runs as uid 1000 but declares port 80, which only root may bind below 1024.*; add the pod sysctl net\.ipv4\.ip_unprivileged_port_start: "80"/),
      ]);
    });

    test('runAsNonRoot alone counts as non-root', async () => {
      const objs = lowPort(objects(SEED));
      podSpec(objs).securityContext = { runAsNonRoot: true };
      expect(trapLines((await validate(objs)).stdout, PORT)).toEqual([expect.stringMatching(/runs as a non-root user but declares port 80/)]);
    });

    test('the sysctl at or below the port, or root, or a port from 1024 up, is fine', async () => {
      const withSysctl = lowPort(objects(SEED));
      podSpec(withSysctl).securityContext.sysctls = [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '80' }];
      expect(trapLines((await validate(withSysctl)).stdout, PORT)).toEqual([]);
      const tooHigh = lowPort(objects(SEED));
      podSpec(tooHigh).securityContext.sysctls = [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '443' }];
      expect(trapLines((await validate(tooHigh)).stdout, PORT)).toEqual([expect.stringMatching(/declares port 80, which only root may bind below 443/)]);
      const root = objects(SEED);
      podSpec(root).containers[0].ports = [{ containerPort: 80 }];
      expect(trapLines((await validate(root)).stdout, PORT)).toEqual([]);
      const high = lowPort(objects(SEED));
      podSpec(high).containers[0].ports = [{ containerPort: 8080 }];
      expect(trapLines((await validate(high)).stdout, PORT)).toEqual([]);
    });
  });

  describe('non-root pod writing to an NFS claim (the kubelet applies no fsGroup to nfs)', () => {
    const nonRoot = (objs: any[]) => {
      podSpec(objs).securityContext = { runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, runAsNonRoot: true };
      return objs;
    };

    test('a static nfs PV of the claim template\'s class is flagged with the ownership fix', async () => {
      expect(trapLines((await validate(nonRoot(objects(SEED)))).stdout, NFS)).toEqual([
        expect.stringMatching(/containers\[0\]\.volumeMounts\[0\]: container k8sdemo runs as uid 1000 and writes to \/app\/Data on claim template data, bound to storage class k8sdemo-sc, which holds nfs persistentvolume data-k8sdemo-pv-\d.*; on the nfs server run chown -R 1000:1000 on each export \(or export it with all_squash,anonuid=1000,anongid=1000\)/),
      ]);
    });

    test('a class of nfs.csi.k8s.io is flagged', async () => {
      const objs = fixture('csi-nfs');
      const set = objs.find(o => o.kind === 'StatefulSet');
      set.spec.template.spec.securityContext = { runAsUser: 1000, runAsNonRoot: true };
      expect(trapLines((await validate(objs)).stdout, NFS)).toEqual([expect.stringMatching(/runs as uid 1000 and writes to \S+ on claim template \S+, bound to storage class nfs-csi of nfs\.csi\.k8s\.io/)]);
    });

    test('root, a read-only mount, or an init container that checks the volume, is not flagged', async () => {
      expect(trapLines((await validate(objects(SEED))).stdout, NFS)).toEqual([]);
      const readOnly = nonRoot(objects(SEED));
      podSpec(readOnly).containers[0].volumeMounts[0].readOnly = true;
      expect(trapLines((await validate(readOnly)).stdout, NFS)).toEqual([]);
      const checked = nonRoot(objects(SEED));
      podSpec(checked).initContainers = [{ name: 'check-writable', image: 'beckjin/k8sdemo:1.2.0', volumeMounts: [{ name: 'data', mountPath: '/app/Data' }] }];
      expect(trapLines((await validate(checked)).stdout, NFS)).toEqual([]);
    });
  });
});
