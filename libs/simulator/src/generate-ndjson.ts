import { ndjsonChunks } from './ndjson/ndjson.writer';
import { createSimulation } from './simulation/create-simulation';
import { type SimulationOptions } from './simulation/simulation.options';
import { type SimulationSummary } from './simulation/simulation.summary';

/**
 * Receives the NDJSON text chunk by chunk. Return a promise to apply backpressure (e.g. wait for
 * a file stream's 'drain'); the next chunk is produced only once it settles.
 */
export type NdjsonSink = (chunk: string) => void | Promise<void>;

export interface GeneratedNdjson {
  /** Lines written: every delivered message, redeliveries included. */
  readonly lines: number;
  readonly characters: number;
  readonly summary: SimulationSummary;
}

/**
 * Writes a simulation as an NDJSON replay file (`callfold replay --input FILE.ndjson`), in
 * delivery order. The library stays free of I/O: the caller (the CLI) owns the file and passes
 * a sink. The summary is computed after the stream, by a second pass, so memory stays bounded.
 */
export async function generateNdjson(options: SimulationOptions, sink: NdjsonSink, chunkChars?: number): Promise<GeneratedNdjson> {
  const simulation = createSimulation(options);
  let lines = 0;
  let characters = 0;
  for (const chunk of ndjsonChunks(simulation.events(), chunkChars)) {
    for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) lines += 1;
    characters += chunk.length;
    await sink(chunk);
  }
  return { lines, characters, summary: simulation.expectedSummary };
}
