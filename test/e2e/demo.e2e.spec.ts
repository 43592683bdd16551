import { rmSync } from 'node:fs';
import { describeWithService } from '@callfold/testing';
import { runCli } from './harness/cli';
import { queryTables } from './harness/clickhouse-tables';
import { e2eNames } from './harness/e2e-names';

const count = (text: string | undefined): number => Number((text ?? 'NaN').replace(/,/g, ''));

// `npm run demo` is `callfold demo`: it uses the contract's topic names and the services' default
// groups, as a user's first run does; the conversation ids carry the run's seed, so the run's rows
// are told apart from earlier demos'. It runs in a fresh directory (its ./.data/demo logs land
// there) with ClickHouse in a fresh directory too.
describeWithService('kafka', 'e2e: the live demo (`npm run demo`)', () =>
  describeWithService('schema-registry', 'on the real stack, ClickHouse embedded', () => {
    let dir: string | undefined;
    let passed = false;
    afterAll(() => {
      if (passed && dir) rmSync(dir, { recursive: true, force: true });
    });

    it('given the stack, when `callfold demo --seconds 10` runs, then it exits 0 and its summary states what ClickHouse holds for the run', async () => {
      const started = Date.now();
      const names = e2eNames('demo');
      dir = names.dir;
      const { chdbPath } = names;
      const env: NodeJS.ProcessEnv = { ...process.env, CALLFOLD_CHDB_PATH: chdbPath, CALLFOLD_LOG_LEVEL: 'warn' };
      for (const name of ['CALLFOLD_CLICKHOUSE_URL', 'CALLFOLD_CLICKHOUSE_USER', 'CALLFOLD_CLICKHOUSE_PASSWORD', 'CALLFOLD_CLICKHOUSE_DATABASE']) delete env[name];

      const demo = await runCli(['demo', '--seconds', '10'], env, 240_000, names.dir);
      expect({ code: demo.code, stderr: demo.code === 0 ? '' : demo.stderr.slice(-3000) }).toEqual({ code: 0, stderr: '' });

      const out = demo.stdout;
      const prefix = /conversation ids (demo-[0-9a-f]{8}-)\*/.exec(out)?.[1];
      const eventsIn = /events in\s+([\d,]+): ([\d,]+) events \(([\d,]+) redelivered\) of ([\d,]+) conversations, ([\d,]+) poison/.exec(out);
      const deadLettered = count(/dead-lettered\s+([\d,]+)/.exec(out)?.[1]);
      const conversations = /conversations\s+([\d,]+) \(([\d,]+) ended/.exec(out);
      const dialogues = count(/dialogues\s+([\d,]+)/.exec(out)?.[1]);
      expect(prefix).toBeDefined();
      expect(eventsIn).not.toBeNull();
      expect(conversations).not.toBeNull();
      expect(out).toContain('Per queue');
      expect(out).toContain('npx callfold query');

      // The summary is what ClickHouse holds for the run, and the run was a real one.
      const [rows] = await queryTables<{ conversations: string; dialogues: string }>(
        chdbPath,
        `SELECT (SELECT count() FROM callfold.conversations FINAL WHERE conversation_id LIKE '${prefix}%') AS conversations,
                (SELECT count() FROM callfold.dialogues FINAL WHERE conversation_id LIKE '${prefix}%') AS dialogues`,
      );
      expect({ conversations: count(conversations?.[1]), dialogues }).toEqual({ conversations: Number(rows?.conversations), dialogues: Number(rows?.dialogues) });
      expect(count(eventsIn?.[2])).toBeGreaterThan(500);
      expect(count(conversations?.[1])).toBeGreaterThan(50);
      expect(count(conversations?.[1])).toBeLessThanOrEqual(count(eventsIn?.[4]));
      // Every poison message the simulator sent was dead-lettered, nothing else was.
      expect(deadLettered).toBe(count(eventsIn?.[5]));
      expect(deadLettered).toBeGreaterThan(0);

      console.log(`[e2e] demo: ${JSON.stringify({ prefix, eventsIn: count(eventsIn?.[1]), deadLettered, conversations: count(conversations?.[1]), dialogues, seconds: Math.round((Date.now() - started) / 100) / 10 })}`);
      passed = true;
    });
  }),
);
