/** Entry of one study process started by `runStudyProcesses`: run the caller's `work`, report, exit. */
import type { StudyProcessContext } from './study-processes.js';

const ctl = new AbortController();
process.on('message', (m: { type: 'start'; index: number; count: number; module: string; args: StudyProcessContext['args'] } | { type: 'abort' }) => {
  if (m.type === 'abort') return ctl.abort();
  void (async () => {
    try {
      const mod = (await import(m.module)) as { work?: (ctx: StudyProcessContext) => unknown };
      if (typeof mod.work !== 'function') throw Object.assign(new Error(`${m.module} exports no work(ctx) function`), { code: 'ERR_WORKER_MODULE_INVALID' });
      const value = await mod.work({ index: m.index, count: m.count, args: m.args, signal: ctl.signal });
      process.send!({ ok: true, value: value === undefined ? null : value });
    } catch (e) {
      const code = (e as { code?: unknown })?.code;
      process.send!({ ok: false, error: { ...(typeof code === 'string' ? { code } : {}), message: (e as Error)?.message ?? String(e) } });
    } finally {
      process.disconnect();
    }
  })();
});
