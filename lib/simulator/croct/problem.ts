import type {ProblemDetails} from '../../croct/types.js';
import type {StatusFaultKind} from '../core/options.js';

/** The `type` URLs of the problems the simulator answers with. */
const PROBLEM_TYPES = {
  invalidInput: 'https://croct.help/api/data-export/invalid-input',
  invalidApiKey: 'https://croct.help/api/authentication/invalid-api-key',
  unknownApiKey: 'https://croct.help/api/authentication/unknown-api-key',
  notFound: 'https://croct.help/api/not-found',
  methodNotAllowed: 'https://croct.help/api/method-not-allowed',
} as const;

/** The status, type and title of each fault that answers with a problem. */
const FAULT_PROBLEMS: Readonly<Record<StatusFaultKind, {status: number; type: string; title: string}>> = {
  'rate-limit': {status: 429, type: 'https://croct.help/api/rate-limit-exceeded', title: 'Too many requests'},
  'server-error': {
    status: 500,
    type: 'https://croct.help/api/internal-error',
    title: 'Internal server error',
  },
  'bad-gateway': {status: 502, type: 'https://croct.help/api/bad-gateway', title: 'Bad gateway'},
  unavailable: {
    status: 503,
    type: 'https://croct.help/api/service-unavailable',
    title: 'Service unavailable',
  },
  'gateway-timeout': {status: 504, type: 'https://croct.help/api/gateway-timeout', title: 'Gateway timeout'},
};

/** An RFC 9457 problem body; `instance` is the request path. */
function problem(
  status: number,
  type: string,
  title: string,
  detail: string,
  instance: string,
  extra: Record<string, unknown> = {},
): ProblemDetails & {status: number} {
  return {type, title, status, detail, instance, ...extra};
}

/** The 400 answer to a list request with bad parameters: every violation is listed. */
function invalidInput(violations: string[], instance: string): ProblemDetails & {status: number} {
  const detail = violations.length === 1 ? '1 error occurred' : `${violations.length} errors occurred`;

  return problem(400, PROBLEM_TYPES.invalidInput, 'Invalid input', detail, instance, {violations});
}

export {FAULT_PROBLEMS, invalidInput, PROBLEM_TYPES, problem};
