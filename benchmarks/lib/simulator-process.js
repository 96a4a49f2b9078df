// The simulator in its own process, so that the client under test never shares an event loop (or a
// core's worth of CPU time slices) with the server. Driven over IPC by ./simulator.js:
//   parent -> {type: 'start', options}   child -> {type: 'ready', url, apiKey | clientId, clientSecret}
//   (options.provider: 'croct', the default, 'openpanel' or 'coveo'; coveo answers accessToken)
//   parent -> {type: 'stats'}            child -> {type: 'stats', stats: {...counters}}
//   parent -> {type: 'times'}            child -> {type: 'times', times: [request log times]}
//   parent -> {type: 'reset'}            child -> {type: 'reset'}
//   parent -> {type: 'close'}            the child closes the server and exits
// It also exits when the parent goes away (IPC disconnect), so nothing outlives a crashed run.

import {createCoveoSimulator} from '../../dist/simulator/coveo/create-simulator.js';
import {createOpenPanelSimulator, createSimulator} from '../../dist/simulator/index.js';

let simulator;

function counters(stats) {
  const {log, ...rest} = stats;
  return structuredClone(rest);
}

async function shutdown(code) {
  try {
    await simulator?.close();
  } finally {
    process.exit(code);
  }
}

process.on('message', async (message) => {
  try {
    if (message.type === 'start') {
      const {provider = 'croct', ...options} = message.options;
      const create =
        provider === 'coveo'
          ? createCoveoSimulator
          : provider === 'openpanel'
            ? createOpenPanelSimulator
            : createSimulator;
      simulator = await create({host: '127.0.0.1', port: 0, ...options});
      const {url, apiKey, clientId, clientSecret, projectId, accessToken} = simulator;
      process.send({type: 'ready', url, apiKey, clientId, clientSecret, projectId, accessToken});
    } else if (message.type === 'stats') {
      process.send({type: 'stats', stats: counters(simulator.stats)});
    } else if (message.type === 'times') {
      process.send({type: 'times', times: simulator.stats.log.map((entry) => entry.time)});
    } else if (message.type === 'reset') {
      simulator.resetStats();
      process.send({type: 'reset'});
    } else if (message.type === 'close') {
      await shutdown(0);
    }
  } catch (error) {
    process.send({type: 'error', message: String(error?.stack ?? error)});
  }
});

process.on('disconnect', () => shutdown(0));
