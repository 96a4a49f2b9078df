import {fork} from 'node:child_process';
import {once} from 'node:events';

const entry = new URL('./simulator-process.js', import.meta.url);

/**
 * Starts the simulator in a child process and resolves to a handle once it listens on loopback.
 * `close()` is idempotent and waits for the child to exit.
 */
export async function startSimulator(options = {}) {
  const child = fork(entry, [], {stdio: ['ignore', 'inherit', 'inherit', 'ipc']});
  const exited = once(child, 'exit');
  const request = async (message, reply) => {
    const answer = new Promise((resolve, reject) => {
      const onMessage = (response) => {
        if (response.type === reply || response.type === 'error') {
          child.off('message', onMessage);
          if (response.type === 'error') {
            reject(new Error(`simulator: ${response.message}`));
          } else {
            resolve(response);
          }
        }
      };
      child.on('message', onMessage);
    });
    child.send(message);
    return answer;
  };
  const ready = await request({type: 'start', options}, 'ready');
  let closing;
  return {
    url: ready.url,
    apiKey: ready.apiKey,
    clientId: ready.clientId,
    clientSecret: ready.clientSecret,
    projectId: ready.projectId,
    accessToken: ready.accessToken,
    pid: child.pid,
    stats: async () => (await request({type: 'stats'}, 'stats')).stats,
    requestTimes: async () => (await request({type: 'times'}, 'times')).times,
    resetStats: () => request({type: 'reset'}, 'reset'),
    close() {
      closing ??= (async () => {
        if (child.exitCode === null && child.connected) {
          child.send({type: 'close'});
        }
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      })();
      return closing;
    },
  };
}
