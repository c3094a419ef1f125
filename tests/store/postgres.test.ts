import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { storeContract } from './contract.ts';
import { databaseUrl, dropSchema, freshSchemaName } from './postgres-schema.ts';

describe.skipIf(!databaseUrl)('PostgreSQL', () => {
  const url = databaseUrl!;

  storeContract('PostgreSQL', async () => {
    const schema = freshSchemaName();
    const store = await PostgresStore.connect(url, { schema });
    return {
      store,
      cleanup: async () => {
        await store.close();
        await dropSchema(url, schema);
      },
    };
  });

  describe('PostgresStore', () => {
    it('refuses a schema name it would have to quote', async () => {
      await expect(PostgresStore.connect(url, { schema: 'Robert"; DROP' })).rejects.toMatchObject({ code: 'store_failed' });
    });

    it('reports an unreachable server as a coded error without the password', async () => {
      const error: unknown = await PostgresStore.connect('postgres://herald:s3cret@127.0.0.1:1/none').catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'store_failed', message: expect.stringMatching(/Cannot connect to PostgreSQL at .*127\.0\.0\.1:1/) });
      expect((error as Error).message).not.toContain('s3cret');
    });

    it('refuses a database migrated by a newer Herald', async () => {
      const schema = freshSchemaName();
      const store = await PostgresStore.connect(url, { schema });
      try {
        await store.migrate();
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`INSERT INTO ${schema}.schema_migrations (version, name) VALUES (999, 'from a newer Herald')`);
        await client.end();

        await expect(store.migrate()).rejects.toMatchObject({ code: 'store_failed', message: expect.stringMatching(/newer than this Herald/) });
      } finally {
        await store.close();
        await dropSchema(url, schema);
      }
    });
  });
});
