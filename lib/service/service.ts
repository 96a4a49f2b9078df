import {rm} from 'node:fs/promises';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {integerOption, stringOption} from '../core/validate.js';
import type {ServiceContext} from './context.js';
import {EmbeddedPool} from './embedded-pool.js';
import {DEFAULT_MAX_BODY_BYTES} from './http/body.js';
import {type Route, Router} from './http/router.js';
import {JobBook} from './job-book.js';
import {jobDirectory, runJob} from './job-runner.js';
import {openapiDocument} from './openapi.js';
import type {RequestsLibrary} from './requests-port.js';
import {DEFAULT_RETENTION, expireFiles, retentionInterval} from './retention.js';
import {API_ROUTES} from './routes/index.js';
import {Scheduler, specOf} from './scheduler.js';
import {ExportStore} from './store.js';
import type {ExportRecord, JobQueue, JobRecord, ServiceUser} from './types.js';

/** Options of {@link createService}. */
export type ServiceOptions = {
  /** Where requests, jobs, the window ledger (`exports/`) and the files (`files/`) live. */
  readonly dataDir: string;
  /** Who may call the API, and with which provider credentials their jobs run. */
  readonly users: readonly ServiceUser[];
  /**
   * Where jobs run. @default an embedded pool of `concurrency` in this process; pass a
   * `createBullmqQueue(…)` to run them on BullMQ workers.
   */
  readonly queue?: JobQueue;
  /** Jobs run at once by the embedded pool. @default 2 */
  readonly concurrency?: number;
  /** Export requests with an unfinished job one user may have. @default 100 */
  readonly maxQueued?: number;
  /** Milliseconds a file is kept after its job is done. @default 7 days */
  readonly retention?: number;
  /** The largest request body. @default 1 MiB */
  readonly maxBodyBytes?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** 0 picks a free port. @default 0 */
  readonly port?: number;
  /** Service-wide notification settings (`EXPORT_SMTP_URL`, `SLACK_WEBHOOK_URL`…); never provider keys. @default {} */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** @default the real `lib/requests` */
  readonly requests?: RequestsLibrary;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** Where internal errors are reported. @default nothing */
  readonly log?: (line: string) => void;
  /** Called after any job changed. */
  readonly onJobChange?: (record: ExportRecord, job: JobRecord) => void;
};

/** A running service. */
export type Service = {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly server: Server;
  /** Mounts more routes (a web page) next to the API. */
  addRoutes(...routes: readonly Route[]): void;
  readonly context: ServiceContext;
  /** Looks for due windows now (the scheduler also does on its own). */
  tick(): Promise<void>;
  /** Expires the files past retention now (also done on a timer); resolves to how many. */
  expire(): Promise<number>;
  /** Resolves once every job report received so far is saved. */
  idle(): Promise<void>;
  /** Stops listening, scheduling and running (running embedded jobs are aborted and re-run at the next start). */
  close(): Promise<void>;
};

const NOTIFICATION_ENV = [
  'EXPORT_SMTP_URL',
  'EXPORT_SMTP_FROM',
  'SLACK_WEBHOOK_URL',
  'DISCORD_WEBHOOK_URL',
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_API_URL',
] as const;

/** The service-wide notification settings of an environment: nothing else (no provider key) is passed on. */
export function notificationEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(
    NOTIFICATION_ENV.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]]])),
  );
}

/**
 * Starts the export service: loads the store of `dataDir`, re-queues what a previous run left
 * unfinished, starts the scheduler, the retention timer and the HTTP API.
 *
 * @example
 * const service = await createService({dataDir: '/var/lib/exports', users, port: 8080});
 */
export async function createService(options: ServiceOptions): Promise<Service> {
  const dataDir = stringOption('dataDir', options.dataDir);
  const maxQueued = integerOption('maxQueued', options.maxQueued ?? 100, 1);
  const retention = integerOption('retention', options.retention ?? DEFAULT_RETENTION, 1);
  const maxBodyBytes = integerOption('maxBodyBytes', options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, 1);
  const requests = options.requests ?? (await import('./requests-library.js')).REQUESTS_LIBRARY;
  const now = options.now ?? (() => new Date());
  const log = options.log ?? (() => undefined);
  const env = notificationEnv(options.env ?? {});
  const usersById = new Map(options.users.map((user) => [user.id, user]));
  const store = await ExportStore.open(dataDir);
  const queue =
    options.queue ??
    new EmbeddedPool({
      concurrency: integerOption('concurrency', options.concurrency ?? 2, 1, 64),
      run: (spec, signal) =>
        runJob(spec, {requests, dataDir, user: usersById.get(spec.userId), env, signal, worker: 'embedded'}),
    });
  const book = new JobBook({
    store,
    requests,
    dataDir,
    users: usersById,
    env,
    now,
    log,
    ...(options.onJobChange === undefined ? {} : {onChange: options.onJobChange}),
  });
  const scheduler = new Scheduler({store, requests, queue, now});
  const context: ServiceContext = {
    store,
    requests,
    scheduler,
    queue,
    dataDir,
    users: options.users,
    maxQueued,
    maxBodyBytes,
    now,
    log,
    openapi: openapiDocument(requests.requestSchema),
    async forget(record) {
      for (const job of record.jobs) {
        await queue.cancel(job.id);
        await rm(jobDirectory(dataDir, job.id), {recursive: true, force: true});
      }
    },
  };
  await queue.start(book);
  await resume(store, queue);
  // What the engine reported for the jobs looked up at start is recorded before the API answers.
  await book.idle();
  await scheduler.tick();
  const expire = () => expireFiles({store, dataDir, retention, now});
  const sweeper = setInterval(
    () => void expire().catch((error) => log(`Retention failed: ${error}`)),
    retentionInterval(retention),
  );
  sweeper.unref();
  const router = new Router();
  router.add(...API_ROUTES);
  const server = createServer((request, response) => void router.handle(request, response, context));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`,
    server,
    context,
    addRoutes: (...routes) => router.add(...routes),
    tick: () => scheduler.tick(),
    expire,
    idle: () => book.idle(),
    async close() {
      clearInterval(sweeper);
      await scheduler.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await queue.close();
      await book.idle();
      await store.flush();
    },
  };
}

/**
 * Re-queues the jobs a previous run left unfinished. Embedded: a job `inProgress` died with that
 * process, so it starts again from scratch. Distributed: the queue asks BullMQ what became of it.
 */
async function resume(store: ExportStore, queue: JobQueue): Promise<void> {
  for (const record of store.all()) {
    const unfinished = record.jobs.filter(
      (job) => job.status === 'notProcessed' || job.status === 'inProgress',
    );
    if (queue.reconcile === undefined) {
      if (unfinished.some((job) => job.status === 'inProgress')) {
        for (const job of unfinished) {
          job.status = 'notProcessed';
        }
        await store.save(record);
      }
      for (const job of unfinished) {
        await queue.enqueue(specOf(record, job));
      }
    } else {
      for (const job of unfinished) {
        await queue.reconcile(specOf(record, job));
      }
    }
  }
}
