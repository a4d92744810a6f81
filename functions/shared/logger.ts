import { Logger } from '@aws-lambda-powertools/logger';

/** Structured JSON logs (with the Lambda request id when running in Lambda). */
export const logger = new Logger({ serviceName: 'learning-signals' });
