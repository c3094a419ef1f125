/** One step of a store's schema; each store keeps its own append-only list in its own SQL dialect. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
