import { check } from './errors';
import { checkPort } from './validate-props';
import { IntOrString } from '../imports/k8s';

/** Options of an HTTP GET lifecycle hook. */
export interface HttpGetHookOptions {
  /** Container port to request. */
  readonly port: number;

  /**
   * Use HTTPS.
   *
   * @default false - HTTP
   */
  readonly https?: boolean;
}

/**
 * What the kubelet runs right after a container starts (`postStart`) or
 * before it stops it (`preStop`). A preStop hook counts against the pod's
 * `terminationGracePeriodSeconds`.
 */
export class LifecycleHook {
  /**
   * Run a command in the container, without a shell.
   *
   * @param command the command and its arguments, e.g. `['pg_ctl', 'stop', '-m', 'fast']`
   */
  public static fromCommand(command: string[]): LifecycleHook {
    check(Array.isArray(command) && command.length > 0 && command.every(c => typeof c === 'string'),
      'lifecycle hook: command is empty; give the command to run, e.g. ["sh", "-c", "sleep 5"]');
    return new LifecycleHook({ exec: { command: [...command] } });
  }

  /**
   * Send an HTTP GET to the container.
   *
   * @param path absolute URL path, e.g. `/shutdown`
   * @param options port and scheme
   */
  public static fromHttpGet(path: string, options: HttpGetHookOptions): LifecycleHook {
    check(typeof path === 'string' && path.startsWith('/'), `lifecycle hook: http path ${JSON.stringify(path)} must start with '/'; give e.g. /shutdown`);
    checkPort('lifecycle hook', 'port', options.port);
    return new LifecycleHook({ httpGet: { path, port: IntOrString.fromNumber(options.port), scheme: options.https ? 'HTTPS' : undefined } });
  }

  private constructor(private readonly handler: { [key: string]: any }) {}

  /** The Kubernetes `LifecycleHandler`. Used by `StatefulWorkload`. */
  public toKube(): { [key: string]: any } {
    return { ...this.handler };
  }
}
