import { App, Chart, Testing, Yaml } from 'cdk8s';
import { Construct } from 'constructs';
import { loadConfig } from '../../app/config';
import { K8sDemo } from '../../app/k8sdemo';
import { K8sDemoChart } from '../../app/k8sdemo-chart';

/** The chart main.ts synthesizes, as YAML. */
function original(env: NodeJS.ProcessEnv): string {
  const chart = new K8sDemoChart(new App(), 'k8sdemo', { config: loadConfig(env, __dirname) });
  return Yaml.stringify(...chart.toJson());
}

/**
 * The same constructs moved: another app, a chart with other ids and cdk8s'
 * default settings (name hashes on), two levels of intermediate constructs.
 */
function moved(env: NodeJS.ProcessEnv): string {
  const chart = new Chart(Testing.app(), 'platform-prod');
  const team = new Construct(new Construct(chart, 'team-a'), 'stateful-apps');
  new K8sDemo(team, 'demo-moved-here', { config: loadConfig(env, __dirname) });
  return Yaml.stringify(...chart.toJson());
}

describe('nothing gets renamed when the constructs move', () => {
  test.each([
    ['default config', {}],
    ['csi storage, another namespace and 5 replicas', { K8SDEMO_NFS_MODE: 'csi', K8SDEMO_NAMESPACE: 'shop', K8SDEMO_REPLICAS: '5' }],
  ])('%s: byte-identical objects', (_, env) => {
    const before = original(env);
    const after = moved(env);
    expect(before.length).toBeGreaterThan(1000);
    expect(after).toBe(before);
  });

  test('no path-derived labels or names anywhere', () => {
    const yaml = moved({});
    expect(yaml).not.toMatch(/cdk8s\.io\/metadata\.addr/);
    expect(yaml).not.toMatch(/team-a|stateful-apps|demo-moved-here|platform-prod/);
  });
});
