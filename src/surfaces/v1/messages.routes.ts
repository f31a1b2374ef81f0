import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { MessageType } from '../../modules/messages/messages.schemas.js';
import type { Services } from '../../services.js';
import { tenantOf } from '../auth.js';
import { v1ErrorResponses, v1ErrorSchema } from './errors.js';
import {
  createMessageBodySchema,
  createTemplateMessageBodySchema,
  fileIdParams,
  messageIdParams,
  messageSchema,
  uploadedMediaSchema,
  uploadMediaBodySchema,
} from './messages.schemas.js';
import { fileUrl, serializeMessage } from './messages.serializers.js';

const tags = ['Messages'];
const sendErrors = { ...v1ErrorResponses, 409: v1ErrorSchema, 413: v1ErrorSchema, 422: v1ErrorSchema, 502: v1ErrorSchema };
const e164Note = 'Phone numbers must be in E.164 format (e.g. +14155552671).';

export function messagesRoutes({ messages, whatsappSends, media }: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/messages/:messageId',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'GetMessage: get a message by id (or by its wamid)',
          params: messageIdParams,
          response: { 200: messageSchema, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const { messageId } = request.params;
        const reference = messageId.startsWith('wamid.') ? { providerId: messageId } : { uuid: messageId.toLowerCase() };
        return serializeMessage(await messages.getMessage(tenantOf(request), reference));
      },
    );

    app.post(
      '/messages',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'CreateMessage: send a WhatsApp free-form message',
          description: `Goes into the contact's conversation on the channel of fromPhoneNumber. WhatsApp accepts free-form messages only within 24 hours of the contact's last message: outside it the answer is 422 (send a template). The message comes back sent (with its wamid) or failed (with errors). ${e164Note}`,
          body: createMessageBodySchema,
          response: { 200: messageSchema, ...sendErrors },
        },
      },
      async (request) =>
        serializeMessage(await whatsappSends.createMessage(tenantOf(request), { ...request.body, type: request.body.type as MessageType })),
    );

    app.post(
      '/messages/template',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'CreateTemplateMessage: send a WhatsApp template message',
          description: `Use either variables (body text parameters) or components (header, body, buttons), not both. Creates the contact and the chat when needed. ${e164Note}`,
          body: createTemplateMessageBodySchema,
          response: { 200: messageSchema, ...sendErrors },
        },
      },
      async (request) => serializeMessage(await whatsappSends.createTemplateMessage(tenantOf(request), request.body)),
    );

    app.post(
      '/messages/media',
      {
        config: { callers: ['api_key'] },
        bodyLimit: media.maxRequestBytes,
        schema: {
          tags,
          summary: 'UploadMedia: upload media to the WhatsApp Business API',
          description: `Either fileId (a stored file) or fileName + contentType + content (base64). Content types and sizes are WhatsApp's. ${e164Note}`,
          body: uploadMediaBodySchema,
          response: { 200: uploadedMediaSchema, ...sendErrors },
        },
      },
      async (request) => {
        const { file, mediaId } = await whatsappSends.uploadMedia(tenantOf(request), request.body);
        return {
          url: fileUrl(file.uuid),
          size: file.size,
          fileName: file.fileName,
          contentType: file.contentType,
          fileId: file.uuid,
          mediaId,
          tags: file.tags,
        };
      },
    );

    app.get(
      '/messages/media/:fileId',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'Download a stored file',
          params: fileIdParams,
          response: { 200: z.any().describe('The file bytes, with its content type').meta({ format: 'binary' }), ...v1ErrorResponses },
        },
      },
      async (request, reply) => {
        const { file, data } = await media.getFileData(tenantOf(request), request.params.fileId);
        const name = encodeURIComponent(file.fileName);
        return reply.type(file.contentType).header('content-disposition', `attachment; filename*=UTF-8''${name}`).send(data);
      },
    );
  };
}
