import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { LearningSignalsStack } from './stack';

const app = new App();
new LearningSignalsStack(app, 'LearningSignals');
// Every synth runs cdk-nag's AwsSolutions checks; an unacknowledged finding fails it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
