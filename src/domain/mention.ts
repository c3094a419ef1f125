// Who an alert pings, when a rule or subscription opted in (`mention: @here`, a role, users).
// Only what the operator or a person wrote: nothing from a feed ever becomes a mention. Written
// the way each chat client pastes it (Slack `<@U1>`, `<!subteam^S1>`; Discord `<@1>`, `<@&1>`)
// or as `user:ID` / `role:ID`, several separated by commas.

export interface Mention {
  here: boolean;
  /** Slack user ids (U..., W...) or Discord user ids (digits). */
  users: string[];
  /** Slack user groups (S...) or Discord roles (digits). */
  roles: string[];
}

/** More than this in one mention is a broadcast list, not a ping. */
export const MAX_MENTION_TARGETS = 10;

const ID = '([A-Za-z0-9]{1,32})';
const FORMS: readonly [RegExp, 'here' | 'user' | 'role'][] = [
  [/^(?:@here|<!here(?:\|[^>]*)?>)$/i, 'here'],
  [new RegExp(`^(?:<@!?${ID}(?:\\|[^>]*)?>|user:${ID})$`), 'user'],
  [new RegExp(`^(?:<@&${ID}>|<!subteam\\^${ID}(?:\\|[^>]*)?>|role:${ID})$`), 'role'],
];

const EXAMPLE = "@here, a role (<@&123...> on Discord, <!subteam^S123...> on Slack, or role:ID) or users (<@U123...>, <@123...> or user:ID), separated by commas";

export type MentionParse = { ok: true; mention: Mention } | { ok: false; problem: string };

/** Reads a mention as written; the problem names the part that is wrong and the forms that work. */
export function parseMention(text: string): MentionParse {
  const parts = text.split(',').map((part) => part.trim()).filter((part) => part !== '');
  if (parts.length === 0) return { ok: false, problem: `a mention needs someone to ping: ${EXAMPLE}` };
  const mention: Mention = { here: false, users: [], roles: [] };
  for (const part of parts) {
    const form = FORMS.find(([pattern]) => pattern.test(part));
    if (form === undefined) return { ok: false, problem: `'${part.slice(0, 60)}' is not a mention; write ${EXAMPLE}` };
    const [pattern, kind] = form;
    const id = pattern.exec(part)!.slice(1).find((group) => group !== undefined);
    if (kind === 'here') mention.here = true;
    else if (kind === 'user' && !mention.users.includes(id!)) mention.users.push(id!);
    else if (kind === 'role' && !mention.roles.includes(id!)) mention.roles.push(id!);
  }
  if (mention.users.length + mention.roles.length > MAX_MENTION_TARGETS) {
    return { ok: false, problem: `a mention may name at most ${MAX_MENTION_TARGETS} users and roles; make a role (or Slack user group) for more` };
  }
  return { ok: true, mention };
}

/** Why a mention cannot work on a platform (Discord ids are numbers; Slack's are letters and digits), or null. */
export function mentionProblem(mention: Mention, platform: string): string | null {
  const ids = [...mention.users, ...mention.roles];
  if (platform === 'discord' && ids.some((id) => !/^\d{15,22}$/.test(id))) {
    return 'Discord users and roles are numeric ids: type @ and pick them, or copy the id (Developer Mode) as user:ID or role:ID';
  }
  if (platform === 'slack') {
    if (mention.users.some((id) => !/^[UW][A-Z0-9]+$/.test(id))) return 'Slack user ids start with U or W: type @ and pick the person';
    if (mention.roles.some((id) => !/^S[A-Z0-9]+$/.test(id))) return 'Slack user groups are ids starting with S: type @ and pick the group';
  }
  return null;
}

/** The mention as people write it back ("@here, role:123"), for list and replies. */
export function formatMention(mention: Mention): string {
  return [...(mention.here ? ['@here'] : []), ...mention.roles.map((id) => `role:${id}`), ...mention.users.map((id) => `user:${id}`)].join(', ');
}

/** Every ping of several mentions, once each: a message for several subscriptions pings what each asked for. */
export function mergeMentions(mentions: readonly (Mention | null | undefined)[]): Mention | null {
  const present = mentions.filter((mention): mention is Mention => mention != null);
  if (present.length === 0) return null;
  return {
    here: present.some((mention) => mention.here),
    users: [...new Set(present.flatMap((mention) => mention.users))],
    roles: [...new Set(present.flatMap((mention) => mention.roles))],
  };
}
