// What a platform folder exports (its index.ts): one object saying what it reads from the
// environment and the config file, how Herald delivers to it and, optionally, how it receives
// /news commands. config/ composes the parts, app.ts and cli/run-bot.ts loop over the list in
// platforms/modules.ts; nothing else names a concrete platform. Each module loads its SDK only
// when its settings turn it on (await import() inside delivery and receiver), so config/ can
// read the list without loading one.
import type { Actor, CommandContext } from '../commands/context.ts';
import type { HeraldEnv } from '../config/env.ts';
import type { PlatformConfigPart, PlatformEnvPart } from '../config/platform-parts.ts';
import type { HeraldConfig } from '../config/schema.ts';
import type { Alert, Digest, MessageRef, PlatformName } from '../domain/types.ts';
import type { Logger } from '../observability/logger.ts';
import type { Platform } from './platform.ts';

/** What every platform is set up with. */
export interface SharedSetup {
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

/** Everything a platform may read when it is set up: the shared setup and its own settings. */
export interface PlatformSetup<Settings = unknown, Section = unknown> extends SharedSetup {
  /** What its env part read from the environment. */
  settings: Settings;
  /** Its config section, read at each use so a reload applies. */
  section: () => Section;
  /** Its people under `admins.<platform>` in the live config. */
  admins: () => readonly string[];
}

export interface ReceiverSetup<Settings = unknown, Section = unknown> extends PlatformSetup<Settings, Section> {
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

export interface PlatformModule<Settings = unknown, Section = unknown> {
  readonly name: PlatformName;
  /** Its environment variables (composed by config/env.ts); none when absent. */
  readonly env?: PlatformEnvPart<Settings>;
  /** Its config section and admins (composed by config/schema.ts); none when absent. */
  readonly config?: PlatformConfigPart<Section>;
  /** Its delivery when the environment turns it on (its token is set); null otherwise. */
  delivery(setup: PlatformSetup<Settings, Section>): Promise<Platform | null>;
  /** Its /news receiver when the environment turns one on; absent or null otherwise. */
  receiver?(setup: ReceiverSetup<Settings, Section>): ReceiverPlan | null;
}

/** What a module's env part read from the environment. */
export function settingsOf<Settings>(module: Pick<PlatformModule<Settings>, 'name' | 'env'>, env: HeraldEnv): Settings {
  // config/env.ts put the output of this module's env part under its name.
  return env.platforms[module.name] as Settings;
}

/** A module's setup: the shared one plus what its own parts read. */
export function setupFor<Settings, Section, Shared extends SharedSetup>(module: PlatformModule<Settings, Section>, shared: Shared): Shared & PlatformSetup<Settings, Section> {
  return {
    ...shared,
    settings: settingsOf(module, shared.env),
    // config/schema.ts put the output of this module's section schema under its key.
    section: () => (shared.config() as unknown as Readonly<Record<string, Section>>)[module.config?.key ?? module.name]!,
    admins: () => shared.config().admins[module.name] ?? [],
  };
}
