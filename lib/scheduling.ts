import { TaintEffect } from 'cdk8s-plus-27';
import { check } from './errors';
import { checkLabels } from './validate-props';

/** Options of a `Toleration`. */
export interface TolerationOptions {
  /**
   * Taint effect to tolerate.
   *
   * @default - every effect
   */
  readonly effect?: TaintEffect;

  /**
   * For `TaintEffect.NO_EXECUTE`: seconds the pod stays on a node after the taint appears.
   *
   * @default - forever
   */
  readonly tolerationSeconds?: number;
}

function checkKey(what: string, key: string): void {
  checkLabels(what, 'key', { [key]: '' });
}

/** A toleration of node taints. */
export class Toleration {
  /**
   * Tolerates the taint `key=value`.
   *
   * @param key taint key, e.g. `dedicated`
   * @param value taint value, e.g. `database`
   * @param options effect and time
   */
  public static equal(key: string, value: string, options: TolerationOptions = {}): Toleration {
    const what = `toleration ${key}`;
    checkKey(what, key);
    checkLabels(what, 'value', { [key]: value });
    return new Toleration(what, { key, operator: 'Equal', value }, options);
  }

  /**
   * Tolerates every taint with `key`, whatever its value.
   *
   * @param key taint key, e.g. `node.kubernetes.io/unreachable`
   * @param options effect and time
   */
  public static exists(key: string, options: TolerationOptions = {}): Toleration {
    const what = `toleration ${key}`;
    checkKey(what, key);
    return new Toleration(what, { key, operator: 'Exists' }, options);
  }

  private readonly kube: { [key: string]: any };

  private constructor(what: string, match: { [key: string]: any }, options: TolerationOptions) {
    check(options.effect === undefined || Object.values(TaintEffect).includes(options.effect),
      `${what}: effect ${JSON.stringify(options.effect)} is not one of ${Object.values(TaintEffect).join(', ')}; use TaintEffect`);
    // validateTolerations: tolerationSeconds only with effect NoExecute.
    check(options.tolerationSeconds === undefined || options.effect === TaintEffect.NO_EXECUTE,
      `${what}: tolerationSeconds is set but effect is ${options.effect ?? 'unset'}; set effect to TaintEffect.NO_EXECUTE or drop tolerationSeconds`);
    check(options.tolerationSeconds === undefined || Number.isInteger(options.tolerationSeconds),
      `${what}: tolerationSeconds ${JSON.stringify(options.tolerationSeconds)} is not a whole number; give e.g. 300`);
    this.kube = { ...match, effect: options.effect, tolerationSeconds: options.tolerationSeconds };
  }

  /** The Kubernetes `Toleration`. Used by `StatefulWorkload`. */
  public toKube(): { [key: string]: any } {
    return { ...this.kube };
  }
}

/** A requirement on a node label, for node affinity. */
export class NodeRequirement {
  /**
   * The label `key` has one of `values` (operator In).
   *
   * @param key node label key, e.g. `topology.kubernetes.io/zone`
   * @param values accepted values; at least one
   */
  public static oneOf(key: string, values: string[]): NodeRequirement {
    return new NodeRequirement(key, 'In', values);
  }

  /**
   * The label `key` is missing or has none of `values` (operator NotIn).
   *
   * @param key node label key
   * @param values refused values; at least one
   */
  public static noneOf(key: string, values: string[]): NodeRequirement {
    return new NodeRequirement(key, 'NotIn', values);
  }

  /**
   * The node has the label `key`.
   *
   * @param key node label key
   */
  public static exists(key: string): NodeRequirement {
    return new NodeRequirement(key, 'Exists', undefined);
  }

  /**
   * The node does not have the label `key`.
   *
   * @param key node label key
   */
  public static doesNotExist(key: string): NodeRequirement {
    return new NodeRequirement(key, 'DoesNotExist', undefined);
  }

  /**
   * The label `key` is an integer greater than `value`.
   *
   * @param key node label key
   * @param value the bound
   */
  public static greaterThan(key: string, value: number): NodeRequirement {
    return new NodeRequirement(key, 'Gt', [String(value)]);
  }

  /**
   * The label `key` is an integer less than `value`.
   *
   * @param key node label key
   * @param value the bound
   */
  public static lessThan(key: string, value: number): NodeRequirement {
    return new NodeRequirement(key, 'Lt', [String(value)]);
  }

  private readonly kube: { [key: string]: any };

  private constructor(key: string, operator: string, values: string[] | undefined) {
    const what = `node requirement ${key}`;
    checkKey(what, key);
    // validateNodeSelectorRequirement: In/NotIn need values, Exists/DoesNotExist none, Gt/Lt one integer.
    if (operator === 'In' || operator === 'NotIn') {
      check(Array.isArray(values) && values.length > 0, `${what}: ${operator} needs at least one value; give e.g. ['a', 'b']`);
      for (const v of values) checkLabels(what, 'value', { [key]: v });
    }
    if (operator === 'Gt' || operator === 'Lt') {
      check(/^-?\d+$/.test(values![0]), `${what}: ${operator} needs a whole number, not ${values![0]}; give e.g. 3`);
    }
    this.kube = { key, operator, values: values ? [...values] : undefined };
  }

  /** The Kubernetes `NodeSelectorRequirement`. Used by `StatefulWorkload`. */
  public toKube(): { [key: string]: any } {
    return { ...this.kube, values: this.kube.values ? [...this.kube.values] : undefined };
  }
}

/** A weighted node preference: the scheduler favours nodes that meet all its requirements. */
export interface NodeAffinityPreference {
  /** Weight, from 1 to 100. */
  readonly weight: number;

  /** Requirements a node must all meet to get the weight; at least one. */
  readonly requirements: NodeRequirement[];
}
