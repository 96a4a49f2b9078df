import {API_ERRORS} from './http/api-error.js';
import {MAX_PAGE_SIZE, SORTS} from './routes/list-query.js';
import {JOB_STATUSES} from './types.js';

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({$ref: `#/components/schemas/${name}`});
const json = (schema: Json, description: string): Json => ({
  description,
  content: {'application/json': {schema}},
});
const error = (description: string): Json => json(ref('Error'), description);
const idParameter: Json = {name: 'id', in: 'path', required: true, schema: {type: 'string'}};
const errors = {
  400: error('Invalid body or query: `error.path` names the JSON path or the parameter'),
  401: error('Missing or invalid bearer token'),
  404: error("No such export request for this user (another user's id is also 404)"),
};
const time = {type: 'string', format: 'date-time'};
const count = {type: 'integer', minimum: 0};

/** The request schema with its local `$ref`s re-rooted where the document embeds it. */
function embedded(schema: unknown, at: string): unknown {
  if (Array.isArray(schema)) {
    return schema.map((element) => embedded(element, at));
  }
  if (typeof schema !== 'object' || schema === null) {
    return schema;
  }
  const entries = Object.entries(schema)
    .filter(([key]) => key !== '$schema' && key !== '$id')
    .map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' && value.startsWith('#')
        ? `${at}${value.slice(1)}`
        : embedded(value, at),
    ]);
  return Object.fromEntries(entries);
}

/**
 * The OpenAPI 3.1 document of the API, served at `/openapi.json`; `requestSchema` is the export
 * request's JSON Schema (the body of `POST /exports`). The tests validate real responses against it,
 * and docs/service.md describes the same operations.
 */
