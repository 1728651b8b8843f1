import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
} from 'class-validator';
import { PageQueryDto } from './page-query.dto.js';

/** `points.earned` (exact), `points.*` (a family) or `*` (everything). */
export const WEBHOOK_EVENT_PATTERN = /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?)$/;
const URL_OPTIONS = {
  protocols: ['http', 'https'],
  require_protocol: true,
  require_tld: false,
  disallow_auth: true,
  allow_underscores: true,
};
const URL_MESSAGE = 'url must be an absolute http or https URL without credentials';
const EVENT_TYPES_MESSAGE = 'each event type must be an exact type (points.earned), a family (points.*) or *';

export const WebhookDeliveryStatus = {
  Pending: 'pending',
  Sending: 'sending',
  Delivered: 'delivered',
  Failed: 'failed',
  Cancelled: 'cancelled',
} as const;
export type WebhookDeliveryStatus = (typeof WebhookDeliveryStatus)[keyof typeof WebhookDeliveryStatus];
export const WEBHOOK_DELIVERY_STATUSES: readonly WebhookDeliveryStatus[] = Object.values(WebhookDeliveryStatus);

export class CreateWebhookDto {
  @IsString()
  @MaxLength(2000)
  @IsUrl(URL_OPTIONS, { message: URL_MESSAGE })
  url!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  @Matches(WEBHOOK_EVENT_PATTERN, { each: true, message: EVENT_TYPES_MESSAGE })
  eventTypes!: string[];

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** Fields given are changed; `eventTypes` is replaced whole. */
export class UpdateWebhookDto {
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsUrl(URL_OPTIONS, { message: URL_MESSAGE })
  url?: string;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  @Matches(WEBHOOK_EVENT_PATTERN, { each: true, message: EVENT_TYPES_MESSAGE })
  eventTypes?: string[];

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class WebhookDeliveryQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(WEBHOOK_DELIVERY_STATUSES)
  status?: WebhookDeliveryStatus;
}

export interface WebhookView {
  id: string;
  url: string;
  eventTypes: string[];
  description: string;
  active: boolean;
  /** When the current signing secret was issued; the secret itself is shown only at creation and rotation. */
  secretCreatedAt: string;
  createdAt: string;
  updatedAt: string;
}

/** Returned by create and rotate: the only times the signing secret is shown. */
export interface WebhookWithSecretView extends WebhookView {
  secret: string;
}

export interface WebhookAttemptView {
  at: string;
  /** HTTP status of the receiver's answer; null when there was none (timeout, refused connection). */
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  /** The first characters (at most 200) of the receiver's answer; shown to admins only, null for other roles. */
  responseExcerpt: string | null;
  /** true for an attempt an operator asked for (replay). */
  replay: boolean;
}

export interface WebhookDeliveryView {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  memberId: string | null;
  status: WebhookDeliveryStatus;
  attemptCount: number;
  nextAttemptAt: string | null;
  /** Automatic retries stop at this instant (the retry window after creation or the last replay). */
  retryUntil: string;
  deliveredAt: string | null;
  attempts: WebhookAttemptView[];
  /** The exact JSON body sent on every attempt. */
  payload: unknown;
  createdAt: string;
}
