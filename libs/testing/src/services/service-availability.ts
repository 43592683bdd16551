/**
 * Which backing services the tests may use. The jest globalSetup decides once per run (it probes,
 * reuses, or starts services) and hands the answer to the test workers in CALLFOLD_TEST_SERVICES;
 * `requireService` and `describeWithService` read it there.
 */
export const SERVICE_NAMES = ['kafka', 'schema-registry', 'clickhouse'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** How the service was found: configured by env, already running locally, or started for this run. */
export type ServiceSource = 'env' | 'running' | 'docker' | 'native' | 'none';

export interface ServiceStatus {
  readonly available: boolean;
  readonly source: ServiceSource;
  /** What was found, or why the service is missing and how to get it. */
  readonly detail: string;
}

export type ServiceStatuses = Readonly<Record<ServiceName, ServiceStatus>>;

export const SERVICES_VAR = 'CALLFOLD_TEST_SERVICES';

export function encodeStatuses(statuses: ServiceStatuses): string {
  return JSON.stringify(statuses);
}

export function readStatuses(env: NodeJS.ProcessEnv = process.env): Partial<ServiceStatuses> {
  const raw = env[SERVICES_VAR];
  if (!raw) return {};
  return JSON.parse(raw) as Partial<ServiceStatuses>;
}

/** The status of one service for this test run; never throws. */
export function requireService(name: ServiceName, env: NodeJS.ProcessEnv = process.env): ServiceStatus {
  return (
    readStatuses(env)[name] ?? {
      available: false,
      source: 'none',
      detail: `no test setup reported on ${name}: run the tests through their Nx target (e.g. \`npx nx run stack:int\`), whose jest globalSetup finds or starts the services`,
    }
  );
}

/** CI must not quietly skip integration tests: a missing service fails there unless CALLFOLD_ALLOW_SKIP is set. */
export function skipIsAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = Boolean(env['CI']) && env['CI'] !== 'false';
  return !ci || env['CALLFOLD_ALLOW_SKIP'] === '1' || env['CALLFOLD_ALLOW_SKIP'] === 'true';
}

/**
 * `describe` when the service is available. Otherwise the block is skipped with a printed reason,
 * or, on CI, replaced by one failing test carrying that reason.
 */
export function describeWithService(name: ServiceName, title: string, body: () => void, env: NodeJS.ProcessEnv = process.env): void {
  const status = requireService(name, env);
  if (status.available) {
    describe(title, body);
    return;
  }
  const why = `${name} is unavailable: ${status.detail}`;
  if (skipIsAllowed(env)) {
    console.warn(`[testing] skipping "${title}": ${why}`);
    describe.skip(title, body);
    return;
  }
  describe(title, () => {
    it(`needs ${name}`, () => {
      throw new Error(`${why} (CI runs may not skip integration tests; set CALLFOLD_ALLOW_SKIP=1 to allow it)`);
    });
  });
}
