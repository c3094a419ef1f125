// A channel's own message template from the config: "{title} ({source}) {link}". Each platform
// escapes the field values before filling; the template text is the admin's own markup.

const PLACEHOLDER = /\{([a-z_]+)\}/gu;

/** The placeholders a channel template may use; every renderer fills all of them. */
export type TemplateFields = Record<'title' | 'summary' | 'source' | 'sources' | 'link' | 'published' | 'topic', string>;

/**
 * Replaces each {name} with its field value in one pass, so a value that itself contains
 * "{title}" stays as written. Unknown placeholders stay visible, so a typo shows in the channel.
 */
export function fillTemplate(template: string, fields: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (Object.hasOwn(fields, name) ? fields[name]! : whole));
}
