import { IConfigMap, ISecret } from 'cdk8s-plus-27';
import { check } from './errors';
import { checkDnsSubdomain } from './names';

/** Options of an `EnvSource`. */
export interface EnvSourceOptions {
  /**
   * Prefix put before every variable name, e.g. `APP_`.
   *
   * @default - no prefix
   */
  readonly prefix?: string;

  /**
   * Start the container even if the ConfigMap or Secret does not exist.
   *
   * @default false - the kubelet waits for it
   */
  readonly optional?: boolean;
}

/**
 * Every key of a ConfigMap or Secret as environment variables of a container
 * (`envFrom`). For single keys, use `EnvValue.fromConfigMap` or
 * `EnvValue.fromSecretValue` in `env`.
 */
export class EnvSource {
  /**
   * Every key of a ConfigMap.
   *
   * @param configMap a cdk8s-plus `ConfigMap`, or `ConfigMap.fromConfigMapName(...)` for one made elsewhere
   * @param options prefix and whether the ConfigMap may be missing
   */
  public static fromConfigMap(configMap: IConfigMap, options: EnvSourceOptions = {}): EnvSource {
    return new EnvSource('configMapRef', 'configMap', configMap?.name, options);
  }

  /**
   * Every key of a Secret.
   *
   * @param secret a cdk8s-plus `Secret`, or `Secret.fromSecretName(...)` for one made elsewhere
   * @param options prefix and whether the Secret may be missing
   */
  public static fromSecret(secret: ISecret, options: EnvSourceOptions = {}): EnvSource {
    return new EnvSource('secretRef', 'secret', secret?.name, options);
  }

  private readonly kube: { [key: string]: any };

  private constructor(ref: string, kind: string, name: string | undefined, options: EnvSourceOptions) {
    const what = `envFrom ${kind}`;
    check(typeof name === 'string', `${what}: the ${kind} is missing; give a cdk8s-plus object or one from its from...Name method`);
    checkDnsSubdomain(what, 'name', name);
    // validateEnvFrom: the prefix must itself be a valid variable name start.
    check(options.prefix === undefined || /^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(options.prefix),
      `${what} ${name}: prefix ${JSON.stringify(options.prefix)} is not a valid variable name; use letters, digits, '_', '-' and '.', not starting with a digit`);
    this.kube = { prefix: options.prefix, [ref]: { name, optional: options.optional } };
  }

  /** The Kubernetes `EnvFromSource`. Used by `StatefulWorkload`. */
  public toKube(): { [key: string]: any } {
    return JSON.parse(JSON.stringify(this.kube));
  }
}
