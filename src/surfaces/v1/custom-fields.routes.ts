import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../services.js';

// Placeholder: replaced by the custom-fields routes.
export function customFieldsRoutes(services: Services): FastifyPluginAsyncZod {
  void services;
  return async () => {};
}
