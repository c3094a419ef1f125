// The store contract: every Store implementation must pass these, run through storeContract
// with a factory that opens a fresh, empty store (its cleanup removes whatever it created).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { channelStateContract } from './contract-channel-state.ts';
import { feedContract } from './contract-feeds.ts';
import { leaseContract } from './contract-leases.ts';
import { noticeContract } from './contract-notices.ts';
import { outboxContract } from './contract-outbox.ts';
import { panelContract } from './contract-panel.ts';
import { retentionContract } from './contract-retention.ts';
import { commitPollContract } from './contract-commit-poll.ts';
import { storyContract } from './contract-stories.ts';
import { storyMergeContract } from './contract-story-merge.ts';
import { subscriptionContract } from './contract-subscriptions.ts';
import { T0, feedDefinition } from './records.ts';

export type OpenStore = () => Promise<{ store: Store; cleanup: () => Promise<void> }>;

export function storeContract(name: string, open: OpenStore): void {
  describe(`${name} store contract`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await open());
      await store.migrate();
    });
    afterEach(async () => {
      await cleanup();
    });

    const subject = (): Store => store;
    feedContract(subject);
    storyContract(subject);
    commitPollContract(subject);
    storyMergeContract(subject);
    subscriptionContract(subject);
    outboxContract(subject);
    noticeContract(subject);
    leaseContract(subject);
    panelContract(subject);
    retentionContract(subject);
    channelStateContract(subject);

    describe('lifecycle', () => {
      it('migrates again without losing data', async () => {
        await store.syncConfigFeeds([feedDefinition()], T0);
        await store.migrate();
        expect((await store.listFeeds()).map((feed) => feed.id)).toEqual(['harbour']);
      });

      it('ping answers while open and rejects with a coded error once closed', async () => {
        await expect(store.ping()).resolves.toBeUndefined();
        await store.close();
        await expect(store.ping()).rejects.toMatchObject({ name: 'HeraldError', code: 'store_failed' });
      });

      it('rejects calls after close with a coded error, and closes twice without complaint', async () => {
        await store.close();
        await store.close();
        await expect(store.listFeeds()).rejects.toMatchObject({ name: 'HeraldError', code: 'store_failed' });
      });
    });
  });
}
