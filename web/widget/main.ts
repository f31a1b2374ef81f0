import { createWidgetApi, type WidgetSession } from './api.js';
import { followMessages } from './stream.js';
import { pickLocale, strings } from './strings.js';
import { renderWidget } from './view.js';

/**
 * The embeddable chat: `<script src="https://switchboard.example/widget.js" data-website-token="wt_…" async></script>`,
 * plus `data-identifier` and `data-identifier-hash` when the site verifies its user's identity.
 * The visitor token is kept in localStorage, so the conversation continues across page loads.
 */
async function boot(): Promise<void> {
  const script =
    (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[data-website-token]');
  const websiteToken = script?.dataset.websiteToken;
  if (!script || !websiteToken) return console.error('Switchboard widget: add data-website-token to the script tag');
  const api = createWidgetApi(new URL(script.src).origin, websiteToken);
  const storageKey = `switchboard-widget:${websiteToken}`;
  const config = await api.config();
  const t = strings[pickLocale(config.locale)];
  const host = document.createElement('div');
  host.id = 'switchboard-widget';
  document.body.append(host);
  const view = renderWidget(host, config, t);
  if (config.agent.greeting) view.show({ role: 'agent', content: config.agent.greeting, authorName: null });

  let session: WidgetSession | undefined;
  let stopStream: (() => void) | undefined;
  const follow = () => {
    if (!session || stopStream) return;
    const token = session.visitorToken;
    const catchUp = () => void api.history(token).then((messages) => messages.forEach((message) => view.show(message)));
    stopStream = followMessages(api.eventsUrl, token, (message) => view.show(message), catchUp);
  };
  // A site that knows its user names them (docs/widget.md, identity verification); its server computes the hash.
  const { identifier, identifierHash } = script.dataset;
  const identity = identifier && identifierHash ? { identifier, identifierHash } : {};
  // One session start at a time: a message sent while the pre-chat details are being sent waits for that session.
  let starting: Promise<WidgetSession> | undefined;
  const begin = (details: { name?: string; email?: string }) =>
    (starting ??= (async () => {
      const stored = localStorage.getItem(storageKey) ?? undefined;
      const input = { ...details, ...identity };
      session = await api.session({ ...input, visitorToken: stored }).catch(() => api.session(input));
      localStorage.setItem(storageKey, session.visitorToken);
      return session;
    })().catch((error: unknown) => {
      starting = undefined;
      throw error;
    }));

  // A returning or identified visitor: continue their conversation.
  if (localStorage.getItem(storageKey) || identity.identifier) {
    const resumed = await begin({});
    if (resumed.chat) follow();
  }

  const send = async (text: string) => {
    try {
      const current = session ?? (await begin({}));
      view.show(await api.send(current.visitorToken, text, crypto.randomUUID()));
      view.showError(null);
      follow();
    } catch {
      view.showError(t.failed);
    }
  };
  view.onSend((text) => void send(text));
  view.onOpen(() => {
    if (session || starting || config.preChatFields.length === 0) return;
    view.askDetails(config.preChatFields, (details) => void begin(details).catch(() => view.showError(t.failed)));
  });
}

void boot().catch((error: unknown) => console.error('Switchboard widget failed to start', error));
