// The CLI process's heap stays small under load: the young generation at V8's initial size, and the old generation
// grown by 30% over what survives a full collection instead of V8's dynamic factor (up to 4x).
//
// Measured on GET /api/v1/user.json with 50 connections: the default growth took the young generation from 2 MB to
// 32 MB, about 30 MB of peak RSS (136 MB against 102 MB), and the server spent more CPU per request, not less (113 us
// against 93 us: a nursery that fits the CPU caches is scavenged faster than a large one is filled). The old
// generation then filled with what the journal drops (each entry lives for JOURNAL_LIMIT requests, so it is promoted
// before it dies) and grew to ~35 MB before a full collection: peak RSS 110-122 MB; with a 30% step it stays at
// ~88 MB for the same CPU per request (115 us either way, alternating runs). Imported first by cli.ts, so it applies
// before the app is built; only the command's own process, never a process that embeds the mock (startMock). A
// semi-space or heap-growing flag given by the user (NODE_OPTIONS or node's own arguments) wins.
import { setFlagsFromString } from 'node:v8';

const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
if (!/semi[-_]space/.test(given)) setFlagsFromString('--semi-space-growth-factor=1');
if (!/heap[-_]growing[-_]percent/.test(given)) setFlagsFromString('--heap-growing-percent=30');
