import { ApiObject, Lazy } from 'cdk8s';
import { Protocol } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { check } from './errors';
import { checkDnsLabel, checkServiceName } from './names';
import { IntOrString, KubeService } from '../imports/k8s';
import { checkLabels, checkPortEntry } from './validate-props';
import { checkHeadlessPort } from './headless-ports';

/** One port of a headless Service. */
export interface HeadlessServicePort {
  /**
   * Port number of the Service, and the container port the pods listen on:
   * clients of `<pod>.<service>` connect to the pod IP on this port.
   */
  readonly port: number;

  /**
   * Container port the traffic goes to. It must equal `port`: a headless
   * Service has no virtual IP (kube-proxy skips it), so nothing maps one
   * number to the other. A different value is refused.
   *
   * @default - the same number as `port`
   */
  readonly targetPort?: number;

  /**
   * Port name; required by Kubernetes when the Service has several ports.
   *
   * @default - no name
   */
  readonly name?: string;

  /**
   * Protocol.
   *
   * @default - TCP (no protocol field)
   */
  readonly protocol?: Protocol;
}

/**
 * Properties of a headless Service.
 */
export interface HeadlessServiceProps {
  /**
   * Name of the Service. A StatefulSet's `serviceName` is always this name.
   *
   * @default - the construct id, so that moving the construct never renames the Service
   */
  readonly name?: string;

  /**
   * Namespace of the Service.
   *
   * @default - no namespace field: the namespace kubectl applies to
   */
  readonly namespace?: string;

  /**
   * Ports. Add more with `addPort`.
   *
   * @default - none; a workload that creates its Service adds its container ports
   */
  readonly ports?: HeadlessServicePort[];

  /**
   * Publish DNS records of pods before they are ready, which peers of a
   * clustered app need to find each other while starting.
   *
   * @default false
   */
  readonly publishNotReadyAddresses?: boolean;

  /**
   * Labels of the Service object.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * Annotations of the Service object.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/**
 * A headless Service (`clusterIP: None`) that gives each pod of a StatefulSet
 * a stable DNS name, `<pod>.<service>`.
 *
 * It has no selector prop: its selector is the pod selector of the workload it
 * governs, set once by `StatefulWorkload`, so the labels are never typed twice.
 */
export class HeadlessService extends Construct {
  /** The underlying API object. */
  public readonly apiObject: ApiObject;
  /** Name of the Service. */
  public readonly name: string;
  /** Namespace of the Service, if set. */
  public readonly namespace?: string;
  private readonly _ports: HeadlessServicePort[] = [];
  private readonly _portKeys = new Set<string>();
  private readonly _portNames = new Set<string>();
  private _selector?: { [key: string]: string };
  private _governedBy?: string;

  /**
   * @param scope the chart or construct this Service belongs to
   * @param id construct id; also the Service name when `props.name` is not set
   * @param props the Service's name, namespace, ports and metadata
   */
  constructor(scope: Construct, id: string, props: HeadlessServiceProps = {}) {
    super(scope, id);
    this.name = props.name ?? id;
    const what = `service ${JSON.stringify(this.name)}`;
    checkServiceName(what, 'name', this.name);
    if (props.namespace !== undefined) {
      checkDnsLabel(what, 'namespace', props.namespace);
    }
    checkLabels(what, 'labels', props.labels);
    this.namespace = props.namespace;
    for (const port of props.ports ?? []) {
      this.addPort(port);
    }

    this.apiObject = new KubeService(this, 'Resource', {
      metadata: { name: this.name, namespace: props.namespace, labels: props.labels, annotations: props.annotations },
      spec: {
        clusterIp: 'None',
        ports: Lazy.any({
          produce: () => this._ports.length === 0 ? undefined : this._ports.map(p => ({
            name: p.name,
            port: p.port,
            targetPort: IntOrString.fromNumber(p.targetPort ?? p.port),
            protocol: p.protocol,
          })),
        }),
        selector: Lazy.any({ produce: () => this._selector }),
        publishNotReadyAddresses: props.publishNotReadyAddresses,
      },
    });
    this.node.addValidation({
      validate: () => this._selector === undefined
        ? [`service ${this.name} governs no workload, so it selects no pods; pass it as the service of a StatefulWorkload`]
        : [],
    });
  }

  /** Ports of the Service. */
  public get ports(): HeadlessServicePort[] {
    return [...this._ports];
  }

  /** Pod selector, once a workload has claimed the Service. */
  public get selector(): { [key: string]: string } | undefined {
    return this._selector ? { ...this._selector } : undefined;
  }

  /**
   * Adds a port. Throws when the port number or name is already used.
   *
   * @param port the port to expose
   */
  public addPort(port: HeadlessServicePort): void {
    const what = `service ${this.name}`;
    checkPortEntry(what, 'port', port.port, 'targetPort', port.targetPort, port.protocol, port.name);
    checkHeadlessPort(what, 'port', port.port, 'targetPort', port.targetPort);
    const key = `${port.port}/${port.protocol ?? Protocol.TCP}`;
    check(!this._portKeys.has(key), `${what}: port ${key} is declared twice; declare each port once`);
    check(port.name === undefined || !this._portNames.has(port.name),
      `${what}: port name ${port.name} is used twice; give each port its own name`);
    this._portKeys.add(key);
    if (port.name !== undefined) this._portNames.add(port.name);
    this._ports.push({ ...port });
  }

  /**
   * Makes this Service govern the StatefulSet `workloadName`, selecting its pods
   * by `selector`. Called by `StatefulWorkload`; a Service governs one workload.
   *
   * @param workloadName name of the StatefulSet
   * @param selector pod selector labels of the StatefulSet
   */
  public governWorkload(workloadName: string, selector: { [key: string]: string }): void {
    check(this._governedBy === undefined,
      `service ${this.name}: already governs statefulset ${this._governedBy}, so it cannot also govern ${workloadName}; give each StatefulWorkload its own HeadlessService`);
    check(Object.keys(selector).length > 0, `service ${this.name}: statefulset ${workloadName} has an empty selector; give it selector labels`);
    this._governedBy = workloadName;
    this._selector = { ...selector };
  }
}
