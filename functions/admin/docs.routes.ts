import * as z from 'zod';
import { json, media, operations } from '../shared/operation';

/** `GET /api/openapi.json` and `GET /api/docs`, both public (they hold no data). */
export const docsRoutes = operations(
  'admin',
  { name: 'docs', description: 'This description' },
  {
    openApiDocument: {
      method: 'get',
      path: '/api/openapi.json',
      access: 'public',
      summary: "This API's OpenAPI 3.1 document",
      responses: { 200: json(z.record(z.string(), z.unknown()).meta({ description: 'An OpenAPI 3.1 document' }), 'This document') },
    },
    apiDocs: {
      method: 'get',
      path: '/api/docs',
      access: 'public',
      summary: "This API's reference, as a page",
      responses: { 200: media('text/html', 'An HTML page') },
    },
  },
);
