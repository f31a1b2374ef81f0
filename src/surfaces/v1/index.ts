import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../services.js';
import { AppError } from '../../shared/errors.js';
import { requireApiKey } from '../auth.js';
import { toAppError } from '../errors.js';
import { companiesRoutes } from './companies.routes.js';
import { contactsExportRoutes } from './contacts-export.routes.js';
import { contactsRoutes } from './contacts.routes.js';
import { customFieldsRoutes } from './custom-fields.routes.js';
import { v1ErrorBody } from './errors.js';

/** The v1 CRM surface (seed 003) at /api/v1. */
export function v1Surface(services: Services): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', requireApiKey(services.workspaces));
    app.setErrorHandler((error, request, reply) => {
      const appError = toAppError(error, request.log);
      return reply.status(appError.status).send(v1ErrorBody(appError));
    });
    app.setNotFoundHandler((request, reply) => {
      const error = new AppError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`);
      return reply.status(404).send(v1ErrorBody(error));
    });
    const typed = app.withTypeProvider<ZodTypeProvider>();
    await typed.register(contactsRoutes(services));
    await typed.register(contactsExportRoutes(services));
    await typed.register(companiesRoutes(services));
    await typed.register(customFieldsRoutes(services));
  };
}
