import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../services.js';

// Placeholder: replaced by the contacts routes.
export function contactsRoutes(services: Services): FastifyPluginAsyncZod {
  void services;
  return async () => {};
}
