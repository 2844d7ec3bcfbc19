/** @internal Messages between a ProcessBackend and its child processes (over the IPC channel). */
import type { TrialTask, WorkerMessage, WorkerReply } from './task.js';
import type { ThreadBackendOptions } from './thread-backend.js';

export type ToChild =
  | { type: 'init'; threads: number; runners: Record<string, string>; setup?: string; resourceLimits?: ThreadBackendOptions['resourceLimits'] }
  | { type: 'task'; id: number; task: TrialTask }
  /** The parent's cancel slot changed: mirror it; `abort` also stops the thread at once. */
  | { type: 'cancel'; id: number; value: number; abort: boolean }
  | { type: 'close' };

export type FromChild =
  | { type: 'ready' }
  | { type: 'setup-failed'; message: string }
  | { type: 'msg'; id: number; m: WorkerMessage }
  | { type: 'reply'; id: number; reply: WorkerReply }
  | { type: 'died'; id: number; code?: string; message: string };
