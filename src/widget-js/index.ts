// The JavaScript widget, mounted whole: the script and its stylesheet where pages load them (/js, /cdn/js), the calls the
// script makes (/widget), and the one object createContext builds. The control plane's routes (/_mock/widgets/{id}/
// visitors, /proactive, /switch, /_mock/demo) are registered with the rest of /_mock (control/index.ts).
import type { FastifyPluginAsync } from 'fastify';
import type { Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import type { EventHub } from '../core/event-hub.js';
import type { FrontDesk } from '../conversations/front-desk.js';
import { scriptRoutes } from './script-routes.js';
import { VisitorRegistry } from './visitors.js';
import { widgetRoutes } from './widget-routes.js';
import { WidgetService } from './widget-service.js';

export interface WidgetJs {
  service: WidgetService;
  /** The open pages (held in memory). */
  visitors: VisitorRegistry;
}

export function createWidgetJs(deps: { config: Config; clock: Clock; events: EventHub; frontDesk: FrontDesk }): WidgetJs {
  const { config, clock, events, frontDesk } = deps;
  const visitors = new VisitorRegistry({ max: config.WIDGET_MAX_VISITORS, idleMs: config.WIDGET_VISITOR_IDLE_MS }, events);
  return { visitors, service: new WidgetService({ config, clock, frontDesk, visitors }) };
}

export const widgetJsApi: FastifyPluginAsync = async (app) => {
  await app.register(scriptRoutes);
  await app.register(widgetRoutes);
};
