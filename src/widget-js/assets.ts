// The widget's built files (dist/widget/, written by scripts/bundle-widget.js from widget/): each read on its first request,
// never at boot (the cold start does not pay for the widget), then kept.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../core/errors.js';
import { packageRoot } from '../core/package-root.js';

const WIDGET_FILES = ['widget.js', 'chat.css', 'demo.html', 'demo.js', 'demo.css'] as const;
export type WidgetFile = (typeof WIDGET_FILES)[number];

const cache = new Map<WidgetFile, Promise<Buffer>>();

export function widgetAsset(file: WidgetFile): Promise<Buffer> {
  let body = cache.get(file);
  if (body === undefined) {
    const path = join(packageRoot(), 'dist', 'widget', file);
    body = readFile(path).catch(() => {
      cache.delete(file);
      throw new AppError(503, 'not_ready', `the JavaScript widget is not built (${path} is missing): run npm run build`);
    });
    cache.set(file, body);
  }
  return body;
}
