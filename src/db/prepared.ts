import type { Executor } from './client.js';

/**
 * The one way to run a statement PostgreSQL should plan once per connection rather than per
 * call (for queries whose planning costs more than their running): a named prepared statement,
 * whose Drizzle query is built once per database handle or transaction and kept while that
 * handle lives. `build` ends with `.prepare(name)`; PostgreSQL keeps the statement, and after
 * five runs a generic plan, per connection.
 */
export function preparedStatement<Query>(name: string, build: (db: Executor, name: string) => Query): (db: Executor) => Query {
  const built = new WeakMap<Executor, Query>();
  return (db) => {
    let query = built.get(db);
    if (!query) built.set(db, (query = build(db, name)));
    return query;
  };
}
