/**
 * Entry of a `process` pool worker: one OS process with its own thread pool and its own copy of
 * the data (built by the pool's `processSetup` module). A native crash here kills only this
 * process; the parent fails the attempt and forks a replacement.
 */
import { ThreadBackend } from './thread-backend.js';
import type { FromChild, ToChild } from './process-protocol.js';

let backend: ThreadBackend | undefined;
const running = new Map<number, { cancel: Int32Array; stop: AbortController }>();
const send = (m: FromChild): void => {
  if (process.connected) process.send!(m);
};

process.on('message', (raw: ToChild) => {
  void handle(raw);
});
process.on('disconnect', () => {
  void backend?.close().finally(() => process.exit(0));
  if (!backend) process.exit(0);
});

async function handle(m: ToChild): Promise<void> {
  if (m.type === 'init') {
    try {
      let shared: Record<string, unknown> = {};
      if (m.setup) {
        const mod = (await import(m.setup)) as { setup?: () => unknown };
        if (typeof mod.setup !== 'function') throw new Error(`processSetup module ${m.setup} exports no setup() function`);
        shared = (await mod.setup()) as Record<string, unknown>;
      }
      backend = new ThreadBackend({ size: m.threads, shared, runners: m.runners, processTag: `process:${process.pid}`, ...(m.resourceLimits ? { resourceLimits: m.resourceLimits } : {}) });
      send({ type: 'ready' });
    } catch (e) {
      send({ type: 'setup-failed', message: (e as Error)?.message ?? String(e) });
    }
  } else if (m.type === 'task') {
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    const stop = new AbortController();
    running.set(m.id, { cancel, stop });
    try {
      const reply = await backend!.submit({ task: m.task, cancel, signal: stop.signal, onMessage: (msg) => send({ type: 'msg', id: m.id, m: msg }) });
      send({ type: 'reply', id: m.id, reply });
    } catch (e) {
      const code = (e as { code?: string })?.code;
      send({ type: 'died', id: m.id, ...(code ? { code } : {}), message: (e as Error)?.message ?? String(e) });
    } finally {
      running.delete(m.id);
    }
  } else if (m.type === 'cancel') {
    const r = running.get(m.id);
    if (!r) return;
    Atomics.store(r.cancel, 0, m.value);
    if (m.abort) r.stop.abort();
  } else if (m.type === 'close') {
    await backend?.close();
    process.exit(0);
  }
}
