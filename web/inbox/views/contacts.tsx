import { useEffect, useState } from 'preact/hooks';
import { api, unwrap, type Schema } from '../api.js';
import { t } from '../strings.js';

type Contact = Schema<'SearchedContact'>;

/** Contacts, newest first, searchable by name, ids or addresses, and exportable as CSV or JSON. */
export function ContactsView() {
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [pages, setPages] = useState<Array<string | undefined>>([undefined]);
  const [result, setResult] = useState<Schema<'SearchContactsResult'> | undefined>();
  const [error, setError] = useState<string | undefined>();
  const pageToken = pages[pages.length - 1];

  useEffect(() => {
    unwrap(
      api.POST('/api/v1/contacts/search', {
        body: {
          ...(query ? { search: query } : {}),
          sort: [{ field: 'createdAt', direction: 'desc' }],
          size: 25,
          pageToken,
          includeTotalCount: true,
        },
      }),
    ).then(
      (found) => (setResult(found), setError(undefined)),
      (failure: Error) => setError(failure.message),
    );
  }, [query, pageToken]);

  const name = (contact: Contact) => [contact.firstName, contact.lastName].filter(Boolean).join(' ') || '—';
  return (
    <section class="contacts" aria-labelledby="contacts-title">
      <header>
        <h1 id="contacts-title">{t('contacts')}</h1>
        <a class="button" href="/api/v1/contacts/export.csv" download>
          {t('exportCsv')}
        </a>
        <a class="button" href="/api/v1/contacts/export.json" download>
          {t('exportJson')}
        </a>
      </header>
      <form
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setPages([undefined]);
          setQuery(search.trim());
        }}
      >
        <label>
          {t('searchContacts')}
          <input type="search" value={search} onInput={(event) => setSearch(event.currentTarget.value)} />
        </label>
        <button type="submit">{t('search')}</button>
      </form>
      {error && (
        <p class="error" role="alert">
          {t('error')} {error}
        </p>
      )}
      {result && (
        <table>
          <caption>
            {t('contacts')}: {result.totalCount ?? result.items.length}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('email')}</th>
              <th scope="col">{t('phone')}</th>
              <th scope="col">{t('created')}</th>
            </tr>
          </thead>
          <tbody>
            {result.items.map((contact) => (
              <tr key={contact.id}>
                <td>{name(contact)}</td>
                <td>{contact.email ?? ''}</td>
                <td>{contact.phone ?? contact.addresses.find((address) => address.channelType === 'WHATSAPP')?.address ?? ''}</td>
                <td>{new Date(contact.createdAt).toLocaleDateString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav class="pager" aria-label={t('contacts')}>
        <button type="button" disabled={pages.length === 1} onClick={() => setPages(pages.slice(0, -1))}>
          {t('previous')}
        </button>
        <button type="button" disabled={!result?.nextPageToken} onClick={() => setPages([...pages, result!.nextPageToken!])}>
          {t('next')}
        </button>
      </nav>
    </section>
  );
}
