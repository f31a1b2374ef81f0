import type { Services } from '../../services.js';
import { responderRoutes } from './agents.routes.js';

/** Squads (groups of agents answering as one) share the agents' operations at /squads. */
export const squadsRoutes = (services: Services) => responderRoutes('squad', services);
