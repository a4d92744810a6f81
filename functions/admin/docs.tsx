import type { OpenAPIV3_1 } from 'openapi-types';
import { OPERATIONS } from '../operations';
import { group } from '../shared/app';
import { publicUrlOf, type AppDeps } from '../shared/deps';
import { openApiDocument } from '../shared/openapi';
import { DashboardPage } from './dashboard/layout';
import { docsRoutes } from './docs.routes';

type Operation = OpenAPIV3_1.OperationObject;

function DocsPage(props: { doc: OpenAPIV3_1.Document }) {
  const { doc } = props;
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item ?? {}).map(([method, operation]) => ({
      path,
      method: method.toUpperCase(),
      operation: operation as Operation & { 'x-required-role': string },
    })),
  );
  return (
    <DashboardPage title="API reference">
      <h1>{doc.info.title}</h1>
      <p>{(doc.info.description ?? '').split('`').map((part, i) => (i % 2 ? <code>{part}</code> : part))}</p>
      <p>
        The machine-readable description: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Errors are JSON:{' '}
        <code>{'{"error":{"code","message","issues"}}'}</code>.
      </p>
      {(doc.tags ?? []).map((tag) => (
        <section aria-labelledby={`tag-${tag.name}`}>
          <h2 id={`tag-${tag.name}`}>{tag.description}</h2>
          {operations
            .filter((op) => op.operation.tags?.includes(tag.name))
            .map(({ path, method, operation }) => {
              const body = (operation.requestBody as OpenAPIV3_1.RequestBodyObject | undefined)?.content?.['application/json']?.schema;
              return (
                <details>
                  <summary>
                    <code>{`${method} ${path}`}</code>
                    {` · ${operation.summary} · ${operation['x-required-role']}`}
                  </summary>
                  {operation.parameters?.length ? (
                    <p>
                      {'Parameters: '}
                      {(operation.parameters as OpenAPIV3_1.ParameterObject[]).map((p) => `${p.name} (${p.in}${p.required ? ', required' : ''})`).join(', ')}
                    </p>
                  ) : null}
                  {body ? <pre>{JSON.stringify(body, null, 2)}</pre> : null}
                  <p class="muted">{`Answers: ${Object.keys(operation.responses ?? {}).join(', ')}`}</p>
                </details>
              );
            })}
        </section>
      ))}
    </DashboardPage>
  );
}

/** `GET /api/openapi.json` and `GET /api/docs`, both public (they hold no data): made once from the declarations. */
export const docsHandlers = (deps: AppDeps) => {
  let document: OpenAPIV3_1.Document | undefined;
  const documentFor = (url: string) => (document ??= openApiDocument(OPERATIONS, publicUrlOf(deps, url)));
  return group(docsRoutes, {
    openApiDocument: (c) => c.json(documentFor(c.req.url) as unknown as Record<string, unknown>, 200),
    apiDocs: (c) => c.html(<DocsPage doc={documentFor(c.req.url)} />),
  });
};
