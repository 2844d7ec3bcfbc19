/**
 * The part of node-postgres (`pg` 8) that PostgresStorage uses. The package ships no types and
 * `@types/pg` is not installed, so the surface is declared here, kept to what the store calls.
 */
declare module 'pg' {
  export interface QueryResult<R = Record<string, unknown>> {
    rows: R[];
    rowCount: number | null;
  }

  export interface TypeOverrides {
    getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown;
  }

  export interface PoolConfig {
    connectionString?: string;
    max?: number;
    idleTimeoutMillis?: number;
    connectionTimeoutMillis?: number;
    application_name?: string;
    types?: TypeOverrides;
  }

  export interface PoolClient {
    query<R = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<QueryResult<R>>;
    release(destroy?: boolean | Error): void;
  }

  export class Pool {
    constructor(config?: PoolConfig);
    connect(): Promise<PoolClient>;
    query<R = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<QueryResult<R>>;
    end(): Promise<void>;
    on(event: 'error', listener: (err: Error) => void): this;
  }

  export const types: {
    getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown;
  };

  const pg: { Pool: typeof Pool; types: typeof types };
  export default pg;
}
