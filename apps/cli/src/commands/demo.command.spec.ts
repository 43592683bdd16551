import { join } from 'node:path';
import { runDemo } from './demo.command';

describe('demo', () => {
  it('given the bundled samples, when replayed, then every non-erased conversation has a row with the seed 004 outcome', async () => {
    const lines: string[] = [];

    const { rows } = await runDemo({ fixturesDir: join(__dirname, '../../../../test/fixtures'), print: (l) => lines.push(l) });

    expect(lines[0]).toMatch(/^Replayed \d+ events from 19 sample files into 19 conversations \(0 rejected lines\)\.$/);
    expect(rows).toHaveLength(18);
    const outcomes = rows.map((r) => r.outcome);
    expect(outcomes.filter((o) => o === 'Accepted')).toHaveLength(10);
    expect(outcomes.filter((o) => o === 'Abandoned')).toHaveLength(2);
    expect(outcomes.filter((o) => o === 'IvrDrop')).toHaveLength(6);
    const quick = rows.find((r) => r.quickDrop === true);
    expect(quick).toMatchObject({ outcome: 'Abandoned', queueDurationInSec: 3.2, inSla: null });
    expect(lines.at(-1)).toBe('\n1 erased conversation(s) have no row, as an erasure requires.');
  });
});
