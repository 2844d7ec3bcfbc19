/**
 * Progress of an optimisation on the terminal: one bar per model family (trials done / budget,
 * best value, trials per second, ETA) drawn with cli-progress when stdout is a TTY; plain lines
 * otherwise (a line per family at most every `intervalMs`, and a final one), so logs and CI
 * output stay readable. `--json` callers do not use it.
 */
import cliProgress from 'cli-progress';
import { formatDuration, formatNumber } from '../report/format.js';

export interface FamilyProgress {
  /** Finished trials (any state). */
  trials: number;
  /** Trial budget, or null when only a timeout bounds the run. */
  total: number | null;
  best: number | null;
  pruned?: number;
  failed?: number;
}

interface FamilyState extends FamilyProgress {
  startedAt: number;
  lastLine: number;
  bar?: cliProgress.SingleBar;
}

export interface ProgressOptions {
  stream: { write(chunk: string): unknown; isTTY?: boolean };
  /** Plain mode: at most one line per family per this many ms (default 2000). */
  intervalMs?: number;
  /** Clock (ms), for tests. */
  now?: () => number;
}

/** trials/s and ETA in ms from progress so far (ETA null when unknown). */
export function rateAndEta(p: FamilyProgress, elapsedMs: number): { rate: number; etaMs: number | null } {
  const rate = elapsedMs > 0 ? p.trials / (elapsedMs / 1000) : 0;
  const etaMs = p.total !== null && rate > 0 ? (Math.max(0, p.total - p.trials) / rate) * 1000 : null;
  return { rate, etaMs };
}

export class ProgressView {
  private readonly families = new Map<string, FamilyState>();
  private readonly multi: cliProgress.MultiBar | null;
  private readonly stream: ProgressOptions['stream'];
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(options: ProgressOptions) {
    this.stream = options.stream;
    this.intervalMs = options.intervalMs ?? 2000;
    this.now = options.now ?? (() => performance.now());
    this.multi = options.stream.isTTY
      ? new cliProgress.MultiBar(
          {
            stream: options.stream as NodeJS.WritableStream,
            format: '{family} {bar} {value}/{totalText} | best {best} | {rate} trials/s | ETA {eta}',
            barsize: 16,
            hideCursor: true,
            clearOnComplete: false,
            etaBuffer: 20,
          },
          cliProgress.Presets.shades_classic,
        )
      : null;
  }

  private payload(name: string, s: FamilyState): Record<string, string> {
    const { rate, etaMs } = rateAndEta(s, this.now() - s.startedAt);
    return {
      family: name.padEnd(this.width()),
      totalText: s.total === null ? '?' : String(s.total),
      best: formatNumber(s.best),
      rate: rate.toFixed(2),
      eta: etaMs === null ? '—' : formatDuration(etaMs),
    };
  }

  private width(): number {
    return Math.max(8, ...[...this.families.keys()].map((k) => k.length));
  }

  private line(name: string, s: FamilyState, done = false): string {
    const p = this.payload(name, s);
    const extra = [s.pruned ? `${s.pruned} pruned` : '', s.failed ? `${s.failed} failed` : ''].filter(Boolean).join(', ');
    return `${p.family} ${done ? 'done' : 'trials'} ${s.trials}/${p.totalText}  best ${p.best}  ${p.rate} trials/s  ETA ${done ? '0' : p.eta}${extra ? `  (${extra})` : ''}\n`;
  }

  /** Register a family before its first trial. */
  start(family: string, total: number | null): void {
    const s: FamilyState = { trials: 0, total, best: null, startedAt: this.now(), lastLine: -Infinity };
    this.families.set(family, s);
    if (this.multi) s.bar = this.multi.create(total ?? 0, 0, this.payload(family, s));
  }

  /** New figures for a family (after each finished trial). */
  update(family: string, p: Partial<FamilyProgress>): void {
    const s = this.families.get(family);
    if (!s) return;
    Object.assign(s, p);
    if (s.bar) {
      if (s.total !== null) s.bar.setTotal(s.total);
      s.bar.update(s.trials, this.payload(family, s));
      return;
    }
    const t = this.now();
    if (t - s.lastLine >= this.intervalMs) {
      s.lastLine = t;
      this.stream.write(this.line(family, s));
    }
  }

  /** The family finished: final figures (a last plain line, or the bar left at its end). */
  finish(family: string, p: Partial<FamilyProgress> = {}): void {
    const s = this.families.get(family);
    if (!s) return;
    Object.assign(s, p);
    if (s.bar) s.bar.update(s.trials, this.payload(family, s));
    else this.stream.write(this.line(family, s, true));
  }

  /** Stop drawing (restores the cursor in TTY mode). */
  stop(): void {
    this.multi?.stop();
  }
}
