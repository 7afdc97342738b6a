// Fixtures: seed data loaded at boot from FIXTURES (idempotently), kept as a snapshot so a reset can put it back fast.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Transaction } from '../db/open.js';
import type { User, UsersRepository } from '../db/users-repository.js';
import type { Integration, IntegrationsRepository } from '../db/integrations-repository.js';
import type { OwnedWidget, WidgetsRepository } from '../db/widgets-repository.js';
import { apiTokenSchema, orgIdSchema } from '../accounts/credentials.js';
import { partnerOf } from '../http/api-key.js';
import type { UsersService } from '../provisioning/users-service.js';
import type { WidgetsService } from '../provisioning/widgets-service.js';
import { userCreateBody, widgetCreateBody } from '../provisioning/schemas.js';
import type { IntegrationsService } from '../integration/integrations-service.js';
import { integrationBody } from '../integration/schemas.js';
import type { Clock } from '../core/clock.js';
import { staffWidget, type DeskFixture, type FrontDesk } from '../conversations/front-desk.js';
import { agentScriptBody, agentStatusBody, chatSettingsBody } from '../conversations/schemas.js';

const fixtureWidget = widgetCreateBody.extend({
  uuid: z.string().min(1).max(64).optional().describe('A fixed widget id, so docs and tests can name it; random otherwise.'),
  // As PUT /_mock/widgets/{id}/integration takes them. (No .describe(): it would copy the schema's OpenAPI id.)
  integration: integrationBody.optional(),
  // The widget's front desk: its agents' statuses, a scripted agent, what it asks of visitors (as the /_mock routes take them).
  presence: z.array(z.strictObject({ agentId: z.string().min(1), ...agentStatusBody.shape })).optional(),
  agentScript: agentScriptBody.optional(),
  chatSettings: chatSettingsBody.optional(),
});

const fixtureUser = userCreateBody.extend({
  orgId: orgIdSchema.optional(),
  apiToken: apiTokenSchema.optional(),
});

export const fixtureFileSchema = z.strictObject({
  $comment: z.string().optional(),
  partners: z
    .array(
      z.strictObject({
        apiKey: z.string().min(1),
        users: z.array(fixtureUser).default([]),
        widgets: z.array(fixtureWidget).default([]),
      }),
    )
    .min(1),
});


export class FixtureError extends Error {
  readonly code = 'invalid_fixtures';
}

/** What a fixture file put in the store, by partner: restored as is, with no validation or password hashing. */
interface PartnerSnapshot {
  users: User[];
  widgets: OwnedWidget[];
  integrations: Integration[];
  /** Each widget's front desk as the file set it up, re-applied when a reset restores the widget. */
  desks: Map<string, DeskFixture>;
}

export interface LoadReport {
  users: { created: number; existing: number };
  widgets: { created: number; existing: number };
  integrations: { created: number; existing: number };
}

