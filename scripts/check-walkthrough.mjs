// Runs every README section that has shell commands, as written, and compares each answer with the one the README
// shows after the command (`# -> …`, where … stands for anything). usage: node scripts/check-walkthrough.mjs
//
// Sections. A section is the text under a `##` or `###` heading up to the next heading of either level (so a `##`
// section's text before its first `###` is a section of its own); each that holds a ```sh block
// is run on its own, in a bash of its own, after a fresh start of the mock: nothing is shared between two sections but
// the store, so each must bring it to a known state itself (the README's sections start with
// `POST /_mock/reset?api_key=…&fixtures=true`). The store is a fresh one in a temporary folder, kept from section to
// section and from the first run to the second, as a reader's ./data is (the checkout's own store,
// ./data/snapengage-mock.db, is never touched; the development CA is the README's, data/tls/, made there if missing). Every section runs twice: in the README's order, then in a seeded
// shuffle (the seed is printed; WALKTHROUGH_SEED=N repeats it). WALKTHROUGH_ONLY=text runs only the sections whose
// title holds that text.
//
// Commands. A command marked `# terminal N; keeps running` runs in the background until its section ends (its own
// process group, stopped with SIGTERM and waited for); the next command waits for it to print "listening on". A
// section that starts no mock of its own gets one started as `npm start` (the Quick start's) before its first
// command. A command marked `# again until …` is run again, every 0.2 s for at most 30 s, until it prints the README's
// answer: how a reader polls an agent that answers in real time. What a command prints (stdout and stderr, as a
// terminal shows them) must match its answer from start to end; an answer's continuation lines (`#` and two spaces or
// more) may start a new line of output or wrap a long one. A command that exits non-zero fails its section, answer
// shown or not. A section with commands but no answer shown fails too: it would check nothing. Files a section writes
// into the checkout's top folder (links.txt, a CA copy) are removed after it.
//
// Skipped, and counted as skipped in the output: a ```sh block right after `<!-- walkthrough: skip (why) -->` in the
// README (what needs Docker or a browser, and what CI runs on its own), and the sections of SKIPPED_SECTIONS below.
//
// Needs curl, GNU grep, setsid and a built tree (npm run build). Uses ports 8080 (http), 8443 (https), 9000 (the
// receiver) and 9001 (the bot) as the README does, unless WALKTHROUGH_PORT, WALKTHROUGH_HTTPS_PORT,
// WALKTHROUGH_RECEIVER_PORT and WALKTHROUGH_BOT_PORT say otherwise (a shared machine): commands, answers and a copy of
// the demo data are then rewritten to name those ports. WALKTHROUGH_VERBOSE=1 prints every command's output;
// WALKTHROUGH_LIST=1 lists the sections and what is skipped, and runs nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { matches, patternOf, sectionsOf, stepsOf } from './walkthrough-readme.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const readme = readFileSync(join(repo, 'README.md'), 'utf8');
const PORTS = {
  8080: process.env.WALKTHROUGH_PORT ?? '8080',
  8443: process.env.WALKTHROUGH_HTTPS_PORT ?? '8443',
  9000: process.env.WALKTHROUGH_RECEIVER_PORT ?? '9000',
  9001: process.env.WALKTHROUGH_BOT_PORT ?? '9001',
};
const ports = (text) => text.replace(/:(8080|8443|9000|9001)\b/g, (_, readmePort) => `:${PORTS[readmePort]}`);
const POLL_TRIES = 150;
const POLL_SECONDS = 0.2;
/** Longest one section may take (a long-poll that never ends, a server that never stops). */
const SECTION_TIMEOUT_MS = 120_000;
/** Sections whose commands are not run at all, by heading. */
const SKIPPED_SECTIONS = {
  Performance: 'the benchmark takes about 10 minutes and wants a quiet machine',
};

// ---- Running one section -------------------------------------------------------------------------------------------

