import type { OpenAPIV3_1 } from 'openapi-types';
import { OPERATIONS } from '../operations';
import { group } from '../shared/app';
import { publicUrlOf, type AppDeps } from '../shared/deps';
import { openApiDocument } from '../shared/openapi';
import { DataTable } from './dashboard/data-table';
import { DashboardPage } from './dashboard/layout';
import { docsRoutes } from './docs.routes';

type Operation = OpenAPIV3_1.OperationObject & { 'x-required-role': string; 'x-audit-action'?: string };
type Schema = OpenAPIV3_1.SchemaObject & { const?: unknown };

/** One field of a body or an answer, nested ones named by their path (`invitees[].email`). */
interface Field {
  name: string;
  type: string;
  required: boolean;
  description?: string;
}

/** Text with `code` spans, as the declarations write them. */
const Words = (props: { text?: string }) => <>{(props.text ?? '').split('`').map((part, i) => (i % 2 ? <code>{part}</code> : part))}</>;

/** Reads a schema of the document as people read a form: each field, its type, whether it is needed, what it is. */
function fieldsOf(doc: OpenAPIV3_1.Document, schema: unknown, prefix = '', depth = 0): Field[] {
  const s = resolve(doc, schema);
  if (!s || depth > 3) return [];
  const variants = (s.oneOf ?? s.anyOf ?? []).map((variant) => resolve(doc, variant)).filter((v): v is Schema => Boolean(v?.properties));
  const shapes = variants.length ? variants : [s];
  const byName = new Map<string, { schemas: Schema[]; required: number; description?: string }>();
  for (const shape of shapes) {
    for (const [name, property] of Object.entries(shape.properties ?? {})) {
      const entry = byName.get(name) ?? { schemas: [], required: 0 };
      const resolved = resolve(doc, property);
      if (resolved) entry.schemas.push(resolved);
      if (shape.required?.includes(name)) entry.required += 1;
      entry.description ??= (property as Schema).description ?? resolved?.description;
      byName.set(name, entry);
    }
  }
  return [...byName].flatMap(([name, entry]) => {
    const path = `${prefix}${name}`;
    const types = [...new Set(entry.schemas.map((one) => typeOf(doc, one)))];
    const field = { name: path, type: types.join(' | '), required: entry.required === shapes.length, description: entry.description };
    const inner = entry.schemas[0];
    const items = inner?.type === 'array' ? resolve(doc, inner.items) : undefined;
    const nested = items && (items.properties || items.oneOf || items.anyOf) ? fieldsOf(doc, items, `${path}[].`, depth + 1) : [];
    return [field, ...nested];
  });
}

function resolve(doc: OpenAPIV3_1.Document, schema: unknown): Schema | undefined {
  const ref = (schema as { $ref?: string } | undefined)?.$ref;
  return (ref ? doc.components?.schemas?.[ref.split('/').pop()!] : schema) as Schema | undefined;
}

function typeOf(doc: OpenAPIV3_1.Document, schema: Schema): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants) return [...new Set(variants.map((variant) => typeOf(doc, resolve(doc, variant) ?? {})))].join(' | ');
  if (schema.type === 'array') {
    const item = typeOf(doc, resolve(doc, schema.items) ?? {});
    return item.includes(' | ') ? `(${item})[]` : `${item}[]`;
  }
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type ?? 'any');
  return schema.format ? `${type} (${schema.format})` : type;
}

function FieldTable(props: { fields: Field[]; caption: string }) {
  return (
    <DataTable
      caption={{ text: props.caption, style: 'text-align:left;font-weight:600' }}
      rows={props.fields}
      columns={[
        { head: 'Field', rowHead: true, cell: (field) => <code>{field.name}</code> },
        { head: 'Type', cell: (field) => field.type },
        { head: 'Needed', cell: (field) => (field.required ? 'yes' : 'no') },
        { head: 'What it is', cell: (field) => <Words text={field.description ?? '—'} /> },
      ]}
    />
  );
}

function OperationDocs(props: { doc: OpenAPIV3_1.Document; path: string; method: string; operation: Operation }) {
  const { doc, path, method, operation } = props;
  const parameters = (operation.parameters ?? []) as OpenAPIV3_1.ParameterObject[];
  const body = (operation.requestBody as OpenAPIV3_1.RequestBodyObject | undefined)?.content;
  const bodyType = body ? Object.keys(body)[0] : undefined;
  const answers = Object.entries(operation.responses ?? {}) as Array<[string, OpenAPIV3_1.ResponseObject]>;
  return (
    <details id={operation.operationId}>
      <summary>
        <code>{`${method} ${path}`}</code>
        {` · ${operation.summary} · ${operation['x-required-role']}`}
      </summary>
      <p>
        <Words text={operation.description} />
        {operation['x-audit-action'] ? (
          <>
            {' Leaves an audit entry: '}
            <code>{operation['x-audit-action']}</code>.
          </>
        ) : null}
      </p>
      {parameters.length ? (
        <DataTable
          caption={{ text: 'Parameters', style: 'text-align:left;font-weight:600' }}
          rows={parameters}
          columns={[
            { head: 'Name', rowHead: true, cell: (p) => <code>{p.name}</code> },
            { head: 'In', cell: (p) => (p.in === 'path' ? 'the path' : p.in) },
            { head: 'Needed', cell: (p) => (p.required ? 'yes' : 'no') },
            { head: 'What it is', cell: (p) => <Words text={p.description ?? resolve(doc, p.schema)?.description ?? '—'} /> },
          ]}
        />
      ) : null}
      {body && bodyType ? <FieldTable fields={fieldsOf(doc, body[bodyType]?.schema)} caption={`The body (${bodyType})`} /> : null}
      <p>
        <strong>Answers</strong>
      </p>
      <ul>
        {answers.map(([status, answer]) => {
          const schema = answer.content?.['application/json']?.schema;
          const fields = Number(status) < 300 && schema ? fieldsOf(doc, schema) : [];
          return (
            <li>
              <code>{status}</code> <Words text={answer.description} />
              {fields.length ? (
                <details>
                  <summary>{`Fields of the ${status} answer`}</summary>
                  <FieldTable fields={fields} caption={`The ${status} answer`} />
                </details>
              ) : null}
            </li>
          );
        })}
      </ul>
    </details>
  );
}

function DocsPage(props: { doc: OpenAPIV3_1.Document }) {
  const { doc } = props;
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item ?? {}).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation: operation as Operation })),
  );
  return (
    <DashboardPage title="API reference">
      <p>
        <a href="/">← Back to the dashboard</a>
      </p>
      <h1>{doc.info.title}</h1>
      <p>
        <Words text={doc.info.description} />
      </p>
      <p>
        The machine-readable description: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Errors are JSON:{' '}
        <code>{'{"error":{"code","message","issues"}}'}</code>. Open an operation to see its parameters, its body's fields and its answers.
      </p>
      {(doc.tags ?? []).map((tag) => (
        <section aria-labelledby={`tag-${tag.name}`}>
          <h2 id={`tag-${tag.name}`}>{tag.description}</h2>
          {operations
            .filter((op) => op.operation.tags?.includes(tag.name))
            .map(({ path, method, operation }) => (
              <OperationDocs doc={doc} path={path} method={method} operation={operation} />
            ))}
        </section>
      ))}
      <p>
        <a href="/">← Back to the dashboard</a>
      </p>
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
