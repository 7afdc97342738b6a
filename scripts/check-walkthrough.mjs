// Runs the README's walkthroughs as written and compares each answer with the one the README shows after it
// (`# -> …`, where … stands for anything): the Integration API's ("The flow end to end"), the front desk's ("A chat
// with the demo's scripted agent" and "Playing the agent") and the bot's ("A bot end to end"), each in one bash, one
// after the other.
// A command marked `# terminal N; keeps running` runs in the background until its walkthrough ends; the next command
// waits for it to print "listening on". A command marked `# again until …` is run again, every 0.2 s for at most 30 s,
// until it prints the README's answer: how a reader polls an agent that answers in real time. Needs curl, GNU grep and
// a built tree; uses ports 8080, 9000 and 9001 as the README does, unless WALKTHROUGH_PORT / WALKTHROUGH_RECEIVER_PORT /
// WALKTHROUGH_BOT_PORT say otherwise. usage: node scripts/check-walkthrough.mjs
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const readme = readFileSync(join(repo, 'README.md'), 'utf8');
const port = process.env.WALKTHROUGH_PORT ?? '8080';
const receiverPort = process.env.WALKTHROUGH_RECEIVER_PORT ?? '9000';
const botPort = process.env.WALKTHROUGH_BOT_PORT ?? '9001';
const ports = (text) => text.replaceAll(':8080', `:${port}`).replaceAll(':9000', `:${receiverPort}`).replaceAll(':9001', `:${botPort}`);
const POLL_TRIES = 150;
const POLL_SECONDS = 0.2;

const WALKTHROUGHS = [
  { name: 'Integration API', from: '### The flow end to end', to: '### What the receiver gets', minSteps: 10 },
  { name: 'front desk', from: "### A chat with the demo's scripted agent", to: "### The desk's rules", minSteps: 20 },
  { name: 'bot', from: '### A bot end to end', to: '### What the bot gets', minSteps: 8 },
];

