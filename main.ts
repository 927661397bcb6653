import { App } from 'cdk8s';
import { loadConfig } from './app/config';
import { K8sDemoChart } from './app/k8sdemo-chart';
import { runSynth } from './app/run-synth';

runSynth(() => {
  // dist/ holds manifests only, for `kubectl apply -f dist`: no construct-metadata.json,
  // which cdk8s-cli asks for when validations are configured (our plugin reports by object).
  const app = new App({ recordConstructMetadata: false });
  new K8sDemoChart(app, 'k8sdemo', { config: loadConfig() });
  return app;
});
