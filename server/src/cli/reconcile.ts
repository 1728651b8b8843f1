import { parseArgs } from 'node:util';
import type { ReconcileReport, WalletIssue } from '../modules/ledger/reconcile.js';
import { openCliContext } from './context.js';

// npm run reconcile [-- [--repair] [--member ID] [--json]]
// Checks every wallet against its ledger (invariant 1). Progress goes to stderr, the drift report to stdout.
// Exit status: 0 when every wallet agrees with its ledger (after repairs, with --repair), 1 when drift remains.

const USAGE = 'usage: reconcile [--repair] [--member MEMBER_ID] [--json]';
const count = new Intl.NumberFormat('en-US');

/** A one-line text bar: `[#####.....] 5,000/10,000 wallets`; redrawn in place on a terminal, every 10% otherwise. */
class ProgressBar {
  private printed: { decile: number; done: number } | null = null;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private total: number,
    private readonly width = 30,
  ) {}

  update(done: number): void {
    // The total comes from collection metadata and wallets may be created meanwhile: never draw past 100%.
    this.total = Math.max(this.total, done);
    if (this.out.isTTY) {
      this.out.write(`\r${this.line(done)}`);
      return;
    }
    const decile = this.total === 0 ? 10 : Math.floor((done / this.total) * 10);
    if (this.printed?.decile === decile) return;
    this.printed = { decile, done };
    this.out.write(`${this.line(done)}\n`);
  }

  finish(done: number): void {
    if (this.out.isTTY) {
      this.update(done);
      this.out.write('\n');
    } else if (this.printed?.done !== done) {
      this.total = Math.max(this.total, done);
      this.printed = { decile: 10, done };
      this.out.write(`${this.line(done)}\n`);
    }
  }

  private line(done: number): string {
    const filled = this.total === 0 ? this.width : Math.round((done / this.total) * this.width);
    return `[${'#'.repeat(filled)}${'.'.repeat(this.width - filled)}] ${count.format(done)}/${count.format(this.total)} wallets`;
  }
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

function describe(issue: WalletIssue): string {
  const parts: string[] = [];
  const drift = Object.entries(issue.drift).filter(([, n]) => n !== 0);
  if (drift.length > 0) parts.push(`drift ${drift.map(([bucket, n]) => `${bucket} ${signed(n)}`).join(', ')}`);
  if (issue.unapplied) {
    const u = issue.unapplied;
    parts.push(`unapplied entry seq ${u.seq} (${u.kind} ${signed(u.delta)}, key ${u.key})`);
  }
  if (issue.problems.length > 0) parts.push(`problems: ${issue.problems.join('; ')}`);
  const outcome = issue.repaired ? 'repaired' : 'NOT REPAIRED';
  return `  ${issue.walletId} (member ${issue.memberId}, ${issue.currency}, version ${issue.version}): ${parts.join(' | ')} -> ${outcome}`;
}

function formatReport(report: ReconcileReport, repair: boolean): string {
  const unresolved = report.issues.filter((issue) => !issue.repaired).length;
  const lines = [`ledger reconcile (${repair ? 'repair' : 'check only'}): ${count.format(report.wallets)} wallets checked`];
  if (report.issues.length > 0) {
    lines.push(`${count.format(report.issues.length)} wallets disagree with their ledger:`);
    lines.push(...report.issues.map(describe));
  }
  lines.push(
    report.ok
      ? `ok: no drift${report.issues.length > 0 ? ` (${count.format(report.issues.length)} repaired)` : ''}`
      : `DRIFT REMAINS in ${count.format(unresolved)} wallets${repair ? '' : ' (run with --repair to finish interrupted operations and rewrite drifted wallets)'}`,
  );
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      repair: { type: 'boolean', default: false },
      member: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const repair = values.repair ?? false;
  const ctx = await openCliContext();
  try {
    const ledger = ctx.services.ledger;
    const bar = new ProgressBar(process.stderr, values.member ? 0 : await ledger.walletCount());
    const report = await ledger.reconcile({ repair, memberId: values.member, onProgress: (done) => bar.update(done) });
    bar.finish(report.wallets);
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, repair));
    return report.ok ? 0 : 1;
  } finally {
    await ctx.close();
  }
}

main().then(
  (status) => {
    process.exitCode = status;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    process.exitCode = 2;
  },
);
