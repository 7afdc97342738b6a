// The wait=settled long-polls: woken by their delivery, by an advance of their partner's clock, by their timeout, or at once when closed.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SettledWaiters } from '../../src/delivery/settled-waiters.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('SettledWaiters', () => {
  it('wakes the waiters of one delivery and leaves the others waiting', async () => {
    const waiters = new SettledWaiters();
    const woken: string[] = [];
    const a = waiters.wait('dlv_a', 'p1', 60_000).then(() => woken.push('a'));
    void waiters.wait('dlv_b', 'p1', 60_000).then(() => woken.push('b'));
    expect(waiters.size).toBe(2);
    waiters.wake('dlv_a');
    await a;
    expect(woken).toEqual(['a']);
    expect(waiters.size).toBe(1);
    waiters.wakeWhere((partner) => partner === 'p1');
    await vi.waitFor(() => expect(woken).toEqual(['a', 'b']));
    expect(waiters.size).toBe(0);
  });

  it("an advance of one partner's clock wakes only that partner's waits", async () => {
    const waiters = new SettledWaiters();
    const woken: string[] = [];
    const mine = waiters.wait('dlv_a', 'p1', 60_000).then(() => woken.push('p1'));
    void waiters.wait('dlv_b', 'p2', 60_000).then(() => woken.push('p2'));
    waiters.wakeWhere((partner) => partner === 'p1');
    await mine;
    expect(woken).toEqual(['p1']);
    expect(waiters.size).toBe(1);
    waiters.close();
  });

  it('ends a wait at its timeout', async () => {
    vi.useFakeTimers();
    const waiters = new SettledWaiters();
    let done = false;
    void waiters.wait('dlv_a', 'p1', 5_000).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(4_999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
    expect(waiters.size).toBe(0);
  });

  it('once closed (shutting down), answers every wait now and does not hold new ones', async () => {
    const waiters = new SettledWaiters();
    const held = waiters.wait('dlv_a', 'p1', 60_000);
    waiters.close();
    await held;
    await waiters.wait('dlv_b', 'p1', 60_000);
    expect(waiters.size).toBe(0);
  });
});
