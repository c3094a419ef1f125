// A channel's own message template from the config: "{title} ({source}) {link}". Each platform
// escapes the field values before filling; the template text is the admin's own markup.

const PLACEHOLDER = /\{([a-z_]+)\}/gu;

/** The placeholders a channel template may use; every renderer fills all of them. */
export const TEMPLATE_PLACEHOLDERS = ['title', 'summary', 'source', 'sources', 'link', 'published', 'topic'] as const;

export type TemplateFields = Record<(typeof TEMPLATE_PLACEHOLDERS)[number], string>;

/** Placeholders a template names that no renderer fills (a typo), each once. */
export function unknownPlaceholders(template: string): string[] {
  const known: readonly string[] = TEMPLATE_PLACEHOLDERS;
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((match) => match[1]!))].filter((name) => !known.includes(name));
}

/**
 * Replaces each {name} with its field value in one pass, so a value that itself contains
 * "{title}" stays as written. Unknown placeholders stay visible, so a typo shows in the channel.
 */
export function fillTemplate(template: string, fields: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (Object.hasOwn(fields, name) ? fields[name]! : whole));
}
