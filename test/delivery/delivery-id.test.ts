// Delivery ids are UUIDs of version 7: time first, so ids sort in the order their deliveries were created (and their
// index entries share pages, which is why the mock makes them so).
import { describe, expect, it, vi } from 'vitest';
import { newDeliveryId } from '../../src/delivery/deliveries-service.js';

describe('delivery ids', () => {
  it('are dlv_ and a version 7 UUID, and later ones sort after earlier ones', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 5, 9, 0, 0), toFake: ['Date'] });
    try {
      const ids = Array.from({ length: 5 }, () => {
        vi.advanceTimersByTime(1);
        return newDeliveryId();
      });
      for (const id of ids) expect(id).toMatch(/^dlv_[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect([...ids].sort()).toEqual(ids);
    } finally {
      vi.useRealTimers();
    }
  });
});
