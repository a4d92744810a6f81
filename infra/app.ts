import { App } from 'aws-cdk-lib';
import { LearningSignalsStack } from './stack';

const app = new App();
new LearningSignalsStack(app, 'LearningSignals');
