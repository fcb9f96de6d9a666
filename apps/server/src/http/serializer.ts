import type { FastifySerializerCompiler } from 'fastify';
import fastJson from 'fast-json-stringify';
import { createSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

/**
 * `X | null` as `type: [X, "null"]`, which fast-json-stringify writes directly; left as `anyOf`,
 * it would test every value against each branch (a pattern match per uuid) to choose one.
 */
function simplify(schema: unknown): unknown {
  if (Array.isArray(schema)) {
    return schema.map(simplify);
  }
  if (typeof schema !== 'object' || schema === null) {
    return schema;
  }
  const out: JsonSchema = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, simplify(value)]));
  const anyOf = out.anyOf;
  if (Array.isArray(anyOf) && anyOf.length === 2) {
    const other = (anyOf as JsonSchema[]).find((branch) => branch.type !== 'null');
    const hasNull = (anyOf as JsonSchema[]).some((branch) => branch.type === 'null' && Object.keys(branch).length === 1);
    if (other && hasNull && typeof other.type === 'string' && other.anyOf === undefined) {
      const { anyOf: _dropped, ...rest } = out;
      return { ...rest, ...other, type: [other.type, 'null'] };
    }
  }
  return out;
}

/** A schema's JSON Schema for writing replies, or null when zod cannot express it as one. */
export function responseJsonSchema(schema: z.ZodType): JsonSchema | null {
  try {
    const { $schema: _draft, ...json } = z.toJSONSchema(schema, { io: 'output', target: 'draft-07' });
    return simplify(json) as JsonSchema;
  } catch {
    return null;
  }
}

const zodSerializer = createSerializerCompiler({});

/**
 * Replies are written by a serializer compiled from each route's response schema
 * (fast-json-stringify, Fastify's own): it writes only the schema's properties, like zod's parse,
 * at a fraction of the cost of parsing every reply and then calling JSON.stringify. It checks that
 * required properties are there, not their formats; `validate` also parses each reply with zod
 * first, as the tests do, so a reply that strays from its schema fails there. A schema zod
 * cannot turn into JSON Schema keeps zod's serializer.
 */
export function createReplySerializer(options: { validate: boolean }): FastifySerializerCompiler<z.ZodType> {
  return (route) => {
    const json = responseJsonSchema(route.schema);
    const zodWrite = zodSerializer(route);
    if (!json) {
      return zodWrite;
    }
    const write: (data: unknown) => string = fastJson(json);
    return options.validate
      ? (data: unknown) => {
          zodWrite(data);
          return write(data);
        }
      : write;
  };
}

/**
 * Sends JSON text written elsewhere (by PostgreSQL) as it is: a string with a JSON type passes the
 * reply serializer by. The route's response schema still documents it; the API tests check it.
 */
export function sendJsonText(reply: { type(contentType: string): { send(payload: never): unknown } }, json: string): void {
  // The route's reply type is its schema's object; this text is that object, written already.
  reply.type('application/json; charset=utf-8').send(json as never);
}
