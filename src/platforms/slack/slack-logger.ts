// The Slack SDKs (WebClient, Bolt) log through their own Logger interface. This adapter sends
// those lines into Herald's pino logger, at warn and above by default: the SDKs' debug output
// dumps request bodies and headers, and Herald never wants those in its logs.
import { format } from 'node:util';
import { LogLevel, type Logger as SlackLogger } from '@slack/web-api';
import type { Logger } from '../../observability/logger.ts';

const RANK: Record<LogLevel, number> = { [LogLevel.DEBUG]: 0, [LogLevel.INFO]: 1, [LogLevel.WARN]: 2, [LogLevel.ERROR]: 3 };

export function slackLogger(log: Logger, level: LogLevel = LogLevel.WARN): SlackLogger {
  let current = level;
  let sdk = log.child({ component: 'slack-sdk' });
  const write = (at: LogLevel, emit: (line: string) => void) => (...parts: unknown[]) => {
    if (RANK[at] < RANK[current]) return;
    emit(format(...parts));
  };
  return {
    debug: write(LogLevel.DEBUG, (line) => sdk.debug(line)),
    info: write(LogLevel.INFO, (line) => sdk.info(line)),
    warn: write(LogLevel.WARN, (line) => sdk.warn(line)),
    error: write(LogLevel.ERROR, (line) => sdk.error(line)),
    setLevel: (next) => {
      current = next;
    },
    getLevel: () => current,
    setName: (name) => {
      sdk = log.child({ component: 'slack-sdk', sdk: name });
    },
  };
}