/** The README's `…` as "anything", every other character literal: one source for the JS and the grep patterns. */
const patternOf = (expected, anything) => `^${expected.split('…').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join(anything)}$`;
const withoutComment = (command) => command.replace(/\s+#[^\n]*$/, '');

/** The commands of one walkthrough, each with the answer the README shows (or null), in order. */
function stepsOf({ name, from, to, minSteps }) {
  const start = readme.indexOf(from);
  const end = readme.indexOf(to, start);
  if (start === -1 || end === -1) throw new Error(`README.md has no "${from}" ... "${to}" for the ${name} walkthrough`);
  const steps = [];
  for (const [, block] of readme.slice(start, end).matchAll(/```sh\n([\s\S]*?)```/g)) {
    const lines = block.split('\n');
    for (let i = 0; i < lines.length; i++) {
      let line = lines[i];
      if (line.trim() === '') continue;
      if (line.startsWith('# -> ')) {
        let expected = line.slice(5);
        while (i + 1 < lines.length && /^#\s{2,}/.test(lines[i + 1])) expected += lines[++i].replace(/^#\s+/, '');
        steps.at(-1).expected = expected;
        continue;
      }
      if (line.startsWith('#')) continue;
      while (/\\$/.test(line.split('\n').at(-1))) line += `\n${lines[++i]}`;
      steps.push({ command: line, background: /# terminal \d+; keeps running/.test(line), again: /# again until\b/.test(line), expected: null });
    }
  }
  if (steps.length < minSteps) throw new Error(`found only ${steps.length} commands in the ${name} walkthrough`);
  return steps;
}

/** Runs one walkthrough in its own bash; answers how many of its answers differ from the README's. */
function walk(walkthrough) {
  const steps = stepsOf(walkthrough);
  const dir = mkdtempSync(join(tmpdir(), 'snapengage-mock-walkthrough-'));
  // The demo data names the receiver at 127.0.0.1:9000: on another port, the mock loads a copy that names that one.
  const fixtures = join(dir, 'demo.json');
  writeFileSync(fixtures, ports(readFileSync(join(repo, 'fixtures', 'demo.json'), 'utf8')));
  /** A background command on other ports than the README's (a shared machine): the mock's PORT (and a free HTTPS_PORT), the receiver's --port. */
  const server = (command) => {
    const bare = withoutComment(command);
    return / receive\b/.test(bare) ? `${bare} --port ${receiverPort}` : `PORT=${port} HTTPS_PORT=0 BOT_PORT=${botPort} FIXTURES=${JSON.stringify(fixtures)} ${bare}`;
  };
  // Its processes stopped, and waited for (at most 15 s, then killed), so the next walkthrough finds the ports and the
  // store free.
  const stop = 'for p in "${bg[@]}"; do kill -TERM -- -$p 2>/dev/null; done; for p in "${bg[@]}"; do for i in $(seq 1 150); do kill -0 -- -$p 2>/dev/null || break; sleep 0.1; done; kill -KILL -- -$p 2>/dev/null; done';
  const script = ['set -u', `cd ${JSON.stringify(repo)}`, 'bg=()', `trap '${stop}' EXIT`];
  steps.forEach((step, n) => {
    const log = join(dir, `bg-${n}.log`);
    script.push(`echo "@@step ${n}"`);
    if (step.background) {
      // Its own process group, so the EXIT trap stops npm and the server it started.
      script.push(`setsid bash -c ${JSON.stringify(server(step.command))} >${log} 2>&1 & bg+=($!)`);
      script.push(`for i in $(seq 1 600); do grep -q 'listening on' ${log} && break; sleep 0.1; done`);
      script.push(`grep -q 'listening on' ${log} || { echo "never listened:"; cat ${log}; exit 1; }`);
    } else if (step.again && step.expected !== null) {
      const patternFile = join(dir, `pattern-${n}`);
      writeFileSync(patternFile, patternOf(step.expected, '.*'));
      script.push(`for i in $(seq 1 ${POLL_TRIES}); do out=$(${ports(withoutComment(step.command))}
); printf '%s' "$out" | grep -Ezq -f ${JSON.stringify(patternFile)} && break; sleep ${POLL_SECONDS}; done; printf '%s\\n' "$out"`);
    } else {
      script.push(ports(step.command), 'echo');
    }
  });
  script.push('echo "@@end"');
  writeFileSync(join(dir, 'walkthrough.sh'), script.join('\n'));
  const run = spawnSync('bash', [join(dir, 'walkthrough.sh')], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 300_000 });
  rmSync(dir, { recursive: true, force: true });

  console.log(`${walkthrough.name} walkthrough:`);
  const outputs = run.stdout.split(/^@@step \d+\n/m).slice(1);
  let failed = 0;
  steps.forEach((step, n) => {
    const actual = (outputs[n] ?? '').replace(/@@end\n?$/, '').trim();
    if (process.env.WALKTHROUGH_VERBOSE) console.log(`---- ${step.command}\n${actual}`);
    if (step.expected === null) return;
    const ok = new RegExp(patternOf(step.expected, '[\\s\\S]*')).test(actual);
    if (!ok) failed++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${step.command.split('\n')[0].slice(0, 100)}`);
    if (!ok) console.log(`     README shows: ${step.expected}\n     it printed:   ${actual.slice(0, 2000)}`);
  });
  if (!run.stdout.includes('@@end')) {
    failed++;
    console.log(`the walkthrough stopped early (exit ${run.status}):\n${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}`);
  }
  console.log(failed === 0 ? `${walkthrough.name}: ${steps.filter((s) => s.expected).length} answers as the README shows` : `${walkthrough.name}: ${failed} differ`);
  return failed;
}

let failed = 0;
for (const walkthrough of WALKTHROUGHS) failed += walk(walkthrough);
process.exit(failed === 0 ? 0 : 1);
