export interface Company {
  id: number;
  tenantId: string;
  name: string;
  domain: string | null;
  industry: string | null;
  website: string | null;
  phone: string | null;
  address: string | null;
  description: string | null;
  customFields: Record<string, unknown>;
  metadata: unknown;
  createdAt: Date;
  updatedAt: Date;
}

/** A write to a company: absent fields stay as they are, null clears. */
export interface CompanyInput {
  name?: string;
  domain?: string | null;
  industry?: string | null;
  website?: string | null;
  phone?: string | null;
  address?: string | null;
  description?: string | null;
  customFields?: Record<string, unknown>;
  metadata?: unknown;
}
