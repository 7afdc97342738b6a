// Integration settings per widget (SnapEngage's Settings > Integrations): only the widget owner's api_key may touch them.
import type { Clock } from '../core/clock.js';
import { AppError, notFound } from '../core/errors.js';
import type { AuthHeader, DocumentFormat, Integration, IntegrationsRepository } from '../db/integrations-repository.js';
import type { OwnedWidget, WidgetsRepository } from '../db/widgets-repository.js';
import type { SelfTarget } from '../delivery/self-target.js';
import type { IntegrationSettings } from './schemas.js';

export interface IntegrationInput {
  url: string;
  authToken?: string | null;
  authHeader?: AuthHeader;
  format?: DocumentFormat;
  transcriptEmail?: string | null;
}

export class IntegrationsService {
  constructor(
    private readonly integrations: IntegrationsRepository,
    private readonly widgets: WidgetsRepository,
    private readonly clock: Clock,
    private readonly self: SelfTarget,
  ) {}

  /** The widget, when `partner` owns it; another partner's widget is indistinguishable from a missing one. */
  ownedWidget(partner: string, widgetId: string): OwnedWidget {
    const widget = this.widgets.findById(widgetId);
    if (!widget || widget.partner !== partner) throw notFound('widget_not_found', `no widget with id ${widgetId}`);
    return widget;
  }

  /**
   * A URL the mock is to call for `partner`'s widget (its webhooks, its bot): refused (400 `self_delivery`) when it
   * reaches one of the mock's own listeners, `consequence` saying what would follow. The owner is checked before the
   * lookup and again after its await: a widget deleted or reset meanwhile is a 404, not a foreign-key failure.
   */
  async checkTarget(partner: string, widgetId: string, url: string, consequence: string): Promise<void> {
    this.ownedWidget(partner, widgetId);
    const self = await this.self.check(url);
    if (self !== undefined) {
      const message = `url reaches the mock itself (${self}): ${consequence}`;
      throw new AppError(400, 'self_delivery', message, [{ field: 'url', rule: 'self_delivery', message }]);
    }
    this.ownedWidget(partner, widgetId);
  }

  /** PUT semantics: the settings are replaced whole; a field left out takes its default. */
  async put(partner: string, widgetId: string, input: IntegrationInput): Promise<Integration> {
    await this.checkTarget(partner, widgetId, input.url, 'its webhooks would call the mock back without end; point it at your receiver');
    const now = this.clock.now(partner);
    return this.integrations.upsert({
      widgetId,
      partner,
      url: input.url,
      authToken: input.authToken || null,
      authHeader: input.authHeader ?? 'Authentication',
      format: input.format ?? 'json',
      transcriptEmail: input.transcriptEmail?.toLowerCase() ?? null,
      createdAt: now,
      updatedAt: now,
    });
  }

  get(partner: string, widgetId: string): Integration {
    this.ownedWidget(partner, widgetId);
    const integration = this.integrations.findByWidget(widgetId);
    if (!integration) throw notFound('integration_not_found', `widget ${widgetId} has no integration settings; PUT them first`);
    return integration;
  }

  delete(partner: string, widgetId: string): void {
    this.ownedWidget(partner, widgetId);
    if (!this.integrations.delete(widgetId)) {
      throw notFound('integration_not_found', `widget ${widgetId} has no integration settings`);
    }
  }

  find(widgetId: string): Integration | undefined {
    return this.integrations.findByWidget(widgetId);
  }
}

/** The settings as every answer shows them: whether a token is set, never the token. */
export function toIntegrationResponse(i: Integration): IntegrationSettings {
  return {
    widgetId: i.widgetId,
    url: i.url,
    authHeader: i.authHeader,
    authTokenSet: i.authToken !== null,
    format: i.format,
    transcriptEmail: i.transcriptEmail,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
  };
}
