import type { AgentProvider, ProviderReply, TurnContext } from '../../src/modules/agent-runtime/provider.js';

export type Script = (context: TurnContext, call: number) => Promise<Partial<ProviderReply>> | Partial<ProviderReply>;

/**
 * A provider for the tests that must script what a real one cannot be made to do on cue: fail,
 * hang, or answer after a chosen delay. Each reply comes from `script`, and every context it was
 * given is kept. It goes in where the agent's `provider` setting picks one (`providers` of
 * buildTestApp / buildTestServices), under the name it stands in for; everything else is real.
 */
export class ScriptedProvider implements AgentProvider {
  readonly contexts: TurnContext[] = [];
  calls = 0;

  constructor(
    public script: Script = (context) => ({ text: `You said: ${context.messages.at(-1)?.text}` }),
    readonly name: AgentProvider['name'] = 'builtin',
  ) {}

  async reply(context: TurnContext): Promise<ProviderReply> {
    this.calls += 1;
    this.contexts.push(context);
    const partial = await this.script(context, this.calls);
    return {
      text: null,
      toolCalls: [],
      rejectedToolCalls: [],
      answered: true,
      model: 'scripted',
      usage: { promptTokens: 10, completionTokens: 5 },
      ...partial,
    };
  }

  async summarize(context: TurnContext): Promise<string> {
    return `Summary: ${context.messages
      .filter((message) => message.role === 'customer')
      .map((message) => message.text)
      .join(' / ')}`;
  }
}
