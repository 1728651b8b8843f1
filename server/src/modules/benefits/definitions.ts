import {
  BenefitStatus,
  Stacking,
  type BenefitPackageView,
  type BenefitType,
  type BenefitView,
  type Page,
  type PackageSourceType,
  type QuotaPeriod,
} from '@laurel/shared';
import type { Model, Types } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { isDuplicateKeyError } from '../../platform/mongo.js';
import { pageQuery, toPage, type PageRequest } from '../../platform/pagination.js';
import type { Actor, AuditSink } from '../audit/service.js';
import type { BenefitCache } from './cache.js';
import type { Benefit, BenefitPackage, BenefitValue, PackageItem } from './model.js';
import { grantProblemOf, quotaProblems, valueProblems } from './validate.js';
import { toBenefitView, toPackageView, valueView } from './views.js';

/** CreateBenefitDto fits. */
export interface BenefitInput {
  code: string;
  type: BenefitType;
  name: string;
  description?: string | undefined;
  icon?: string | undefined;
  value?: BenefitValue | undefined;
}

export type BenefitChanges = Partial<Pick<BenefitInput, 'name' | 'description' | 'icon' | 'value'>> & { version?: number | undefined };

export interface PackageItemInput {
  benefitCode: string;
  quota: { period: QuotaPeriod; count?: number | undefined };
  value?: BenefitValue | undefined;
  stacking?: Stacking | undefined;
}

/** CreateBenefitPackageDto fits. */
export interface PackageInput {
  code: string;
  name: string;
  description?: string | undefined;
  source: { type: PackageSourceType; code: string };
  items: PackageItemInput[];
}

export type PackageChanges = Partial<Pick<PackageInput, 'name' | 'description' | 'items'>> & { version?: number | undefined };

export interface DefinitionQuery extends PageRequest {
  status?: BenefitStatus | undefined;
  type?: BenefitType | undefined;
}

interface Versioned {
  _id: Types.ObjectId;
  code: string;
  status: BenefitStatus;
  version: number;
}

/**
 * Benefits and packages for operators: create, change (optimistic `version`), archive (frozen, never deleted). Every
 * change is audited with before and after and refreshes the definition cache.
 */
export class BenefitDefinitionService {
  constructor(
    private readonly benefits: Model<Benefit>,
    private readonly packages: Model<BenefitPackage>,
    private readonly audit: AuditSink,
    private readonly clock: Clock,
    private readonly cache: BenefitCache,
  ) {}

  async createBenefit(input: BenefitInput, actor: Actor): Promise<BenefitView> {
    const value = valueView(input.value ?? {});
    refuse(valueProblems(input.type, value, 'value', false));
    const now = this.clock.now();
    const fields = {
      code: input.code,
      type: input.type,
      name: input.name,
      description: input.description ?? '',
      icon: input.icon ?? '',
      value,
    };
    const created = await insertUnique(
      () => this.benefits.create({ ...fields, status: BenefitStatus.Active, version: 1, createdAt: now, updatedAt: now }),
      'benefit',
      input.code,
    );
    const view = toBenefitView(created.toObject());
    await this.cache.invalidate();
    await this.audit.record({ actor, action: 'benefit.create', target: { type: 'benefit', id: view.code }, after: view });
    return view;
  }

  async getBenefit(code: string): Promise<BenefitView> {
    return toBenefitView(await this.findBenefit(code));
  }

  /** Why a benefit cannot be granted to one member (unknown, archived, a points multiplier), or null when it can. */
  async grantProblem(code: string): Promise<string | null> {
    const benefit = await this.benefits.findOne({ code }).lean();
    return grantProblemOf(code, benefit);
  }

  /** Newest first. */
  async listBenefits(query: DefinitionQuery): Promise<Page<BenefitView>> {
    const { idFilter, fetch, limit } = pageQuery(query);
    const filter: Record<string, unknown> = { ...idFilter };
    if (query.status) filter.status = query.status;
    if (query.type) filter.type = query.type;
    return toPage(await this.benefits.find(filter).sort({ _id: -1 }).limit(fetch).lean(), limit, toBenefitView);
  }

