import { check } from './errors';

/** Options of a rolling update. */
export interface RollingUpdateOptions {
  /**
   * Only pods with an ordinal >= partition are updated; the rest keep the old
   * template. Used for canaries and staged roll-outs.
   *
   * @default 0 - every pod is updated (no partition field)
   */
  readonly partition?: number;
}

/** How a StatefulSet replaces its pods when the pod template changes. */
export class UpdateStrategy {
  /**
   * Replace pods one at a time, highest ordinal first.
   *
   * @param options partition of the roll-out
   */
  public static rollingUpdate(options: RollingUpdateOptions = {}): UpdateStrategy {
    check(options.partition === undefined || (Number.isInteger(options.partition) && options.partition >= 0),
      `update strategy: partition ${JSON.stringify(options.partition)} is not a whole number >= 0; give e.g. 0`);
    return new UpdateStrategy('RollingUpdate', options.partition);
  }

  /** Replace a pod only when someone deletes it. */
  public static onDelete(): UpdateStrategy {
    return new UpdateStrategy('OnDelete', undefined);
  }

  private constructor(
    /** `RollingUpdate` or `OnDelete`. */
    public readonly type: string,
    /** Partition of a rolling update, if set. */
    public readonly partition: number | undefined) {}

  /** The Kubernetes update strategy object. Used by `StatefulWorkload`. */
  public toKube(): { [key: string]: any } {
    return this.partition === undefined
      ? { type: this.type }
      : { type: this.type, rollingUpdate: { partition: this.partition } };
  }
}