const shq = (text) => `'${text.replaceAll("'", `'\\''`)}'`;
const withoutComment = (command) => command.replace(/\s+#[^\n]*$/, '');

/**
 * Runs one section's steps in one bash, then stops what it started. Answers { checked, failed, seconds, lines }:
 * `lines` is the report to print.
 */
function runSection(section, steps, { fixtures, store, work }) {
  const dir = mkdtempSync(join(work, 'section-'));
  const pids = join(dir, 'pids');
  writeFileSync(pids, '');
  /** A background command on the check's ports: the mock gets PORT, HTTPS_PORT and the demo data's copy. */
  const server = (command) => {
    const bare = ports(withoutComment(command));
    if (/ receive\b/.test(bare)) return `${bare} --port ${PORTS[9000]}`;
    if (/examples\/bot\//.test(bare)) return `BOT_PORT=${PORTS[9001]} ${bare}`;
    return `PORT=${PORTS[8080]} HTTPS_PORT=${PORTS[8443]} DATABASE_PATH=${shq(store)} TLS_DIR=data/tls FIXTURES=${shq(fixtures)} ${bare}`;
  };
  const stop = [
    'for p in $(cat pids); do kill -TERM -- -$p 2>/dev/null; done',
    'for p in $(cat pids); do for i in $(seq 1 150); do kill -0 -- -$p 2>/dev/null || break; sleep 0.1; done; kill -KILL -- -$p 2>/dev/null; done',
  ].join('; ');
  const script = ['set -u', `cd ${shq(repo)}`, `pids=${shq(pids)}`, `trap ${shq(stop.replaceAll('cat pids', 'cat "$pids"'))} EXIT`, "trap 'exit 143' TERM"];
  steps.forEach((step, n) => {
    script.push(`echo "@@step ${n}"`);
    if (step.background) {
      const log = join(dir, `bg-${n}.log`);
      // Its own process group, so the EXIT trap stops npm and the server it started.
      script.push(`setsid bash -c ${shq(server(step.command))} >${shq(log)} 2>&1 & echo $! >>"$pids"; bgpid=$!`);
      script.push(`for i in $(seq 1 600); do grep -q 'listening on' ${shq(log)} && break; kill -0 $bgpid 2>/dev/null || break; sleep 0.1; done`);
      script.push(`grep -q 'listening on' ${shq(log)} || { echo "never listened:"; cat ${shq(log)}; exit 1; }`);
      script.push('echo "@@rc 0"');
    } else if (step.again && step.expected !== null) {
      const patternFile = join(dir, `pattern-${n}`);
      writeFileSync(patternFile, patternOf(step.expected, '.*', '[[:space:]]*'));
      script.push(
        `for i in $(seq 1 ${POLL_TRIES}); do out=$({ ${ports(withoutComment(step.command))}\n} 2>&1); rc=$?; printf '%s' "$out" | grep -Ezq -f ${shq(patternFile)} && break; sleep ${POLL_SECONDS}; done; printf '%s\\n' "$out"; echo "@@rc $rc"`,
      );
    } else {
      script.push(`{ ${ports(step.command)}\n} 2>&1`, 'echo "@@rc $?"');
    }
  });
  script.push('echo "@@end"');
  writeFileSync(join(dir, 'section.sh'), script.join('\n'));

  const before = new Set(readdirSync(repo));
  const started = performance.now();
  const run = spawnSync('bash', [join(dir, 'section.sh')], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: SECTION_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  // Whatever outlived the bash (a timeout kills bash alone): its background process groups.
  for (const pid of readFileSync(pids, 'utf8').split('\n').filter(Boolean)) {
    try {
      process.kill(-Number(pid), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const seconds = (performance.now() - started) / 1000;
  for (const entry of readdirSync(repo)) if (!before.has(entry) && entry !== 'data') rmSync(join(repo, entry), { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });

  const outputs = run.stdout.split(/^@@step \d+\n/m).slice(1);
  const lines = [];
  let checked = 0;
  let failed = 0;
  steps.forEach((step, n) => {
    const raw = (outputs[n] ?? '').replace(/@@end\n?$/, '');
    const rcMatch = /@@rc (\d+)\n?$/.exec(raw);
    const actual = raw.replace(/@@rc \d+\n?$/, '').trim();
    const label = step.command.split('\n')[0].slice(0, 100);
    if (process.env.WALKTHROUGH_VERBOSE) lines.push(`---- ${step.command}\n${actual}`);
    if (rcMatch === null) return; // never ran: reported below as a stop
    if (rcMatch[1] !== '0') {
      failed++;
      lines.push(`FAIL ${label}\n     exited ${rcMatch[1]}; it printed: ${actual.slice(0, 2000)}`);
      return;
    }
    if (step.expected === null) return;
    checked++;
    if (matches(step.expected, actual)) {
      lines.push(`ok   ${label}`);
    } else {
      failed++;
      lines.push(`FAIL ${label}\n     README shows: ${step.expected.join('\n                   ')}\n     it printed:   ${actual.slice(0, 2000)}`);
    }
  });
  if (!run.stdout.includes('@@end')) {
    failed++;
    const why = run.error ? `${run.error.message}` : `exit ${run.status ?? run.signal}`;
    lines.push(`FAIL the section stopped early (${why}):\n${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}`);
  }
  return { checked, failed, seconds, lines };
}

// ---- The order, and the run ----------------------------------------------------------------------------------------

/** mulberry32: a small seeded PRNG, so a shuffle can be repeated from its printed seed. */
function shuffled(items, seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  // Another order than the README's, whatever the seed draws.
  if (out.length > 1 && out.every((item, i) => item === items[i])) out.reverse();
  return out;
}

const runnable = [];
const skipped = []; // { name, commands, why }
for (const section of sectionsOf(readme)) {
  if (section.blocks.length === 0) continue;
  const sectionSkip = SKIPPED_SECTIONS[section.top];
  const steps = [];
  for (const block of section.blocks) {
    const blockSteps = stepsOf(block, ports);
    const why = sectionSkip ?? block.skip;
    if (why) skipped.push({ name: section.name, commands: blockSteps.length, why });
    else steps.push(...blockSteps);
  }
  if (steps.length === 0) continue;
  if (!steps.some((step) => step.expected !== null)) throw new Error(`README section "${section.name}" runs commands but shows no answer (# -> …): it would check nothing`);
  // A section that starts no mock of its own runs against the Quick start's.
  const startsMock = steps.some((step) => step.background && !/ receive\b|examples\/bot\//.test(step.command));
  if (!startsMock) steps.unshift({ command: 'npm start # terminal 1; keeps running', background: true, again: false, expected: null, implicit: true });
  runnable.push({ ...section, steps });
}
const only = process.env.WALKTHROUGH_ONLY;
const selected = only ? runnable.filter((s) => s.name.includes(only)) : runnable;
if (selected.length === 0) throw new Error(only ? `no README section with commands matches WALKTHROUGH_ONLY="${only}"` : 'README.md has no section with commands');
if (process.env.WALKTHROUGH_LIST) {
  for (const s of selected) console.log(`${s.name}: ${s.steps.length} commands, ${s.steps.filter((step) => step.expected).length} answers${s.steps[0].implicit ? ' (against npm start)' : ''}`);
  for (const s of skipped) console.log(`skipped: ${s.name}: ${s.commands} commands (${s.why})`);
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), 'snapengage-mock-walkthrough-'));
// The demo data names the receiver at 127.0.0.1:9000: on other ports, the mock loads a copy that names those.
const fixtures = join(work, 'demo.json');
writeFileSync(fixtures, ports(readFileSync(join(repo, 'fixtures', 'demo.json'), 'utf8')));
// One store for the whole run, kept from section to section as a reader's ./data is, but never the checkout's own; the
// development CA stays where the README's commands look for it (data/tls/).
const store = join(work, 'store', 'snapengage-mock.db');
if (!existsSync(join(repo, 'dist', 'cli.js'))) console.log('dist/cli.js is missing: npm start will build it first');

