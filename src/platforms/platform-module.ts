// What a platform folder exports (its index.ts): one object saying how Herald delivers to it and,
// optionally, how it receives /news commands. app.ts and cli/run-bot.ts loop over the list in
// platforms/modules.ts; nothing else names a concrete platform. Each module loads its SDK only
// when its settings turn it on (await import() inside delivery and receiver).
import type { Actor, CommandContext } from '../commands/context.ts';
import type { HeraldEnv } from '../config/env.ts';
import type { HeraldConfig } from '../config/schema.ts';
import type { Alert, Digest, MessageRef, PlatformName } from '../domain/types.ts';
import type { Logger } from '../observability/logger.ts';
import type { Platform } from './platform.ts';

/** Everything a platform may read when it is set up. */
export interface PlatformSetup {
  env: HeraldEnv;
  /** The live config, read at each use so a reload applies (admins, thread settings). */
  config: () => HeraldConfig;
  log: Logger;
  now: () => number;
  /** The process's own output, for the console platform: a write resolves once the text was flushed. */
  output: { write: (text: string) => void | Promise<void>; json: ((alert: Alert, ref: MessageRef, digest: Digest | null) => unknown) | null };
}

/** A /news command listener, started while this process holds its lease and stopped when it loses it. */
export interface Receiver {
  /** Connects or listens; throws PlatformError when the platform refuses (the bot then only posts alerts). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface ReceiverSetup extends PlatformSetup {
  /** The process's command context factory, shared by every platform (one rate limiter). */
  context: (actor: Actor) => CommandContext;
}

export interface ReceiverPlan {
  /**
   * The lease one process at a time holds the receiver under, among processes sharing a store:
   * its kind and the secret that identifies the app (hashed into the lease name).
   */
  lease: { kind: string; key: string };
  /** A new receiver, not yet started. */
  open(): Promise<Receiver>;
}

export interface PlatformModule {
  readonly name: PlatformName;
  /** Its delivery when the environment turns it on (its token is set); null otherwise. */
  delivery(setup: PlatformSetup): Promise<Platform | null>;
  /** Its /news receiver when the environment turns one on; absent or null otherwise. */
  receiver?(setup: ReceiverSetup): ReceiverPlan | null;
}
