/**
 * The tables of a PostgreSQL store and how they come to exist. The first PostgresStorage to open a
 * database creates them, under a transaction-scoped advisory lock so that workers starting together
 * on several machines neither race on CREATE TABLE nor see half a schema. The one row of
 * `cryptotune_schema` says which layout the database holds; a newer layout is refused rather than
 * guessed at.
 *
 * Times are epoch milliseconds (bigint) written by the workers' clocks, as in the other stores.
 */
import { StorageError } from '../errors.js';

/** The one call the schema check needs from a connection (a node-postgres PoolClient has it). */
export interface SqlConnection {
  query<R = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<{ rows: R[] }>;
}

/** Layout version this build reads and writes. */
export const POSTGRES_SCHEMA_VERSION = 1;

/** Key of the advisory lock held while the schema is checked or created ("ctschema" as ASCII). */
const SCHEMA_LOCK_KEY = 0x6374736368656d61n;

const DDL = `
CREATE TABLE cryptotune_schema (
  version integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE cryptotune_studies (
  study_id bigserial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  directions jsonb NOT NULL,
  n_trials integer NOT NULL DEFAULT 0,
  datetime_start bigint
);
CREATE TABLE cryptotune_study_attrs (
  study_id bigint NOT NULL REFERENCES cryptotune_studies ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('user', 'system')),
  key text NOT NULL,
  value jsonb NOT NULL,
  PRIMARY KEY (study_id, kind, key)
);
CREATE TABLE cryptotune_trials (
  trial_id bigserial PRIMARY KEY,
  study_id bigint NOT NULL REFERENCES cryptotune_studies ON DELETE CASCADE,
  number integer NOT NULL,
  state text NOT NULL CHECK (state IN ('WAITING', 'RUNNING', 'COMPLETE', 'PRUNED', 'FAIL')),
  datetime_start bigint,
  datetime_complete bigint,
  heartbeat bigint,
  retry_of integer,
  retry_history jsonb NOT NULL DEFAULT '[]',
  UNIQUE (study_id, number)
);
CREATE INDEX cryptotune_trials_state ON cryptotune_trials (study_id, state, number);
CREATE TABLE cryptotune_trial_params (
  trial_id bigint NOT NULL REFERENCES cryptotune_trials ON DELETE CASCADE,
  name text NOT NULL,
  value jsonb NOT NULL,
  distribution jsonb,
  PRIMARY KEY (trial_id, name)
);
CREATE TABLE cryptotune_trial_values (
  trial_id bigint NOT NULL REFERENCES cryptotune_trials ON DELETE CASCADE,
  objective integer NOT NULL,
  value double precision NOT NULL,
  PRIMARY KEY (trial_id, objective)
);
CREATE TABLE cryptotune_trial_intermediate_values (
  trial_id bigint NOT NULL REFERENCES cryptotune_trials ON DELETE CASCADE,
  step integer NOT NULL,
  value double precision NOT NULL,
  PRIMARY KEY (trial_id, step)
);
CREATE TABLE cryptotune_trial_attrs (
  trial_id bigint NOT NULL REFERENCES cryptotune_trials ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('user', 'system')),
  key text NOT NULL,
  value jsonb NOT NULL,
  PRIMARY KEY (trial_id, kind, key)
);
`;

/**
 * Create the tables when the database has none, or check the version of those it has. Runs in the
 * caller's connection, inside its own transaction.
 */
export async function ensurePostgresSchema(client: SqlConnection, where: string): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_KEY.toString()]);
    const exists = await client.query<{ t: string | null }>("SELECT to_regclass('cryptotune_schema')::text AS t");
    if (exists.rows[0]!.t === null) {
      await client.query(DDL);
      await client.query('INSERT INTO cryptotune_schema (version) VALUES ($1)', [POSTGRES_SCHEMA_VERSION]);
    } else {
      const rows = (await client.query<{ version: number }>('SELECT version FROM cryptotune_schema')).rows;
      if (rows.length !== 1) {
        throw new StorageError('ERR_STORAGE_CORRUPT', `the cryptotune_schema table in ${where} holds ${rows.length} rows instead of one; restore the database or point the URL at another one`, { url: where });
      }
      const version = rows[0]!.version;
      if (version > POSTGRES_SCHEMA_VERSION) {
        throw new StorageError('ERR_STORAGE_SCHEMA', `the database ${where} holds cryptotune schema ${version}, newer than schema ${POSTGRES_SCHEMA_VERSION} this version reads; upgrade cryptotune on this machine`, { url: where, version, supported: POSTGRES_SCHEMA_VERSION });
      }
      if (version < POSTGRES_SCHEMA_VERSION) {
        throw new StorageError('ERR_STORAGE_SCHEMA', `the database ${where} holds cryptotune schema ${version}, which this version cannot migrate; export its studies with the version that wrote them`, { url: where, version, supported: POSTGRES_SCHEMA_VERSION });
      }
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
