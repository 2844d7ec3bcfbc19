import { btcYears, skipReason } from '../../test/support/shared-data.js';
import { measureInChild } from '../harness/child-measure.js';
import { runPythonPeer } from '../harness/python-peer.js';
import { report } from '../harness/result.js';
import type { Suite } from '../harness/suite.js';

interface Run {
  ms: number;
  rows: number;
  maxRssBytes: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export const suite: Suite = {
  name: 'ingest',
  description: 'BTC/USDT 1-minute csv.gz → Frame, against pandas.read_csv in the same run',
  async run({ quick }) {
    const files = quick ? btcYears(2025, 2025) : btcYears(2018, 2025);
    if (!files) {
      report({ suite: 'ingest', case: 'btc-1m', unit: 'rows/s', ours: 0, higherIsBetter: true, skipped: skipReason('btcusdt-1m-binance') });
      return;
    }
    const reps = quick ? 1 : 3;
    const label = quick ? 'btc-1m-2025' : 'btc-1m-2018-2025';
    type PeerRun = { ms: number; rows: number; maxRssBytes: number } | { skipped: string };
    const peer: PeerRun = (() => {
      const runs: Run[] = [];
      for (let i = 0; i < reps; i++) {
        const r = runPythonPeer<{ ms: number; rows: number; max_rss_bytes: number }>('ingest_pandas.py', { files });
        if (!r.ok) return { skipped: r.reason };
        runs.push({ ms: r.value.ms, rows: r.value.rows, maxRssBytes: r.value.max_rss_bytes });
      }
      return { ms: median(runs.map((r) => r.ms)), rows: runs[0]!.rows, maxRssBytes: Math.max(...runs.map((r) => r.maxRssBytes)) };
    })();
    for (const threads of [1, 2]) {
      const runs: Run[] = [];
      for (let i = 0; i < reps; i++) {
        const c = measureInChild<{ ms: number; rows: number }>('bench/jobs/ingest.ts', 'ingestFiles', { files, threads });
        runs.push({ ...c.value, maxRssBytes: c.maxRssBytes });
      }
      const ms = median(runs.map((r) => r.ms));
      const rows = runs[0]!.rows;
      report({
        suite: 'ingest',
        case: `${label} threads=${threads}`,
        unit: 'rows/s',
        ours: rows / (ms / 1000),
        peer: 'pandas.read_csv',
        theirs: !('skipped' in peer) ? peer.rows / (peer.ms / 1000) : null,
        higherIsBetter: true,
        goal: 'ratio >= 3',
        ...('skipped' in peer ? { skipped: peer.skipped } : {}),
        extra: { rows, files: files.length, oursMs: Math.round(ms), theirsMs: 'skipped' in peer ? null : Math.round(peer.ms) },
      });
      report({
        suite: 'ingest',
        case: `${label} threads=${threads} peak-rss`,
        unit: 'MB',
        ours: Math.max(...runs.map((r) => r.maxRssBytes)) / 1e6,
        peer: 'pandas.read_csv',
        theirs: 'skipped' in peer ? null : peer.maxRssBytes / 1e6,
        higherIsBetter: false,
        ...('skipped' in peer ? { skipped: peer.skipped } : {}),
      });
    }
  },
};
