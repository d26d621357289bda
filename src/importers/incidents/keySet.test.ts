import { describe, expect, it } from 'vitest';
import { KeySet } from './keySet';

describe('KeySet', () => {
  it('tells keys seen before from new ones, across growth', () => {
    const keys = new KeySet();
    let added = 0;
    for (let i = 0; i < 100_000; i++) if (keys.add(`PAK${i}`)) added++;
    expect(added).toBe(100_000);
    expect(keys.size).toBe(100_000);
    let again = 0;
    for (let i = 0; i < 100_000; i += 7) if (keys.add(`PAK${i}`)) again++;
    expect(again).toBe(0);
    expect(keys.add('PAK100000')).toBe(true);
    expect(keys.add('')).toBe(true);
    expect(keys.add('')).toBe(false);
  });
});
