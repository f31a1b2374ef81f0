import { z } from 'zod';
import type { ChannelAdapter } from './adapter.js';
import { apiAdapter } from './api.js';

/**
 * Phone calls. A voice chat holds a call's transcript as messages (docs/voice.md): written by
 * the call's follow-up, never sent through the channel, since calls are placed through the
 * calls API (Vapi, Twilio) rather than chat messages. Contacts are found by their phone
 * number, then by the same number on WhatsApp.
 */
export const voiceAdapter: ChannelAdapter = {
  ...apiAdapter,
  type: 'voice',
  label: 'voice',
  addressType: 'PHONE',
  matchAddressTypes: ['PHONE', 'WHATSAPP'],
  // Provider settings are server-wide (VAPI_*, TWILIO_*, DEEPGRAM_*), not per channel.
  settingsSchema: () => z.object({}).strict(),
};
