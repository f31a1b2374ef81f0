import type { WidgetConfig, WidgetMessage } from './api.js';
import type { Strings } from './strings.js';
import { css } from './styles.js';

/** Builds an element; text is always set as text (never parsed as HTML). */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, string> = {}, ...children: Array<Node | string>) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) node.setAttribute(key, value);
  for (const child of children) node.append(child);
  return node;
}

const CHAT_ICON = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z';

export interface WidgetView {
  open(): void;
  show(message: WidgetMessage | { role: 'agent'; content: string; authorName: string | null; id?: string }): void;
  showError(text: string | null): void;
  askDetails(fields: Array<'name' | 'email'>, done: (details: { name?: string; email?: string }) => void): void;
  onSend(handler: (text: string) => void): void;
  onOpen(handler: () => void): void;
}

/** The launcher and the panel, in a shadow root attached to `host`. */
export function renderWidget(host: HTMLElement, config: WidgetConfig, t: Strings): WidgetView {
  const root = host.attachShadow({ mode: 'open' });
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', CHAT_ICON);
  svg.append(path);
  const launcher = el('button', { class: 'launcher', 'aria-label': t.open, 'aria-expanded': 'false', part: 'launcher' }, svg);
  const avatar = config.agent.picture
    ? el('img', { src: config.agent.picture, alt: '' })
    : el('div', { class: 'avatar', 'aria-hidden': 'true' }, config.agent.name.slice(0, 1).toUpperCase());
  const closeButton = el('button', { 'aria-label': t.close }, '×');
  const log = el('div', { class: 'log', role: 'log', 'aria-live': 'polite' });
  const error = el('div', { class: 'error', role: 'alert' });
  const input = el('textarea', { 'aria-label': t.placeholder, placeholder: t.placeholder, rows: '1' });
  const composer = el('form', {}, input, el('button', { class: 'primary', type: 'submit' }, t.send));
  const panel = el(
    'div',
    { class: 'panel', role: 'dialog', 'aria-label': config.agent.name, hidden: '' },
    el(
      'header',
      {},
      avatar,
      el('div', { class: 'who' }, el('div', { class: 'name' }, config.agent.name), el('div', { class: 'sub' }, t.online)),
      closeButton,
    ),
    log,
    error,
    composer,
  );
  root.append(el('style', {}, css), panel, launcher);

  const shown = new Set<string>();
  const openHandlers: Array<() => void> = [];
  const toggle = (open: boolean) => {
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    launcher.setAttribute('aria-label', open ? t.close : t.open);
    if (open) {
      openHandlers.forEach((handler) => handler());
      input.focus();
    }
  };
  launcher.addEventListener('click', () => toggle(panel.hidden));
  closeButton.addEventListener('click', () => toggle(false));

  return {
    open: () => toggle(true),
    show(message) {
      if (message.id) {
        if (shown.has(message.id)) return;
        shown.add(message.id);
      }
      // A team member's reply is never shown as the agent's: their name, else "Team".
      const author =
        message.role === 'visitor' ? t.you : (message.authorName ?? (message.role === 'operator' ? t.team : config.agent.name));
      log.append(el('div', { class: `msg ${message.role}` }, el('span', { class: 'author' }, author), message.content));
      log.scrollTop = log.scrollHeight;
    },
    showError(text) {
      error.textContent = text ?? '';
    },
    askDetails(fields, done) {
      const inputs = fields.map((field) =>
        el('input', {
          name: field,
          type: field === 'email' ? 'email' : 'text',
          required: '',
          placeholder: t[field],
          'aria-label': t[field],
        }),
      );
      const form = el(
        'form',
        { class: 'prechat' },
        el('p', {}, t.intro),
        ...inputs,
        el('button', { class: 'primary', type: 'submit' }, t.start),
      );
      composer.hidden = true;
      log.append(form);
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        const details = Object.fromEntries(inputs.map((field) => [field.name, field.value.trim()]));
        form.remove();
        composer.hidden = false;
        done(details);
      });
    },
    onSend(handler) {
      const submit = () => {
        const text = input.value.trim();
        if (!text) return;
        input.value = '';
        handler(text);
      };
      composer.addEventListener('submit', (event) => {
        event.preventDefault();
        submit();
      });
      input.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' && !event.shiftKey) {
          event.preventDefault();
          submit();
        }
      });
    },
    onOpen(handler) {
      openHandlers.push(handler);
    },
  };
}
