// The one list of platforms. Adding a platform is a folder under platforms/ whose index.ts
// exports a PlatformModule, and one line here.
import { consolePlatform } from './console/index.ts';
import { discordPlatform } from './discord/index.ts';
import type { PlatformModule } from './platform-module.ts';
import { slackPlatform } from './slack/index.ts';
import { webhookPlatform } from './webhook/index.ts';

export const PLATFORM_MODULES: readonly PlatformModule[] = [consolePlatform, slackPlatform, discordPlatform, webhookPlatform];
