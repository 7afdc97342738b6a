// The order advances run in: one key's in sequence, different keys' side by side, the shared clock's alone.
import { describe, expect, it } from 'vitest';
import { AdvanceQueue, SHARED } from '../../src/delivery/advance-queue.js';

/** A job that logs its start and ends only when released. */
function gate(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  return { job: async () => (log.push(name), await done, name), release };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('AdvanceQueue', () => {
  it("runs different keys' advances together, one key's in order, and the shared clock's after all and before the next", async () => {
    const queue = new AdvanceQueue();
    const log: string[] = [];
    const a1 = gate(log, 'a1');
    const a2 = gate(log, 'a2');
    const b1 = gate(log, 'b1');
    const shared = gate(log, 'shared');
    const c1 = gate(log, 'c1');
    const runs = [queue.run('a', a1.job), queue.run('a', a2.job), queue.run('b', b1.job), queue.run(SHARED, shared.job), queue.run('c', c1.job)];
    await turn();
    expect(log).toEqual(['a1', 'b1']);
    a1.release();
    await turn();
    expect(log).toEqual(['a1', 'b1', 'a2']);
    a2.release();
    b1.release();
    await turn();
    expect(log).toEqual(['a1', 'b1', 'a2', 'shared']);
    shared.release();
    await turn();
    expect(log.at(-1)).toBe('c1');
    c1.release();
    expect(await Promise.all(runs)).toEqual(['a1', 'a2', 'b1', 'shared', 'c1']);
    await queue.drain();
  });

  it('a failed advance does not stop the ones after it', async () => {
    const queue = new AdvanceQueue();
    const failed = queue.run('a', () => Promise.reject(new Error('boom')));
    const next = queue.run('a', async () => 'ran');
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe('ran');
  });
});
