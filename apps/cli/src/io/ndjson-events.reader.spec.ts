import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNdjsonEvents, type RejectedLine } from './ndjson-events.reader';

describe('readNdjsonEvents', () => {
  it('given a valid line, a bad line and a blank line, when read, then the event is yielded and the bad line reported with its number', async () => {
    const good = readFileSync(join(__dirname, '../../../../test/fixtures/ivr-drop.ndjson'), 'utf8').split('\n')[0] ?? '';
    const file = join(mkdtempSync(join(tmpdir(), 'cf-ndjson-')), 'events.ndjson');
    writeFileSync(file, `${good}\n{"eventId": 1}\n\n`);
    const rejected: RejectedLine[] = [];

    const events = [];
    for await (const e of readNdjsonEvents(file, (r) => rejected.push(r))) events.push(e);

    expect(events.map((e) => e.type)).toEqual(['SessionCreated']);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ file, line: 2 });
    expect(rejected[0]?.reason).toMatch(/eventId/);
  });
});
