import { kafkaJvmOptions } from './kafka.service';

describe('kafkaJvmOptions', () => {
  it('given no override, when the broker launches, then it gets the small C1-only test JVM', () => {
    expect(kafkaJvmOptions({})).toEqual(['-Xms256m', '-Xmx768m', '-XX:TieredStopAtLevel=1']);
  });

  it('given CALLFOLD_STACK_KAFKA_JVM_OPTS, when the broker launches, then those flags replace the defaults', () => {
    expect(kafkaJvmOptions({ CALLFOLD_STACK_KAFKA_JVM_OPTS: ' -Xms1g   -Xmx1g ' })).toEqual(['-Xms1g', '-Xmx1g']);
  });

  it('given a blank override, when the broker launches, then the defaults stay', () => {
    expect(kafkaJvmOptions({ CALLFOLD_STACK_KAFKA_JVM_OPTS: '  ' })).toEqual(['-Xms256m', '-Xmx768m', '-XX:TieredStopAtLevel=1']);
  });
});
