// Discord: alerts over REST when DISCORD_TOKEN is set; /news over the gateway (discord.js), which
// only `herald run` opens. A channel rule with `thread: true` starts a thread under each alert;
// one with `voice:` posts through the channel's webhook under a feed's or its own name.
import { COMMAND_PREFIX } from '../../commands/grammar.ts';
import type { HeraldConfig } from '../../config/schema.ts';
import type { DiscordGateway } from './gateway.ts';
import type { PlatformModule } from '../platform-module.ts';
import { discordEnv, type DiscordSettings } from './settings.ts';

const threadsOf = new WeakMap<HeraldConfig, ReadonlySet<string>>();

/** Discord channels whose config rule says `thread: true`, for the config in force. */
export function threadChannels(config: HeraldConfig): ReadonlySet<string> {
  let channels = threadsOf.get(config);
  if (channels === undefined) {
    channels = new Set(config.channels.flatMap((rule) => (rule.platform === 'discord' && rule.thread === true ? [rule.channel] : [])));
    threadsOf.set(config, channels);
  }
  return channels;
}

export const discordPlatform: PlatformModule<DiscordSettings> = {
  name: 'discord',
  env: discordEnv,
  config: { admins: true },
  async delivery({ settings, admins, config, log, now }) {
    const { token, apiUrl } = settings;
    if (token === null) return null;
    const [{ DiscordRest }, { DiscordPlatform }, { alertVoice, digestVoice }] = await Promise.all([
      import('./rest-client.ts'),
      import('./discord-platform.ts'),
      import('./voice.ts'),
    ]);
    return new DiscordPlatform({
      rest: new DiscordRest({ token, apiUrl }),
      admins,
      threadChannels: () => threadChannels(config()),
      voice: (alert) => alertVoice(config(), alert),
      digestVoice: (digest) => digestVoice(config(), digest),
      applicationId: settings.applicationId,
      log,
      now,
    });
  },
  receiver({ settings, config, log, context }) {
    const { token, apiUrl, applicationId, guildId } = settings;
    if (token === null) return null;
    return {
      lease: { kind: 'discord-gateway', key: applicationId ?? token },
      async open() {
        // discord.js loads only for a bot that has a Discord token.
        const [{ DiscordCommands }, { startDiscordGateway }] = await Promise.all([import('./discord-commands.ts'), import('./gateway.ts')]);
        let gateway: DiscordGateway | null = null;
        return {
          async start() {
            log.info({ platform: 'discord' }, `connecting to the Discord gateway for ${COMMAND_PREFIX} commands`);
            gateway = await startDiscordGateway({ token, apiUrl, applicationId, guildId, commands: new DiscordCommands({ config, context, log }), log });
          },
          async stop() {
            await gateway?.close();
            gateway = null;
          },
        };
      },
    };
  },
};
