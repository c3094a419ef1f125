// "1 item", "3 items": counts in replies read as English. Intl.PluralRules knows which numbers
// take the singular; the plural form is given where English does not just add an s.
const rules = new Intl.PluralRules('en');

/** The count and the noun in the form the count takes: plural(1, 'feed') is "1 feed". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${rules.select(count) === 'one' ? singular : pluralForm}`;
}
