// What a valid config may still get wrong without failing: findings `config check` prints and
// `herald run` logs, without refusing the file.
import type { PathProblem } from './problems.ts';
import type { HeraldConfig } from './schema.ts';

// Slack channel ids: C (public), G (private, older) or D (direct message), then upper-case letters and digits.
const SLACK_CHANNEL_ID = /^[CGD][A-Z0-9]{6,}$/;

export function configWarnings(config: HeraldConfig): PathProblem[] {
  const warnings: PathProblem[] = [];
  config.channels.forEach((rule, index) => {
    if (rule.platform !== 'slack' || SLACK_CHANNEL_ID.test(rule.channel)) return;
    warnings.push({
      path: ['channels', index, 'channel'],
      message:
        `'${rule.channel}' looks like a Slack channel name, not its id: /news commands and alert updates use the id, so this rule ` +
        `and subscriptions made in that channel would not be the same channel. Write the id (like C0123ABCDEF): in Slack, open the channel's details, it is at the bottom`,
    });
  });
  return warnings;
}
