import { handle } from 'hono/aws-lambda';
import { appDeps } from '../app-deps';
import { formsApp } from './app';

export const handler = handle(formsApp(appDeps()));
