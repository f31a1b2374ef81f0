import twilio from 'twilio';

/**
 * Checks X-Twilio-Signature with Twilio's own validator: HMAC-SHA1 under the auth token of the
 * full callback URL (as configured, query included) followed by the POST parameters sorted by
 * name, each name directly followed by its value.
 */
export function isValidTwilioSignature(
  authToken: string,
  signature: string | undefined,
  url: string,
  params: Record<string, string | string[]>,
): boolean {
  if (!signature) return false;
  return twilio.validateRequest(authToken, signature, url, params);
}
