import fs from 'node:fs';

// Reads a .cpuprofile (node --cpu-prof, or BENCH_CPU_PROFILE_DIR of the HTTP benchmarks) and prints where the time
// went: self time by function and by package, and time by the innermost Laurel function on the stack (what Laurel
// code the time is spent for, whichever library does the work).
//   node build/scripts/bench/support/profile-top.js <file.cpuprofile> [rows]

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, rowsArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: profile-top.js <file.cpuprofile> [rows]\n');
  process.exit(2);
}
const rows = Number(rowsArg ?? 25);
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const OWN = /\/(server|shared)\/dist\/(.*)$/;
function where(frame: CallFrame): string {
  const url = frame.url;
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  const own = OWN.exec(url);
  if (own) return `${own[1]}/${own[2]}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return url;
  return url.replace(/^file:\/\//, '');
}
const label = (frame: CallFrame): string => `${frame.functionName || '(anonymous)'} ${where(frame)}:${frame.lineNumber + 1}`;
function packageOf(frame: CallFrame): string {
  const w = where(frame);
  if (w.startsWith('node:')) return 'node (internals)';
  if (w.startsWith('server/') || w.startsWith('shared/')) return `laurel ${w.split('/').slice(0, -1).join('/') || w}`;
  return w;
}

// Time per sample: the delta to the next sample (the last sample gets the mean).
const total = profile.timeDeltas.reduce((t, d) => t + d, 0);
const mean = total / Math.max(1, profile.samples.length);
const timeOf = (i: number): number => profile.timeDeltas[i + 1] ?? mean;

const self = new Map<string, number>();
const selfPkg = new Map<string, number>();
const inclusive = new Map<string, number>();
const ownInnermost = new Map<string, number>();
let busy = 0;
const add = (m: Map<string, number>, k: string, v: number): void => void m.set(k, (m.get(k) ?? 0) + v);

profile.samples.forEach((id, i) => {
  const t = timeOf(i);
  const leaf = byId.get(id)!;
  if (leaf.callFrame.functionName === '(idle)') return;
  busy += t;
  add(self, label(leaf.callFrame), t);
  add(selfPkg, packageOf(leaf.callFrame), t);
  const seen = new Set<string>();
  let innermost: string | null = null;
  for (let n: ProfileNode | undefined = leaf; n; n = byId.get(parent.get(n.id) ?? -1)) {
    const l = label(n.callFrame);
    if (!seen.has(l)) {
      seen.add(l);
      add(inclusive, l, t);
    }
    if (innermost === null && OWN.test(n.callFrame.url)) innermost = l;
  }
  add(ownInnermost, innermost ?? `(no Laurel frame) ${packageOf(leaf.callFrame)}`, t);
});

function print(title: string, m: Map<string, number>, n = rows): void {
  process.stdout.write(`\n${title}\n`);
  for (const [k, v] of [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    process.stdout.write(`${((100 * v) / busy).toFixed(1).padStart(6)} %  ${(v / 1000).toFixed(0).padStart(7)} ms  ${k}\n`);
  }
}

process.stdout.write(`${file}: ${(total / 1e6).toFixed(2)} s sampled, ${(busy / 1e6).toFixed(2)} s busy (shares below are of busy time)\n`);
print('self time by package', selfPkg);
print('self time by function', self);
print('time by the innermost Laurel function on the stack', ownInnermost);
print('inclusive time by function', inclusive, rows * 2);
