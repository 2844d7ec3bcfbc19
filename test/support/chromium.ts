/** Where the headless Chromium for the browser tests is (Debian's `chromium`, or CHROMIUM_PATH). */
import { existsSync } from 'node:fs';

export function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((p): p is string => !!p && existsSync(p)) ?? null;
}
