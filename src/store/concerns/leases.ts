// The leases concern: named leases that keep one process per chat app on its gateway.
// (Feed, outbox and notice claims lease their own rows; see their concerns.)

export interface LeaseStore {
  /**
   * Takes the named lease for `owner` until `now + ttlMs`, or renews it when `owner` holds it;
   * false while another owner holds it unexpired.
   */
  acquireLease(name: string, owner: string, ttlMs: number, now: number): Promise<boolean>;
  /** Gives the lease up when `owner` holds it, so a standby process need not wait for expiry. */
  releaseLease(name: string, owner: string): Promise<void>;
}