export function openapiDocument(requestSchema: Readonly<Record<string, unknown>>): Json {
  const exportSchema = {
    type: 'object',
    description: 'The request JSON as sent, plus these fields',
    required: ['id', 'name', 'type', 'format', 'items', 'createdAt', 'updatedAt', 'status'],
    properties: {
      id: {type: 'string'},
      name: {type: 'string'},
      type: {enum: ['oneTime', 'recurring']},
      createdAt: time,
      updatedAt: time,
      status: {
        enum: JOB_STATUSES,
        description: "From its jobs: inProgress, notProcessed, else its latest window's",
      },
    },
  };
  const delivery = {
    type: 'object',
    required: ['policy', 'medium', 'target', 'ok', 'attempts'],
    properties: {
      policy: {type: 'string'},
      medium: {type: 'string'},
      target: {type: 'string', description: 'Redacted: no webhook secret, no bot token'},
      ok: {type: 'boolean'},
      attempts: count,
      error: {type: 'string'},
    },
  };
  const job = {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'item', 'window', 'status', 'createdAt', 'attempts'],
    properties: {
      id: {type: 'string', description: '`<requestId>_<item>_<window key>`'},
      item: count,
      window: {
        type: 'object',
        additionalProperties: false,
        required: ['start', 'end', 'key'],
        properties: {start: time, end: time, key: {type: 'string'}},
      },
      status: {enum: JOB_STATUSES},
      createdAt: time,
      attempts: {...count, description: 'Times a worker started it'},
      startedAt: time,
      finishedAt: time,
      expiredAt: time,
      worker: {type: 'string'},
      label: {type: 'string'},
      fileName: {type: 'string'},
      contentType: {type: 'string'},
      rows: count,
      bytes: count,
      error: {
        type: 'object',
        additionalProperties: false,
        required: ['code', 'message'],
        properties: {code: {type: 'string'}, message: {type: 'string'}},
      },
      notifications: {type: 'array', items: ref('Delivery')},
    },
  };
  const errorSchema = {
    type: 'object',
    additionalProperties: false,
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        additionalProperties: false,
        required: ['code', 'message'],
        properties: {
          code: {enum: Object.keys(API_ERRORS)},
          message: {type: 'string'},
          path: {type: 'string'},
        },
      },
    },
  };
  const jobList = {
    type: 'object',
    required: ['items'],
    properties: {items: {type: 'array', items: ref('Job')}},
  };
  const query = (name: string, schema: Json, description: string): Json => ({
    name,
    in: 'query',
    schema,
    description,
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'export-stream service',
      version: '1',
      description:
        'Export requests over HTTP: one job per item and window, run by workers, files kept until retention expires them. ' +
        'Any route answers 405 (Error, with `Allow`) to another method, and 500 (Error) on an internal failure.',
    },
    security: [{bearer: []}],
    paths: {
      '/exports': {
        post: {
          operationId: 'createExport',
          summary: "Create an export request; a one-time request's jobs are queued at once",
          requestBody: {required: true, content: {'application/json': {schema: ref('ExportRequest')}}},
          responses: {
            201: json(ref('Export'), 'Created (Location: /exports/{id})'),
            400: errors[400],
            401: errors[401],
            413: error('Body larger than the limit'),
            415: error('Not a JSON body'),
            429: error('Maximum number of queued exports reached'),
          },
        },
        get: {
          operationId: 'listExports',
          summary: "List the caller's export requests",
          parameters: [
            query(
              'status',
              {type: 'array', items: {enum: JOB_STATUSES}},
              'Repeatable (also `status[]`, or comma-separated)',
            ),
            query('type', {enum: ['oneTime', 'recurring']}, 'Request type'),
            query('from', time, 'createdAt at or after'),
            query('to', time, 'createdAt before'),
            query('page', {type: 'integer', minimum: 1, default: 1}, '1-based page'),
            query(
              'pageSize',
              {type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 20},
              'Items per page',
            ),
            query('sort', {enum: SORTS, default: '-createdAt'}, '`-` sorts descending'),
          ],
          responses: {
            200: json(
              {
                type: 'object',
                additionalProperties: false,
                required: ['items', 'page', 'pageSize', 'total'],
                properties: {
                  items: {type: 'array', items: ref('Export')},
                  page: count,
                  pageSize: count,
                  total: count,
                },
              },
              'One page',
            ),
            400: errors[400],
            401: errors[401],
          },
        },
      },
      '/exports/{id}': {
        parameters: [idParameter],
        get: {
          operationId: 'getExport',
          summary: 'One export request',
          responses: {200: json(ref('Export'), 'The request'), 401: errors[401], 404: errors[404]},
        },
        delete: {
          operationId: 'deleteExport',
          summary:
            'Delete an export request: no further window runs, queued jobs are dropped, a running one is cancelled, its files are deleted',
          responses: {204: {description: 'Deleted'}, 401: errors[401], 404: errors[404]},
        },
      },
      '/exports/{id}/jobs': {
        parameters: [idParameter],
        get: {
          operationId: 'listJobs',
          summary: 'The jobs of an export request',
          responses: {200: json(ref('JobList'), 'Its jobs'), 401: errors[401], 404: errors[404]},
        },
      },
      '/exports/{id}/download': {
        parameters: [idParameter],
        get: {
          operationId: 'download',
          summary: 'The file of the latest done job, or of `?job=`; one byte range on request',
          parameters: [query('job', {type: 'string'}, 'A job id of this request')],
          responses: {
            200: {
              description: 'The file, with Content-Type and Content-Disposition',
              content: {'*/*': {schema: {type: 'string', format: 'binary'}}},
            },
            206: {
              description: 'The requested range (Content-Range)',
              content: {'*/*': {schema: {type: 'string', format: 'binary'}}},
            },
            400: errors[400],
            401: errors[401],
            404: error('No such request or job, or no file (not done, failed, expired)'),
            416: error('Range past the end (Content-Range: bytes */size)'),
          },
        },
      },
      '/exports/{id}/run': {
        parameters: [idParameter],
        post: {
          operationId: 'runNow',
          summary: 'Run a one-time export request again now',
          responses: {
            202: json(ref('JobList'), 'Queued'),
            401: errors[401],
            404: errors[404],
            409: error('Recurring, already queued or running, or its window has not closed'),
            429: error('Maximum number of queued exports reached'),
          },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'openapi',
          summary: 'This document',
          security: [],
          responses: {200: json({type: 'object'}, 'OpenAPI 3.1')},
        },
      },
    },
    components: {
      securitySchemes: {
        bearer: {type: 'http', scheme: 'bearer', description: "A token from the service's tokens file"},
      },
      schemas: {
        ExportRequest: embedded(requestSchema, '#/components/schemas/ExportRequest'),
        Export: exportSchema,
        Job: job,
        JobList: jobList,
        Delivery: delivery,
        Error: errorSchema,
      },
    },
  };
}
