/**
 * Config for Debian's clickhouse-server 18.16: HTTP only (no native TCP, interserver or MySQL
 * ports, which nothing here uses and which would only collide), loopback only, every path inside
 * the stack folder, and one password-protected user. The `<yandex>` root is what 18.16 reads;
 * newer servers accept it too.
 */
export interface ClickHouseConfigOptions {
  readonly httpPort: number;
  readonly home: string;
}

export function serverConfigXml(options: ClickHouseConfigOptions): string {
  const data = `${options.home}/data/`;
  return `<?xml version="1.0"?>
<!-- Written by tools/stack (npm run stack:up) on every start; edit tools/stack/src/clickhouse.config.ts instead. -->
<yandex>
  <logger>
    <level>information</level>
    <console>1</console>
  </logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${options.httpPort}</http_port>
  <path>${data}</path>
  <tmp_path>${data}tmp/</tmp_path>
  <user_files_path>${data}user_files/</user_files_path>
  <format_schema_path>${data}format_schemas/</format_schema_path>
  <users_config>${options.home}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>67108864</mark_cache_size>
  <max_concurrent_queries>20</max_concurrent_queries>
</yandex>
`;
}

export function usersXml(options: { user: string; password: string }): string {
  return `<?xml version="1.0"?>
<yandex>
  <profiles>
    <default>
      <max_memory_usage>1000000000</max_memory_usage>
    </default>
  </profiles>
  <users>
    <${options.user}>
      <password>${options.password}</password>
      <networks>
        <ip>127.0.0.1</ip>
        <ip>::1</ip>
      </networks>
      <profile>default</profile>
      <quota>default</quota>
    </${options.user}>
  </users>
  <quotas>
    <default>
      <interval>
        <duration>3600</duration>
        <queries>0</queries>
        <errors>0</errors>
        <result_rows>0</result_rows>
        <read_rows>0</read_rows>
        <execution_time>0</execution_time>
      </interval>
    </default>
  </quotas>
</yandex>
`;
}