  /** Changes the given fields (`value` replaced whole); archived benefits are frozen. */
  async updateBenefit(code: string, changes: BenefitChanges, actor: Actor): Promise<BenefitView> {
    const before = await this.findBenefit(code);
    checkWritable(before, changes.version, 'benefit');
    const set: Partial<Benefit> = defined({ name: changes.name, description: changes.description, icon: changes.icon });
    if (changes.value) {
      set.value = valueView(changes.value);
      refuse(valueProblems(before.type, set.value, 'value', false));
      await this.checkPackagesWith(before, set.value);
    }
    const after = await this.write(this.benefits, before, { ...set, updatedAt: this.clock.now() });
    return this.audited(actor, 'benefit.update', 'benefit', toBenefitView(before), toBenefitView(after));
  }

  /** Retires a benefit: it leaves every entitlement and can no longer change. Archiving twice changes nothing. */
  async archiveBenefit(code: string, actor: Actor): Promise<BenefitView> {
    const before = await this.findBenefit(code);
    if (before.status === BenefitStatus.Archived) return toBenefitView(before);
    const after = await this.write(this.benefits, before, { status: BenefitStatus.Archived, updatedAt: this.clock.now() });
    return this.audited(actor, 'benefit.archive', 'benefit', toBenefitView(before), toBenefitView(after));
  }

  async createPackage(input: PackageInput, actor: Actor): Promise<BenefitPackageView> {
    const items = await this.checkedItems(input.items);
    const now = this.clock.now();
    const fields = { code: input.code, name: input.name, description: input.description ?? '', source: { ...input.source }, items };
    const created = await insertUnique(
      () => this.packages.create({ ...fields, status: BenefitStatus.Active, version: 1, createdAt: now, updatedAt: now }),
      'package',
      input.code,
    );
    const view = toPackageView(created.toObject());
    await this.cache.invalidate();
    await this.audit.record({ actor, action: 'benefit-package.create', target: { type: 'benefit-package', id: view.code }, after: view });
    return view;
  }

  async getPackage(code: string): Promise<BenefitPackageView> {
    return toPackageView(await this.findPackage(code));
  }

  async listPackages(query: DefinitionQuery): Promise<Page<BenefitPackageView>> {
    const { idFilter, fetch, limit } = pageQuery(query);
    const filter: Record<string, unknown> = { ...idFilter };
    if (query.status) filter.status = query.status;
    return toPage(await this.packages.find(filter).sort({ _id: -1 }).limit(fetch).lean(), limit, toPackageView);
  }

  /** Changes the given fields (`items` replaced whole): members' entitlements follow at once; used counts stay. */
  async updatePackage(code: string, changes: PackageChanges, actor: Actor): Promise<BenefitPackageView> {
    const before = await this.findPackage(code);
    checkWritable(before, changes.version, 'package');
    const set: Partial<BenefitPackage> = defined({ name: changes.name, description: changes.description });
    if (changes.items) set.items = await this.checkedItems(changes.items);
    const after = await this.write(this.packages, before, { ...set, updatedAt: this.clock.now() });
    return this.audited(actor, 'benefit-package.update', 'benefit-package', toPackageView(before), toPackageView(after));
  }

  async archivePackage(code: string, actor: Actor): Promise<BenefitPackageView> {
    const before = await this.findPackage(code);
    if (before.status === BenefitStatus.Archived) return toPackageView(before);
    const after = await this.write(this.packages, before, { status: BenefitStatus.Archived, updatedAt: this.clock.now() });
    return this.audited(actor, 'benefit-package.archive', 'benefit-package', toPackageView(before), toPackageView(after));
  }

