import type { Executor } from '../../db/client.js';
import type { Utterance } from '../../integrations/deepgram/client.js';
import type { Tenant } from '../../shared/tenant.js';
import { insertChannel } from '../channels/channels.repository.js';
import { createChatRow } from '../chats/chat-writes.js';
import { updateChatRow } from '../chats/chats.repository.js';
import { appendMessage } from '../messages/message-writes.js';
import type { Participant } from '../messages/messages.schemas.js';
import * as repository from './calls.repository.js';

/**
 * Writes a finished call's transcript as the messages of a chat on the workspace's `voice`
 * channel (created on first use), so every chat surface lists calls. The chat is closed: the
 * call is over, and nothing should answer it. Runs once per call (the call keeps its chat id).
 */
export async function writeVoiceChat(
  tx: Executor,
  tenant: Tenant,
  call: repository.CallRow,
  utterances: Utterance[],
): Promise<number | undefined> {
  if (call.chatId !== null || call.contactId === null || utterances.length === 0) return call.chatId ?? undefined;
  const channel =
    (await repository.findVoiceChannel(tx, tenant.workspaceId)) ??
    (await insertChannel(tx, tenant.workspaceId, { type: 'voice', name: 'Voice', settings: {} }));
  const chat = await createChatRow(tx, tenant, { channel, ownerContactId: call.contactId, title: `Call ${call.id} with ${call.to}` });
  const customer: Participant = {
    providerId: null,
    address: call.direction === 'incoming' ? call.from : call.to,
    role: 'user',
    displayName: null,
    metadata: {},
  };
  const agent: Participant = {
    providerId: call.providerId,
    address: call.direction === 'incoming' ? call.to : call.from,
    role: 'assistant',
    displayName: null,
    metadata: {},
  };
  const agentSpeaker = agentSpeakerOf(call, utterances);
  for (const [index, utterance] of utterances.entries()) {
    const fromAgent = utterance.speaker === agentSpeaker;
    await appendMessage(
      tx,
      tenant,
      chat,
      {
        direction: fromAgent ? 'outbound' : 'inbound',
        role: fromAgent ? 'assistant' : 'user',
        type: 'text',
        content: utterance.text,
        status: fromAgent ? 'sent' : 'received',
        providerId: `call-${call.id}-${index}`,
        sender: fromAgent ? agent : customer,
        recipient: fromAgent ? customer : agent,
        metadata: { callId: call.id, speaker: utterance.speaker, start: utterance.start, end: utterance.end },
      },
      channel,
    );
  }
  await updateChatRow(tx, tenant.workspaceId, chat.id, { status: 'CLOSED' });
  return chat.id;
}

/** Vapi labels its speakers; Deepgram numbers them, and on an outgoing call the callee usually speaks first. */
function agentSpeakerOf(call: repository.CallRow, utterances: Utterance[]): string {
  if (utterances.some((utterance) => utterance.speaker === 'assistant' || utterance.speaker === 'bot')) {
    return utterances.some((utterance) => utterance.speaker === 'assistant') ? 'assistant' : 'bot';
  }
  // An AI call opens with the assistant's first message; a bridge call with the callee's hello.
  const first = utterances[0]!.speaker;
  if (call.providerName === 'vapi') return first;
  return utterances.find((utterance) => utterance.speaker !== first)?.speaker ?? 'speaker 1';
}
