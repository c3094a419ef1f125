// What a platform folder declares it needs from the environment and the config file. env.ts and
// schema.ts compose every module's parts from the list in platforms/modules.ts, so adding a
// platform touches its folder and that list, not this folder. Kept free of platform code:
// a folder's parts import only zod and this file.
import { z } from 'zod';
import type { PathProblem } from './problems.ts';
import type { HeraldConfig } from './schema.ts';

export interface EnvProblem {
  variable: string;
  message: string;
}

/** Whether a variable is set (after *_FILE), for companion checks. */
export type IsSet = (variable: string) => boolean;

export interface PlatformEnvPart<Settings = unknown> {
  /** Its variables, each a zod schema given the value as text, or undefined when unset. */
  readonly variables: z.ZodRawShape;
  /** Those that may come from a file named by <NAME>_FILE; they are never shown. */
  readonly secrets: readonly string[];
  /**
   * A family of secrets named by the config (one per webhook target): every variable
   * <prefix><NAME> or <prefix><NAME>_FILE, each checked by `schema`.
   */
  readonly family?: SecretFamily;
  /** Settings that only work together: a problem for each one set without what it needs. */
  companions?(isSet: IsSet): EnvProblem[];
  /** The platform's settings from its variables (and its family's, by NAME), once every one is valid. */
  settings(values: Record<string, unknown>, family: Readonly<Record<string, string>>): Settings;
}

export interface SecretFamily {
  readonly prefix: string;
  readonly schema: z.ZodType<string, string>;
}

/** Types a platform's env part: `settings` gets its variables' parsed values. */
export function envPart<Shape extends z.ZodRawShape, Settings>(part: {
  variables: Shape;
  secrets?: readonly (keyof Shape & string)[];
  family?: SecretFamily;
  companions?(isSet: IsSet): EnvProblem[];
  settings(values: z.output<z.ZodObject<Shape>>, family: Readonly<Record<string, string>>): Settings;
}): PlatformEnvPart<Settings> {
  return {
    variables: part.variables,
    secrets: part.secrets ?? [],
    ...(part.family ? { family: part.family } : {}),
    ...(part.companions ? { companions: part.companions } : {}),
    // The composed schema parsed these very variables (env.ts), so they have this shape.
    settings: (values, family) => part.settings(values as z.output<z.ZodObject<Shape>>, family),
  };
}

export interface PlatformConfigPart<Section = unknown> {
  /** Its own top-level key in the config file, named after the platform (like `slack: { port }`). */
  readonly section?: z.ZodType<Section>;
  /** The section's key when not the platform's name (`webhooks:` for the webhook platform). */
  readonly key?: string;
  /** Checks of a valid config that need more than the section (other sections, channel rules). */
  check?(config: HeraldConfig): PathProblem[];
  /** Whether the config lists its people under `admins.<platform>` (user or role ids). */
  readonly admins?: boolean;
}

/** What env.ts and schema.ts read of a platform module. */
export interface PlatformParts {
  readonly name: string;
  readonly env?: PlatformEnvPart;
  readonly config?: PlatformConfigPart;
}

export function urlWithProtocol(protocols: readonly string[]) {
  return (value: string): boolean => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  };
}

export const noSpaces = /^\S+$/;

/** A platform's API base URL, set only to point Herald at a test server. */
export const testApiUrl = z
  .string()
  .refine(urlWithProtocol(['http:', 'https:']), 'is not an http(s) URL; write it like http://127.0.0.1:3001/api/ (only set it to point Herald at a test server)')
  .optional();
