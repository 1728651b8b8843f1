import type { EventOpenState, EventRecordState } from '@laurel/shared';
import { defineMessages } from '../../i18n/language';

interface MemberEventsMessages {
  title: string;
  intro: string;
  filterLabel: string;
  all: string;
  states: Record<EventRecordState, string>;
  stateHelp: Record<EventOpenState, string>;
  event: string;
  state: string;
  attempts: string;
  lastError: string;
  nextAttempt: string;
  received: string;
  waitingFor: (orderId: string) => string;
  notScheduled: string;
  retry: string;
  retryOf: (id: string) => string;
  retried: Record<EventRecordState, string>;
  retryFailed: string;
  empty: string;
  couldNotLoad: string;
}

export const memberEventsMessages = defineMessages<MemberEventsMessages>({
  en: {
    title: 'Events not processed',
    intro: 'Events of this member that failed, are being retried, or wait for another event. Retrying one attempts it now.',
    filterLabel: 'Show',
    all: 'All',
    states: { received: 'retrying', waiting: 'waiting', failed: 'failed', processed: 'processed' },
    stateHelp: {
      received: 'Failed before; retried automatically at the next attempt time',
      waiting: 'A refund waiting for its order.paid event; applied when the order arrives',
      failed: 'Failed every automatic attempt; only an operator’s retry runs it again',
    },
    event: 'Event',
    state: 'State',
    attempts: 'Attempts',
    lastError: 'Last error',
    nextAttempt: 'Next attempt',
    received: 'Received',
    waitingFor: (orderId) => `waiting for order ${orderId}`,
    notScheduled: 'not scheduled',
    retry: 'Retry',
    retryOf: (id) => `Retry ${id}`,
    retried: {
      processed: 'The event was applied',
      waiting: 'The refund still waits for its order',
      received: 'The attempt failed; it will be retried',
      failed: 'The attempt failed; the event stays failed',
    },
    retryFailed: 'Could not retry the event',
    empty: 'No failed or waiting events',
    couldNotLoad: 'Could not load the events',
  },
  zh: {
    title: '未处理的事件',
    intro: '该会员处理失败、正在重试或等待其他事件的事件。点击重试会立即再处理一次。',
    filterLabel: '显示',
    all: '全部',
    states: { received: '重试中', waiting: '等待中', failed: '已失败', processed: '已处理' },
    stateHelp: {
      received: '之前处理失败，将在下次尝试时间自动重试',
      waiting: '等待对应 order.paid 事件的退款，订单到达后自动处理',
      failed: '所有自动尝试均失败，只有运营人员重试才会再次处理',
    },
    event: '事件',
    state: '状态',
    attempts: '尝试次数',
    lastError: '最近错误',
    nextAttempt: '下次尝试',
    received: '接收时间',
    waitingFor: (orderId) => `等待订单 ${orderId}`,
    notScheduled: '未安排',
    retry: '重试',
    retryOf: (id) => `重试 ${id}`,
    retried: {
      processed: '事件已处理',
      waiting: '退款仍在等待订单',
      received: '本次尝试失败，稍后将自动重试',
      failed: '本次尝试失败，事件仍为失败状态',
    },
    retryFailed: '无法重试该事件',
    empty: '没有失败或等待中的事件',
    couldNotLoad: '无法加载事件',
  },
});
