// The web panel's concern (src/web/): reads for people looking at many feeds at once, and "poll
// now". Its SQL is shared by both stores (panel-sql.ts).

/** What a feed brought: items seen, and 'new' alerts its items caused that the outbox still keeps (retention prunes sent ones). */
export interface FeedActivity {
  itemsSeen: number;
  alertsCaused: number;
}

export interface PanelStore {
  /** Per feed id; feeds with nothing seen and nothing caused are absent. */
  feedActivity(): Promise<Map<string, FeedActivity>>;
  /** Alerts sent to any channel at or after `since`. */
  countAllSentSince(since: number): Promise<number>;
  /** Makes a feed due at `now` ("poll now"); false when there is no such feed. */
  pollFeedNow(id: string, now: number): Promise<boolean>;
}
