import { createWidgetApi, type WidgetSession } from './api.js';
import { followMessages } from './stream.js';
import { pickLocale, strings } from './strings.js';
import { renderWidget } from './view.js';

/**
 * The embeddable chat: `<script src="https://switchboard.example/widget.js" data-website-token="wt_…" async></script>`.
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
    stopStream = followMessages(api.eventsUrl, session.visitorToken, (message) => view.show(message));
  };
  const begin = async (details: { name?: string; email?: string }) => {
    const stored = localStorage.getItem(storageKey) ?? undefined;
    session = await api.session({ ...details, visitorToken: stored }).catch(() => api.session(details));
    localStorage.setItem(storageKey, session.visitorToken);
    return session;
  };

  // A returning visitor: continue their conversation.
  if (localStorage.getItem(storageKey)) {
    const resumed = await begin({});
    if (resumed.chat) {
      for (const message of await api.history(resumed.visitorToken)) view.show(message);
      follow();
    }
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
    if (session || config.preChatFields.length === 0) return;
    view.askDetails(config.preChatFields, (details) => void begin(details).catch(() => view.showError(t.failed)));
  });
}

void boot().catch((error: unknown) => console.error('Switchboard widget failed to start', error));
