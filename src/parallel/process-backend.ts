/**
 * Child processes on this machine, each running its own thread pool over its own copy of the
 * data. Costs memory (nothing is shared across processes) and buys isolation: a native crash or
 * `process.abort()` in a trial kills one child, not the study.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WorkerError } from '../errors.js';
import type { BackendAttempt, PoolBackend } from './pool-backend.js';
import type { FromChild, ToChild } from './process-protocol.js';
import { siblingModule } from './runner-registry.js';
import type { ThreadBackendOptions } from './thread-backend.js';
import type { WorkerReply } from './task.js';

export interface ProcessBackendOptions {
  size: number;
  threads: number;
  runners: Record<string, string>;
  setup?: string;
  resourceLimits?: ThreadBackendOptions['resourceLimits'];
}

interface Pending {
  attempt: BackendAttempt;
  resolve: (r: WorkerReply) => void;
  reject: (e: unknown) => void;
  child?: Child;
  id: number;
  poll?: NodeJS.Timeout;
  sentFlag: number;
}

interface Child {
  proc: ChildProcess;
  ready: boolean;
  inflight: Map<number, Pending>;
}

export class ProcessBackend implements PoolBackend {
  readonly type = 'process' as const;
  readonly size: number;
  private readonly children: Child[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private closed = false;
  private setupError: string | undefined;

  constructor(private readonly opts: ProcessBackendOptions) {
    this.size = opts.size;
    for (let i = 0; i < opts.size; i++) this.children.push(this.spawn());
  }

  get queued(): number {
    return this.queue.length;
  }

  get liveWorkers(): number {
    return this.children.filter((c) => c.proc.exitCode === null && c.proc.signalCode === null).length;
  }

  private spawn(): Child {
    const entry = siblingModule('./process-entry', import.meta.url);
    const execArgv = entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
    const proc = fork(fileURLToPath(entry), [], { execArgv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
    proc.stderr?.resume();
    const child: Child = { proc, ready: false, inflight: new Map() };
    proc.on('message', (m: FromChild) => this.onMessage(child, m));
    proc.on('exit', (code, signal) => this.onExit(child, code, signal));
    const init: ToChild = { type: 'init', threads: this.opts.threads, runners: this.opts.runners, ...(this.opts.setup ? { setup: this.opts.setup } : {}), ...(this.opts.resourceLimits ? { resourceLimits: this.opts.resourceLimits } : {}) };
    proc.send(init);
    return child;
  }

  private onMessage(child: Child, m: FromChild): void {
    if (m.type === 'ready') {
      child.ready = true;
      this.pump();
    } else if (m.type === 'setup-failed') {
      this.setupError = m.message;
      for (const p of this.queue.splice(0)) p.reject(new WorkerError('ERR_WORKER_SETUP', `a worker process could not build its data: ${m.message}`));
    } else {
      const p = child.inflight.get(m.id);
      if (!p) return;
      if (m.type === 'msg') p.attempt.onMessage(m.m);
      else {
        this.finish(child, p);
        if (m.type === 'reply') p.resolve(m.reply);
        else p.reject(Object.assign(new Error(m.message), m.code ? { code: m.code } : {}));
      }
    }
  }

  private onExit(child: Child, code: number | null, signal: NodeJS.Signals | null): void {
    const i = this.children.indexOf(child);
    for (const p of [...child.inflight.values()]) {
      this.finish(child, p);
      p.reject(Object.assign(new Error(`worker process ${child.proc.pid} exited (${signal ?? `code ${code}`}) during the trial`), { code: 'ERR_WORKER_CRASHED' }));
    }
    if (i >= 0) {
      if (this.closed || this.setupError) this.children.splice(i, 1);
      else this.children[i] = this.spawn();
    }
  }

  private finish(child: Child, p: Pending): void {
    child.inflight.delete(p.id);
    if (p.poll) clearInterval(p.poll);
    queueMicrotask(() => this.pump());
  }

  submit(attempt: BackendAttempt): Promise<WorkerReply> {
    if (this.setupError) return Promise.reject(new WorkerError('ERR_WORKER_SETUP', `a worker process could not build its data: ${this.setupError}`));
    return new Promise<WorkerReply>((resolve, reject) => {
      const p: Pending = { attempt, resolve, reject, id: this.nextId++, sentFlag: 0 };
      const onAbort = (): void => {
        const qi = this.queue.indexOf(p);
        if (qi >= 0) {
          this.queue.splice(qi, 1);
          reject(Object.assign(new Error('aborted before it started'), { name: 'AbortError' }));
        } else if (p.child) {
          this.sendTo(p.child, { type: 'cancel', id: p.id, value: Atomics.load(attempt.cancel, 0), abort: true });
        }
      };
      attempt.signal.addEventListener('abort', onAbort, { once: true });
      this.queue.push(p);
      this.pump();
      if (attempt.signal.aborted) onAbort();
    });
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const child = this.children.filter((c) => c.ready && c.inflight.size < this.opts.threads).sort((a, b) => a.inflight.size - b.inflight.size)[0];
      if (!child) return;
      const p = this.queue.shift()!;
      p.child = child;
      child.inflight.set(p.id, p);
      this.sendTo(child, { type: 'task', id: p.id, task: p.attempt.task });
      // Pruning only flips the parent's cancel slot; mirror changes into the child's slot.
      p.poll = setInterval(() => {
        const v = Atomics.load(p.attempt.cancel, 0);
        if (v !== p.sentFlag) {
          p.sentFlag = v;
          this.sendTo(child, { type: 'cancel', id: p.id, value: v, abort: false });
        }
      }, 10);
    }
  }

  private sendTo(child: Child, m: ToChild): void {
    if (child.proc.connected) child.proc.send(m);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(Object.assign(new Error('pool closed'), { name: 'AbortError' }));
    await Promise.all(
      this.children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.proc.exitCode !== null || c.proc.signalCode !== null) return resolve();
            const kill = setTimeout(() => c.proc.kill('SIGKILL'), 1000);
            c.proc.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            this.sendTo(c, { type: 'close' });
          }),
      ),
    );
  }
}
