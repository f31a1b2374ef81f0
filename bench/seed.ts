import type pg from 'pg';

const FIRST_NAMES = [
  'maria',
  'jose',
  'juan',
  'ana',
  'luis',
  'carlos',
  'sofia',
  'diego',
  'valentina',
  'camila',
  'pedro',
  'lucia',
  'javier',
  'elena',
  'pablo',
  'andrea',
];
const LAST_NAMES = [
  'gonzalez',
  'munoz',
  'rojas',
  'diaz',
  'perez',
  'soto',
  'contreras',
  'silva',
  'martinez',
  'sepulveda',
  'morales',
  'rodriguez',
  'lopez',
  'fuentes',
];

/**
 * Inserts `count` contacts, each with an email and a WhatsApp address, set-based in chunks.
 * Contact n is `<first> <last>` with email `user<n>@example<n % 50>.com`, so `maria` is a
 * common term (1 in 16 contacts) and `user123457` a rare one (one contact).
 */
export async function seedContacts(client: pg.Client, workspaceId: number, count: number, log: (line: string) => void): Promise<void> {
  const chunk = 100_000;
  await client.query('DROP INDEX IF EXISTS contacts_search_idx');
  for (let start = 1; start <= count; start += chunk) {
    const end = Math.min(count, start + chunk - 1);
    await client.query('BEGIN');
    await client.query(
      `WITH made AS (
         INSERT INTO contacts (workspace_id, first_name, last_name, search_text, created_at, updated_at)
         SELECT $1, ($3::text[])[1 + n % array_length($3::text[], 1)], ($4::text[])[1 + n % array_length($4::text[], 1)],
                ($3::text[])[1 + n % array_length($3::text[], 1)] || ' ' || ($4::text[])[1 + n % array_length($4::text[], 1)]
                  || ' user' || n || '@example' || (n % 50) || '.com +5691' || lpad(n::text, 7, '0'),
                now() - (n || ' seconds')::interval, now()
         FROM generate_series($2::int, $5::int) AS n
         RETURNING id, split_part(search_text, ' ', 3) AS email, split_part(search_text, ' ', 4) AS phone
       )
       INSERT INTO contact_addresses (workspace_id, contact_id, channel_type, address)
       SELECT $1, id, 'EMAIL', email FROM made
       UNION ALL
       SELECT $1, id, 'WHATSAPP', phone FROM made`,
      [workspaceId, start, FIRST_NAMES, LAST_NAMES, end],
    );
    await client.query('COMMIT');
    log(`  seeded ${end.toLocaleString('en-US')} contacts`);
  }
  log('  building the trigram search index');
  await client.query('CREATE INDEX contacts_search_idx ON contacts USING gin (search_text gin_trgm_ops)');
  await client.query('ANALYZE contacts');
  await client.query('ANALYZE contact_addresses');
}
