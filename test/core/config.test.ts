import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_DEV_API_KEY, loadConfig } from '../../src/core/config.js';
import { banner, describeKeys } from '../../src/process/server.js';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 8080,
      HOST: '127.0.0.1',
      DATABASE_PATH: './data/snapengage-mock.db',
      SNAPENGAGE_API_KEYS: [DEFAULT_DEV_API_KEY],
      LOG_LEVEL: 'info',
      CLOCK: 'real',
    });
  });

  it('parses the environment: keys split on commas, empty values mean the default', () => {
    const config = loadConfig({ PORT: '0', SNAPENGAGE_API_KEYS: ' a , b,,c ', HOST: '', CLOCK: 'virtual' });
    expect(config.PORT).toBe(0);
    expect(config.SNAPENGAGE_API_KEYS).toEqual(['a', 'b', 'c']);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.CLOCK).toBe('virtual');
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT="eighty": must be a number/],
    [{ PORT: '70000' }, /PORT="70000": must be between 0 and 65535/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL="loud"/],
    [{ SNAPENGAGE_API_KEYS: ' , ' }, /SNAPENGAGE_API_KEYS=\[redacted\]: must list at least one key/],
    [{ MOCK_ADMIN_TOKEN: 's3cret token' }, /MOCK_ADMIN_TOKEN=\[redacted\]: must be printable ASCII/],
    [{ SMTP_URL: 'mail://user:pa ss@mail.example' }, /SMTP_URL=\[redacted\]: must be an smtp/],
    [{ CLOCK: 'fast' }, /CLOCK="fast"/],
  ])('refuses %j with a message naming it', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
    expect(() => loadConfig(env)).not.toThrow(/s3cret|pa ss/);
  });
});

describe('the start-up banner', () => {
  it('prints the URL and the default key, but only a fingerprint of configured keys', () => {
    expect(describeKeys(['dev-api-key'])).toBe('dev-api-key (the default development key)');
    const described = describeKeys(['partner-secret-123456', '*']);
    expect(described).not.toContain('part');
    // sha256('partner-secret-123456'), first 8 hex digits.
    expect(described).toMatch(/^sha256:[0-9a-f]{8} \(21 characters\)/);
    expect(describeKeys(['partner-secret-123456'])).toBe(described.split(', ')[0]);
    expect(described).toContain('* (any key accepted)');
    expect(banner(loadConfig({}), { url: 'http://127.0.0.1:8080', httpsUrl: undefined, tls: undefined })).toContain('listening on http://127.0.0.1:8080');
  });

  it('names the seed (and how to repeat it), the absolute database path, the clock mode and the docs', () => {
    const text = banner(loadConfig({ CLOCK: 'virtual', DATABASE_PATH: 'data/x.db', HOST: '0.0.0.0' }), { url: 'http://0.0.0.0:8080', httpsUrl: undefined, tls: undefined }, { seed: 7 });
    expect(text).toContain('listening on http://0.0.0.0:8080 (this machine: http://127.0.0.1:8080)');
    expect(text).toContain('seed:     7 (drawn at random; MOCK_SEED=7 repeats this run)');
    expect(text).toMatch(/database: \/.*\/data\/x\.db\n/);
    expect(text).toContain('clock:    virtual (moves only on POST /_mock/clock/advance)');
    expect(text).toContain('docs:     http://0.0.0.0:8080/documentation');
    expect(banner(loadConfig({ MOCK_SEED: '42' }), { url: 'http://127.0.0.1:1', httpsUrl: undefined, tls: undefined }, { seed: 42 })).toContain('seed:     42\n');
  });
});
