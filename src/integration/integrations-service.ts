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

  /** PUT semantics: the settings are replaced whole; a field left out takes its default. */
  async put(partner: string, widgetId: string, input: IntegrationInput): Promise<Integration> {
    this.ownedWidget(partner, widgetId);
    const self = await this.self.check(input.url);
    if (self !== undefined) {
      const message = `url reaches the mock itself (${self}): its webhooks would call the mock back without end; point it at your receiver`;
      throw new AppError(400, 'self_delivery', message, [{ field: 'url', rule: 'self_delivery', message }]);
    }
    // Again after the lookup's await: a delete or reset meanwhile is a 404, not a foreign-key failure.
    this.ownedWidget(partner, widgetId);
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
