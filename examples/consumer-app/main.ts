import { App } from 'cdk8s';
import { MyChart } from './chart';

const app = new App();
new MyChart(app, 'my-chart');
app.synth();
