/** A bench suite: a named group of cases. `quick` shrinks inputs so CI can run every suite. */
export interface SuiteContext {
  quick: boolean;
}

export interface Suite {
  name: string;
  description: string;
  run(ctx: SuiteContext): Promise<void>;
}
