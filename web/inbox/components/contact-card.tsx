import { useEffect, useState } from 'preact/hooks';
import { api, type Schema } from '../api.js';
import { t } from '../strings.js';

type Contact = Schema<'SearchedContact'>;

/** The chat's contact: name, addresses and custom fields (what agents captured is in CapturedDetails). */
export function ContactCard({ contactUuid }: { contactUuid: string }) {
  const [contact, setContact] = useState<Contact | undefined>();
  useEffect(() => {
    void api
      .POST('/api/v1/contacts/search', { body: { filters: [{ field: 'uuid', operator: 'eq', value: contactUuid }], size: 1 } })
      .then(({ data }) => setContact(data?.items[0]));
  }, [contactUuid]);
  if (!contact) return null;
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
  const captured = Object.entries(contact.customFields ?? {}).filter(([, value]) => value !== null && value !== '');
  return (
    <section class="card" aria-labelledby="contact-title">
      <h3 id="contact-title">{t('contact')}</h3>
      <dl>
        <dt>{t('name')}</dt>
        <dd>{name || '—'}</dd>
        {contact.addresses.map((address) => (
          <div key={`${address.channelType}:${address.address}`}>
            <dt>{address.channelType}</dt>
            <dd>{address.address}</dd>
          </div>
        ))}
      </dl>
      {captured.length > 0 && (
        <>
          <h4>{t('customFields')}</h4>
          <dl>
            {captured.map(([key, value]) => (
              <div key={key}>
                <dt>{key}</dt>
                <dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </section>
  );
}
