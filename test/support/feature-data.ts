/** Real frames the feature tests share: a BTC 1-minute slice, the seed panel, the 23-coin panel. */
import { Frame } from '../../src/index.js';
import { sharedFile } from './shared-data.js';

export const BTC_2025 = sharedFile('btcusdt-1m-binance', 'btcusdt_1m_2025.csv.gz');
export const SEED_PANEL = sharedFile('seed-origin', 'crypto_ohlc_join.reconstructed.csv');
export const COINS_23 = sharedFile('crypto-daily-23coins', 'crypto_daily_23coins.csv.gz');

/** The first `rows` minutes of BTC/USDT 2025. */
export async function btcFrame(rows = 60_000): Promise<Frame> {
  return Frame.fromFile(BTC_2025!, { maxRows: rows });
}

/** The seed's joined panel; zero closes and duplicate (token, date) rows dropped as the Python system did. */
export async function seedPanel(): Promise<Frame> {
  return Frame.fromFile(SEED_PANEL!, { columns: { asset: 'id', time: 'date' }, policies: { nonPositivePrice: 'drop', duplicate: 'drop', nonFinite: 'drop' } });
}

export async function coinsPanel(): Promise<Frame> {
  return Frame.fromFile(COINS_23!, { columns: { asset: 'symbol' }, policies: { nonPositivePrice: 'drop', duplicate: 'drop', nonFinite: 'drop', ohlcInconsistent: 'fix' } });
}
