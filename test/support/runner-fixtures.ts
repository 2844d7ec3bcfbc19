/** URLs of the test-only runners in test/fixtures/runners (fault injection, probes). */
export function fixtureRunner(name: string): string {
  return new URL(`../fixtures/runners/${name}.ts`, import.meta.url).href;
}

export const FIXTURE_RUNNERS = {
  throws: fixtureRunner('throws'),
  hang: fixtureRunner('hang'),
  'heap-hog': fixtureRunner('heap-hog'),
  'native-abort': fixtureRunner('native-abort'),
  'native-spin': fixtureRunner('native-spin'),
  probe: fixtureRunner('probe'),
};
