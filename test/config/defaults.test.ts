// defaultConfig() stands in for the schema when there is no config file: it must be what an empty file gives.

import { describe, expect, it } from 'vitest';
import { defaultConfig, validateConfig } from '../../src/config/index.js';

describe('defaultConfig', () => {
  it('equals the schema-validated empty config, key for key', () => {
    expect(defaultConfig()).toStrictEqual(validateConfig({}, '(test)'));
  });

  it('is frozen at the top like a validated config, and a fresh value each time', () => {
    const a = defaultConfig();
    expect(Object.isFrozen(a)).toBe(true);
    expect(a.sources).not.toBe(defaultConfig().sources);
  });
});
