import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';
import { fold } from '../../knowledge/words.js';

/** Contact details found in a customer's own words. */
export interface ExtractedDetails {
  name?: string;
  email?: string;
  phone?: string;
  company?: string;
  customFields?: Record<string, string>;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const TOKEN = /^[\p{Lu}\p{Ll}][\p{L}'’.-]*$/u;
const PARTICLES = new Set(['de', 'del', 'la', 'las', 'los', 'van', 'von', 'da', 'di', 'le', 'y']);

/** Words that end a name or company, or show the phrase was not one ("I'm interested", "soy cliente"). */
const NOT_NAME = new Set(
  `and but or so i im my me from at with in on for to the a an this that here there just not no yes interested looking calling writing trying wondering
  glad happy sorry sure fine instead back later now today tomorrow asap human person agent please thanks perfect great ok okay good great new back still also only really very planning hoping emailing texting messaging reaching contacting asking
  a el la un una de del en con y pero o que mi me te soy estoy es muy interesado interesada buscando llamando escribiendo cliente paciente nuevo nueva
  alumno alumna estudiante mama papa padre madre tambien solo bien aqui aca quiero quisiera necesito tengo busco para por sobre vecino vecina
  perfecto genial gracias muchas listo vale asesor persona humano pasame email correo phone telefono number numero celular whatsapp company empresa name nombre please favor thanks gracias hello hola hi`.split(
    /\s+/,
  ),
);

const NAME_STRONG = [
  /\bmy name(?:'s| is)\s+(.+)/i,
  /\bname:\s*(.+)/i,
  /\bme llamo\s+(.+)/i,
  /\bmi nombre(?: completo)? es\s+(.+)/i,
  /\bnombre:\s*(.+)/i,
];
const NAME_WEAK = [
  /(?:^|[.!,]\s*|\b(?:hi|hello|hey|hola|buenas|buenos d[ií]as|buenas tardes)[,!.]?\s+)(?:this is|it's|it is)\s+(.+)/i,
  /(?:^|[^\p{L}])(?:i'm|i’m|i am)\s+(.+)/iu,
  /(?:^|[^\p{L}])soy\s+(?:el |la )?(.+)/iu,
  /\b(?:habla|le escribe|te escribe|les escribe|le saluda)\s+(.+)/i,
  /\bcall me\s+(.+)/i,
];
const COMPANY_PATTERNS = [
  /\bi (?:work|am working) (?:at|for|with)\s+(.+)/i,
  /\b(?:i'm|i’m|i am) (?:calling|writing|reaching out|contacting you) (?:from|on behalf of)\s+(.+)/i,
  /\b(?:i'm|i’m|i am) with\s+(.+)/i,
  /\b(?:my|our) company(?: name)? is\s+(.+)/i,
  /\bcompany:\s*(.+)/i,
  /\bi represent\s+(.+)/i,
  /\b(?:i own|i run)\s+(.+)/i,
  /\btrabajo (?:en|para|con)\s+(.+)/i,
  /\bsoy de(?: la empresa| la compa[nñ][ií]a)\s+(.+)/i,
  /\b(?:de parte de|en nombre de)(?: la empresa)?\s+(.+)/i,
  /\bmi (?:empresa|compa[nñ][ií]a|negocio)(?: se llama| es)\s+(.+)/i,
  /\bempresa:\s*(.+)/i,
  /\brepresento a\s+(.+)/i,
  /\b(?:llamo|escribo) (?:de|desde)\s+(.+)/i,
];
/** "I'm from X" / "soy de X": a company only when the agent just asked for one (else it is often a city). */
const COMPANY_WHEN_ASKED = [/\b(?:i'm|i’m|i am) from\s+(.+)/i, /\bsoy de\s+(.+)/i, /\bfrom\s+(.+)/i, /\bde\s+(.+)/i];
const COMPANY_SUFFIX =
  /\b(?:inc|llc|ltd|corp|co|sa|s\.a\.|sas|srl|gmbh|group|grupo|consulting|solutions|tech|labs|studio|agency|realty|partners)\b/i;

function titleCase(text: string): string {
  return text.replace(/(^|[\s'-])(\p{Ll})/gu, (_match, before: string, letter: string) => before + letter.toUpperCase());
}

/** Up to `max` name-like words from the start of `rest`; null when it does not read as a name. */
function leadingName(rest: string, options: { strong: boolean; max?: number }): string | null {
  const tokens = rest.split(/\s+/);
  const kept: string[] = [];
  for (const raw of tokens) {
    const token = raw.replace(/[,;:!?)(]+$/u, '');
    const ended = token !== raw || (/\.$/.test(raw) && !/^\p{Lu}\.$/u.test(raw));
    const clean = token.replace(/\.$/, '');
    if (!TOKEN.test(clean)) break;
    const folded = fold(clean);
    if (PARTICLES.has(folded) && kept.length > 0) {
      kept.push(clean.toLowerCase());
      if (ended) break;
      continue;
    }
    if (NOT_NAME.has(folded)) break;
    const capitalized = /^\p{Lu}/u.test(clean);
    if (!options.strong && !capitalized) break;
    kept.push(clean);
    if (ended || kept.length >= (options.max ?? 3)) break;
  }
  while (kept.length > 0 && PARTICLES.has(fold(kept.at(-1)!))) kept.pop();
  if (kept.length === 0) return null;
  const name = kept.join(' ');
  return name === name.toLowerCase() ? titleCase(name) : name;
}

/** A company name from the start of `rest`: up to 5 words, starting capitalized (or with a digit). */
function leadingCompany(rest: string, options: { strong: boolean }): string | null {
  const match = /^[^,;!?\n]+/.exec(rest.trim());
  if (!match) return null;
  const words = match[0]
    .replace(/\.(\s|$).*/, '')
    .split(/\s+/)
    .filter(Boolean);
  const kept: string[] = [];
  for (const word of words) {
    const folded = fold(word);
    if (
      kept.length > 0 &&
      /^(?:and|but|y|pero|as|como|in|en|since|desde|where|donde|which|que|i|we|my|mi|so|because|porque|for|por|para)$/.test(folded)
    )
      break;
    if (kept.length === 0 && /^(?:a|an|the|un|una|el|la|home|casa|myself|mi|my)$/.test(folded)) return null;
    kept.push(word);
    if (kept.length >= 5) break;
  }
  const company = kept.join(' ').replace(/[.,]+$/, '');
  if (!company) return null;
  if (!options.strong && !/^[\p{Lu}\d]/u.test(company)) return null;
  return /^[\p{Ll}]/u.test(company) ? titleCase(company) : company;
}

function firstMatch(patterns: RegExp[], text: string, read: (rest: string) => string | null): string | null {
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match?.[1]) {
      const value = read(match[1]);
      if (value) return value;
    }
  }
  return null;
}

/**
 * Finds the customer's email, phone, name, company (and, when the agent just asked for one,
 * a custom field) in a message. `asked` is the field the agent's previous message asked for:
 * a bare answer ("Ana Ruiz", "Acme") counts only then.
 */
export function extractDetails(
  text: string,
  options: { defaultCountry: string; asked: string | null; skipBare?: boolean },
): ExtractedDetails {
  const details: ExtractedDetails = {};
  const email = text.match(EMAIL)?.[0];
  if (email) details.email = email.toLowerCase();
  const withoutEmail = text.replace(EMAIL, ' ');
  const phone = findPhoneNumbersInText(withoutEmail, { defaultCountry: options.defaultCountry as CountryCode }).find((found) =>
    found.number.isValid(),
  );
  if (phone) details.phone = phone.number.number;
  const plain = phone ? withoutEmail.slice(0, phone.startsAt) + ' ' + withoutEmail.slice(phone.endsAt) : withoutEmail;

  const company =
    firstMatch(COMPANY_PATTERNS, plain, (rest) => leadingCompany(rest, { strong: false })) ??
    (options.asked === 'company' ? firstMatch(COMPANY_WHEN_ASKED, plain, (rest) => leadingCompany(rest, { strong: true })) : null) ??
    firstMatch([/\b(?:i'm|i’m|i am) from\s+(.+)/i, /\bsoy de\s+(.+)/i], plain, (rest) => {
      const found = leadingCompany(rest, { strong: false });
      return found && COMPANY_SUFFIX.test(found) ? found : null;
    });
  if (company) details.company = company;

  const name =
    firstMatch(NAME_STRONG, plain, (rest) => leadingName(rest, { strong: true })) ??
    firstMatch(NAME_WEAK, plain, (rest) => (/^(?:from|de|with|con)\b/i.test(rest) ? null : leadingName(rest, { strong: false })));
  if (name && (!company || !company.startsWith(name))) details.name = name;

  const bare = options.skipBare ? null : bareAnswer(plain);
  if (bare) {
    if (options.asked === 'name' && !details.name) {
      // The whole answer must read as a name: "ok muchas gracias" or "pásame con un asesor" is not one.
      const found = leadingName(bare, { strong: true });
      if (found && found.split(' ').length === bare.split(/\s+/).length && found.split(' ').length <= 4) details.name = found;
    } else if (options.asked === 'company' && !details.company) {
      const found = leadingCompany(bare, { strong: true });
      if (found && bare.split(/\s+/).length <= 6 && !/^(?:no|none|ninguna|independiente|freelance)\b/i.test(fold(bare))) {
        details.company = found;
      }
    } else if (options.asked && !['name', 'email', 'phone', 'company'].includes(options.asked) && bare.length <= 200) {
      details.customFields = { [options.asked]: bare };
    }
  }
  return details;
}

/** The message without fillers around a short answer ("Sure, it's Ana Ruiz." → "Ana Ruiz"). */
function bareAnswer(text: string): string | null {
  const cleaned = text
    .replace(/^\s*(?:sure|of course|yes|yeah|ok|okay|claro|s[ií]|por supuesto|vale|listo)\b[,!.]*\s*/i, '')
    .replace(/^\s*(?:it's|it is|i'm|i am|my name is|es|soy|se llama|we are|somos)\s+/i, '')
    .replace(/[\s.!,]+$/, '')
    .trim();
  if (!cleaned || /[?¿]/.test(cleaned)) return null;
  return cleaned;
}
