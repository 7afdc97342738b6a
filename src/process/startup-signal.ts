// The CLI tells the launcher that started it (dist/cli.js, src/process/cli-launcher.ts) that it listens: the launcher then saves
// the code cache, which by then holds every function the start compiled. An event on `process`, because the launcher
// and the CLI are two bundles that share no module.
import type { EventEmitter } from 'node:events';

const STARTED = 'snapengage-mock:started';
const events = process as EventEmitter;

export function signalStarted(): void {
  events.emit(STARTED);
}

export function onStarted(listener: () => void): void {
  events.once(STARTED, listener);
}
