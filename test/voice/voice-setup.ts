import { afterAll } from 'vitest';
import { startFakeDeepgram } from '../helpers/fake-deepgram.js';
import { startFakeTwilio } from '../helpers/fake-twilio.js';
import { startFakeVapi } from '../helpers/fake-vapi.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';

export const PUBLIC_BASE_URL = 'https://switchboard.example.com';
export const VAPI_KEY = 'vapi-private-key-123';
export const VAPI_SECRET = 'vapi-webhook-secret-0123456789';
export const TWILIO_SID = 'AC0123456789abcdef0123456789abcdef';
export const TWILIO_TOKEN = 'twilio-auth-token-0123456789abcd';
export const TWILIO_FROM = '+15005550006';
export const DEEPGRAM_KEY = 'deepgram-key-0123456789';

/** An app wired to fake Vapi, Twilio and Deepgram servers on loopback, with its job workers running. */
export async function startVoiceApp(overrides: Record<string, unknown> = {}) {
  const vapi = await startFakeVapi(VAPI_KEY);
  const twilio = await startFakeTwilio(TWILIO_SID, TWILIO_TOKEN);
  const deepgram = await startFakeDeepgram(DEEPGRAM_KEY);
  const app: TestApp = await buildTestApp({
    PUBLIC_BASE_URL,
    VAPI_API_BASE_URL: vapi.url,
    VAPI_API_KEY: VAPI_KEY,
    VAPI_PHONE_NUMBER_ID: 'phone-number-id-1',
    VAPI_WEBHOOK_SECRET: VAPI_SECRET,
    TWILIO_API_BASE_URL: twilio.url,
    TWILIO_ACCOUNT_SID: TWILIO_SID,
    TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
    TWILIO_FROM_NUMBER: TWILIO_FROM,
    DEEPGRAM_API_BASE_URL: deepgram.url,
    DEEPGRAM_API_KEY: DEEPGRAM_KEY,
    ...overrides,
  });
  afterAll(async () => {
    await Promise.all([vapi.close(), twilio.close(), deepgram.close()]);
  });
  const { apiKey } = await app.newWorkspace();
  const other = await app.newWorkspace('Other');
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, key = apiKey) =>
    app.server.inject({ method, url, headers: auth(key), ...(payload === undefined ? {} : { payload: payload as object }) });
  return { app, vapi, twilio, deepgram, apiKey, otherKey: other.apiKey, call };
}

/** Waits until `check` returns a value (background jobs); fails after ~20 s. */
export async function eventually<T>(check: () => Promise<T>): Promise<NonNullable<T>> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const value = await check();
    if (value !== undefined && value !== null) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('condition not met');
}

export function vapiWebhook(app: TestApp, body: unknown, secret = VAPI_SECRET) {
  return app.server.inject({
    method: 'POST',
    url: '/webhooks/vapi',
    headers: { 'content-type': 'application/json', 'x-vapi-secret': secret },
    payload: JSON.stringify(body),
  });
}
