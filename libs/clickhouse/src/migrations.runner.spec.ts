import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMigrations, renderMigration, splitStatements } from './migrations.runner';

describe('splitStatements', () => {
  it('given statements ending lines with semicolons and comments, when split, then each statement keeps its comments', () => {
    const sql = ['-- why this table', 'CREATE TABLE a (x UInt8)', 'ENGINE = Memory;', '', '-- second', 'CREATE VIEW v AS SELECT 1; -- trailing', ''].join('\n');
    expect(splitStatements(sql)).toEqual(['-- why this table\nCREATE TABLE a (x UInt8)\nENGINE = Memory', '-- second\nCREATE VIEW v AS SELECT 1']);
  });

  it('given a semicolon inside a comment, when split, then it does not end the statement', () => {
    expect(splitStatements('SELECT 1 -- a; b\n+ 1;')).toEqual(['SELECT 1 -- a; b\n+ 1']);
  });

  it('given only comments, when split, then there is no statement', () => {
    expect(splitStatements('-- nothing here;\n')).toEqual([]);
  });
});

describe('renderMigration', () => {
  const sql = 'CREATE TABLE {{db}}.t {{on_cluster}} (x UInt8) ENGINE = {{replicated}}ReplacingMergeTree ORDER BY x';

  it('given a single server, when rendered, then no cluster clause and a plain engine', () => {
    expect(renderMigration(sql, { database: 'callfold' })).toBe('CREATE TABLE callfold.t  (x UInt8) ENGINE = ReplacingMergeTree ORDER BY x');
  });

  it('given a cluster, when rendered, then ON CLUSTER and a Replicated engine', () => {
    expect(renderMigration(sql, { database: 'cf', cluster: 'main' })).toBe(
      "CREATE TABLE cf.t ON CLUSTER 'main' (x UInt8) ENGINE = ReplicatedReplacingMergeTree ORDER BY x",
    );
  });
});

describe('loadMigrations', () => {
  it('given numbered files and strays, when loaded, then only numbered SQL in version order with checksums', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-mig-'));
    writeFileSync(join(dir, '0002_second.sql'), 'SELECT 2;');
    writeFileSync(join(dir, '0001_first.sql'), 'SELECT 1;');
    writeFileSync(join(dir, 'README.md'), '# not a migration');
    const migrations = loadMigrations(dir);
    expect(migrations.map((m) => [m.version, m.name])).toEqual([[1, 'first'], [2, 'second']]);
    expect(migrations[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('given two files with the same number, when loaded, then it refuses', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-mig-'));
    writeFileSync(join(dir, '0001_a.sql'), 'SELECT 1;');
    writeFileSync(join(dir, '0001_b.sql'), 'SELECT 1;');
    expect(() => loadMigrations(dir)).toThrow('two migrations share version 1');
  });
});