  /** Items as stored, each checked against its (active) benefit: quota, and the value that will apply. */
  private async checkedItems(inputs: readonly PackageItemInput[]): Promise<PackageItem[]> {
    const { benefits } = await this.cache.index();
    const problems = [];
    const items: PackageItem[] = [];
    const seen = new Set<string>();
    for (const [i, input] of inputs.entries()) {
      const field = `items.${i}`;
      const item: PackageItem = {
        benefitCode: input.benefitCode,
        quota: { period: input.quota.period, count: input.quota.count ?? null },
        value: input.value ? valueView(input.value) : null,
        stacking: input.stacking ?? Stacking.Best,
      };
      items.push(item);
      const benefit = benefits.get(item.benefitCode);
      if (!benefit || benefit.status !== BenefitStatus.Active) {
        problems.push({ field: `${field}.benefitCode`, reasons: [`there is no active benefit ${item.benefitCode}`] });
        continue;
      }
      if (seen.has(item.benefitCode)) problems.push({ field: `${field}.benefitCode`, reasons: ['each benefit once per package'] });
      seen.add(item.benefitCode);
      problems.push(...quotaProblems(benefit.type, item, field));
      problems.push(...valueProblems(benefit.type, item.value ?? benefit.value, `${field}.value`, true));
    }
    refuse(problems);
    return items;
  }

  /** A benefit's new default value must still complete every active package item that relies on it. */
  private async checkPackagesWith(benefit: Benefit, value: BenefitValue): Promise<void> {
    const packages = await this.packages.find({ status: BenefitStatus.Active }).lean();
    const relying = packages.filter((p) => p.items.some((item) => item.benefitCode === benefit.code && item.value === null));
    const problems = valueProblems(benefit.type, value, 'value', true);
    if (relying.length > 0 && problems.length > 0) {
      refuse(
        problems.map((p) => ({ ...p, reasons: [...p.reasons, `packages ${relying.map((r) => r.code).join(', ')} use the default value`] })),
      );
    }
  }

  private async findBenefit(code: string): Promise<Benefit> {
    const benefit = await this.benefits.findOne({ code }).lean();
    if (!benefit) throw new NotFoundError('Benefit', { code });
    return benefit;
  }

  private async findPackage(code: string): Promise<BenefitPackage> {
    const pkg = await this.packages.findOne({ code }).lean();
    if (!pkg) throw new NotFoundError('Benefit package', { code });
    return pkg;
  }

  /** Applies a change to the version read (a concurrent change is a 409) and refreshes the cache. */
  private async write<T extends Versioned>(model: Model<T>, before: T, set: Record<string, unknown>): Promise<T> {
    const after = await model
      .findOneAndUpdate({ _id: before._id, version: before.version }, { $set: set, $inc: { version: 1 } }, { returnDocument: 'after' })
      .lean<T>();
    if (!after)
      throw new ConflictError('The definition changed while this change was made; read it again', undefined, { code: before.code });
    await this.cache.invalidate();
    return after;
  }

  private async audited<V extends { code: string }>(actor: Actor, action: string, type: string, before: V, after: V): Promise<V> {
    await this.audit.record({ actor, action, target: { type, id: after.code }, before, after });
    return after;
  }
}

function checkWritable(doc: Versioned, version: number | undefined, what: string): void {
  if (doc.status === BenefitStatus.Archived) {
    throw new ConflictError(`An archived ${what} cannot be changed`, 'BENEFIT_ARCHIVED', { code: doc.code });
  }
  if (version !== undefined && version !== doc.version) {
    throw new ConflictError(`The ${what} has changed since you read it`, undefined, { code: doc.code, version: doc.version });
  }
}

async function insertUnique<T>(insert: () => Promise<T>, what: string, code: string): Promise<T> {
  try {
    return await insert();
  } catch (err) {
    if (isDuplicateKeyError(err)) throw new ConflictError(`There is already a ${what} ${code}`, undefined, { code });
    throw err;
  }
}

function refuse(problems: { field: string; reasons: string[] }[]): void {
  if (problems.length > 0) throw new ValidationError(problems);
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
