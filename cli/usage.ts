/**
 * The usage text of the `cdk8s-stateful` command: the global one (`help`,
 * `--help`, no command) and one per command (`COMMAND --help`, `-h`,
 * `help COMMAND`). The synopses of the global text are those of the commands,
 * so the two cannot disagree. `synth` is cdk8s-cli's (bin/synth.js): its
 * `--help` is cdk8s-cli's own, so it has no entry here.
 */

/** What `COMMAND --help` prints, in parts. */
interface CommandUsage {
  /** Synopsis lines, without `cdk8s-stateful `. */
  readonly synopsis: readonly string[];
  /** What the command does, one line per synopsis line (for the global usage). */
  readonly summary: readonly string[];
  /** Options: `[--option VALUES, meaning]`. */
  readonly options: ReadonlyArray<readonly [string, string]>;
  /** Lines after the options: arguments, exit codes. */
  readonly notes: readonly string[];
  /** One command line that works in this project, without `cdk8s-stateful `. */
  readonly example: string;
}

const PATHS = 'PATH is a .json/.yaml/.yml file or a folder of them; all PATHs form one application.';
const EXIT = 'exit codes: 0 no errors (warnings allowed), 1 errors, 2 unreadable input or bad usage';

const COMMANDS: Record<string, CommandUsage> = {
  validate: {
    synopsis: ['validate [--format text|json] PATH...'],
    summary: ['check manifests before apply'],
    options: [['--format, -o text|json', 'text (default): one line per finding, then pod security and a summary; json: {findings, podSecurity, summary}']],
    notes: [PATHS, EXIT],
    example: 'validate dist',
  },
  plan: {
    synopsis: ['plan [--format table|mermaid|json] PATH...'],
    summary: ['which volume each StatefulSet claim gets'],
    options: [['--format, -o table|mermaid|json', 'table (default): one row per pod and claim; mermaid: a flowchart; json: one object per claim']],
    notes: [PATHS, 'exit codes: 0 every claim gets a volume, 1 a claim stays pending, 2 unreadable input or bad usage'],
    example: 'plan dist',
  },
  diff: {
    synopsis: ['diff [--format text|json] OLD NEW', 'diff [--format text|json] --git-ref REF [PATH]'],
    summary: ['changes the API server refuses or that risk data', 'the same, PATH (default dist) against PATH at git REF'],
    options: [
      ['--format, -o text|json', 'text (default): one line per changed object, then the findings; json: {changes, findings, summary}'],
      ['--git-ref REF', 'compare PATH (default dist) with PATH at git REF'],
    ],
    notes: [
      'OLD and NEW are each a .json/.yaml/.yml file or a folder of them.',
      'exit codes: 0 every change is one the API server accepts, 1 a change it refuses, 2 unreadable input, a git REF that does not exist or bad usage',
    ],
    example: 'diff --git-ref HEAD dist',
  },
  version: {
    synopsis: ['version'],
    summary: ['the version of cdk8s-stateful'],
    options: [],
    notes: ['also: --version, -v'],
    example: 'version',
  },
};

/** Names of the commands that have a usage of their own. */
export function hasUsage(command: string): boolean {
  return Object.prototype.hasOwnProperty.call(COMMANDS, command);
}

/** `COMMAND --help`: synopsis, options, notes and one example. */
export function commandUsage(command: string): string {
  const c = COMMANDS[command];
  const [first, ...more] = c.synopsis.map(s => `cdk8s-stateful ${s}`);
  const options = [...c.options, ['--help, -h', 'this help']];
  const w = Math.max(...options.map(([o]) => o.length)) + 2;
  return [
    `usage: ${first}`,
    ...more.map(s => `       ${s}`),
    '',
    `${c.summary[0][0].toUpperCase()}${c.summary.join('; ').slice(1)}.`,
    '',
    'options:',
    ...options.map(([o, what]) => `  ${o.padEnd(w)}${what}`),
    '',
    ...c.notes,
    '',
    'example:',
    `  cdk8s-stateful ${c.example}`,
    '',
  ].join('\n');
}

const SYNTH = ['synth [cdk8s synth options]', 'cdk8s synth of the app here, user errors in one line'];
const rows = [
  ...Object.values(COMMANDS).filter(c => c.synopsis[0] !== 'version').flatMap(c => c.synopsis.map((s, i) => [s, c.summary[i]])),
  SYNTH,
  ...COMMANDS.version.synopsis.map((s, i) => [s, COMMANDS.version.summary[i]]),
];
const width = Math.max(...rows.map(([s]) => s.length)) + 1;

/** `cdk8s-stateful --help`: every command, one line per synopsis. */
export const USAGE = `usage: cdk8s-stateful <command> [options]

${rows.map(([s, what]) => `  ${s.padEnd(width)}${what}`).join('\n')}

${PATHS}
${EXIT}
\`cdk8s-stateful <command> --help\` shows the options of a command and an example.
`;
