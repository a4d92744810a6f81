import type { OpenAPIV3_1 } from 'openapi-types';
import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../functions/operations';
import { openApiDocument } from '../../functions/shared/openapi';

const doc = openApiDocument(OPERATIONS, 'https://signals.example.com');
type Schema = OpenAPIV3_1.SchemaObject;
const resolve = (schema: unknown) => {
  const ref = (schema as { $ref?: string }).$ref;
  return (ref ? doc.components!.schemas![ref.split('/').pop()!] : schema) as Schema;
};

/** Every field a caller sends that the reference leaves unexplained, by its path. */
function undescribed(schema: unknown, path: string): string[] {
  const s = resolve(schema);
  const variants = [...(s.oneOf ?? []), ...(s.anyOf ?? [])].flatMap((variant) => undescribed(variant, path));
  const items = s.type === 'array' ? undescribed(s.items, `${path}[]`) : [];
  const own = Object.entries(s.properties ?? {}).flatMap(([name, property]) => [
    ...((property as Schema).description || resolve(property).description ? [] : [`${path}.${name}`]),
    ...undescribed(property, `${path}.${name}`),
  ]);
  return [...new Set([...variants, ...items, ...own])];
}

describe('the API reference', () => {
  it('says what every parameter and every field of every body is', () => {
    const missing = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
      Object.entries(item ?? {}).flatMap(([method, value]) => {
        const operation = value as OpenAPIV3_1.OperationObject;
        const name = `${method.toUpperCase()} ${path}`;
        const parameters = ((operation.parameters ?? []) as OpenAPIV3_1.ParameterObject[])
          .filter((p) => !p.description && !resolve(p.schema).description)
          .map((p) => `${name} ${p.in} ${p.name}`);
        const content = (operation.requestBody as OpenAPIV3_1.RequestBodyObject | undefined)?.content ?? {};
        const body = Object.values(content).flatMap((media) => (media.schema ? undescribed(media.schema, `${name} body`) : []));
        return [...parameters, ...body];
      }),
    );
    expect(missing).toEqual([]);
  });

  it('has a summary and a description for every operation', () => {
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const [method, value] of Object.entries(item ?? {})) {
        const operation = value as OpenAPIV3_1.OperationObject;
        expect({ op: `${method} ${path}`, summary: Boolean(operation.summary), description: Boolean(operation.description) }).toEqual({
          op: `${method} ${path}`,
          summary: true,
          description: true,
        });
      }
    }
  });
});
