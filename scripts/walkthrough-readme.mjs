// The README as check-walkthrough.mjs reads it: its sections with their ```sh blocks, each block's commands and the
// answers shown after them (`# -> …`), and how an answer is matched against what a command printed.

const SKIP_MARKER = /^<!-- walkthrough: skip \((.+)\) -->$/;
const BACKGROUND = /# terminal \d+; keeps running/;

// ---- Reading the README --------------------------------------------------------------------------------------------

/** Every `##`/`###` section, in order, with its ```sh blocks (and why a block is skipped, if it is). */
export function sectionsOf(text) {
  const sections = [];
  let parent = '';
  let fence = null; // the open fence: { lang, lines, skip }
  let lastTextLine = '';
  for (const line of text.split('\n')) {
    if (fence) {
      if (line === '```') {
        if (fence.lang === 'sh') sections.at(-1)?.blocks.push({ lines: fence.lines, skip: fence.skip });
        fence = null;
        lastTextLine = line;
      } else fence.lines.push(line);
      continue;
    }
    const open = /^```(\S*)$/.exec(line);
    if (open) {
      const marker = SKIP_MARKER.exec(lastTextLine);
      fence = { lang: open[1], lines: [], skip: marker ? marker[1] : null };
      continue;
    }
    const heading = /^(##|###) (.+)$/.exec(line);
    if (heading) {
      const title = heading[2];
      if (heading[1] === '##') parent = title;
      const short = (t) => t.replace(/[:(].*$/, '').trim();
      const name = heading[1] === '##' ? short(title) : `${short(parent)} › ${short(title)}`;
      sections.push({ name, title, top: short(parent), blocks: [] });
    }
    if (line.trim() !== '') lastTextLine = line.trim();
  }
  return sections;
}

/** A block's commands, each with the answer the README shows after it (an array of lines, or null), its ports rewritten by `ports`. */
export function stepsOf(block, ports) {
  const steps = [];
  const { lines } = block;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (line.trim() === '') continue;
    if (line.startsWith('# -> ')) {
      const expected = [line.slice(5)];
      while (i + 1 < lines.length && /^#\s{2,}/.test(lines[i + 1])) expected.push(lines[++i].replace(/^#\s+/, ''));
      if (steps.length === 0) throw new Error(`an answer with no command before it: ${line}`);
      steps.at(-1).expected = expected.map(ports);
      continue;
    }
    if (line.trimStart().startsWith('#')) continue;
    while (/\\$/.test(line) && i + 1 < lines.length) line += `\n${lines[++i]}`;
    steps.push({ command: line, background: BACKGROUND.test(line), again: /# again until\b/.test(line), expected: null });
  }
  return steps;
}

// ---- Answers -------------------------------------------------------------------------------------------------------

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The README's answer as a pattern: `…` is anything; between two of its lines, any whitespace (none for a wrap). */
export const patternOf = (expected, anything, space) => `^${expected.map((line) => line.split('…').map(escapeRegExp).join(anything)).join(space)}$`;
export const matches = (expected, actual) => new RegExp(patternOf(expected, '[\\s\\S]*', '\\s*')).test(actual);
