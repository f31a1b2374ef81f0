import type { Executor } from './client.js';

/**
 * A query prepared once per database handle (or transaction) and reused: for hot queries whose
 * planning costs PostgreSQL more than running them. Give the query a `.prepare(name)`: the
 * driver then sends it once per connection as a named statement, and PostgreSQL switches to a
 * generic plan after five runs.
 */
export function preparedQuery<Query>(build: (db: Executor) => Query): (db: Executor) => Query {
  const prepared = new WeakMap<Executor, Query>();
  return (db) => {
    let query = prepared.get(db);
    if (!query) prepared.set(db, (query = build(db)));
    return query;
  };
}
