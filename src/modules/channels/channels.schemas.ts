/** The kinds of channel a chat can happen on (004's `channelType`). */
export const channelTypes = ['widget', 'whatsapp', 'waha', 'instagram', 'api', 'slack', 'sms', 'messenger', 'tiktok', 'voice'] as const;
export type ChannelType = (typeof channelTypes)[number];

/** Settings keys that hold credentials, on any channel type: stored sealed and never returned. */
export const secretSettingKeys: ReadonlySet<string> = new Set([
  'accessToken',
  'appSecret',
  'verifyToken',
  'apiKey',
  'authToken',
  'botToken',
  'signingSecret',
  'clientSecret',
  'password',
  // The widget's identity verification key (identifierHash = HMAC-SHA256 of the identifier).
  'identitySecret',
]);

export interface Channel {
  id: number;
  uuid: string;
  tenantId: string;
  type: ChannelType;
  name: string;
  /** Settings without secrets. */
  settings: Record<string, unknown>;
  /** Names of the secrets that are set (their values are never shown). */
  secretsSet: string[];
  /** Uuid of the agent or squad answering new chats, when one is set. */
  responderId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ChannelInput {
  type?: ChannelType;
  name?: string;
  /** Merged into the current settings; a null value removes the key. */
  settings?: Record<string, unknown>;
  /** Uuid of an agent or squad; null clears. */
  responderId?: string | null;
}
