import { handle } from 'hono/aws-lambda';
import { appDeps } from '../app-deps';
import { collectApp } from './app';

export const handler = handle(collectApp(appDeps()));
