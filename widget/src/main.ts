// The widget script's entry. The mock serves it wrapped in a function whose parameter holds the widget id and the origin
// the page reached the mock on (src/widget-js/script-routes.ts). It adds two globals (SnapEngage and SnapABug, one object)
// and two elements (#designstudio-button, #designstudio-iframe), and nothing else, to the page.
import { createApi } from './api.js';
import { Widget, type WidgetConfig } from './widget.js';

declare const __SNAPENGAGE_MOCK__: WidgetConfig;

// A page that loads the snippet twice keeps the first widget.
if (!document.getElementById('designstudio-iframe')) {
  const api = createApi(new Widget(__SNAPENGAGE_MOCK__, document));
  const globals = window as unknown as Record<string, unknown>;
  globals.SnapEngage = globals.SnapABug = api;
}
