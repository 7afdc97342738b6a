// Shared inputs for the support-request tests: a provisioned-looking widget, a fixed instant and a seeded build.

import { createRandom } from '../../src/core/random.js';
import { buildSupportRequest, type BuildSupportRequestInput } from '../../src/support-request/builder.js';
import type { SupportRequest } from '../../src/support-request/document-schema.js';

export const widget = {
  id: 'e8175843-d381-4d7c-aa9f-0da1610ad1bb',
  agents: [
    { agentId: 'wc:jerome@example.com', agentAlias: 'Jerome', agentType: 'webclient' },
    { agentId: 'wc:ana@example.com', agentAlias: 'Ana', agentType: 'webclient' },
  ],
};

/** 2014-10-03T14:14:31.268Z */
export const fixedNow = 1412345671268;

export function build(seed = 42, extra: Partial<BuildSupportRequestInput> = {}): SupportRequest {
  return buildSupportRequest({ widget, now: fixedNow, random: createRandom(seed), ...extra });
}
