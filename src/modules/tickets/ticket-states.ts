import { AppError } from '../../shared/errors.js';

/** A ticket is active (the agent is paused on its chat) until it is CLOSED. */
export const ticketStatuses = ['OPEN', 'IN_PROGRESS', 'CLOSED'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

/**
 * The allowed moves, and what makes each (docs/tickets.md has the full table):
 * - OPEN → IN_PROGRESS: a team member's reply in the chat, or an update to IN_PROGRESS;
 * - OPEN or IN_PROGRESS → CLOSED: close (the chat closes with it);
 * - CLOSED → OPEN: reopen (only while the chat has no other active ticket).
 * A handoff never moves a ticket: it opens a new one or adds to the active one.
 */
export const ticketTransitions: Record<TicketStatus, readonly TicketStatus[]> = {
  OPEN: ['IN_PROGRESS', 'CLOSED'],
  IN_PROGRESS: ['CLOSED'],
  CLOSED: ['OPEN'],
};

export function isActive(status: string): boolean {
  return status !== 'CLOSED';
}

/** Throws 409 naming the current status when `from → to` is not an allowed move. */
export function assertTransition(ticketUuid: string, from: TicketStatus, to: TicketStatus): void {
  if (ticketTransitions[from].includes(to)) return;
  const allowed = ticketTransitions[from].join(' or ');
  throw new AppError('CONFLICT', `ticket ${ticketUuid} is ${from}; it cannot move to ${to} (from ${from} it can move to ${allowed})`, {
    field: 'status',
    currentStatus: from,
    requestedStatus: to,
  });
}
