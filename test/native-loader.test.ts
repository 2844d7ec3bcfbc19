import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PREBUILT_PLATFORMS } from '../src/native.js';

// The loader is exercised in a child process so that a failed load cannot poison this one.
function loadInChild(env: Record<string, string>, prelude = ''): { code: string; message: string; platform: string } {
  const script = `${prelude}
    const { native } = await import('./src/native.ts');
    try { native(); console.log(JSON.stringify({ code: 'loaded' })); }
    catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message, platform: e.details.platform })); }`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

describe('native loader', () => {
  it('loads the binary built for this machine', () => {
    expect(loadInChild({}).code).toBe('loaded');
  });

  it('raises ERR_NATIVE_BINDING_MISSING naming an unsupported platform', () => {
    const r = loadInChild(
      { NAPI_RS_NATIVE_LIBRARY_PATH: '/nonexistent/cryptotune.node' },
      "Object.defineProperty(process, 'platform', { value: 'aix' });",
    );
    expect(r.code).toBe('ERR_NATIVE_BINDING_MISSING');
    expect(r.platform).toBe(`aix-${process.arch}`);
    expect(r.message).toContain('npm rebuild cryptotune');
  });

  // Only meaningful where a prebuilt binary is published for the machine running the test.
  const onPrebuilt = process.platform === 'linux' ? PREBUILT_PLATFORMS.some((p) => p.startsWith(`linux-${process.arch}`)) : true;
  it.runIf(onPrebuilt)('raises ERR_NATIVE_BINDING_LOAD when a supported platform has a broken binary', () => {
    const r = loadInChild({ NAPI_RS_NATIVE_LIBRARY_PATH: '/nonexistent/cryptotune.node' });
    expect(r.code).toBe('ERR_NATIVE_BINDING_LOAD');
    expect(r.message).toContain(r.platform);
    expect(r.message).toContain('npm ci');
  });
});
