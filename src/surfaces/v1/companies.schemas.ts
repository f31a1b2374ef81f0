import { z } from 'zod';
import { customFieldValuesSchema } from '../../modules/custom-fields/custom-fields.schemas.js';

const text = (description: string, example?: string) =>
  z
    .string()
    .max(1000)
    .nullable()
    .optional()
    .describe(description)
    .meta(example ? { example } : {});

const companyWriteFields = {
  domain: text('Web domain, lower-cased', 'acme.com'),
  industry: text('Industry', 'Retail'),
  website: text('Website URL', 'https://acme.com'),
  phone: text('Main phone number, stored in E.164', '+56221234567'),
  address: text('Postal address'),
  description: text('Notes about the company'),
  customFields: customFieldValuesSchema.optional().describe('Values keyed by COMPANY custom field `fieldKey`; null removes a value'),
  metadata: z.unknown().optional().describe('Free-form JSON kept as given'),
};

export const createCompanyBodySchema = z
  .object({ name: z.string().trim().min(1).max(500).describe('Company name').meta({ example: 'Acme Inc.' }), ...companyWriteFields })
  .strict()
  .meta({ id: 'CreateCompanyBody' });

export const updateCompanyBodySchema = z
  .object({
    name: z.string().trim().min(1).max(500).optional().describe('Company name'),
    ...companyWriteFields,
    id: z.number().optional().describe('Ignored'),
    tenantId: z.string().optional().describe('Ignored'),
    createdAt: z.string().optional().describe('Ignored'),
    updatedAt: z.string().optional().describe('Ignored'),
  })
  .strict()
  .meta({ id: 'UpdateCompanyBody' });

export const companySchema = z
  .object({
    id: z.number(),
    tenantId: z.string(),
    name: z.string(),
    domain: z.string().nullable(),
    industry: z.string().nullable(),
    website: z.string().nullable(),
    phone: z.string().nullable(),
    address: z.string().nullable(),
    description: z.string().nullable(),
    customFields: z.record(z.string(), z.unknown()),
    metadata: z.unknown(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Company' });

export const companyListSchema = z
  .object({ items: z.array(companySchema), nextPageToken: z.string().nullable(), totalCount: z.number() })
  .meta({ id: 'CompanyList' });
