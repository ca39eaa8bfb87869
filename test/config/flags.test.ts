// Flags: defaults, environment variables, precedence, repeatable flags; in-process.

import { describe, expect, it } from 'vitest';
import { FlagError, parseFlags } from '../../src/config/index.js';

describe('parseFlags', () => {
  it('applies the documented defaults', () => {
    const f = parseFlags([], {});
    expect(f).toMatchObject({
      config: undefined, listen: [':13900'], telemetryPath: '/metrics', webConfigFile: undefined, paths: [],
      logLevel: 'info', logFormat: 'logfmt', format: 'text', positionals: [],
    });
  });

  it('repeats --web.listen-address and accepts --flag=value', () => {
    const f = parseFlags(['serve', '--web.listen-address=127.0.0.1:9000', '--web.listen-address', '[::1]:9001'], {});
    expect(f.listen).toEqual(['127.0.0.1:9000', '[::1]:9001']);
    expect(f.positionals).toEqual(['serve']);
  });

  it('reads the environment, and a flag wins over its variable', () => {
    const env = {
      CHRONIK_LOG_EXPORTER_WEB_LISTEN_ADDRESS: ':1, :2',
      CHRONIK_LOG_EXPORTER_WEB_TELEMETRY_PATH: '/m',
      CHRONIK_LOG_EXPORTER_WEB_CONFIG_FILE: 'web.yml',
      CHRONIK_LOG_EXPORTER_CONFIG: 'c.yaml',
      CHRONIK_LOG_EXPORTER_LOG_LEVEL: 'debug',
      CHRONIK_LOG_EXPORTER_LOG_FORMAT: 'json',
      CHRONIK_LOG_EXPORTER_LOG_PATH: '/a/*.log,/b/*.log',
    };
    expect(parseFlags([], env)).toMatchObject({
      listen: [':1', ':2'], telemetryPath: '/m', webConfigFile: 'web.yml', config: 'c.yaml', logLevel: 'debug', logFormat: 'json',
      paths: ['/a/*.log', '/b/*.log'],
    });
    expect(parseFlags(['--log.level', 'warn', '--web.listen-address', ':3'], env)).toMatchObject({ logLevel: 'warn', listen: [':3'] });
  });

  it('ignores empty variables', () => {
    expect(parseFlags([], { CHRONIK_LOG_EXPORTER_LOG_LEVEL: '' }).logLevel).toBe('info');
  });

  it('rejects bad values and unknown flags with a FlagError', () => {
    expect(() => parseFlags(['--log.level', 'loud'], {})).toThrow(new FlagError('Expected --log.level to be `debug` or `info` or `warn` or `error`, got `loud`'));
    expect(() => parseFlags(['--nope'], {})).toThrow(FlagError);
  });
});
