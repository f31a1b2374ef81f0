import type { Database, Executor } from '../../db/client.js';
import { AppError, invalid, notFound } from '../../shared/errors.js';
import type { ListQuery } from '../../shared/list-query.js';
import type { Page } from '../../shared/paging.js';
import type { Tenant } from '../../shared/tenant.js';
import { resolveResponder } from '../agents/responders.js';
import { describeReference, type EntityReference } from '../agents/agents.schemas.js';
import { isUniqueViolation } from '../../db/errors.js';
import { recordEvent } from '../events/events.js';
import { resolveSettings } from './channel-settings.js';
import * as repository from './channels.repository.js';
import type { ConnectedChannel } from './adapters/adapter.js';
import { channelAdapter } from './adapters/registry.js';
import type { Channel, ChannelInput, ChannelType } from './channels.schemas.js';
import type { SecretBox } from './secrets.js';

export interface ChannelsOptions {
  secrets: SecretBox;
  defaultPhoneCountry?: string;
}

export class ChannelsService {
  constructor(
    private readonly db: Database,
    private readonly options: ChannelsOptions,
  ) {}

  async createChannel(tenant: Tenant, input: ChannelInput & { type: ChannelType; name: string }): Promise<Channel> {
    return this.db.transaction(async (tx) => {
      const resolved = resolveSettings(
        input.type,
        { settings: {}, secrets: {}, verifyTokenHash: null },
        input.settings ?? {},
        this.options.secrets,
        this.options.defaultPhoneCountry,
      );
      const responderId = input.responderId ? (await resolveResponder(tx, tenant, input.responderId, 'responderId')).id : null;
      const row = await withConflicts(input.type, () =>
        repository.insertChannel(tx, tenant.workspaceId, { type: input.type, name: input.name, responderId, ...resolved }),
      );
      const channel = await this.load(tx, tenant, row);
      await recordEvent(tx, tenant, 'channel.created', channel);
      return channel;
    });
  }

  async getChannel(tenant: Tenant, reference: EntityReference): Promise<Channel> {
    const row = await repository.findChannelRow(this.db, tenant.workspaceId, reference);
    if (!row) throw notFound('channel', describeReference(reference));
    return this.load(this.db, tenant, row);
  }

  /** Changes what is sent: `settings` merges (null removes a key); the type cannot change. */
  async updateChannel(tenant: Tenant, reference: EntityReference, input: ChannelInput): Promise<Channel> {
    return this.db.transaction(async (tx) => {
      const current = await repository.findChannelRow(tx, tenant.workspaceId, reference, true);
      if (!current) throw notFound('channel', describeReference(reference));
      if (input.type !== undefined && input.type !== current.type) throw invalid('type', 'cannot change; create another channel instead');
      const resolved = input.settings
        ? resolveSettings(current.type as ChannelType, current, input.settings, this.options.secrets, this.options.defaultPhoneCountry)
        : {};
      const responderId =
        input.responderId === undefined
          ? {}
          : { responderId: input.responderId === null ? null : (await resolveResponder(tx, tenant, input.responderId, 'responderId')).id };
      const row = await withConflicts(current.type as ChannelType, () =>
        repository.updateChannelRow(tx, tenant.workspaceId, current.id, {
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...resolved,
          ...responderId,
        }),
      );
      const channel = await this.load(tx, tenant, row);
      await recordEvent(tx, tenant, 'channel.updated', channel);
      return channel;
    });
  }

  /** Soft-deletes: chats keep their channel; its routing key (a WhatsApp number) can be connected again. */
  async deleteChannel(tenant: Tenant, reference: EntityReference): Promise<Channel> {
    return this.db.transaction(async (tx) => {
      const current = await repository.findChannelRow(tx, tenant.workspaceId, reference, true);
      if (!current) throw notFound('channel', describeReference(reference));
      const row = await repository.updateChannelRow(tx, tenant.workspaceId, current.id, { deletedAt: new Date() });
      const channel = await this.load(tx, tenant, row);
      await recordEvent(tx, tenant, 'channel.deleted', channel);
      return channel;
    });
  }

  async findChannels(tenant: Tenant, query: ListQuery): Promise<Page<Channel>> {
    const page = await repository.findChannelRows(this.db, tenant.workspaceId, query);
    const responders = await repository.findResponderUuids(this.db, tenant.workspaceId, responderIds(page.rows));
    return {
      items: page.rows.map((row) => toChannel(tenant, row, responders)),
      nextPageToken: page.nextPageToken,
      totalCount: page.totalCount,
    };
  }

  /** The channel row with its secrets at hand, for its adapter to talk to the provider. */
  connect(row: repository.ChannelRow): ConnectedChannel {
    const box = this.options.secrets;
    const opened = new Map<string, string>();
    return {
      row,
      secret(name) {
        let value = opened.get(name);
        if (value === undefined) {
          const sealed = row.secrets[name];
          if (!sealed) throw new AppError('UNPROCESSABLE', `channel ${row.uuid} has no ${name} setting`, { field: `settings.${name}` });
          opened.set(name, (value = box.open(sealed)));
        }
        return value;
      },
    };
  }

  private async load(db: Executor, tenant: Tenant, row: repository.ChannelRow): Promise<Channel> {
    return toChannel(tenant, row, await repository.findResponderUuids(db, tenant.workspaceId, responderIds([row])));
  }
}

function responderIds(rows: repository.ChannelRow[]): number[] {
  return rows.flatMap((row) => (row.responderId === null ? [] : [row.responderId]));
}

/** Turns a unique violation on a routing key or an address into a 409 naming the setting. */
async function withConflicts<T>(type: ChannelType, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const adapter = channelAdapter(type);
    if (isUniqueViolation(error, 'channels_routing_key_idx')) {
      const field = `settings.${adapter.routingKeySetting}`;
      throw new AppError(
        'CONFLICT',
        `${field}: another ${adapter.label} channel is already connected with this ${adapter.routingKeySetting}`,
        {
          field,
        },
      );
    }
    if (isUniqueViolation(error, 'channels_address_idx')) {
      const field = `settings.${adapter.addressSetting}`;
      throw new AppError('CONFLICT', `${field}: another ${adapter.label} channel of this workspace has this ${adapter.addressSetting}`, {
        field,
      });
    }
    throw error;
  }
}

export function toChannel(tenant: Tenant, row: repository.ChannelRow, responders: Map<number, string>): Channel {
  return {
    id: row.id,
    uuid: row.uuid,
    tenantId: tenant.workspaceUuid,
    type: row.type as ChannelType,
    name: row.name,
    settings: row.settings,
    secretsSet: Object.keys(row.secrets).sort(),
    responderId: row.responderId === null ? null : (responders.get(row.responderId) ?? null),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
