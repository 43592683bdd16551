import { join } from 'node:path';
import { runDemo } from './commands/demo.command';

const USAGE = `callfold <command>

Commands:
  demo      replay the bundled sample conversations and print their dialogue rows
`;

/** Entry point of `npx callfold`: a command router; each command is plain code in ./commands. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command] = argv;
  const root = join(__dirname, '../../..');
  switch (command) {
    case 'demo':
      await runDemo({ fixturesDir: join(root, 'test/fixtures'), print: (line) => console.log(line) });
      return 0;
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return 0;
    default:
      console.error(`callfold: unknown command '${command}'\n\n${USAGE}`);
      return 2;
  }
}
