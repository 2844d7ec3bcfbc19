// Public types of cryptotune: the declarations tsc emits for src/index.ts.
export * from './dist/index.js';
