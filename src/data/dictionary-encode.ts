/** Text values to u32 codes plus a dictionary in order of first appearance (null → ''). */
export function dictionaryEncode(values: ArrayLike<unknown>): { codes: Uint32Array; dictionary: string[] } {
  const index = new Map<string, number>();
  const dictionary: string[] = [];
  const codes = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] === null || values[i] === undefined ? '' : String(values[i]);
    let c = index.get(v);
    if (c === undefined) {
      c = dictionary.length;
      dictionary.push(v);
      index.set(v, c);
    }
    codes[i] = c;
  }
  return { codes, dictionary };
}
