// One invented story as outlets carry it: the wire's full headline and lead, a shortened
// headline over the wire's lead, the full headline over a lead of the outlet's own. The shortened
// copy and the rewritten one are not alike on their own; the wire's copy is alike to both.
import type { RawEntry } from '../../src/domain/types.ts';
import { entry } from './newsroom.ts';

export const FULL = 'Harbour pilots say fog doubts were tipping plays at the northern terminal';
export const SHORT = 'Fog doubts were tipping plays';
export const WIRE_LEAD =
  'Harbour pilots at the northern terminal said on Friday that doubts about the fog warning system had tipped several docking decisions this month, and asked the port authority to replace the sensors before winter storms arrive on the coast.';
export const OWN_LEAD =
  'Harbour pilots at the northern terminal said on Friday that doubts about the fog warning system had tipped several docking decisions this month, a letter seen by this paper shows, naming three near misses in the channel since August.';

/** An outlet's RSS entry for a story: its own guid and link. */
export const rss = (id: string, title: string, lead: string): RawEntry =>
  entry({ guid: `${id}-1`, link: `https://${id}.example/story/1`, title, summaryHtml: `<p>${lead}</p>` });
