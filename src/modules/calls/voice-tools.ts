import type { Executor } from '../../db/client.js';
import type { Tenant } from '../../shared/tenant.js';
import { findAddresses, findContactRow, updateContactRow } from '../contacts/contacts.repository.js';
import { toContact } from '../contacts/contacts.service.js';
import { recordEvent } from '../events/events.js';
import { insertTask } from '../tasks/tasks.repository.js';
import { toTask } from '../tasks/tasks.service.js';
import type { CallRow } from './calls.repository.js';

export interface ToolCallResult {
  toolCallId: string;
  result?: string;
  error?: string;
}

const str = (value: unknown, max = 500) => (typeof value === 'string' && value.trim() ? value.trim().slice(0, max) : undefined);

/**
 * Answers Vapi `tool-calls` with the chat agents' tools: `capture_contact` (names of the
 * contact called) and `create_task` (a follow-up task). Unknown tools get an error result, as
 * Vapi expects, never an HTTP error.
 */
export async function answerToolCalls(
  tx: Executor,
  tenant: Tenant,
  call: CallRow,
  toolCalls: Array<{ id: string; name: string; arguments: Record<string, unknown> }>,
): Promise<ToolCallResult[]> {
  const results: ToolCallResult[] = [];
  for (const toolCall of toolCalls) {
    if (toolCall.name === 'create_task') {
      const objective = str(toolCall.arguments.objective) ?? str(toolCall.arguments.description);
      if (!objective) {
        results.push({ toolCallId: toolCall.id, error: 'create_task needs an objective' });
        continue;
      }
      const due = str(toolCall.arguments.dueDate);
      const row = await insertTask(tx, tenant.workspaceId, {
        title: str(toolCall.arguments.title, 200) ?? null,
        objective,
        assignedToType: 'user',
        assignedToId: String(call.userId ?? 'unassigned'),
        createdByType: 'ai_employee',
        createdById: String(call.voiceAgentId ?? 'voice'),
        dueDate: due && !Number.isNaN(Date.parse(due)) ? new Date(due) : null,
        status: 'scheduled',
      });
      await recordEvent(tx, tenant, 'task.created', toTask(tenant, row));
      results.push({ toolCallId: toolCall.id, result: `Task ${row.uuid} created` });
    } else if (toolCall.name === 'capture_contact' && call.contactId !== null) {
      const contact = await findContactRow(tx, tenant.workspaceId, call.contactId, true);
      const [first, ...rest] = (str(toolCall.arguments.name, 200) ?? '').split(/\s+/).filter(Boolean);
      const firstName = str(toolCall.arguments.firstName, 200) ?? first;
      const lastName = str(toolCall.arguments.lastName, 200) ?? (rest.join(' ') || undefined);
      if (contact && (firstName || lastName)) {
        const updated = await updateContactRow(tx, tenant.workspaceId, contact.id, {
          firstName: firstName ?? contact.firstName,
          lastName: lastName ?? contact.lastName,
        });
        const addresses = await findAddresses(tx, tenant.workspaceId, [contact.id]);
        await recordEvent(tx, tenant, 'contact.updated', toContact(tenant, updated, addresses));
      }
      results.push({ toolCallId: toolCall.id, result: 'Contact details saved' });
    } else {
      results.push({ toolCallId: toolCall.id, error: `Unknown tool ${toolCall.name || '(none)'}` });
    }
  }
  return results;
}
