// context.recordedStories for commands run over a store with no Herald: the pipeline's commit
// batch with a story index of its own (the app shares its polls' batches and index instead).
import type { RecordedStories } from '../../src/commands/context.ts';
import type { HeraldConfig } from '../../src/config/schema.ts';
import { StoryIndex } from '../../src/dedup/story-index.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { commitBatch, type BatchDependencies } from '../../src/pipeline/commit-batch.ts';
import { recordedStories } from '../../src/pipeline/recorded-stories.ts';
import { SubscriptionRouter } from '../../src/pipeline/subscription-router.ts';
import type { Store } from '../../src/store/store.ts';

export function recordedStoriesOver(store: Store, config: HeraldConfig, now: () => number = Date.now): RecordedStories {
  const { window, titleThreshold, leadThreshold } = config.dedup;
  const deps: BatchDependencies = {
    store,
    router: new SubscriptionRouter(config.topics),
    stories: new StoryIndex({ windowMs: window, titleThreshold, leadThreshold }),
    backfill: config.defaults.backfill,
    templateFor: () => null,
    log: silentLogger(),
    now,
  };
  return recordedStories({ store, commit: async (entries) => (await commitBatch([entries], deps))[0] ?? null });
}
