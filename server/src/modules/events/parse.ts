import { createHash } from 'node:crypto';
import { EventDto, KNOWN_EVENT_ATTRIBUTES, type FieldError, type KnownEventType } from '@laurel/shared';
import { ValidationError } from '../../platform/errors.js';
import { canonicalJson } from '../../platform/http/idempotency.js';
import { parseDto } from '../../platform/http/validation.js';

/** A validated event, as the event service takes it. */
export interface EventInput {
  id: string;
  type: string;
  occurredAt: Date;
  externalId: string;
  attributes: Record<string, unknown>;
  /** SHA-256 of the canonical event (instants normalised): what "the same event" means for a replay. */
  fingerprint: string;
}

function isKnownType(type: string): type is KnownEventType {
  return Object.hasOwn(KNOWN_EVENT_ATTRIBUTES, type);
}

/** Checks the attributes of a known type against its DTO; field names are reported under `attributes.`. */
async function checkAttributes(type: string, attributes: Record<string, unknown>): Promise<void> {
  if (!isKnownType(type)) return;
  try {
    await parseDto(KNOWN_EVENT_ATTRIBUTES[type], attributes, 'body');
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const fields = (err.details.fields as FieldError[]).map((f) => ({
      field: f.field === 'body' ? 'attributes' : `attributes.${f.field}`,
      reasons: f.reasons,
    }));
    throw new ValidationError(fields);
  }
}

/** Completes the edge validation of an event whose envelope passed EventDto: the attributes of its type. */
export async function typedEvent(dto: EventDto): Promise<EventInput> {
  const attributes = dto.attributes ?? {};
  await checkAttributes(dto.type, attributes);
  const occurredAt = new Date(dto.occurredAt);
  const canonical = canonicalJson({
    id: dto.id,
    type: dto.type,
    occurredAt: occurredAt.toISOString(),
    member: { externalId: dto.member.externalId },
    attributes,
  });
  return {
    id: dto.id,
    type: dto.type,
    occurredAt,
    externalId: dto.member.externalId,
    attributes,
    fingerprint: createHash('sha256').update(canonical).digest('hex'),
  };
}

/** Validates one raw event (an element of a batch): envelope, then attributes. */
export async function parseEvent(raw: unknown): Promise<EventInput> {
  return typedEvent(await parseDto(EventDto, raw, 'body'));
}
