import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import type { AuthRequirement } from './http/authenticate.js';

interface DocumentedRoute {
  method: string;
  path: string;
  summary: string;
  tag: string;
  auth: AuthRequirement;
  body?: new () => object;
  query?: new () => object;
  idempotent?: boolean;
  responds: { status: number; description: string; schema?: string };
}

type Schema = Record<string, unknown> & { properties?: Record<string, Record<string, unknown>>; required?: string[] };

const ERROR_RESPONSE = { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };

/**
 * Collects every route as it is declared and builds the OpenAPI 3.1 document from the same
 * class-validator DTOs that validate requests, so the document cannot drift from the code.
 */
export class OpenApiRegistry {
  private readonly routes: DocumentedRoute[] = [];

  add(prefix: string, route: DocumentedRoute): void {
    this.routes.push({ ...route, path: `${prefix}${route.path}` });
  }

  document(version: string): Record<string, unknown> {
    const schemas = validationMetadatasToSchemas({
      classTransformerMetadataStorage: defaultMetadataStorage,
      refPointerPrefix: '#/components/schemas/',
    }) as Record<string, Schema>;
    schemas.Error = {
      type: 'object',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message', 'details'],
          properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object' } },
        },
      },
    };
    const paths: Record<string, Record<string, unknown>> = {};
    for (const route of this.routes) {
      const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      const operation: Record<string, unknown> = {
        summary: route.summary,
        tags: [route.tag],
        security: securityFor(route.auth),
        parameters: [...pathParameters(route.path), ...queryParameters(route.query, schemas), ...idempotencyHeader(route)],
        responses: {
          [route.responds.status]: {
            description: route.responds.description,
            ...(route.responds.schema
              ? { content: { 'application/json': { schema: { $ref: `#/components/schemas/${route.responds.schema}` } } } }
              : {}),
          },
          '4XX': ERROR_RESPONSE,
          '5XX': ERROR_RESPONSE,
        },
      };
      if (route.body) {
        operation.requestBody = {
          required: true,
          content: { 'application/json': { schema: { $ref: `#/components/schemas/${route.body.name}` } } },
        };
      }
      paths[path] = { ...paths[path], [route.method]: operation };
    }
    return {
      openapi: '3.1.0',
      info: {
        title: 'Laurel API',
        version,
        description: 'Member loyalty and incentive platform. Error bodies, idempotency and pagination follow the API conventions.',
      },
      components: {
        schemas,
        securitySchemes: {
          memberJwt: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: 'JWT from the host app; sub is the member external id',
          },
          apiKey: { type: 'http', scheme: 'bearer', description: 'Service API key (lk_...) with scopes' },
          adminToken: { type: 'http', scheme: 'bearer', description: 'Operator token from POST /api/admin/v1/auth/login' },
        },
      },
      paths,
    };
  }
}

function securityFor(auth: AuthRequirement): Array<Record<string, string[]>> {
  switch (auth.kind) {
    case 'public':
      return [];
    case 'member':
      return [{ memberJwt: [] }];
    case 'service':
      return [{ apiKey: [auth.scope] }];
    case 'admin':
      return [{ adminToken: [auth.role] }];
  }
}

function pathParameters(path: string): unknown[] {
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
}

function queryParameters(query: (new () => object) | undefined, schemas: Record<string, Schema>): unknown[] {
  const schema = query ? schemas[query.name] : undefined;
  if (!schema?.properties) return [];
  return Object.entries(schema.properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
}

function idempotencyHeader(route: DocumentedRoute): unknown[] {
  if (!(route.idempotent ?? route.method !== 'get') || route.auth.kind === 'public') return [];
  return [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', minLength: 1, maxLength: 200 } }];
}
