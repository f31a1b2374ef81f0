import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../services.js';
import { invalid } from '../../shared/errors.js';
import { tenantOf } from '../auth.js';
import {
  bridgeCallSchema,
  callListQuerySchema,
  callListSchema,
  callSchema,
  createCallSchema,
  loadRecordingSchema,
  recordingSchema,
  startAgentCallSchema,
  transcriptionSchema,
} from './calls.schemas.js';
import { toWire } from './calls.serializers.js';
import { v1ErrorResponses, v1ErrorSchema } from './errors.js';
import { numericId } from './params.js';
import { z } from 'zod';

const tags = ['Calls'];
const callParams = z.object({ callId: numericId('Call id') });
const providerErrors = { 422: v1ErrorSchema, 502: v1ErrorSchema };

/** Calls, recordings and transcriptions (seed 003). */
export function callsRoutes({ calls, callStarts }: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/calls/agent',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'StartAgentCall',
          summary: 'Start an AI agent call (Vapi)',
          description:
            'Two forms: a saved voice agent (`voiceAgentId`, `to`, `contextVariables`) or an ad-hoc agent (`toPhoneNumber`, `objectives`, personality…). The contact is found or created by number. Needs VAPI_API_KEY, VAPI_PHONE_NUMBER_ID, VAPI_WEBHOOK_SECRET and PUBLIC_BASE_URL (422 names the missing one). When Vapi refuses, the call is stored `failed` and the answer is a 502 with `details.callId`.',
          body: startAgentCallSchema,
          response: { 200: callSchema, ...v1ErrorResponses, ...providerErrors },
        },
      },
      async (request) => {
        const body = request.body;
        const tenant = tenantOf(request);
        if ('voiceAgentId' in body) return toWire(await callStarts.startSavedAgentCall(tenant, body));
        const { toPhoneNumber, fromPhoneNumber, provider: _provider, ...settings } = body;
        return toWire(await callStarts.startAdHocAgentCall(tenant, { ...settings, to: toPhoneNumber, from: fromPhoneNumber }));
      },
    );

    app.post(
      '/calls/bridge',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'StartBridgeCall',
          summary: 'Bridge a team member and a customer (Twilio)',
          description:
            'Twilio calls `from` (the team member) first, then dials `to`, recording both parties. Needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER and PUBLIC_BASE_URL.',
          body: bridgeCallSchema,
          response: { 200: callSchema, ...v1ErrorResponses, ...providerErrors },
        },
      },
      async (request) => {
        const { from, to, userId, providerData, callCustomData } = request.body;
        if (!from) throw invalid('from', "give the team member's number to call first");
        return toWire(await callStarts.startBridgeCall(tenantOf(request), { from, to, userId, providerData, customData: callCustomData }));
      },
    );

    app.post(
      '/calls',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'CreateCall',
          summary: 'Record a call made elsewhere',
          body: createCallSchema,
          response: { 200: callSchema, ...v1ErrorResponses, 409: v1ErrorSchema },
        },
      },
      async (request) =>
        toWire(await calls.createCall(tenantOf(request), { ...request.body, startTime: new Date(request.body.startTime) })),
    );

    app.get(
      '/calls',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'ListCalls',
          summary: 'List calls, newest first',
          querystring: callListQuerySchema,
          response: { 200: callListSchema, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const { limit, pageToken, startAfter, startBefore, ...filters } = request.query;
        const page = await calls.findCalls(
          tenantOf(request),
          {
            ...filters,
            startAfter: startAfter ? new Date(startAfter) : undefined,
            startBefore: startBefore ? new Date(startBefore) : undefined,
          },
          limit,
          pageToken ? Number(pageToken) : undefined,
        );
        return toWire(page);
      },
    );

    app.get(
      '/calls/:callId',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'GetCall',
          summary: 'Get a call',
          params: callParams,
          response: { 200: callSchema, ...v1ErrorResponses },
        },
      },
      async (request) => toWire(await calls.getCallById(tenantOf(request), request.params.callId)),
    );

    app.get(
      '/calls/:callId/recording',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'GetCallRecording',
          summary: 'Get a call’s recording',
          params: callParams,
          response: { 200: recordingSchema, ...v1ErrorResponses },
        },
      },
      async (request) => toWire(await calls.getRecording(tenantOf(request), request.params.callId)),
    );

    app.get(
      '/calls/:callId/transcription',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'GetCallTranscription',
          summary: 'Get a call’s transcription',
          description: 'Written once the call has ended and been processed; `status` says whether a transcript could be made.',
          params: callParams,
          response: { 200: transcriptionSchema, ...v1ErrorResponses },
        },
      },
      async (request) => toWire(await calls.getTranscription(tenantOf(request), request.params.callId)),
    );

    app.post(
      '/recordings',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'LoadRecording',
          summary: 'Load a recording from a URL (a call and its recording, then transcribed)',
          body: loadRecordingSchema,
          response: { 200: recordingSchema, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const { callStartTime, ...body } = request.body;
        return toWire(
          await calls.loadRecording(tenantOf(request), { ...body, callStartTime: callStartTime ? new Date(callStartTime) : undefined }),
        );
      },
    );
  };
}
