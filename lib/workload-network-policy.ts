import { ApiObject } from 'cdk8s';
import { Protocol } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { check } from './errors';
import { checkDnsLabel, checkDnsSubdomain } from './names';
import { IntOrString, KubeNetworkPolicy } from '../imports/k8s';
import { checkLabels, checkPort, checkProtocol } from './validate-props';

const IPV4_CIDR = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}\/(3[0-2]|[12]?\d)$/;
const IPV6_CIDR = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*\/(12[0-8]|1[01]\d|[1-9]?\d)$/;

function checkCidr(what: string, field: string, cidr: string): void {
  check(typeof cidr === 'string' && (IPV4_CIDR.test(cidr) || IPV6_CIDR.test(cidr)),
    `${what}: ${field} ${JSON.stringify(cidr)} is not a CIDR block; give e.g. 10.0.0.0/8`);
}

/**
 * Who may reach a workload's service ports through its network policy.
 */
export class NetworkPeer {
  /**
   * Pods with these labels, in the workload's namespace.
   *
   * @param labels pod labels to match
   */
  public static podsWithLabels(labels: { [key: string]: string }): NetworkPeer {
    NetworkPeer.checkSelector('podsWithLabels', labels);
    return new NetworkPeer({ podSelector: { matchLabels: { ...labels } } });
  }

  /** Every pod in the workload's namespace. */
  public static allPodsInNamespace(): NetworkPeer {
    return new NetworkPeer({ podSelector: {} });
  }

  /**
   * Every pod in the namespaces with these labels, e.g. `{ 'kubernetes.io/metadata.name': 'ingress-nginx' }`.
   *
   * @param labels namespace labels to match
   */
  public static namespacesWithLabels(labels: { [key: string]: string }): NetworkPeer {
    NetworkPeer.checkSelector('namespacesWithLabels', labels);
    return new NetworkPeer({ namespaceSelector: { matchLabels: { ...labels } } });
  }

  /**
   * Pods with `podLabels` in the namespaces with `namespaceLabels`.
   *
   * @param podLabels pod labels to match
   * @param namespaceLabels namespace labels to match
   */
  public static podsInNamespaces(podLabels: { [key: string]: string }, namespaceLabels: { [key: string]: string }): NetworkPeer {
    NetworkPeer.checkSelector('podsInNamespaces podLabels', podLabels);
    NetworkPeer.checkSelector('podsInNamespaces namespaceLabels', namespaceLabels);
    return new NetworkPeer({ podSelector: { matchLabels: { ...podLabels } }, namespaceSelector: { matchLabels: { ...namespaceLabels } } });
  }

  /**
   * Addresses in `cidr`, except those in `exceptCidrs` (e.g. clients outside
   * the cluster). Pod addresses change; prefer selectors for pods.
   *
   * @param cidr the address range, e.g. `10.0.0.0/8`
   * @param exceptCidrs ranges inside `cidr` to leave out
   */
  public static ipBlock(cidr: string, exceptCidrs?: string[]): NetworkPeer {
    checkCidr('network peer', 'ipBlock', cidr);
    for (const e of exceptCidrs ?? []) {
      checkCidr('network peer', 'ipBlock except', e);
    }
    return new NetworkPeer({ ipBlock: { cidr, except: exceptCidrs && exceptCidrs.length > 0 ? [...exceptCidrs] : undefined } });
  }

  private static checkSelector(field: string, labels: { [key: string]: string }): void {
    check(labels !== null && typeof labels === 'object' && Object.keys(labels).length > 0,
      `network peer: ${field} is empty, which would admit every pod; give at least one label, or use NetworkPeer.allPodsInNamespace()`);
    checkLabels('network peer', field, labels);
  }

  private constructor(private readonly peer: any) {}

  /** The `NetworkPolicyPeer` of the Kubernetes API. */
  public toKube(): any {
    return JSON.parse(JSON.stringify(this.peer));
  }
}

