/** The library's version (package.json "version"; a test keeps the two equal). Part of every cache key. */
export const VERSION = '0.1.0';
