import type { Executor } from '../../db/client.js';
import type { Actor } from '../../shared/actor.js';

/**
 * The one interface between the agent runtime and the tickets module: the runtime asks for a
 * handoff and asks whether it may answer; the tickets module owns the state machine behind it.
 */

/** Why a conversation went to a person (a ticket's `reason`). */
export type HandoffReason = 'customer_asked' | 'agent_could_not_answer' | 'keyword' | 'manual';

export interface HandoffRequest {
  chatId: number;
  reason: HandoffReason;
  /** The ticket summary written at handoff (by the agent's provider, or the operator). */
  summary: string;
  actor: Actor;
  metadata?: Record<string, unknown>;
}

export interface HandoffResult {
  /** The ticket's uuid. */
  ticketId: string;
  /** False when the chat already had an active ticket and the request was added to it. */
  created: boolean;
}

export interface Handoffs {
  /**
   * In the caller's transaction: opens a ticket (or adds to the chat's active one), sets the
   * chat UNATTENDED and pauses the agent on it. Records `ticket.created` / `ticket.updated`.
   */
  requestHandoff(tx: Executor, workspaceId: number, request: HandoffRequest): Promise<HandoffResult>;
  /**
   * True when an agent must not answer the chat: it has an active ticket, or its contact is
   * blocked. With `lock`, takes the chat's row lock first (FOR UPDATE), so a handoff committed
   * by another transaction is seen and none can land before the caller's send commits.
   */
  isAgentPaused(tx: Executor, workspaceId: number, chatId: number, options?: { lock?: boolean }): Promise<boolean>;
  /** Of the chats, those isAgentPaused (without the lock) calls paused, in one query; chats that do not exist count as paused. */
  pausedChats(tx: Executor, workspaceId: number, chatIds: number[]): Promise<Set<number>>;
}
