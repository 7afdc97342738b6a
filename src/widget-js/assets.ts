// The widget's built files (dist/widget/, written by scripts/bundle-widget.js from widget/).
import { builtAsset } from '../core/built-asset.js';

const WIDGET_FILES = ['widget.js', 'chat.css', 'demo.html', 'demo.js', 'demo.css'] as const;
export type WidgetFile = (typeof WIDGET_FILES)[number];

export const widgetAsset = (file: WidgetFile): Promise<Buffer> => builtAsset('widget', file, 'the JavaScript widget');
