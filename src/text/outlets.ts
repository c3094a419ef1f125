// The outlets carrying an alert's story, for its source line: a story can gather many
// outlets, a line cannot show them all.
import type { Alert } from '../domain/types.ts';
import { itemLink } from './safe-url.ts';

export interface Outlet {
  name: string;
  url: string | null;
}

/** Every outlet of the story, first one first; the item's own source when none is recorded. */
export function alertOutlets(alert: Alert): Outlet[] {
  return alert.sources.length > 0 ? alert.sources : [{ name: alert.item.sourceName, url: itemLink(alert.item) }];
}

/** "A, B, C" within `maxLength`, ending "and N more" when not every name fits; '' when none fits. */
export function listNames(names: string[], maxLength: number): string {
  for (let shown = names.length; shown > 0; shown -= 1) {
    const rest = names.length - shown;
    const list = names.slice(0, shown).join(', ') + (rest > 0 ? ` and ${rest} more` : '');
    if (list.length <= maxLength) return list;
  }
  return '';
}
