import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { K8sDemoConfig } from './config';
import { K8sDemo } from './k8sdemo';
import { StatefulWorkload } from '../lib';

/** Properties of the k8sdemo chart. */
export interface K8sDemoChartProps extends ChartProps {
  /** Per-cluster settings, from `loadConfig()`. */
  readonly config: K8sDemoConfig;
}

/** The chart `main.ts` synthesizes: the `K8sDemo` constructs, with stable names. */
export class K8sDemoChart extends Chart {
  /** The stateful workload. */
  public readonly workload: StatefulWorkload;

  constructor(scope: Construct, id: string, props: K8sDemoChartProps) {
    super(scope, id, { ...props, disableResourceNameHashes: true });
    this.workload = new K8sDemo(this, 'k8sdemo', { config: props.config }).workload;
  }
}
