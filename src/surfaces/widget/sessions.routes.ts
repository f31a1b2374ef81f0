import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../services.js';
import { channelOf } from './context.js';
import { configQuerySchema, sessionBodySchema, sessionSchema, widgetConfigSchema } from './schemas.js';

export function sessionRoutes({ widget }: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/config',
      {
        config: { callers: ['public'] },
        schema: {
          tags: ['Widget'],
          summary: "A widget channel's public settings",
          description:
            'What the widget shows before a session: language, pre-chat fields and the agent. 401 for an unknown website token, 403 for an origin the channel does not allow.',
          security: [],
          querystring: configQuerySchema,
          response: { 200: widgetConfigSchema },
        },
      },
      async (request) => widget.getConfig(channelOf(request)),
    );

    app.post(
      '/sessions',
      {
        config: { callers: ['public'] },
        schema: {
          tags: ['Widget'],
          summary: 'Start or continue a visitor session',
          description:
            'Returns a signed visitor token for the other widget routes. Without identifier the visitor is an anonymous contact (the same one again when visitorToken is an earlier token of this channel). ' +
            "With identifier and identifierHash = HMAC-SHA256(identifier, the channel's identity secret) the visitor is that contact; a wrong hash is 401 and nothing is stored.",
          security: [],
          body: sessionBodySchema,
          response: { 200: sessionSchema },
        },
      },
      async (request) => {
        const { websiteToken: _token, ...input } = request.body;
        const session = await widget.startSession(channelOf(request), input);
        return { ...session, expiresAt: session.expiresAt.toISOString() };
      },
    );
  };
}