/** A port the network policy admits. */
export interface NetworkPolicyPortSpec {
  /** Port number on the pods (the container port, not the Service port). */
  readonly port: number;

  /**
   * Protocol.
   *
   * @default - TCP (no protocol field)
   */
  readonly protocol?: Protocol;
}

/** Properties of a workload's network policy. */
export interface WorkloadNetworkPolicyProps {
  /**
   * Name of the NetworkPolicy.
   *
   * @default - the construct id, so that moving the construct never renames it
   */
  readonly name?: string;

  /**
   * Namespace of the NetworkPolicy and of the pods it isolates.
   *
   * @default - no namespace field: the namespace kubectl applies to
   */
  readonly namespace?: string;

  /** Labels selecting the workload's pods, e.g. `workload.selectorLabels`. */
  readonly selectorLabels: { [key: string]: string };

  /**
   * Ports the peers in `allowFrom` may reach.
   *
   * @default - none
   */
  readonly ports?: NetworkPolicyPortSpec[];

  /**
   * Who may reach `ports`, besides the workload's own pods.
   *
   * @default - nobody: only the workload's own pods reach it
   */
  readonly allowFrom?: NetworkPeer[];

  /**
   * Labels of the NetworkPolicy object.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };
}

/**
 * An ingress NetworkPolicy for one workload: its pods accept traffic on any
 * port from each other (pod-to-pod traffic stays inside the set), and on
 * `ports` from the peers in `allowFrom`; every other incoming connection is
 * dropped. Needs a network plugin that enforces NetworkPolicy. Egress is not
 * restricted (the kubelet, not the pod, mounts NFS volumes).
 */
export class WorkloadNetworkPolicy extends Construct {
  /** The underlying API object. */
  public readonly apiObject: ApiObject;
  /** Name of the NetworkPolicy. */
  public readonly name: string;

  /**
   * @param scope the chart or construct this policy belongs to
   * @param id construct id; also the NetworkPolicy name when `props.name` is not set
   * @param props the workload, its ports and who may reach them
   */
  constructor(scope: Construct, id: string, props: WorkloadNetworkPolicyProps) {
    super(scope, id);
    this.name = props.name ?? id;
    const what = `networkpolicy ${JSON.stringify(this.name)}`;
    checkDnsSubdomain(what, 'name', this.name);
    if (props.namespace !== undefined) {
      checkDnsLabel(what, 'namespace', props.namespace);
    }
    check(props.selectorLabels !== undefined && Object.keys(props.selectorLabels).length > 0,
      `${what}: selectorLabels is empty, which would isolate every pod in the namespace; give the workload's selector labels`);
    checkLabels(what, 'selectorLabels', props.selectorLabels);
    checkLabels(what, 'labels', props.labels);
    const ports = props.ports ?? [];
    for (const p of ports) {
      checkPort(what, 'ports port', p.port);
      checkProtocol(what, `port ${p.port} protocol`, p.protocol);
    }
    const peers = props.allowFrom ?? [];
    for (const peer of peers) {
      check(peer instanceof NetworkPeer, `${what}: allowFrom entries must be NetworkPeer objects, e.g. NetworkPeer.allPodsInNamespace()`);
    }
    check(peers.length === 0 || ports.length > 0,
      `${what}: allowFrom names ${peers.length} peer(s) but there are no ports to admit them to; declare the workload's ports`);
    const selector = { matchLabels: { ...props.selectorLabels } };
    const ingress: any[] = [{ from: [{ podSelector: selector }] }];
    if (peers.length > 0) {
      ingress.push({
        from: peers.map(p => p.toKube()),
        ports: ports.map(p => ({ port: IntOrString.fromNumber(p.port), protocol: p.protocol })),
      });
    }
    this.apiObject = new KubeNetworkPolicy(this, 'Resource', {
      metadata: { name: this.name, namespace: props.namespace, labels: props.labels },
      spec: {
        podSelector: selector,
        policyTypes: ['Ingress'],
        ingress,
      },
    });
  }
}
