// Option getters as discord.js's CommandInteractionOptionResolver behaves: an absent option is
// null, and reading an option as the wrong type throws, so a test fails when Herald reads an
// integer option (backfill, days) as a string or the other way round.

export function stringOption(value: string | number | undefined): string | null {
  if (typeof value === 'number') throw new TypeError(`option of type Integer (${value}) read as a String`);
  return value ?? null;
}

export function integerOption(value: string | number | undefined): number | null {
  if (typeof value === 'string') throw new TypeError(`option of type String ('${value}') read as an Integer`);
  return value ?? null;
}
