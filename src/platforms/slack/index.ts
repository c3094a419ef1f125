// Slack: alerts through the Web API when SLACK_BOT_TOKEN is set; /news over Socket Mode
// (SLACK_APP_TOKEN) or HTTP (SLACK_SIGNING_SECRET). Bolt and the Web API client load only then.
import { COMMAND_PREFIX } from '../../commands/grammar.ts';
import type { PlatformModule } from '../platform-module.ts';
import { SLACK_POST_ONLY, slackCommandTransport, slackEnv, slackSection, type SlackSection, type SlackSettings } from './settings.ts';

export const slackPlatform: PlatformModule<SlackSettings, SlackSection> = {
  name: 'slack',
  env: slackEnv,
  config: { section: slackSection, admins: true },
  async delivery({ settings, admins, log }) {
    const token = settings.botToken;
    if (token === null) return null;
    const [{ createSlackWebClient }, { SlackPlatform }] = await Promise.all([import('./web-client.ts'), import('./slack-platform.ts')]);
    // Admins are read at each notice, so a config reload applies.
    return new SlackPlatform(createSlackWebClient(token, settings.apiUrl, log), { admins, log });
  },
  receiver(setup) {
    const { settings, section, config, log, context } = setup;
    const botToken = settings.botToken;
    if (botToken === null) return null;
    if (slackCommandTransport(settings) === null) {
      log.info(SLACK_POST_ONLY);
      return null;
    }
    return {
      lease: { kind: 'slack-receiver', key: settings.appToken ?? botToken },
      async open() {
        const mode = settings.appToken ? 'Socket Mode' : `HTTP on port ${section().port}`;
        log.info({ platform: 'slack' }, `connecting to Slack for ${COMMAND_PREFIX} commands (${mode})`);
        const { SlackCommandReceiver } = await import('./slack-commands.ts');
        const receiver = new SlackCommandReceiver({ slack: settings, port: section().port, config, context, log });
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
