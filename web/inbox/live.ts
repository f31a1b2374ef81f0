import { useEffect, useRef, useState } from 'preact/hooks';

export interface LiveEvent {
  type: string;
  data: Record<string, unknown>;
}

/**
 * Listens to the workspace's event stream (GET /api/v1/events/stream, with the session cookie)
 * and calls `onEvent` for each event of the exact `types`. EventSource reconnects by itself
 * with Last-Event-ID, so nothing is missed. Returns whether the stream is open.
 */
export function useLiveEvents(types: string[], onEvent: (event: LiveEvent) => void): boolean {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const [open, setOpen] = useState(false);
  const key = types.join(',');
  useEffect(() => {
    const source = new EventSource(`/api/v1/events/stream?types=${encodeURIComponent(key)}`, { withCredentials: true });
    // The stream names each event (`event: <type>`), so each type has its own listener.
    const listener = (event: Event) => {
      const envelope = JSON.parse((event as MessageEvent<string>).data) as LiveEvent;
      handler.current(envelope);
    };
    for (const type of key.split(',')) source.addEventListener(type, listener);
    source.onopen = () => setOpen(true);
    source.onerror = () => setOpen(false);
    return () => source.close();
  }, [key]);
  return open;
}
