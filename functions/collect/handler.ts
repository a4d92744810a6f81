import { handle } from 'hono/aws-lambda';
import { appDeps } from '../app-deps';
import { readRuntimeParameter } from '../shared/runtime-parameter';
import { collectApp } from './app';

// Behind the edge its secret comes from SSM, read on the first request with the runtime's SSM client (not bundled: a cold start does not pay for it).
export const handler = handle(collectApp(appDeps({ readParameter: readRuntimeParameter })));
