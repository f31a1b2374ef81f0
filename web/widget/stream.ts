import type { WidgetMessage } from './api.js';

/**
 * Reads the visitor's event stream with fetch (EventSource cannot send the token header),
 * reconnecting with Last-Event-ID so no message is lost or repeated. `onFirstOpen` runs once the
 * first connection is up: a stream without Last-Event-ID starts at "now", so the caller reads
 * the history then to catch an answer that came before it (messages are shown once by id).
 */
export function followMessages(
  url: string,
  token: string,
  onMessage: (message: WidgetMessage) => void,
  onFirstOpen: () => void,
): () => void {
  let lastEventId: string | undefined;
  let stopped = false;
  let controller: AbortController | undefined;

  async function connect(): Promise<void> {
    controller = new AbortController();
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (lastEventId) headers['last-event-id'] = lastEventId;
    const response = await fetch(url, { headers, signal: controller.signal });
    if (!response.ok || !response.body) throw new Error(`stream ${response.status}`);
    if (!lastEventId) onFirstOpen();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let id: string | undefined;
        let data = '';
        for (const line of block.split('\n')) {
          if (line.startsWith('id: ')) id = line.slice(4);
          else if (line.startsWith('data: ')) data += line.slice(6);
        }
        if (id) lastEventId = id;
        if (data) onMessage(JSON.parse(data) as WidgetMessage);
      }
    }
  }

  void (async () => {
    while (!stopped) {
      await connect().catch(() => undefined);
      if (!stopped) await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  })();
  return () => {
    stopped = true;
    controller?.abort();
  };
}
