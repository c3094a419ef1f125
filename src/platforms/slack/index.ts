// Slack: alerts through the Web API when SLACK_BOT_TOKEN is set; /news over Socket Mode
// (SLACK_APP_TOKEN) or HTTP (SLACK_SIGNING_SECRET). Bolt and the Web API client load only then.
import { COMMAND_PREFIX } from '../../commands/grammar.ts';
import { SLACK_POST_ONLY, slackCommandTransport } from '../../config/env.ts';
import type { PlatformModule } from '../platform-module.ts';

export const slackPlatform: PlatformModule = {
  name: 'slack',
  async delivery({ env, config, log }) {
    const token = env.slack.botToken;
    if (token === null) return null;
    const [{ createSlackWebClient }, { SlackPlatform }] = await Promise.all([import('./web-client.ts'), import('./slack-platform.ts')]);
    // Admins are read at each notice, so a config reload applies.
    return new SlackPlatform(createSlackWebClient(token, env.slack.apiUrl, log), { admins: () => config().admins.slack, log });
  },
  receiver(setup) {
    const { env, config, log, context } = setup;
    const botToken = env.slack.botToken;
    if (botToken === null) return null;
    if (slackCommandTransport(env.slack) === null) {
      log.info(SLACK_POST_ONLY);
      return null;
    }
    return {
      lease: { kind: 'slack-receiver', key: env.slack.appToken ?? botToken },
      async open() {
        const mode = env.slack.appToken ? 'Socket Mode' : `HTTP on port ${config().slack.port}`;
        log.info({ platform: 'slack' }, `connecting to Slack for ${COMMAND_PREFIX} commands (${mode})`);
        const { SlackCommandReceiver } = await import('./slack-commands.ts');
        const receiver = new SlackCommandReceiver({ slack: env.slack, port: config().slack.port, config, context, log });
        return {
          start: async () => {
            await receiver.start();
          },
          stop: () => receiver.stop(),
        };
      },
    };
  },
};
