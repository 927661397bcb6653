import { Duration } from 'cdk8s';
import { check } from './errors';
import { checkPort } from './validate-props';
import { IntOrString } from '../imports/k8s';

/** Timing of a probe. */
export interface ProbeOptions {
  /**
   * Wait before the first probe.
   *
   * @default - the kubelet's default (0 seconds)
   */
  readonly initialDelay?: Duration;

  /**
   * Time between probes.
   *
   * @default - the kubelet's default (10 seconds)
   */
  readonly period?: Duration;

  /**
   * Time after which a probe counts as failed.
   *
   * @default - the kubelet's default (1 second)
   */
  readonly timeout?: Duration;

  /**
   * Consecutive failures after which the probe fails.
   *
   * @default - the kubelet's default (3)
   */
  readonly failureThreshold?: number;

  /**
   * Consecutive successes after which a failed probe succeeds again (must be 1
   * for liveness and startup probes).
   *
   * @default - the kubelet's default (1)
   */
  readonly successThreshold?: number;
}

/** Options of an HTTP GET probe. */
export interface HttpGetProbeOptions extends ProbeOptions {
  /** Container port to probe. */
  readonly port: number;

  /**
   * HTTP scheme.
   *
   * @default - HTTP
   */
  readonly https?: boolean;
}

/** Options of a TCP probe. */
export interface TcpSocketProbeOptions extends ProbeOptions {
  /** Container port to connect to. */
  readonly port: number;
}

/** A liveness, readiness or startup probe. */
export class Probe {
  /**
   * Probe with an HTTP GET of `path`; 2xx and 3xx answers succeed.
   *
   * @param path absolute URL path to request, e.g. `/healthz`
   * @param options port, scheme and timing of the probe
   */
  public static fromHttpGet(path: string, options: HttpGetProbeOptions): Probe {
    check(typeof path === 'string' && path.startsWith('/'), `probe: http path ${JSON.stringify(path)} must start with '/'; give e.g. /healthz`);
    checkPort('probe', 'port', options.port);
    return new Probe({ httpGet: { path, port: IntOrString.fromNumber(options.port), scheme: options.https ? 'HTTPS' : undefined } }, options);
  }

  /**
   * Probe by opening a TCP connection.
   *
   * @param options port and timing of the probe
   */
  public static fromTcpSocket(options: TcpSocketProbeOptions): Probe {
    checkPort('probe', 'port', options.port);
    return new Probe({ tcpSocket: { port: IntOrString.fromNumber(options.port) } }, options);
  }

  /**
   * Probe by running a command in the container; exit code 0 succeeds.
   *
   * @param command the command and its arguments, run without a shell
   * @param options timing of the probe
   */
  public static fromCommand(command: string[], options: ProbeOptions = {}): Probe {
    check(Array.isArray(command) && command.length > 0, 'probe: command is empty; give the command to run, e.g. ["cat", "/tmp/ready"]');
    return new Probe({ exec: { command: [...command] } }, options);
  }

  private readonly handler: { [key: string]: any };
  private readonly options: ProbeOptions;

  private constructor(handler: { [key: string]: any }, options: ProbeOptions) {
    for (const field of ['failureThreshold', 'successThreshold'] as const) {
      const value = options[field];
      check(value === undefined || (Number.isInteger(value) && value >= 1),
        `probe: ${field} ${JSON.stringify(value)} is not a whole number >= 1; give e.g. 3`);
    }
    this.handler = handler;
    this.options = options;
  }

  /** The Kubernetes probe object. Used by `StatefulWorkload`. */
  public toKube(): { [key: string]: any } {
    const seconds = (d?: Duration) => d === undefined ? undefined : d.toSeconds();
    return {
      ...this.handler,
      initialDelaySeconds: seconds(this.options.initialDelay),
      periodSeconds: seconds(this.options.period),
      timeoutSeconds: seconds(this.options.timeout),
      failureThreshold: this.options.failureThreshold,
      successThreshold: this.options.successThreshold,
    };
  }
}
