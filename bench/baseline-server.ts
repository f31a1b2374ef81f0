/**
 * The physical ceiling for "GET a contact by id" on this machine: bare Fastify and one pg
 * query, no auth, validation or serialization schema. Benchmark (a) reports Switchboard's
 * throughput as a ratio to this server's, measured in the same run.
 */
import Fastify from 'fastify';
import pg from 'pg';

const url = process.env.DATABASE_URL;
const port = Number(process.env.PORT ?? 3999);
if (!url) throw new Error('DATABASE_URL is required');

const pool = new pg.Pool({ connectionString: url, max: 20 });
const app = Fastify({ logger: false });
app.get<{ Params: { id: string } }>('/contacts/:id', async (request, reply) => {
  const { rows } = await pool.query('SELECT * FROM contacts WHERE workspace_id = $1 AND id = $2', [
    Number(process.env.WORKSPACE_ID ?? 1),
    Number(request.params.id),
  ]);
  if (rows.length === 0) return reply.status(404).send({ error: 'not found' });
  return rows[0];
});
await app.listen({ port, host: '127.0.0.1' });
process.stdout.write(`baseline listening on ${port}\n`);
