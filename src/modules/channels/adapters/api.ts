import { z } from 'zod';
import type { ChannelAdapter } from './adapter.js';

/**
 * A channel the integration itself talks to over the API: messages are stored as they are
 * written (outbound ones as sent) and nothing is handed to a provider; no reply window.
 */
export const apiAdapter: ChannelAdapter = {
  type: 'api',
  label: 'API',
  addressType: null,
  matchAddressTypes: [],
  settingsSchema: () => z.record(z.string(), z.unknown()),
  requiredSecrets: [],
  replyWindow: null,
};
