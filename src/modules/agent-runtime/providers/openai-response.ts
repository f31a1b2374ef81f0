import type { RejectedToolCall, ToolCall } from '../provider.js';
import { checkToolCall } from '../tools.js';

/** One tool call as a chat completions server sent it (any of the shapes compatible servers use). */
interface WireToolCall {
  id?: unknown;
  type?: unknown;
  function?: { name?: unknown; arguments?: unknown };
  name?: unknown;
  arguments?: unknown;
  parameters?: unknown;
}

export interface ParsedMessage {
  text: string | null;
  toolCalls: ToolCall[];
  rejectedToolCalls: RejectedToolCall[];
}

const TOOL_CALL_TAG = /<tool_call>\s*([\s\S]*?)\s*<\/tool_call>/g;

function nameOf(call: WireToolCall): string {
  const name = call.function?.name ?? call.name;
  return typeof name === 'string' ? name : '';
}

function argumentsOf(call: WireToolCall): unknown {
  return call.function?.arguments ?? call.arguments ?? call.parameters;
}

/** Whether a parsed JSON value looks like one tool call or a list of them. */
function asToolCalls(value: unknown): WireToolCall[] | null {
  const list = Array.isArray(value)
    ? value
    : value && typeof value === 'object' && Array.isArray((value as { tool_calls?: unknown }).tool_calls)
      ? (value as { tool_calls: unknown[] }).tool_calls
      : [value];
  const calls = list.filter((item): item is WireToolCall => item !== null && typeof item === 'object');
  if (calls.length === 0 || calls.length !== list.length) return null;
  return calls.every((call) => nameOf(call) !== '' && (argumentsOf(call) !== undefined || call.function !== undefined)) ? calls : null;
}

/**
 * Tool calls some servers write into `content` instead of `tool_calls`: `<tool_call>{...}</tool_call>`
 * blocks (Hermes/Qwen templates), or a content that is nothing but the JSON of a call.
 */
function toolCallsInContent(content: string): { calls: WireToolCall[]; rest: string; malformed: string[] } {
  const calls: WireToolCall[] = [];
  const malformed: string[] = [];
  let rest = content.replace(TOOL_CALL_TAG, (_match, body: string) => {
    try {
      const found = asToolCalls(JSON.parse(body));
      if (found) calls.push(...found);
      else malformed.push(body);
    } catch {
      malformed.push(body);
    }
    return '';
  });
  const trimmed = rest
    .trim()
    .replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/, '$1')
    .trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const found = asToolCalls(JSON.parse(trimmed));
      if (found) {
        calls.push(...found);
        rest = '';
      }
    } catch {
      // Not JSON: ordinary text that starts with a brace.
    }
  }
  return { calls, rest: rest.trim(), malformed };
}

/**
 * Normalizes an assistant message: tool calls from `tool_calls` or from the content, arguments
 * as a JSON string or an object, missing or empty ids replaced by `call_<turn>_<n>`; calls
 * with bad JSON, unknown names or invalid arguments are set aside in rejectedToolCalls.
 */
export function parseAssistantMessage(message: { content?: unknown; tool_calls?: unknown }, idPrefix: string): ParsedMessage {
  const content = typeof message.content === 'string' ? message.content : '';
  const wire: WireToolCall[] = Array.isArray(message.tool_calls) ? (message.tool_calls as WireToolCall[]) : [];
  const fromContent = toolCallsInContent(content);
  const toolCalls: ToolCall[] = [];
  const rejectedToolCalls: RejectedToolCall[] = fromContent.malformed.map((raw) => ({
    name: '',
    raw,
    error: 'a <tool_call> block that is not valid tool call JSON',
  }));
  const usedIds = new Set<string>();
  [...wire, ...fromContent.calls].forEach((call, index) => {
    let id = typeof call.id === 'string' && call.id.trim() !== '' ? call.id : `call_${idPrefix}_${index}`;
    if (usedIds.has(id)) id = `${id}_${index}`;
    usedIds.add(id);
    const checked = checkToolCall(id, nameOf(call), argumentsOf(call));
    if (checked.call) toolCalls.push(checked.call);
    else rejectedToolCalls.push(checked.rejected);
  });
  const text = fromContent.rest === '' ? null : fromContent.rest;
  return { text, toolCalls, rejectedToolCalls };
}
