// The gate that lets leased deliveries POST: never more than its limit at once, a freed turn to a partner below its
// share first, and nothing more once closed.
import { describe, expect, it } from 'vitest';
import { ExchangeGate } from '../../src/delivery/exchange-gate.js';

describe('ExchangeGate', () => {
  it('admits up to its limit at once; a freed turn goes to a partner below its slots before an earlier waiter', async () => {
    const gate = new ExchangeGate(2, 1);
    expect(await gate.acquire('a')).toBe(true);
    expect(await gate.acquire('a')).toBe(true);
    const order: string[] = [];
    const waiting = [gate.acquire('a').then(() => order.push('a')), gate.acquire('b').then(() => order.push('b'))];
    expect(gate.waiting).toBe(2);
    // a holds both turns: b, who holds none, goes first though a waited longer.
    gate.release('a');
    gate.release('a');
    await Promise.all(waiting);
    expect(order).toEqual(['b', 'a']);
    expect(gate.running).toBe(2);
  });

  it('refuses every waiter and later acquire once closed', async () => {
    const gate = new ExchangeGate(1, 1);
    await gate.acquire('a');
    const waiter = gate.acquire('b');
    gate.close();
    expect(await waiter).toBe(false);
    expect(await gate.acquire('c')).toBe(false);
  });
});
