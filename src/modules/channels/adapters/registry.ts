import type { ChannelAdapter, InboundHandler } from './adapter.js';
import { apiAdapter } from './api.js';
import { storedOnlyAdapter } from './stored-only.js';
import { voiceAdapter } from './voice.js';
import { whatsappAdapter } from './whatsapp.js';
import { widgetAdapter } from './widget.js';

/** The one place channel types are told apart: each type's adapter, by type. */
const adapters = new Map<string, ChannelAdapter>();

/** Makes `adapter` the one for its type (replacing any before it). */
export function registerChannelAdapter(adapter: ChannelAdapter): void {
  adapters.set(adapter.type, adapter);
}

for (const adapter of [
  whatsappAdapter,
  apiAdapter,
  widgetAdapter,
  storedOnlyAdapter('waha', 'WhatsApp (WAHA)', 'WHATSAPP'),
  storedOnlyAdapter('sms', 'SMS', 'SMS'),
  voiceAdapter,
  storedOnlyAdapter('instagram', 'Instagram', 'INSTAGRAM'),
  storedOnlyAdapter('messenger', 'Messenger', 'MESSENGER'),
  storedOnlyAdapter('tiktok', 'TikTok', 'TIKTOK'),
  storedOnlyAdapter('slack', 'Slack', 'SLACK'),
]) {
  registerChannelAdapter(adapter);
}

/** The adapter of a channel type; a chat without a channel is treated as an API one. */
export function channelAdapter(type: string | null | undefined): ChannelAdapter {
  return (type ? adapters.get(type) : undefined) ?? apiAdapter;
}

/** The adapter that processes `provider`'s stored inbound webhook deliveries (its `inbound` handler). */
export function adapterOfProvider(provider: string): (ChannelAdapter & { inbound: InboundHandler }) | undefined {
  for (const adapter of adapters.values())
    if (adapter.inbound?.provider === provider) return adapter as ChannelAdapter & { inbound: InboundHandler };
  return undefined;
}

/** Contact address type by channel type, for the queries that show a chat owner's address. */
export function addressTypesByChannelType(): Record<string, string> {
  const types: Record<string, string> = {};
  for (const adapter of adapters.values()) if (adapter.addressType) types[adapter.type] = adapter.addressType;
  return types;
}