export function readFixtureFile(path: string): z.output<typeof fixtureFileSchema> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new FixtureError(`cannot read fixtures from ${path}: ${(err as Error).message}`);
  }
  const parsed = fixtureFileSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new FixtureError(`invalid fixtures in ${path}:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/**
 * What loading and restoring go through: the services, so a fixture obeys the API's rules (and passwords are hashed
 * once); the repositories, to find what exists and to put a snapshot back as it was.
 */
export interface FixturesDeps {
  transaction: Transaction;
  users: UsersService;
  widgets: WidgetsService;
  integrations: IntegrationsService;
  repos: { users: UsersRepository; widgets: WidgetsRepository; integrations: IntegrationsRepository };
  frontDesk: FrontDesk;
  clock: Clock;
}

export class Fixtures {
  readonly #snapshots = new Map<string, PartnerSnapshot>();
  /** orgId -> the API token the file pins for it, when the account it loaded holds that token. */
  readonly #pinnedTokens = new Map<string, string>();

  constructor(private readonly deps: FixturesDeps) {}

  /**
   * The API token a loaded fixture file pins for the organization `orgId` (the demo data's are in the README), when the
   * account it loaded holds it: what Swagger UI is pre-authorized with. A token no file pinned (generated, or rotated
   * before this load) is a secret, and is never given out here.
   */
  pinnedApiToken(orgId: string): string | undefined {
    return this.#pinnedTokens.get(orgId);
  }

  /** True when a fixture file was loaded, so a reset can restore it. */
  get loaded(): boolean {
    return this.#snapshots.size > 0;
  }

  /**
   * Loads a file through the same rules as the API. Records that already exist for the same key are kept as they
   * are, so loading twice (or restarting on a kept database) changes nothing.
   */
  async load(path: string): Promise<LoadReport> {
    const file = readFixtureFile(path);
    const { users, widgets, integrations, repos } = this.deps;
    const report: LoadReport = {
      users: { created: 0, existing: 0 },
      widgets: { created: 0, existing: 0 },
      integrations: { created: 0, existing: 0 },
    };
    for (const [index, fixture] of file.partners.entries()) {
      const partner = partnerOf(fixture.apiKey);
      const where = `${path}: partners.${index}`;
      const snapshot: PartnerSnapshot = { users: [], widgets: [], integrations: [], desks: new Map() };
      for (const { orgId, apiToken, ...body } of fixture.users) {
        const existing = repos.users.findByEmail(body.email.toLowerCase());
        if (existing && existing.partner !== partner) {
          throw new FixtureError(`${where}: user ${existing.email} already exists under another api_key`);
        }
        const loaded = existing ?? (await this.#attempt(where, () => users.create(partner, body, { orgId, apiToken })));
        snapshot.users.push(loaded);
        report.users[existing ? 'existing' : 'created']++;
        if (apiToken !== undefined && loaded.apiToken === apiToken) this.#pinnedTokens.set(loaded.orgId, apiToken);
      }
      for (const { uuid, integration, presence, agentScript, chatSettings, ...body } of fixture.widgets) {
        const existing = uuid === undefined ? undefined : repos.widgets.findById(uuid);
        if (existing && existing.partner !== partner) {
          throw new FixtureError(`${where}: widget ${uuid} already exists under another api_key`);
        }
        const widget =
          existing ??
          (await this.#attempt(where, () => widgets.create(partner, body, uuid)));
        snapshot.widgets.push(widget);
        report.widgets[existing ? 'existing' : 'created']++;
        const desk = { presence, agentScript, chatSettings };
        snapshot.desks.set(widget.id, desk);
        // A kept widget keeps its desk as it is now; a new one gets the file's.
        if (!existing) await this.#attempt(where, () => staffWidget(this.deps.frontDesk, widget, desk, this.deps.clock.now(partner)));
        if (integration) {
          const kept = repos.integrations.findByWidget(widget.id);
          snapshot.integrations.push(kept ?? (await this.#attempt(where, () => integrations.put(partner, widget.id, integration))));
          report.integrations[kept ? 'existing' : 'created']++;
        }
      }
      this.#snapshots.set(partner, snapshot);
    }
    return report;
  }

  /** Puts the loaded fixtures back (all of them, or one partner's), skipping records that exist. */
  restore(partner?: string): void {
    const { repos, transaction } = this.deps;
    transaction(() => {
      for (const [owner, snapshot] of this.#snapshots) {
        if (partner !== undefined && owner !== partner) continue;
        const ids = new Map<string, number>();
        const restored = new Set<string>();
        for (const { id: _id, ...user } of snapshot.users) {
          const found = repos.users.findByEmail(user.email);
          // Another key may have taken the email since: its user is not ours to attach widgets to.
          // Likewise an orgId or token another account has taken since: that user is not restored.
          const inserted = found ? undefined : repos.users.insert(user);
          const ours = found ? (found.partner === owner ? found : undefined) : inserted && !('taken' in inserted) ? inserted : undefined;
          if (ours) ids.set(user.email, ours.id);
        }
        for (const widget of snapshot.widgets) {
          const ownerId = ids.get(widget.ownerEmail);
          if (ownerId === undefined || repos.widgets.findById(widget.id)) continue;
          repos.widgets.insert({ ...widget, ownerId });
          restored.add(widget.id);
        }
        for (const integration of snapshot.integrations) {
          if (restored.has(integration.widgetId)) repos.integrations.upsert(integration);
        }
        for (const widget of snapshot.widgets) {
          const desk = snapshot.desks.get(widget.id);
          if (desk && restored.has(widget.id)) staffWidget(this.deps.frontDesk, repos.widgets.findById(widget.id)!, desk, this.deps.clock.now(owner));
        }
      }
    });
  }

  async #attempt<T>(where: string, create: () => T | Promise<T>): Promise<T> {
    try {
      return await create();
    } catch (err) {
      throw new FixtureError(`${where}: ${(err as Error).message}`);
    }
  }
}
