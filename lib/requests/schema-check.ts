import {Ajv, type ErrorObject, type ValidateFunction} from 'ajv';
import {REQUEST_SCHEMA} from './schema.js';
import type {SchemaNode} from './schema-parts.js';
import {RequestValidationError} from './validation-error.js';

let compiled: ValidateFunction | undefined;

/** The schema compiled once, on first use (about 20 ms). */
function validator(): ValidateFunction {
  if (compiled === undefined) {
    // allErrors off: the first error is reported, the one a user fixes first.
    const ajv = new Ajv({
      allErrors: false,
      verbose: true,
      strict: true,
      strictRequired: false,
      allowUnionTypes: true,
    });
    ajv.addKeyword({keyword: 'x-expected', schemaType: 'string'});
    compiled = ajv.compile(REQUEST_SCHEMA);
  }
  return compiled;
}

/** `/format/columns/2/id` as `format.columns[2].id`. */
export function jsonPath(pointer: string): string {
  let path = '';
  for (const raw of pointer.split('/').slice(1)) {
    path += step(raw.replace(/~1/g, '/').replace(/~0/g, '~'), path === '');
  }
  return path;
}

/** One step of a JSON path: `[2]` for an index, `.name` for a key (`["odd key"]` when not an identifier). */
export function step(key: string, first: boolean): string {
  if (/^\d+$/.test(key)) {
    return `[${key}]`;
  }
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) {
    return first ? key : `.${key}`;
  }
  return `[${JSON.stringify(key)}]`;
}

/**
 * Whether a value found at `path` may hold a secret, so that messages show only its length: a
 * notification target (a webhook URL carries its secret in the path), a base URL (may carry
 * credentials), or any string that looks like a key or token.
 */
export function mayBeSecret(path: string, value: unknown): boolean {
  if (typeof value !== 'string') {
    return false;
  }
  return (
    /(^|\.)(target|baseUrl)$/.test(path) ||
    /:\/\/[^/]*@/.test(value) ||
    /^[A-Za-z0-9_+/=-]{24,}$/.test(value) ||
    /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i.test(value)
  );
}

function expectedOf(schema: SchemaNode | undefined): string {
  return schema!['x-expected'] as string;
}

function toError(error: ErrorObject, source: string | undefined): RequestValidationError {
  const path = jsonPath(error.instancePath);
  const parent = error.parentSchema as SchemaNode;
  const properties = (parent.properties ?? {}) as Readonly<Record<string, SchemaNode>>;
  if (error.keyword === 'required') {
    const name = (error.params as {missingProperty: string}).missingProperty;
    return new RequestValidationError(
      path + step(name, path === ''),
      expectedOf(properties[name]),
      undefined,
      {
        source,
        missing: true,
      },
    );
  }
  if (error.keyword === 'additionalProperties') {
    const name = (error.params as {additionalProperty: string}).additionalProperty;
    const known = Object.keys(properties).join(', ');
    return new RequestValidationError(
      path + step(name, path === ''),
      `one of the known fields (${known}); unknown fields are errors, not ignored`,
      name,
      {source},
    );
  }
  return new RequestValidationError(path, expectedOf(parent), error.data, {
    source,
    secret: mayBeSecret(path, error.data),
  });
}

/** Validates `json` against {@link REQUEST_SCHEMA}; throws the first error as a {@link RequestValidationError}. */
export function checkSchema(json: unknown, source: string | undefined): void {
  const validate = validator();
  if (!validate(json)) {
    throw toError(validate.errors![0]!, source);
  }
}
