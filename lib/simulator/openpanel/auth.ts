import type {IncomingMessage} from 'node:http';
import type {OpenPanelClient, ResolvedOpenPanelOptions} from './options.js';

/** A refusal: the status and JSON body to answer with. */
type Refusal = {status: number; body: Record<string, unknown>};

const CLIENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function unauthorized(message: string): Refusal {
  return {status: 401, body: {error: 'Unauthorized', message}};
}

/** OpenPanel's `validateExportRequest`: the client, or the 401 with the first failed check's message. */
function authenticate(
  options: ResolvedOpenPanelOptions,
  request: IncomingMessage,
): OpenPanelClient | Refusal {
  const id = request.headers['openpanel-client-id'];
  if (typeof id !== 'string' || !CLIENT_ID.test(id)) {
    return unauthorized('Export: Client ID must be a valid UUIDv4');
  }
  const client = options.allClients.get(id);
  if (client === undefined) {
    return unauthorized('Export: Invalid client id');
  }
  if (client.clientSecret === null) {
    return unauthorized('Export: Client has no secret');
  }
  if (client.type === 'write') {
    return unauthorized('Export: Client is not allowed to export');
  }
  const secret = request.headers['openpanel-client-secret'] ?? '';
  if (secret !== client.clientSecret) {
    return unauthorized('Export: Invalid client secret');
  }
  return client;
}

function httpError(status: number, message: string): Refusal {
  return {status, body: {status, message}};
}

/** OpenPanel's `getProjectId`: the project to read, or the 403, 404 or 400 refusal. */
function projectOf(
  options: ResolvedOpenPanelOptions,
  client: OpenPanelClient,
  requested: string | undefined,
): string | Refusal {
  if (requested !== undefined) {
    if (client.type === 'read' && client.projectId !== requested) {
      return httpError(403, 'You do not have access to this project');
    }
    if (!options.projects.has(requested)) {
      return httpError(404, 'Project not found');
    }
    return requested;
  }
  return client.projectId ?? httpError(400, 'project_id or projectId is required');
}

export type {Refusal};
export {authenticate, projectOf};
