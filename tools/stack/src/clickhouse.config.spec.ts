import { serverConfigXml, usersXml } from './clickhouse.config';

describe('serverConfigXml', () => {
  const xml = serverConfigXml({ httpPort: 18123, home: '/stack/clickhouse' });

  it('given the stack port, when rendered, then the server listens on loopback HTTP only', () => {
    expect(xml).toContain('<listen_host>127.0.0.1</listen_host>');
    expect(xml).toContain('<http_port>18123</http_port>');
    expect(xml).not.toMatch(/<(tcp_port|interserver_http_port|mysql_port)>/);
  });

  it('when rendered, then every path the server writes is inside the stack folder', () => {
    const paths = [...xml.matchAll(/<(path|tmp_path|user_files_path|format_schema_path|users_config)>([^<]+)</g)].map((m) => m[2]);

    expect(paths).toHaveLength(5);
    for (const path of paths) expect(path?.startsWith('/stack/clickhouse/')).toBe(true);
  });
});

describe('usersXml', () => {
  it('given a user and password, when rendered, then only that user exists, with that password, from loopback', () => {
    const xml = usersXml({ user: 'callfold', password: 'pw' });

    expect(xml).toContain('<callfold>');
    expect(xml).toContain('<password>pw</password>');
    expect(xml).toContain('<ip>127.0.0.1</ip>');
    expect(xml).not.toContain('<default>\n      <password>');
  });
});
