import { escapeEmptyObjectStrings } from './confluent-registry.client';

describe('schema text sent to the registry', () => {
  it('given a string default "{}", when escaped for Apicurio, then the brace is a JSON escape and the JSON value is unchanged', () => {
    const schema = '{"name":"parametersJson","type":"string","default":"{}","doc":"x: \\"{}\\""}';

    const escaped = escapeEmptyObjectStrings(schema);

    expect(escaped).toBe('{"name":"parametersJson","type":"string","default":"\\u007b}","doc":"x: \\"{}\\""}');
    expect(JSON.parse(escaped)).toEqual(JSON.parse(schema));
  });

  it('given spaces after the colon or no "{}" string at all, when escaped, then only "{}" values change', () => {
    expect(escapeEmptyObjectStrings('{"default": "{}", "a":{}, "b":"{ }"}')).toBe('{"default": "\\u007b}", "a":{}, "b":"{ }"}');
  });
});
