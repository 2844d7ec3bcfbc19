/**
 * Piscina threads in this process. Every worker gets the shared handles once in `workerData`
 * (SharedArrayBuffers are shared, not copied); tasks carry only their small description.
 */
import { MessageChannel } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { siblingModule } from './runner-registry.js';
import type { BackendAttempt, PoolBackend } from './pool-backend.js';
import type { WireTask, WorkerMessage, WorkerReply } from './task.js';

export interface ThreadBackendOptions {
  size: number;
  shared: Record<string, unknown>;
  runners: Record<string, string>;
  resourceLimits?: { maxOldGenerationSizeMb?: number; maxYoungGenerationSizeMb?: number; codeRangeSizeMb?: number; stackSizeMb?: number };
  /** Tag prefixed to worker ids (the process pool sets it). */
  processTag?: string;
}

/** The worker file: compiled JS next to this module, or (from sources) the tsx bootstrap. */
function workerFile(): string {
  const entry = siblingModule('./worker-entry', import.meta.url);
  if (entry.endsWith('.js')) return fileURLToPath(entry);
  return fileURLToPath(new URL('./dev-worker.mjs', entry));
}

export class ThreadBackend implements PoolBackend {
  readonly type = 'thread' as const;
  readonly size: number;
  private readonly piscina: Piscina<WireTask, WorkerReply>;

  constructor(opts: ThreadBackendOptions) {
    this.size = opts.size;
    this.piscina = new Piscina<WireTask, WorkerReply>({
      filename: workerFile(),
      minThreads: opts.size,
      maxThreads: opts.size,
      // Idle workers stay up: they hold the attached buffers and the loaded runners.
      idleTimeout: Number.MAX_SAFE_INTEGER,
      workerData: { shared: opts.shared, runners: opts.runners, processTag: opts.processTag },
      ...(opts.resourceLimits ? { resourceLimits: opts.resourceLimits } : {}),
      closeTimeout: 1000,
    });
    // A worker that dies between tasks surfaces here; piscina replaces it, nothing to do.
    this.piscina.on('error', () => undefined);
  }

  get queued(): number {
    return this.piscina.queueSize;
  }

  get liveWorkers(): number {
    return this.piscina.threads.length;
  }

  async submit(a: BackendAttempt): Promise<WorkerReply> {
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (m: WorkerMessage) => a.onMessage(m));
    try {
      return await this.piscina.run({ task: a.task, cancel: a.cancel, port: port2 }, { transferList: [port2], signal: a.signal });
    } finally {
      // Drain messages already posted before the reply, then release the port's handle.
      await new Promise<void>((r) => setImmediate(r));
      port1.close();
    }
  }

  async close(): Promise<void> {
    await this.piscina.destroy();
  }
}
