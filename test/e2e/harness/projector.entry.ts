/**
 * Runs apps/projector/src/main.ts, the real service with its Nest shell and ops endpoints, with
 * per-test topic and group names. While apps/projector's config takes no topic or group from the
 * environment (it uses the contract's topic names and the fixed group `callfold-projector`), its
 * `projectorConfigFromEnv` is wrapped before main.ts is loaded, so the names come from
 * PROJECTOR_NAME_VARS; once the app reads those variables itself, the wrapper changes nothing.
 * Loaded with require() at run time: the e2e project does not import app code.
 */
import { join } from 'node:path';
import { PROJECTOR_NAME_VARS } from './projector.names';

interface ProjectorConfigLike {
  readonly instanceId: string;
  readonly groupId: string;
  readonly transactionalId: string;
  readonly topics: { readonly callEvents: string; readonly conversations: string; readonly deadLetters: string };
}
type ConfigModule = { projectorConfigFromEnv(env: NodeJS.ProcessEnv): ProjectorConfigLike } & Record<string, unknown>;

const appDir = join(__dirname, '../../../apps/projector/src');
const configPath = require.resolve(join(appDir, 'projector.config'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const real = require(configPath) as ConfigModule;

function withNames(env: NodeJS.ProcessEnv, base: ProjectorConfigLike): ProjectorConfigLike {
  const groupId = env[PROJECTOR_NAME_VARS.groupId] || base.groupId;
  return {
    ...base,
    groupId,
    transactionalId: base.groupId === groupId ? base.transactionalId : `${groupId}.${base.instanceId}`,
    topics: {
      callEvents: env[PROJECTOR_NAME_VARS.callEvents] || base.topics.callEvents,
      conversations: env[PROJECTOR_NAME_VARS.conversations] || base.topics.conversations,
      deadLetters: env[PROJECTOR_NAME_VARS.deadLetters] || base.topics.deadLetters,
    },
  };
}

const probe = real.projectorConfigFromEnv(process.env);
const native = JSON.stringify(withNames(process.env, probe)) === JSON.stringify(probe);
console.log(JSON.stringify({ level: 'info', ns: 'e2e', msg: 'projector names', fromAppConfig: native, groupId: withNames(process.env, probe).groupId }));
if (!native) {
  const cached = require.cache[configPath];
  if (!cached) throw new Error(`${configPath} is not in the require cache`);
  const wrapped: Record<string, unknown> = { ...real, projectorConfigFromEnv: (env: NodeJS.ProcessEnv) => withNames(env, real.projectorConfigFromEnv(env)) };
  Object.defineProperty(wrapped, '__esModule', { value: true });
  cached.exports = wrapped;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const app = require(join(appDir, 'main')) as { main(): Promise<void> };
app.main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
