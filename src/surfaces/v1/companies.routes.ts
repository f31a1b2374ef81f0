import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../services.js';

// Placeholder: replaced by the companies routes.
export function companiesRoutes(services: Services): FastifyPluginAsyncZod {
  void services;
  return async () => {};
}
