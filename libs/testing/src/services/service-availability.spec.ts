import { encodeStatuses, requireService, SERVICES_VAR, skipIsAllowed, type ServiceStatuses } from '../index';

const statuses: ServiceStatuses = {
  kafka: { available: true, source: 'native', detail: 'cluster x, 1 broker(s)' },
  'schema-registry': { available: true, source: 'running', detail: 'registry' },
  clickhouse: { available: false, source: 'native', detail: 'clickhouse-server is not installed' },
};

describe('requireService', () => {
  it('given the statuses the setup published, when a service is required, then its status comes back as published', () => {
    const env = { [SERVICES_VAR]: encodeStatuses(statuses) };

    expect(requireService('kafka', env)).toEqual(statuses.kafka);
    expect(requireService('clickhouse', env)).toEqual({ available: false, source: 'native', detail: 'clickhouse-server is not installed' });
  });

  it('given no setup ran, when a service is required, then it is unavailable and the reason says how to run the tests', () => {
    const status = requireService('kafka', {});

    expect(status.available).toBe(false);
    expect(status.detail).toMatch(/no test setup reported on kafka: run the tests through their Nx target/);
  });
});

describe('skipIsAllowed', () => {
  it.each([
    [{}, true],
    [{ CI: 'true' }, false],
    [{ CI: 'false' }, true],
    [{ CI: 'true', CALLFOLD_ALLOW_SKIP: '1' }, true],
  ])('given %j, when asked, then skipping is %s', (env, allowed) => {
    expect(skipIsAllowed(env)).toBe(allowed);
  });
});
