import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/core/random.js';

const draw = (seed?: number) => {
  const r = createRandom(seed);
  return [r.next(), r.int(0, 1000), r.pick(['a', 'b', 'c', 'd']), r.uuid(), r.bool()];
};

describe('createRandom', () => {
  it('replays the same sequence for the same seed', () => {
    expect(draw(7)).toEqual(draw(7));
    expect(createRandom(7).seed).toBe(7);
  });

  it('gives different sequences for different seeds', () => {
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('seeds itself from crypto randomness when no seed is given, and reports the seed', () => {
    const a = createRandom();
    const b = createRandom();
    expect(a.seed).not.toBe(b.seed);
    const replay = createRandom(a.seed);
    expect([replay.next(), replay.uuid()]).toEqual([a.next(), a.uuid()]);
  });

  it('keeps int() inside an inclusive range and reaches both ends', () => {
    const r = createRandom(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(r.int(3, 6));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('keeps next() in [0, 1)', () => {
    const r = createRandom(2);
    for (let i = 0; i < 5000; i++) {
      const x = r.next();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });

  it('rejects impossible ranges and empty picks', () => {
    const r = createRandom(3);
    expect(() => r.int(5, 4)).toThrow(RangeError);
    expect(() => r.int(0, 1.5)).toThrow(RangeError);
    expect(() => r.pick([])).toThrow(RangeError);
  });

  it('makes RFC 4122 version 4 UUIDs that differ from each other', () => {
    const r = createRandom(4);
    const ids = Array.from({ length: 200 }, () => r.uuid());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