const seed = process.env.WALKTHROUGH_SEED !== undefined ? Number(process.env.WALKTHROUGH_SEED) : Math.floor(Math.random() * 2 ** 32);
const orders = [
  { label: "the README's order", sections: selected },
  { label: `a seeded shuffle (WALKTHROUGH_SEED=${seed})`, sections: shuffled(selected, seed) },
];
const total = performance.now();
let failedSections = 0;
let answers = 0;
for (const [o, order] of orders.entries()) {
  console.log(`\n#### run ${o + 1} of ${orders.length}, in ${order.label}: ${order.sections.map((s) => s.name).join(' | ')}`);
  for (const [i, section] of order.sections.entries()) {
    const result = runSection(section, section.steps, { fixtures, store, work });
    answers += result.checked;
    const implicit = section.steps[0].implicit ? ' (against `npm start`: the section starts no mock itself)' : '';
    const verdict = result.failed === 0 ? `ok, ${result.checked} answers as shown` : `FAILED, ${result.failed} differ`;
    console.log(`\n== ${i + 1}/${order.sections.length} ${section.name}${implicit}: ${verdict}, ${result.seconds.toFixed(1)} s`);
    for (const line of result.lines) console.log(`   ${line}`);
    if (result.failed > 0) failedSections++;
  }
}
rmSync(work, { recursive: true, force: true });

const skippedCommands = skipped.reduce((n, s) => n + s.commands, 0);
console.log(`\nskipped: ${skippedCommands} commands in ${skipped.length} blocks, not run:`);
for (const s of skipped) console.log(`   ${s.name}: ${s.commands} commands (${s.why})`);
const runs = orders.length * selected.length;
console.log(
  `\n${failedSections === 0 ? 'README walkthroughs: ok' : `README walkthroughs: ${failedSections} of ${runs} section runs FAILED`}` +
    ` (${selected.length} sections, each run ${orders.length} times after a fresh start; ${answers} answers compared; ${skippedCommands} commands skipped;` +
    ` ${((performance.now() - total) / 1000).toFixed(0)} s)`,
);
process.exit(failedSections === 0 ? 0 : 1);
