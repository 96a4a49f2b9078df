import {mkdtemp, rm} from 'node:fs/promises';
import {request as httpRequest} from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Ajv2020} from 'ajv/dist/2020.js';
import {createService, type Service, type ServiceOptions} from '../../lib/service/index.js';
import type {RequestsLibrary} from '../../lib/service/requests-port.js';
import {hashToken} from '../../lib/service/tokens.js';
import type {ServiceUser} from '../../lib/service/types.js';
import {createCroctSimulator, type Simulator, type SimulatorOptions} from '../../lib/simulator/index.js';

type Test = {teardown: (fn: () => unknown) => void};

/** Two users' bearer tokens. */
export const ALICE = 'alice-token-0123456789';
export const BOB = 'bob-token-9876543210';

/** The simulator's default data: 24 hours of events from this instant. */
export const SIMULATED_DAY = {from: '2015-08-31T03:00:00Z', to: '2015-09-01T03:00:00Z'};

/** Alice and Bob, both with the simulator's key as their Croct key. */
export function testUsers(croctApiKey = '00000000-0000-4000-8000-000000000000'): ServiceUser[] {
  return [
    {id: 'alice', tokenSha256: hashToken(ALICE), env: {CROCT_API_KEY: croctApiKey}},
    {id: 'bob', tokenSha256: hashToken(BOB), env: {CROCT_API_KEY: croctApiKey}},
  ];
}

/** A temporary directory removed in teardown. */
export async function tempDir(t: Test, prefix = 'service-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.teardown(() => rm(dir, {recursive: true, force: true}));
  return dir;
}

/** A Croct simulator for one test, closed in teardown. */
export async function croctSimulator(t: Test, options: SimulatorOptions = {}): Promise<Simulator> {
  const simulator = await createCroctSimulator({events: 300, ...options});
  t.teardown(() => simulator.close());
  return simulator;
}

/**
 * Starts a service for one test (closed in teardown, unless the test closes it first). It runs the real
 * lib/requests unless `options.requests` says otherwise (loaded only then, for the tests' coverage).
 */
export async function startService(
  t: Test,
  options: Partial<ServiceOptions> & {dataDir: string},
): Promise<Service> {
  const requests = options.requests ?? (await testRequests());
  const service = await createService({users: testUsers(), ...options, requests});
  let closed = false;
  const close = service.close;
  const wrapped: Service = {
    ...service,
    close: async () => {
      if (!closed) {
        closed = true;
        await close();
      }
    },
  };
  t.teardown(() => wrapped.close());
  return wrapped;
}

/** What {@link croctService} started: its options serve to start the same service again. */
export type CroctService = {
  simulator: Simulator;
  dataDir: string;
  service: Service;
  options: Partial<ServiceOptions> & {dataDir: string};
};

/**
 * The end-to-end tests' usual world: a Croct simulator, a temporary data directory and a service whose
 * users (Alice and Bob) hold the simulator's key. `options` override any of the service's options.
 */
export async function croctService(
  t: Test,
  options: Partial<ServiceOptions> = {},
  simulatorOptions: SimulatorOptions = {},
): Promise<CroctService> {
  const simulator = await croctSimulator(t, simulatorOptions);
  const dataDir = options.dataDir ?? (await tempDir(t));
  const serviceOptions = {dataDir, users: testUsers(simulator.apiKey), ...options};
  const service = await startService(t, serviceOptions);
  return {simulator, dataDir, service, options: serviceOptions};
}

/** A one-time request for the simulator's day of events. */
export function oneTime(
  simulator: Simulator,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name: 'day',
    type: 'oneTime',
    ...SIMULATED_DAY,
    format: {extension: 'csv'},
    items: [{provider: 'croct', resource: 'events', baseUrl: simulator.url, pageSize: 100}],
    ...overrides,
  };
}

/** An HTTP exchange's result. */
export type Reply = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  // biome-ignore lint/suspicious/noExplicitAny: replies are checked field by field, and against the OpenAPI document
  json: any;
};

/** Options of {@link call}. */
export type CallOptions = {
  token?: string | undefined;
  body?: unknown;
  /** Sent as is (a Buffer or string), with the given headers. */
  raw?: string | Buffer;
  headers?: Record<string, string>;
};

/** One request to the service with node:http (no pooling, full control of the headers). */
export function call(base: string, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = {...options.headers};
  if (options.token !== undefined) {
    headers.authorization = `Bearer ${options.token}`;
  }
  let payload: string | Buffer | undefined = options.raw;
  if (options.body !== undefined) {
    payload = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${base}${path}`, {method, headers, agent: false}, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const body = Buffer.concat(chunks);
        const type = String(response.headers['content-type'] ?? '');
        resolve({
          status: response.statusCode!,
          headers: response.headers,
          body,
          json: type.startsWith('application/json') ? JSON.parse(body.toString()) : undefined,
        });
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(payload);
  });
}

/** Polls until `predicate` holds (2 ms steps), failing after `timeout` with what was awaited. */
export async function until(
  predicate: () => boolean | Promise<boolean>,
  what: string,
  timeout = 15_000,
): Promise<void> {
  const deadline = performance.now() + timeout;
  while (!(await predicate())) {
    if (performance.now() > deadline) {
      throw new Error(`Timed out after ${timeout} ms waiting for: ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** The jobs of a request, as the API lists them. */
// biome-ignore lint/suspicious/noExplicitAny: jobs are checked field by field
export async function jobsOf(base: string, id: string, token = ALICE): Promise<any[]> {
  const reply = await call(base, 'GET', `/exports/${id}/jobs`, {token});
  return reply.json.items;
}

/**
 * Validates replies against the service's OpenAPI document with ajv (JSON Schema 2020-12, as
 * OpenAPI 3.1): the operation by method and path template, the response by status.
 */
export class OpenApiChecker {
  readonly #ajv: Ajv2020;
  readonly checked = new Set<string>();

  constructor(document: Record<string, unknown>) {
    this.#ajv = new Ajv2020({strict: false, allErrors: true, validateFormats: false});
    this.#ajv.addSchema(document, 'openapi.json');
  }

  /** The ajv errors of `reply` for `method path` (a template such as `/exports/{id}`), or [] when it matches. */
  errors(method: string, path: string, reply: Reply): string[] {
    const pointer = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');
    const operation = `openapi.json#/paths/${pointer(path)}/${method.toLowerCase()}/responses/${reply.status}`;
    this.checked.add(`${method} ${path} ${reply.status}`);
    if (reply.status === 405 || reply.status === 500) {
      return this.#validate({$ref: 'openapi.json#/components/schemas/Error'}, reply.json);
    }
    if (this.#ajv.getSchema(operation) === undefined) {
      return [`no response ${reply.status} documented for ${method} ${path}`];
    }
    const response = this.#ajv.getSchema(operation)!.schema as {content?: Record<string, unknown>};
    if (response.content?.['application/json'] === undefined) {
      return [];
    }
    return this.#validate({$ref: `${operation}/content/application~1json/schema`}, reply.json);
  }

  #validate(schema: Record<string, unknown>, value: unknown): string[] {
    const validate = this.#ajv.compile(schema);
    return validate(value)
      ? []
      : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
  }
}

/** The real lib/requests, which the service runs (the end-to-end tests use nothing else). */
export async function testRequests(): Promise<RequestsLibrary> {
  return (await import('../../lib/service/requests-library.js')).REQUESTS_LIBRARY;
}
