import type { FastifyRequest } from 'fastify';
import type { Visitor, WidgetChannel } from '../../modules/widget/widget-visitors.js';
import { AppError } from '../../shared/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The widget channel of this request (the visitor's, or the one the website token names), once its origin is checked. */
    widgetChannel?: WidgetChannel;
  }
}

export function visitorOf(request: FastifyRequest): Visitor {
  if (request.caller?.kind !== 'visitor') throw new AppError('UNAUTHENTICATED', 'This route needs a visitor token');
  return request.caller.visitor;
}

export function channelOf(request: FastifyRequest): WidgetChannel {
  if (!request.widgetChannel) throw new AppError('UNAUTHENTICATED', 'websiteToken is required');
  return request.widgetChannel;
}
