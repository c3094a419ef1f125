// Webhooks: each alert (and each update of its message) is a signed JSON POST to a target named
// under `webhooks:` in the config; a channel rule names the target as its channel. On when the
// config has a target at start. No SDK: node's crypto and undici, loaded on first use.
import type { PlatformModule } from '../platform-module.ts';
import { checkWebhooks, secretFor, secretVariable, webhookEnv, webhookSection, type WebhookSection, type WebhookSettings } from './settings.ts';

export const webhookPlatform: PlatformModule<WebhookSettings, WebhookSection> = {
  name: 'webhook',
  env: webhookEnv,
  config: { key: 'webhooks', section: webhookSection, check: checkWebhooks },
  async delivery({ settings, section, config, log, now }) {
    const names = Object.keys(section());
    if (names.length === 0) return null;
    const unsigned = names.filter((name) => secretFor(settings, name) === undefined);
    if (unsigned.length > 0) {
      log.warn({ platform: 'webhook', targets: unsigned }, `webhook targets without a signing secret get nothing until it is set: ${unsigned.map(secretVariable).join(', ')}`);
    }
    const { WebhookPlatform } = await import('./webhook-platform.ts');
    return new WebhookPlatform({ settings, targets: section, config, log, now });
  },
};
