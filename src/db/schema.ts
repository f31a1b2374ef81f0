export * from '../modules/workspaces/workspaces.table.js';
export * from '../modules/companies/companies.table.js';
export * from '../modules/contacts/contacts.table.js';
export * from '../modules/custom-fields/custom-fields.table.js';
export * from '../modules/events/events.table.js';
