// The console platform: always on, prints alerts to the process's own output.
import type { PlatformModule } from '../platform-module.ts';

export const consolePlatform: PlatformModule = {
  name: 'console',
  async delivery({ output, now }) {
    const { ConsolePlatform } = await import('./console-platform.ts');
    return new ConsolePlatform(output.write, now, output.json);
  },
};
