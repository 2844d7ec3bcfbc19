import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';
import { LmdbStorage } from '../src/storage/lmdb.js';

const root = mkdtempSync(join(tmpdir(), 'ct-cli-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    return { code: await main(argv), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('cryptotune store', () => {
  it('lists, backs up, exports, imports and restores a store', async () => {
    const store = join(root, 'store');
    const s = new LmdbStorage({ path: store });
    const id = await s.createStudy('alpha', ['maximize']);
    for (let i = 0; i < 3; i++) await s.createTrial(id, { state: 'COMPLETE', values: [i] });
    await s.close();

    const list = await run(['store', 'studies', '--storage', store, '--json']);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.out)).toMatchObject([{ name: 'alpha', nTrials: 3 }]);

    const backups = join(root, 'backups');
    expect((await run(['store', 'backup', '--storage', store, '--to', backups])).code).toBe(0);
    expect(JSON.parse((await run(['store', 'backups', '--to', backups, '--json'])).out)).toHaveLength(1);

    const file = join(root, 'alpha.json');
    expect((await run(['store', 'export', '--storage', store, '--study', 'alpha', '--out', file])).code).toBe(0);
    const other = join(root, 'other');
    const imp = await run(['store', 'import', '--storage', other, '--file', file, '--name', 'beta']);
    expect(imp.code).toBe(0);
    expect(imp.out).toContain('beta');

    const more = new LmdbStorage({ path: store });
    await more.createStudy('later', ['minimize']);
    await more.close();
    expect((await run(['store', 'restore', '--from', backups, '--storage', store])).code).toBe(0);
    expect(JSON.parse((await run(['store', 'studies', '--storage', store, '--json'])).out).map((x: { name: string }) => x.name)).toEqual(['alpha']);
  });

  it('answers usage errors with exit code 2 and coded messages', async () => {
    const r = await run(['store', 'fly']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('ERR_CLI_USAGE');
    const m = await run(['store', 'export', '--storage', join(root, 'x')]);
    expect(m.code).toBe(2);
    expect(m.err).toContain('--study');
    const nf = await run(['store', 'export', '--storage', join(root, 'x'), '--study', 'nope']);
    expect(nf.code).toBe(1);
    expect(nf.err).toContain('ERR_STUDY_NOT_FOUND');
  });
});
