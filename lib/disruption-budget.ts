import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { check } from './errors';
import { checkDnsLabel, checkDnsSubdomain } from './names';
import { IntOrString, KubePodDisruptionBudget } from '../imports/k8s';
import { checkLabels } from './validate-props';

/** Properties of a disruption budget. */
export interface DisruptionBudgetProps {
  /**
   * Name of the PodDisruptionBudget.
   *
   * @default - the construct id, so that moving the construct never renames it
   */
  readonly name?: string;

  /**
   * Namespace; the pods it protects must be in it.
   *
   * @default - no namespace field: the namespace kubectl applies to
   */
  readonly namespace?: string;

  /** Labels selecting the pods, e.g. `workload.selectorLabels`: the same labels as the workload's selector. */
  readonly selectorLabels: { [key: string]: string };

  /**
   * How many of the selected pods a voluntary disruption (node drain, eviction)
   * may take down at once. At least 1, so that node drains can finish.
   *
   * @default 1
   */
  readonly maxUnavailable?: number;

  /**
   * Labels of the PodDisruptionBudget object.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };
}

/**
 * A PodDisruptionBudget (`policy/v1`) that lets node drains and evictions take
 * down at most `maxUnavailable` pods of a workload at a time.
 * `StatefulWorkload` creates one by default when it has more than one replica.
 */
export class DisruptionBudget extends Construct {
  /** The underlying API object. */
  public readonly apiObject: ApiObject;
  /** Name of the PodDisruptionBudget. */
  public readonly name: string;
  /** Pods it may take down at once. */
  public readonly maxUnavailable: number;

  /**
   * @param scope the chart or construct this budget belongs to
   * @param id construct id; also the PodDisruptionBudget name when `props.name` is not set
   * @param props the workload's pods and how many may be down at once
   */
  constructor(scope: Construct, id: string, props: DisruptionBudgetProps) {
    super(scope, id);
    this.name = props.name ?? id;
    const what = `poddisruptionbudget ${JSON.stringify(this.name)}`;
    checkDnsSubdomain(what, 'name', this.name);
    if (props.namespace !== undefined) {
      checkDnsLabel(what, 'namespace', props.namespace);
    }
    check(props.selectorLabels !== undefined && Object.keys(props.selectorLabels).length > 0,
      `${what}: selectorLabels is empty, which would select every pod in the namespace; give the workload's selector labels`);
    checkLabels(what, 'selectorLabels', props.selectorLabels);
    checkLabels(what, 'labels', props.labels);
    this.maxUnavailable = props.maxUnavailable ?? 1;
    check(Number.isInteger(this.maxUnavailable) && this.maxUnavailable >= 1 && this.maxUnavailable <= 2147483647,
      `${what}: maxUnavailable ${JSON.stringify(props.maxUnavailable)} is not a whole number >= 1; give e.g. 1 (0 would block node drains forever)`);
    this.apiObject = new KubePodDisruptionBudget(this, 'Resource', {
      metadata: { name: this.name, namespace: props.namespace, labels: props.labels },
      spec: {
        maxUnavailable: IntOrString.fromNumber(this.maxUnavailable),
        selector: { matchLabels: { ...props.selectorLabels } },
      },
    });
  }
}
