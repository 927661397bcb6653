import { App } from 'cdk8s';
import { loadConfig } from './app/config';
import { K8sDemoChart } from './app/k8sdemo-chart';
import { runSynth } from './app/run-synth';

runSynth(() => {
  const app = new App();
  new K8sDemoChart(app, 'k8sdemo', { config: loadConfig() });
  return app;
});
